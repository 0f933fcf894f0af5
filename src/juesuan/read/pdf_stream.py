"""Tables printed without vertical rulings: columns from the characters' positions.

Only lines that are plainly table rows qualify: pieces of text separated by wide gaps, at least
one of them an amount, two such lines or more in a row. Header lines directly above them (also
in pieces, without amounts) join the table. Columns are the x ranges the data rows' pieces
occupy; a header piece covering several columns gets their span. Narrative never qualifies:
its lines run on without wide gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from juesuan.model.source import Source
from juesuan.read.grid import GridCell, GridLine, LineKind

GAP = 1.0  # a gap of this many font sizes separates two cells of a row
AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})*(\.\d+)?$|^[-−]?\d+\.\d+$")
MAX_HEADER_LINES = 3


@dataclass(slots=True)
class Piece:
    text: str
    x0: float
    x1: float


def is_data_row(pieces: list[Piece]) -> bool:
    return len(pieces) >= 2 and any(AMOUNT.match(p.text) and "." in p.text for p in pieces)


def find_runs(pieced: list[list[Piece]], breaks: set[int]) -> list[tuple[int, int]]:
    """(first, last+1) index ranges of table-like runs; ``breaks``: no run continues across
    the gap before these indexes (a ruled table lies there)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(pieced):
        if not is_data_row(pieced[i]):
            i += 1
            continue
        end = i + 1
        while end < len(pieced) and end not in breaks and is_data_row(pieced[end]):
            end += 1
        if end - i >= 2:
            start = i
            while (
                start > 0
                and i - start < MAX_HEADER_LINES
                and start not in breaks
                and len(pieced[start - 1]) >= 2
                and not is_data_row(pieced[start - 1])
            ):
                start -= 1
            runs.append((start, end))
        i = end
    return runs


def columns_of(rows: list[list[Piece]]) -> list[tuple[float, float]]:
    spans = sorted((p.x0, p.x1) for row in rows for p in row)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1] + 1.0:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(c[0], c[1]) for c in columns]


def run_to_rows(
    pieced: list[list[Piece]],
    data_from: int,
    source: Source,
    edges: list[float] | None = None,
    extents: list[tuple[float, float]] | None = None,
) -> list[GridLine]:
    """Rows of one run; ``data_from`` is the index of the first data row (headers before it).
    ``edges``: column lines to use (those of a ruled header just above), else found here;
    ``extents``: each line's top and bottom, for the page boxes of its cells."""
    if edges is None:
        columns = columns_of(pieced[data_from:])
        edges = [columns[0][0]]
        edges += [(a[1] + b[0]) / 2 for a, b in pairwise(columns)]
        edges.append(columns[-1][1])
    width = len(edges) - 1
    lines: list[GridLine] = []
    for row, pieces in enumerate(pieced):
        texts: list[list[str]] = [[] for _ in range(width)]
        spans = [1] * width
        for piece in pieces:
            first, last = covered_columns(piece, edges)
            texts[first].append(piece.text)
            spans[first] = max(spans[first], last - first + 1)
        extent = extents[row] if extents else None
        cells: list[GridCell] = []
        c = 0
        while c < width:
            span = spans[c]
            text = " ".join(t for column in texts[c : c + span] for t in column)
            cell_source = boxed(source, edges[c], edges[c + span], extent)
            cells.append(GridCell(text, cell_source, edges[c], edges[c + span], span))
            c += span
        line_source = boxed(source, edges[0], edges[-1], extent)
        lines.append(GridLine(LineKind.ROW, tuple(cells), line_source))
    return lines


def boxed(source: Source, x0: float, x1: float, extent: tuple[float, float] | None) -> Source:
    """The source with its page box, where the line's top and bottom are known."""
    return source if extent is None else on_page(source, page_box(x0, extent[0], x1, extent[1]))


def on_page(source: Source, box: tuple[float, float, float, float]) -> Source:
    """The page's source with a box on it (built directly: dataclasses.replace is slow)."""
    return Source(source.path, page=source.page, bbox=box)


def page_box(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """A page box, to a hundredth of a point (finer is noise of the PDF's arithmetic)."""
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def covered_columns(piece: Piece, edges: list[float]) -> tuple[int, int]:
    columns = [
        c
        for c in range(len(edges) - 1)
        if min(piece.x1, edges[c + 1]) - max(piece.x0, edges[c]) > 0.3 * (piece.x1 - piece.x0)
        or edges[c] <= (piece.x0 + piece.x1) / 2 <= edges[c + 1]
    ]
    if not columns:
        middle = (piece.x0 + piece.x1) / 2
        nearest = min(
            range(len(edges) - 1), key=lambda c: abs((edges[c] + edges[c + 1]) / 2 - middle)
        )
        return nearest, nearest
    return columns[0], columns[-1]
