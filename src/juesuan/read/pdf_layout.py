"""Page layout: characters → text lines in reading order, and ruled tables → aligned rows."""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.model.source import Source
from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.read.pdf_chars import Char, PageContent
from juesuan.read.pdf_stream import find_runs, is_data_row, line_to_pieces, run_to_rows
from juesuan.read.pdf_tables import Table, segments_to_tables

SPACE_GAP = 0.25  # a gap wider than this many font sizes between characters is a space
CJK_SPACE_GAP = 1.0  # between two CJK characters only a much wider gap is a space


def is_cjk(text: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms: no spaces between them."""
    return ord(text[0]) >= 0x2E80


def chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters sharing a baseline into lines, top to bottom, each left to right."""
    lines: list[list[Char]] = []
    base = 0.0
    for char in sorted(chars, key=lambda c: c.base):
        if lines and char.base - base <= 0.3 * max(char.size, lines[-1][0].size):
            lines[-1].append(char)
        else:
            lines.append([char])
            base = char.base
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return [dedupe_overprint(line) for line in lines]


def dedupe_overprint(line: list[Char]) -> list[Char]:
    """Drop a character printed twice on the same spot (fake bold)."""
    out: list[Char] = []
    for char in line:
        if out and out[-1].text == char.text and abs(out[-1].x0 - char.x0) < 0.3 * char.size:
            continue
        out.append(char)
    return out


def line_to_text(line: list[Char], in_cell: bool = False) -> str:
    parts: list[str] = []
    previous: Char | None = None
    for char in line:
        if previous is not None:
            gap = char.x0 - previous.x1
            both_cjk = is_cjk(previous.text) and is_cjk(char.text)
            limit = CJK_SPACE_GAP if both_cjk else SPACE_GAP
            if gap > limit * max(char.size, previous.size) and not (in_cell and both_cjk):
                parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


def cell_text(chars: list[Char]) -> str:
    """A cell's text: its lines joined; a wrapped label joins without a space."""
    text = ""
    for line in chars_to_lines(chars):
        piece = line_to_text(line, in_cell=True)
        if text and not (is_cjk(text[-1]) or is_cjk(piece[0]) or wraps_number(text, piece)):
            text += " "
        text += piece
    return text


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
    loose: list[Char] = []
    for char in content.chars:
        for table in tables:
            region = table.region_at(char.mid_x, char.mid_y)
            if region is not None:
                region.chars.append(char)
                break
        else:
            loose.append(char)
    blocks = [Block(t.top, table_to_rows(t, source)) for t in tables]
    blocks += loose_lines_to_blocks(chars_to_lines(loose), tables, source)
    blocks.sort(key=lambda b: b.top)
    return [line for block in blocks for line in block.lines]


def loose_lines_to_blocks(
    lines: list[list[Char]], tables: list[Table], source: Source
) -> list[Block]:
    """Text lines outside ruled tables: TEXT lines, except runs that are plainly an unruled
    table (see pdf_stream), which become aligned rows."""
    tops = [line[0].base - line[0].size for line in lines]
    pieced = [line_to_pieces(line, line_to_text) for line in lines]
    breaks = {i for i in range(1, len(lines)) if any(tops[i - 1] < t.top < tops[i] for t in tables)}
    blocks: list[Block] = []
    in_run: set[int] = set()
    for start, end in find_runs(pieced, breaks):
        first_data = next(i for i in range(start, end) if is_data_row(pieced[i]))
        rows = run_to_rows(pieced[start:end], first_data - start, source)
        blocks.append(Block(tops[start], rows))
        in_run.update(range(start, end))
    for i, line in enumerate(lines):
        if i not in in_run:
            cell = GridCell(line_to_text(line), source, line[0].x0, line[-1].x1)
            blocks.append(Block(tops[i], [GridLine(LineKind.TEXT, (cell,), source)]))
    return blocks


def table_to_rows(table: Table, source: Source) -> list[GridLine]:
    """One aligned ROW per grid row; a merged cell's text sits in its top row, with its span."""
    rows: list[GridLine] = []
    texts = [cell_text(region.chars) for region in table.regions]
    for r, row in enumerate(table.cell_region):
        cells: list[GridCell] = []
        c = 0
        while c < len(row):
            index = row[c]
            span = 1
            while c + span < len(row) and row[c + span] == index:
                span += 1
            region = table.regions[index]
            text = texts[index] if r == region.r0 and c == region.c0 else ""
            cells.append(GridCell(text, source, table.xs[c], table.xs[c + span], span))
            c += span
        if any(cell.text for cell in cells):
            rows.append(GridLine(LineKind.ROW, tuple(cells), source))
    return rows
