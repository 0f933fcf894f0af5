"""Ruled tables from ruling segments: the physical grid of rows and columns, and merged cells.

A table is a connected set of rulings. Its row and column lines are the distinct y and x of
those rulings; every elementary cell of that grid joins its neighbour where no ruling separates
them, which gives merged cells (column and row spans) exactly as drawn.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

from juesuan.read.pdf_chars import Char, Segment

SNAP = 1.5  # rulings closer than this (pt) are the same line
JOIN = 2.0
LEVEL = 3.0  # row/column lines closer than this are one (double borders); cells are wider  # collinear rulings with a gap smaller than this are one line


@dataclass(slots=True)
class Region:
    """A drawn cell: rows r0..r1-1 and columns c0..c1-1 of its table's grid."""

    r0: int
    r1: int
    c0: int
    c1: int
    chars: list[Char] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    xs: list[float]  # column lines, left to right
    ys: list[float]  # row lines, top to bottom
    regions: list[Region]
    cell_region: list[list[int]]  # [row][col] → index into regions

    @property
    def top(self) -> float:
        return self.ys[0]

    def cell_at(self, x: float, y: float) -> Region:
        """The region holding a point known to lie within the table's frame."""
        col = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        row = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return self.regions[self.cell_region[row][col]]


def segments_to_tables(segments: Iterable[Segment]) -> list[Table]:
    # Segment.horizontal written out: this runs for every ruling
    horizontal = join_collinear([s for s in segments if s.top == s.bottom], horizontal=True)
    vertical = join_collinear([s for s in segments if s.top != s.bottom], horizontal=False)
    tables = []
    for hs, vs in connected_groups(horizontal, vertical):
        table = group_to_table(hs, vs)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.top)


def join_collinear(segments: list[Segment], horizontal: bool) -> list[Segment]:
    """Snap rulings on (nearly) the same line together and join the pieces along it."""
    # each ruling as (across, start, end): its level, and where it starts and ends along it
    if horizontal:
        spans = [(s.top, s.x0, s.x1) for s in segments]
    else:
        spans = [(s.x0, s.top, s.bottom) for s in segments]
    # the rulings in lines: each within SNAP of the one before it
    lines: list[list[Span]] = []
    for span in sorted(spans, key=ACROSS):
        if lines and span[0] - lines[-1][-1][0] <= SNAP:
            lines[-1].append(span)
        else:
            lines.append([span])
    out: list[Segment] = []
    for line in lines:
        level = sum(across for across, _, _ in line) / len(line)
        line.sort(key=START)
        _, lo, hi = line[0]
        for _, start, end in islice(line, 1, None):
            if start <= hi + JOIN:
                hi = max(hi, end)
                continue
            out.append(make_segment(level, lo, hi, horizontal))
            lo, hi = start, end
        out.append(make_segment(level, lo, hi, horizontal))
    return out


Span = tuple[float, float, float]  # a ruling's level, and its start and end along it
ACROSS, START = itemgetter(0), itemgetter(1)


def make_segment(level: float, lo: float, hi: float, horizontal: bool) -> Segment:
    return Segment(lo, level, hi, level) if horizontal else Segment(level, lo, level, hi)


def connected_groups(
    horizontal: list[Segment], vertical: list[Segment]
) -> list[tuple[list[Segment], list[Segment]]]:
    """Rulings that cross or touch belong to one table (union-find over H×V)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    base = len(horizontal)
    # does h touch v (with JOIN to spare)? The verticals by x, each with its ends widened: the
    # ones within a horizontal's reach are found by bisection (one whose x is NaN touches
    # nothing). Only the groups matter, not which member is their root: each vertical
    # touched joins the horizontal's group
    spans = sorted(
        (
            (v.x0, v.top - JOIN, v.bottom + JOIN, vi)
            for vi, v in enumerate(vertical)
            if v.x0 == v.x0
        ),
        key=itemgetter(0),
    )
    xs = [x for x, _, _, _ in spans]
    for hi, h in enumerate(horizontal):
        left, right, level = h.x0 - JOIN, h.x1 + JOIN, h.top
        if not left <= right:  # NaN, or no x between them
            continue
        root = find(hi)
        for _, top, bottom, vi in spans[bisect_left(xs, left) : bisect_right(xs, right)]:
            if top <= level <= bottom:
                parent[find(base + vi)] = root
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for hi, h in enumerate(horizontal):
        groups.setdefault(find(hi), ([], []))[0].append(h)
    for vi, v in enumerate(vertical):
        groups.setdefault(find(base + vi), ([], []))[1].append(v)
    return [g for g in groups.values() if g[0] and g[1]]


def distinct_levels(values: list[float]) -> list[float]:
    """Row or column lines: rulings within LEVEL of each other (a double border) are one."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][0] <= LEVEL:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def group_to_table(hs: list[Segment], vs: list[Segment]) -> Table | None:
    # the table's outer frame may be left open (no ruling down the outer sides, or none along
    # the top): the ends of the rulings then close the grid
    ys = distinct_levels([h.top for h in hs] + [min(v.top for v in vs), max(v.bottom for v in vs)])
    xs = distinct_levels([v.x0 for v in vs] + [min(h.x0 for h in hs), max(h.x1 for h in hs)])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # each line's own rulings, found once per line instead of per cell
    on_x = [[v for v in vs if abs(v.x0 - x) <= LEVEL] for x in xs]
    on_y = [[h for h in hs if abs(h.top - y) <= LEVEL] for y in ys]
    # which row middles each inner column line's rulings pass, and which column middles each
    # inner row line's: a cell joins its neighbour where its line is not ruled
    mid_ys = [(ys[r] + ys[r + 1]) / 2 for r in range(rows)]
    mid_xs = [(xs[c] + xs[c + 1]) / 2 for c in range(cols)]
    col_ruled = [ruled_middles(on_x[c], mid_ys, vertical=True) for c in range(1, cols)]
    row_ruled = [ruled_middles(on_y[r], mid_xs, vertical=False) for r in range(1, rows)]
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not col_ruled[c][r]:
                parent[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and not row_ruled[r][c]:
                parent[find(r * cols + c)] = find((r + 1) * cols + c)
    # a cell's root, find() called only where the parent is not itself a root
    roots = [p if parent[p] == p else find(i) for i, p in enumerate(parent)]
    return grid_to_table(xs, ys, rows, cols, roots)


def ruled_middles(segments: list[Segment], middles: list[float], vertical: bool) -> list[bool]:
    """For each middle along a line: does one of the line's rulings ``segments`` pass it
    (JOIN to spare at either end)?"""
    ruled = [False] * len(middles)
    for s in segments:
        start, end = (s.top - JOIN, s.bottom + JOIN) if vertical else (s.x0 - JOIN, s.x1 + JOIN)
        for k, middle in enumerate(middles):
            if start <= middle <= end:
                ruled[k] = True
    return ruled


def grid_to_table(
    xs: list[float], ys: list[float], rows: int, cols: int, roots: list[int]
) -> Table:
    """Turn union-find roots into regions spanning the bounding box of their elementary cells."""
    bounds: dict[int, list[int]] = {}
    rows_of_roots = [roots[r * cols : (r + 1) * cols] for r in range(rows)]
    for r, row in enumerate(rows_of_roots):
        for c, root in enumerate(row):
            b = bounds.get(root)
            if b is None:
                bounds[root] = [r, r, c, c]
                continue
            # the cells come row by row: a region's first row is its first cell's, and the
            # current row is its last so far; its columns may widen either way
            b[1] = r
            if c < b[2]:
                b[2] = c
            elif c > b[3]:
                b[3] = c
    order = sorted(bounds, key=lambda root: (bounds[root][0], bounds[root][2]))
    number = {root: i for i, root in enumerate(order)}
    regions = [
        Region(bounds[root][0], bounds[root][1] + 1, bounds[root][2], bounds[root][3] + 1)
        for root in order
    ]
    cell_region = [[number[root] for root in row] for row in rows_of_roots]
    return Table(xs, ys, regions, cell_region)
