"""Round trip: a table of merged cells, drawn as ruling segments the way PDF producers draw them
(every cell its own border, shared borders twice, borders cut into pieces, coordinates off by a
fraction of a point), is rebuilt as exactly those cells."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.read.pdf_chars import Segment
from juesuan.read.pdf_tables import segments_to_tables

Cell = tuple[int, int, int, int]  # r0, r1, c0, c1 (ends exclusive)


@st.composite
def merged_grids(draw: st.DrawFn) -> tuple[list[float], list[float], list[Cell]]:
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(1, 6))
    heights = draw(st.lists(st.floats(12, 40), min_size=rows, max_size=rows))
    widths = draw(st.lists(st.floats(15, 90), min_size=cols, max_size=cols))
    ys = [100.0]
    for h in heights:
        ys.append(ys[-1] + h)
    xs = [50.0]
    for w in widths:
        xs.append(xs[-1] + w)
    taken = [[False] * cols for _ in range(rows)]
    cells: list[Cell] = []
    for r in range(rows):
        for c in range(cols):
            if taken[r][c]:
                continue
            max_w = next((k for k in range(c, cols) if taken[r][k]), cols) - c
            w = draw(st.integers(1, max_w))
            h = draw(st.integers(1, rows - r))
            # shrink the height until the rectangle is free
            while any(taken[rr][cc] for rr in range(r, r + h) for cc in range(c, c + w)):
                h -= 1
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    taken[rr][cc] = True
            cells.append((r, r + h, c, c + w))
    return xs, ys, cells


def borders(
    xs: list[float], ys: list[float], cell: Cell, jitter: float, pieces: bool
) -> list[Segment]:
    r0, r1, c0, c1 = cell
    left, right, top, bottom = xs[c0] + jitter, xs[c1] - jitter, ys[r0] - jitter, ys[r1] + jitter
    h_cuts = [xs[c] for c in range(c0, c1 + 1)] if pieces else [left, right]
    v_cuts = [ys[r] for r in range(r0, r1 + 1)] if pieces else [top, bottom]
    out = []
    for a, b in itertools.pairwise(h_cuts):
        out += [Segment(a, top, b, top), Segment(a, bottom, b, bottom)]
    for a, b in itertools.pairwise(v_cuts):
        out += [Segment(left, a, left, b), Segment(right, a, right, b)]
    return out


@settings(max_examples=150, deadline=None)
@given(grid=merged_grids(), jitter=st.floats(-0.4, 0.4), pieces=st.booleans())
def test_drawn_cells_are_rebuilt(
    grid: tuple[list[float], list[float], list[Cell]], jitter: float, pieces: bool
) -> None:
    xs, ys, cells = grid
    segments = [s for cell in cells for s in borders(xs, ys, cell, jitter, pieces)]
    [table] = segments_to_tables(segments)
    # a grid line no cell border lies on is not drawn, so it cannot come back
    col_lines = sorted({c for cell in cells for c in cell[2:]})
    row_lines = sorted({r for cell in cells for r in cell[:2]})
    assert len(table.xs) == len(col_lines) and len(table.ys) == len(row_lines)
    assert all(abs(a - xs[c]) < 1.0 for a, c in zip(table.xs, col_lines, strict=True))
    assert all(abs(a - ys[r]) < 1.0 for a, r in zip(table.ys, row_lines, strict=True))
    expected = {
        (row_lines.index(r0), row_lines.index(r1), col_lines.index(c0), col_lines.index(c1))
        for r0, r1, c0, c1 in cells
    }
    assert {(r.r0, r.r1, r.c0, r.c1) for r in table.regions} == expected
