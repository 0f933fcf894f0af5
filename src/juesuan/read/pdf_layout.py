"""Page layout: characters → text lines in reading order, and ruled tables → aligned rows."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter

from juesuan.model.source import Source
from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.read.pdf_chars import Char, PageContent
from juesuan.read.pdf_stream import (
    AMOUNT,
    GAP,
    Piece,
    find_runs,
    is_data_row,
    on_page,
    page_box,
    run_to_rows,
)
from juesuan.read.pdf_tables import Table, segments_to_tables

try:  # the per-character loops compiled, where a C compiler was at hand at install
    from juesuan.read import _layoutloop
except ImportError:  # then CHARS_INTO_CELLS and its neighbours at the end are Python's
    _layoutloop = None  # type: ignore[assignment]

SPACE_GAP = 0.25  # a gap wider than this many font sizes between characters is a space
CJK_SPACE_GAP = 1.0  # between two CJK characters only a much wider gap is a space


def is_cjk(text: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms: no spaces between them."""
    return ord(text[0]) >= 0x2E80


CJK_FIRST = chr(0x2E80)


def python_chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters sharing a baseline into lines, top to bottom, each left to right (the
    reference for compiled_chars_to_lines, and the loop where the extension is not built)."""
    lines: list[list[Char]] = []
    line: list[Char] = []
    base = 0.0
    first_size = 0.0  # of the current line's first character
    for char in sorted(chars, key=BY_BASE):
        size = char.size
        if line and char.base - base <= 0.3 * (size if size > first_size else first_size):
            line.append(char)
        else:
            line = [char]
            lines.append(line)
            base, first_size = char.base, size
    # a line of one character (most of a table's cells' lines are short) needs no sorting
    return [
        dedupe_overprint(sorted(line, key=BY_LEFT)) if len(line) > 1 else line for line in lines
    ]


BY_BASE = attrgetter("base")
BY_LEFT = attrgetter("x0")


def dedupe_overprint(line: list[Char]) -> list[Char]:
    """Drop a character printed twice on the same spot (fake bold)."""
    kept = line[0]
    out = [kept]
    for char in islice(line, 1, None):
        if kept.text == char.text and abs(kept.x0 - char.x0) < 0.3 * char.size:
            continue
        out.append(char)
        kept = char
    return out


def python_line_to_text(line: list[Char], in_cell: bool = False) -> str:
    """A line's text, with a space where a gap is wide (python_cell_lines' texts;
    python_pieces_and_text's text is this one)."""
    if not line:
        return ""
    previous = line[0]
    parts = [previous.text]
    # is_cjk, inline (this runs for every character) and as a string comparison, which for a
    # text that is not empty (a character's never is) orders by its first character alike
    previous_cjk = previous.text >= CJK_FIRST
    for char in islice(line, 1, None):
        text = char.text
        cjk = text >= CJK_FIRST
        both_cjk = previous_cjk and cjk
        if not (in_cell and both_cjk):  # inside a cell, two CJK characters never take a space
            size, previous_size = char.size, previous.size
            limit = CJK_SPACE_GAP if both_cjk else SPACE_GAP
            if char.x0 - previous.x1 > limit * (size if size > previous_size else previous_size):
                parts.append(" ")
        parts.append(text)
        previous, previous_cjk = char, cjk
    return "".join(parts)


def python_pieces_and_text(line: list[Char]) -> tuple[list[Piece], str]:
    """The line cut into pieces at its wide gaps (more than pdf_stream.GAP font sizes) and
    python_line_to_text(line), in one pass: each piece's text is the line's text between the
    gaps that part pieces (the reference for compiled_pieces_and_text, and the loop where the
    extension is not built)."""
    previous = line[0]
    parts = [previous.text]  # of the current piece
    first = previous  # the current piece's first character
    pieces: list[Piece] = []
    spaced: list[bool] = []  # before each piece after the first: does the line's text space?
    previous_cjk = previous.text >= CJK_FIRST  # is_cjk, as in line_to_text
    for char in islice(line, 1, None):
        text = char.text
        cjk = text >= CJK_FIRST
        size, previous_size = char.size, previous.size
        gap = char.x0 - previous.x1
        limit = CJK_SPACE_GAP if previous_cjk and cjk else SPACE_GAP
        space = gap > limit * (size if size > previous_size else previous_size)
        # max(char.size, previous.size), that order kept (the tests' two-pass reference)
        if gap > GAP * (previous_size if previous_size > size else size):
            pieces.append(Piece("".join(parts), first.x0, previous.x1))
            spaced.append(space)
            parts, first = [text], char
        else:
            if space:
                parts.append(" ")
            parts.append(text)
        previous, previous_cjk = char, cjk
    pieces.append(Piece("".join(parts), first.x0, previous.x1))
    if len(pieces) == 1:
        return pieces, pieces[0].text
    joined = [pieces[0].text]
    for piece, space in zip(islice(pieces, 1, None), spaced, strict=True):
        if space:
            joined.append(" ")
        joined.append(piece.text)
    return pieces, "".join(joined)


def join_texts(line_texts: list[str]) -> str:
    """A cell's text from its lines' texts (line_to_text in a cell): a wrapped label joins
    without a space."""
    if len(line_texts) == 1:
        return line_texts[0]
    text = ""
    for piece in line_texts:
        text = join_cell_lines(text, piece)
    return text


def join_cell_lines(text: str, piece: str) -> str:
    if text and not (is_cjk(text[-1]) or is_cjk(piece[0]) or wraps_number(text, piece)):
        return f"{text} {piece}"
    return text + piece


def wraps_number(first: str, second: str) -> bool:
    """An amount broken over two lines of a narrow cell ("1,511." / "89")."""
    return (first[-1] in ",." and second[0].isdigit()) or (
        first[-1].isdigit() and second[0] in ",."
    )


@dataclass(slots=True)
class Block:
    """A text line or a table, placed on the page by its top."""

    top: float
    lines: list[GridLine]


def page_to_grid_lines(content: PageContent, path: str) -> list[GridLine]:
    source = Source(path, page=content.number)
    tables = [t for t in segments_to_tables(content.segments) if len(t.regions) >= 2]
    loose = chars_into_tables(content.chars, tables)
    blocks = [Block(t.top, table_to_rows(t, source)) for t in tables]
    blocks += loose_lines_to_blocks(CHARS_TO_LINES(loose), tables, source)
    blocks.sort(key=lambda b: b.top)
    return [line for block in blocks for line in block.lines]


def chars_into_tables(chars: list[Char], tables: list[Table]) -> list[Char]:
    """Put each character into the cell of the first table holding its middle (Char.mid_x,
    Char.mid_y); the others are returned."""
    if not tables:
        return list(chars)
    return CHARS_INTO_CELLS(chars, [table_frame(t) for t in tables])


#: A table's frame (left, right, top, bottom), its inner column and row lines, and the
#: characters' list of each grid cell's region ([row][col]): Table.cell_at written out, a point
#: on the frame's right or bottom line then falls in the last cell without a test.
Frame = tuple[float, float, float, float, list[float], list[float], list[list[list[Char]]]]


def table_frame(table: Table) -> Frame:
    xs, ys, regions = table.xs, table.ys, table.regions
    cells = [[regions[index].chars for index in row] for row in table.cell_region]
    return (xs[0], xs[-1], ys[0], ys[-1], xs[1:-1], ys[1:-1], cells)


def python_chars_into_cells(chars: list[Char], frames: list[Frame]) -> list[Char]:
    """chars_into_tables' loop over characters (the reference for compiled_chars_into_cells,
    and the loop where the extension is not built): mid_x and mid_y written out."""
    loose: list[Char] = []
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, char.base - 0.35 * char.size
        for left, right, top, bottom, xs, ys, cells in frames:
            if left <= x <= right and top <= y <= bottom:
                cells[bisect_right(ys, y)][bisect_right(xs, x)].append(char)
                break
        else:
            loose.append(char)
    return loose


def compiled_chars_into_cells(chars: list[Char], frames: list[Frame]) -> list[Char]:
    """python_chars_into_cells compiled (read/_layoutloop.c); the Python loop where the
    compiled one does not take the values (it then has changed nothing)."""
    assert _layoutloop is not None, "the compiled loops are not built"
    loose = _layoutloop.chars_into_cells(chars, frames)
    return python_chars_into_cells(chars, frames) if loose is NotImplemented else loose


def compiled_chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """python_chars_to_lines compiled (read/_layoutloop.c); the Python loop where the compiled
    one does not take the values (not plain floats and strings, a NaN to sort by)."""
    assert _layoutloop is not None, "the compiled loops are not built"
    lines = _layoutloop.chars_to_lines(chars)
    return python_chars_to_lines(chars) if lines is NotImplemented else lines


def compiled_pieces_and_text(line: list[Char]) -> tuple[list[Piece], str]:
    """python_pieces_and_text compiled (read/_layoutloop.c), as compiled_chars_to_lines."""
    assert _layoutloop is not None, "the compiled loops are not built"
    pieced = _layoutloop.pieces_and_text(line, Piece)
    return python_pieces_and_text(line) if pieced is NotImplemented else pieced


def python_cell_lines(chars: list[Char]) -> tuple[list[list[Char]], list[str]]:
    """A cell's lines and the text of each (the reference for compiled_cell_lines, and the
    loop where the extension is not built)."""
    lines = python_chars_to_lines(chars)
    return lines, [python_line_to_text(line, True) for line in lines]


def compiled_cell_lines(chars: list[Char]) -> tuple[list[list[Char]], list[str]]:
    """python_cell_lines compiled (read/_layoutloop.c: each character's values read once), as
    compiled_chars_to_lines."""
    assert _layoutloop is not None, "the compiled loops are not built"
    lines = _layoutloop.cell_lines(chars)
    return python_cell_lines(chars) if lines is NotImplemented else lines


def loose_lines_to_blocks(
    lines: list[list[Char]], tables: list[Table], source: Source
) -> list[Block]:
    """Text lines outside ruled tables: TEXT lines, except runs that are plainly an unruled
    table (see pdf_stream), which become aligned rows."""
    tops = [line[0].base - line[0].size for line in lines]
    pieced_texts = [PIECES_AND_TEXT(line) for line in lines]
    pieced = [pieces for pieces, _ in pieced_texts]
    breaks = {i for i in range(1, len(lines)) if any(tops[i - 1] < t.top < tops[i] for t in tables)}
    blocks: list[Block] = []
    in_run: set[int] = set()
    for start, end in find_runs(pieced, breaks):
        first_data = next(i for i in range(start, end) if is_data_row(pieced[i]))
        header = ruled_header_above(tables, tops[start], pieced[start:end])
        extents = [line_extent(line) for line in lines[start:end]]
        rows = run_to_rows(pieced[start:end], first_data - start, source, header, extents)
        blocks.append(Block(tops[start], rows))
        in_run.update(range(start, end))
    for i, line in enumerate(lines):
        if i not in in_run:
            top, bottom = line_extent(line)
            boxed = on_page(source, page_box(line[0].x0, top, line[-1].x1, bottom))
            cell = GridCell(pieced_texts[i][1], boxed, line[0].x0, line[-1].x1)
            blocks.append(Block(tops[i], [GridLine(LineKind.TEXT, (cell,), boxed)]))
    return blocks


def line_extent(line: list[Char]) -> tuple[float, float]:
    """Top and bottom of a line's glyph boxes (its baseline and size where a box is unknown)."""
    tops = [c.base - c.size if c.top is None else c.top for c in line]
    bottoms = [c.base if c.bottom is None else c.bottom for c in line]
    return min(tops), max(bottoms)


def ruled_header_above(
    tables: list[Table], top: float, pieced: list[list[Piece]]
) -> list[float] | None:
    """Column lines of a ruled table ending just above an unruled run of rows and as wide as
    it (a ruled header over an unruled body): the body's cells then follow those columns."""
    x0 = min(p.x0 for pieces in pieced for p in pieces)
    x1 = max(p.x1 for pieces in pieced for p in pieces)
    for table in tables:
        near = -2 <= top - table.ys[-1] <= 30
        if near and table.xs[0] - 5 <= x0 and x1 <= table.xs[-1] + 5 and len(table.xs) > 2:
            return table.xs
    return None


def table_to_rows(table: Table, source: Source) -> list[GridLine]:
    """One aligned ROW per grid row; a merged cell's text sits in its top row, with its span.

    A grid row holding several printed rows (a table ruled only between columns) is split
    into those rows, by the lines of its amount cells."""
    rows: list[GridLine] = []
    regions = table.regions
    cells_lines = [CELL_LINES(region.chars) if region.chars else ([], []) for region in regions]
    region_lines = [lines for lines, _ in cells_lines]
    line_texts = [texts for _, texts in cells_lines]
    texts = [join_texts(pieces) for pieces in line_texts]
    # the page boxes' corners, rounded once per table (page_box's rounding), not per cell
    xs, ys = table.xs, table.ys
    box_xs, box_ys = [round(x, 2) for x in xs], [round(y, 2) for y in ys]
    first_of_row = first_regions(table)
    # the grid rows a region one row high holds two lines or more in: only these may be bands
    # of several printed rows (band_to_subrows)
    may_split = {
        region.r0
        for region, lines in zip(regions, region_lines, strict=True)
        if len(lines) >= 2 and region.r1 == region.r0 + 1
    }
    for r, row in enumerate(table.cell_region):
        cells = row_cells(row)
        # only a region's top left cell shows its text: a row without one is left out
        shown = [r == regions[i].r0 and c == regions[i].c0 for c, _, i in cells]
        if not any(texts[i] for (_, _, i), show in zip(cells, shown, strict=True) if show):
            continue
        band = range(first_of_row[r], first_of_row[r + 1])  # the regions starting in row r
        subrows = (
            band_to_subrows(table, r, band, region_lines, line_texts) if r in may_split else []
        )
        for sub_texts in subrows or [{}]:
            grid_cells = []
            for (c, span, i), show in zip(cells, shown, strict=True):
                text = (sub_texts.get(i, "") if sub_texts else texts[i]) if show else ""
                region = regions[i]
                box = (box_xs[c], box_ys[region.r0], box_xs[c + span], box_ys[region.r1])
                grid_cells.append(GridCell(text, on_page(source, box), xs[c], xs[c + span], span))
            if any(cell.text for cell in grid_cells):
                row_box = (box_xs[0], box_ys[r], box_xs[-1], box_ys[r + 1])
                rows.append(GridLine(LineKind.ROW, tuple(grid_cells), on_page(source, row_box)))
    return rows


def row_cells(row: list[int]) -> list[tuple[int, int, int]]:
    """(first column, span, region) of each cell of a grid row: a run of one region."""
    if len(set(row)) == len(row):  # no merged cell (most rows): each cell its own
        return [(c, 1, index) for c, index in enumerate(row)]
    cells: list[tuple[int, int, int]] = []
    c, width = 0, len(row)
    while c < width:
        index = row[c]
        span = 1
        while c + span < width and row[c + span] == index:
            span += 1
        cells.append((c, span, index))
        c += span
    return cells


def first_regions(table: Table) -> list[int]:
    """For each grid row (and one past the last), the first region starting there or below:
    regions are numbered by their top row, then left column, so a row's are consecutive."""
    starts = [len(table.regions)] * (len(table.ys))
    for index in reversed(range(len(table.regions))):
        starts[table.regions[index].r0] = index
    for r in reversed(range(len(starts) - 1)):
        if starts[r] > starts[r + 1]:
            starts[r] = starts[r + 1]
    return starts


def is_amount_line(text: str) -> bool:
    return bool(AMOUNT.match(text)) or text in ("-", "—", "－")


def band_to_subrows(
    table: Table,
    r: int,
    band: range,
    region_lines: list[list[list[Char]]],
    line_texts: list[list[str]],
) -> list[dict[int, str]]:
    """The printed rows inside grid row ``r`` when no ruling separates them: each a map from
    region to its text there. Empty when the grid row is one printed row (a wrapped label
    beside single amounts stays one row). ``band``: the regions starting in row ``r``;
    ``region_lines`` and ``line_texts``: each region's lines and their texts, made once per
    table."""
    regions = table.regions
    # the regions one grid row high with two lines or more, which alone can split the row
    single = [i for i in band if regions[i].r1 == r + 1]
    if not any(len(region_lines[i]) >= 2 for i in single):
        return []
    anchor_lines = [
        line
        for i in single
        if len(region_lines[i]) >= 2 and all(is_amount_line(t) for t in line_texts[i])
        for line in region_lines[i]
    ]
    anchors: list[float] = []
    for base in sorted(line[0].base for line in anchor_lines):
        if not anchors or base - anchors[-1] > 0.5 * anchor_lines[0][0].size:
            anchors.append(base)
    if len(anchors) < 2:
        return []
    single_set = set(single)
    subrows: list[dict[int, str]] = [{} for _ in anchors]
    for i in band:
        if i not in single_set:
            subrows[0][i] = join_texts(line_texts[i])
            continue
        for line, text in zip(region_lines[i], line_texts[i], strict=True):
            k = min(range(len(anchors)), key=lambda a: abs(anchors[a] - line[0].base))
            subrows[k][i] = join_cell_lines(subrows[k].get(i, ""), text)
    return subrows


#: The compiled loops where the extension is built (pip install builds it), else Python's.
CHARS_INTO_CELLS: Callable[[list[Char], list[Frame]], list[Char]] = (
    python_chars_into_cells if _layoutloop is None else compiled_chars_into_cells
)
CHARS_TO_LINES: Callable[[list[Char]], list[list[Char]]] = (
    python_chars_to_lines if _layoutloop is None else compiled_chars_to_lines
)
PIECES_AND_TEXT: Callable[[list[Char]], tuple[list[Piece], str]] = (
    python_pieces_and_text if _layoutloop is None else compiled_pieces_and_text
)
CELL_LINES: Callable[[list[Char]], tuple[list[list[Char]], list[str]]] = (
    python_cell_lines if _layoutloop is None else compiled_cell_lines
)
