"""Plain text (web pages saved as text), including tables flattened to one cell per line.

Every line outside a table is a TEXT line of whitespace-separated tokens (not aligned). Pages
often hold a table whose markup was lost so that each cell stands on a line of its own; the rows
are gone but the order of the cells is not. Those runs of cells are rebuilt into rows:

1. **Cells.** The page's flattening convention is recognised from its lines:
   * cells separated by a blank line (``cell / blank / cell``): a longer run of k blank lines
     stands for k−1 empty cells (the seed's ``栏次 | | 1`` is printed ``栏次 / / / 1``);
   * cells separated by a line holding only ``|``: two such lines in a row enclose an empty cell;
   * cells ending in `` |``: a short line without the bar is the first half of a wrapped cell;
   * otherwise each non-blank line is a cell.
2. **Table runs.** A table is a run of at least 8 short cells (no sentence: at most 40
   characters, no 。) holding at least 4 numbers. Anything else stays a TEXT line.
3. **Rows.** Where the run prints a column-numbering row (栏次 or 行次 followed by 1, 2, 3 …, with
   blanks and a repeated 栏次 in two-sided tables), that row's length is the table's width: the
   cells after it are cut into rows of that width (aligned ROWs, blanks kept). Without one, a row
   starts at each label (text, or a 3/5/7-digit code) that follows a number or a blank; rows of
   the most common length are aligned, the others are not. Cells before the first row (title,
   公开01表, unit, header labels) stay TEXT lines, one per cell, in order, except that the
   width cells just above a numbering row that start with 项目 are its header row (a ROW).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.read.textdecode import decode_text

NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
NUMBERING_LABELS = ("栏次", "行次")
MIN_TABLE_CELLS = 8
MIN_TABLE_NUMBERS = 4
MAX_CELL_CHARS = 40


@dataclass(frozen=True)
class FlatCell:
    line: int  # 1-based line of the file where the cell's text starts
    text: str


def plaintext_to_grid(path: str, data: bytes) -> DocumentGrid:
    text = decode_text(path, data)
    cells = text_to_cells(text.splitlines())
    lines: list[GridLine] = []
    for start, end, is_table in cell_runs(cells):
        run = cells[start:end]
        lines.extend(table_run_to_lines(path, run) if is_table else text_cells_to_lines(path, run))
    return DocumentGrid(path=path, format="plaintext", lines=tuple(lines))


# --- 1. cells ----------------------------------------------------------------------------------


def text_to_cells(raw_lines: list[str]) -> list[FlatCell]:
    stripped = [line.strip() for line in raw_lines]
    if sum(1 for line in stripped if line == "|") >= 5:
        return _bar_separated_cells(stripped)
    if sum(1 for line in stripped if len(line) > 1 and line.endswith("|")) >= 5:
        return _bar_terminated_cells(stripped)
    if _blank_separated(stripped):
        return _blank_separated_cells(stripped)
    return [FlatCell(n, line) for n, line in enumerate(stripped, start=1) if line]


def _blank_separated(lines: list[str]) -> bool:
    """Most non-blank lines are followed by a blank line."""
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) < MIN_TABLE_CELLS:
        return False
    followed = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1])
    return followed >= 0.8 * len(filled)


def _blank_separated_cells(lines: list[str]) -> list[FlatCell]:
    cells: list[FlatCell] = []
    blanks = 0
    for number, line in enumerate(lines, start=1):
        if not line:
            blanks += 1
            continue
        if cells and blanks >= 2:
            cells.extend(FlatCell(number - 1, "") for _ in range(blanks - 1))
        cells.append(FlatCell(number, line))
        blanks = 0
    return cells


def _bar_separated_cells(lines: list[str]) -> list[FlatCell]:
    cells: list[FlatCell] = []
    after_bar = False
    for number, line in enumerate(lines, start=1):
        if line == "|":
            if after_bar:
                cells.append(FlatCell(number, ""))
            after_bar = True
        elif line:
            cells.append(FlatCell(number, line))
            after_bar = False
    return cells


def _bar_terminated_cells(lines: list[str]) -> list[FlatCell]:
    cells: list[FlatCell] = []
    pending: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if line.endswith("|"):
            text = line[:-1].strip()
            if pending:
                cells.append(FlatCell(pending[0], pending[1] + text))
                pending = None
            else:
                cells.append(FlatCell(number, text))
            continue
        if pending:
            cells.append(FlatCell(pending[0], pending[1]))
            pending = None
        wrapped_start = len(line) <= 15 and not line.startswith(("(", "（"))
        following = lines[number] if number < len(lines) else ""
        if wrapped_start and following.endswith("|") and len(following) <= 20:
            pending = (number, line)
        else:
            cells.append(FlatCell(number, line))
    if pending:
        cells.append(FlatCell(pending[0], pending[1]))
    return cells


# --- 2. table runs -----------------------------------------------------------------------------


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.strip()))


def cell_runs(cells: list[FlatCell]) -> list[tuple[int, int, bool]]:
    """(start, end, is_table) spans covering all cells in order."""
    runs: list[tuple[int, int, bool]] = []
    start = 0
    i = 0
    while i <= len(cells):
        if i < len(cells) and _short_cell(cells[i]):
            i += 1
            continue
        run = cells[start:i]
        numbers = sum(1 for c in run if is_number(c.text))
        if len(run) >= MIN_TABLE_CELLS and numbers >= MIN_TABLE_NUMBERS:
            runs.append((start, i, True))
        elif run:
            runs.append((start, i, False))
        if i < len(cells):
            runs.append((i, i + 1, False))
        i += 1
        start = i
    return runs


def _short_cell(cell: FlatCell) -> bool:
    text = cell.text
    return (
        len(text) <= MAX_CELL_CHARS and "。" not in text and text.count("，") + text.count(",") <= 2
    )


# --- 3. rows -----------------------------------------------------------------------------------


def text_cells_to_lines(path: str, cells: list[FlatCell]) -> list[GridLine]:
    lines = []
    for cell in cells:
        if cell.text:
            source = Source(path, line=cell.line)
            tokens = tuple(GridCell(token, source) for token in cell.text.split())
            lines.append(GridLine(LineKind.TEXT, tokens, source, aligned=False))
    return lines


def table_run_to_lines(path: str, cells: list[FlatCell]) -> list[GridLine]:
    numbering = numbering_row(cells)
    if numbering is not None:
        start, width = numbering
        rows = [cells[i : i + width] for i in range(start, len(cells), width)]
        header = start
        if _is_column_header(cells[max(0, start - width) : start], width):
            header = start - width
        lines = text_cells_to_lines(path, cells[:header])
        if header < start:
            lines.append(_row_line(path, cells[header:start], aligned=True))
        return lines + [_row_line(path, row, aligned=len(row) == width) for row in rows]
    starts = row_starts(cells)
    if not starts:
        return text_cells_to_lines(path, cells)
    rows = [cells[a:b] for a, b in zip(starts, [*starts[1:], len(cells)], strict=True)]
    common = Counter(len(row) for row in rows).most_common(1)[0][0]
    return text_cells_to_lines(path, cells[: starts[0]]) + [
        _row_line(path, row, aligned=len(row) == common) for row in rows
    ]


def numbering_row(cells: list[FlatCell]) -> tuple[int, int] | None:
    """(first cell, width) of a 栏次/行次 row followed by 1, 2, 3 … (blanks and 栏次 allowed)."""
    for i, cell in enumerate(cells):
        if _compact(cell.text) not in NUMBERING_LABELS:
            continue
        expected = 1
        end = i + 1
        while end < len(cells):
            text = _compact(cells[end].text)
            if text == str(expected):
                expected += 1
            elif not (text == "" or text in NUMBERING_LABELS):
                break
            end += 1
        while end > i + 1 and _compact(cells[end - 1].text) in ("", *NUMBERING_LABELS):
            end -= 1  # the row ends at its last column number
        if expected > 1:
            return i, end - i
    return None


def _is_column_header(cells: list[FlatCell], width: int) -> bool:
    """The cells just above the numbering row are one header row: 项目 … as wide as the table."""
    texts = [_compact(c.text) for c in cells]
    return (
        len(texts) == width
        and texts[0] == "项目"
        and not any(is_number(t) or "表" in t or "单位" in t for t in texts)
    )


def row_starts(cells: list[FlatCell]) -> list[int]:
    """Where rows begin: a label after a number or a blank (a code only after an amount)."""
    starts: list[int] = []
    for i, cell in enumerate(cells):
        text = cell.text.strip()
        is_code = bool(CODE.match(text))
        if not text or (is_number(text) and not is_code):
            continue
        if not starts:
            if _numbers_follow(cells, i):
                starts.append(i)
            continue
        previous = cells[i - 1].text.strip()
        previous_amount = is_number(previous) and ("." in previous or not CODE.match(previous))
        after_amount = previous_amount and ("." in previous or not is_code)
        if not previous or after_amount:
            starts.append(i)
    return starts


def _numbers_follow(cells: list[FlatCell], i: int) -> bool:
    following = [c.text.strip() for c in cells[i + 1 : i + 4] if c.text.strip()]
    return bool(following) and is_number(following[0])


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _row_line(path: str, row: list[FlatCell], aligned: bool) -> GridLine:
    cells = tuple(GridCell(c.text, Source(path, line=c.line)) for c in row)
    return GridLine(LineKind.ROW, cells, cells[0].source, aligned=aligned)
