"""What XLSX and XLS readers share: a sheet's printed cells → grid lines, numbers → printed text.

Both readers first turn a worksheet into a ``SheetData`` (printed text per cell, merged ranges,
hidden rows and columns), then ``sheet_to_lines`` lays it out the way the cell-per-line seed
document prints a table:

* a BREAK line names the sheet;
* a row holding a single title-ish cell (table name, 公开01表, 注：…) becomes a TEXT line;
* a row of metadata cells only (单位：… 2023年度 金额单位：万元) keeps its cells without the
  blanks between them, as the seed prints it, so it never looks like a row of the table;
* several tables on one sheet are cut apart at a single-cell row after an empty row or a note,
  and each keeps its own width;
* every other row is an aligned ROW with one cell per column of the sheet's used width, blanks
  kept as "";
* a merged range keeps its text in its first cell with ``span`` = columns covered; the cells it
  covers on its first row are omitted (as the seed prints 合计 over code and name as ONE cell),
  on the rows below they are blanks (as the seed prints the rows under a tall header cell);
* hidden rows, columns and sheets are read like the rest and reported as a warning finding
  (``read.hidden_content``), so hidden data is neither lost nor mixed in unannounced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation

from juesuan.model.findings import Finding, Severity
from juesuan.model.source import Source
from juesuan.read.grid import GridCell, GridLine, LineKind

HIDDEN_RULE = "read.hidden_content"
#: Cells of the line above a table that states its unit, year or label (单位：…, 2023年度, 金额单位：万元).
META_CELL = re.compile(
    r"^(?:(?:编制|填报|预算|决算)?(?:单位|部门)(?:名称)?[:：]|金额单位|(?:19|20)\d{2}年度?$"
    r"|公开\d+表$|表[一二三四五六七八九十\d]+$|附表\d+$)"
)
NOTE_PREFIXES = ("注", "说明", "备注")


@dataclass
class SheetData:
    """A worksheet as printed: 1-based (row, col) → text; merges as (r0, c0, r1, c1) inclusive."""

    name: str
    hidden: bool = False
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas without a saved value


# --- numbers as printed ------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberStyle:
    decimals: int | None  # None: General (shortest form, as Excel shows it)
    thousands: bool = False
    percent: bool = False


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


@functools.lru_cache(maxsize=256)
def number_style(fmt: str | None) -> NumberStyle:
    """The printed precision of a number format: '#,##0.00' → 2 places with separators."""
    if not fmt or fmt.strip().lower() in ("general", "@", "g/通用格式", "通用格式"):
        return NumberStyle(None)
    section = _QUOTED.sub("", fmt.split(";")[0])
    if not any(ch in section for ch in "0#?"):
        return NumberStyle(None)
    decimals = 0
    point = section.find(".")
    if point != -1:
        decimals = len(re.match(r"[0#?]*", section[point + 1 :]).group(0))  # type: ignore[union-attr]
    thousands = bool(re.search(r"[0#?],[0#?]", section))
    return NumberStyle(decimals, thousands, "%" in section)


def number_to_text(value: int | float | Decimal, fmt: str | None) -> str:
    """A stored number as the sheet prints it, via Decimal (never float arithmetic)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    style = number_style(fmt)
    if style.percent:
        amount = amount.scaleb(2)
    if style.decimals is None:
        text = _general_text(amount)
    else:
        amount = amount.quantize(Decimal(1).scaleb(-style.decimals), rounding="ROUND_HALF_UP")
        text = f"{amount:,f}" if style.thousands else f"{amount:f}"
        if text.startswith("-") and amount == 0:
            text = text[1:]
    return text + "%" if style.percent else text


def _general_text(amount: Decimal) -> str:
    """Excel's General shows at most 15 significant digits; binary noise beyond is not printed."""
    if len(amount.as_tuple().digits) > 15:
        amount = Context(prec=15).plus(amount)
    amount = amount.normalize()
    if amount == amount.to_integral_value():
        return f"{amount.quantize(Decimal(1)):f}"
    return f"{amount:f}"


def clean_text(text: str) -> str:
    """Cell text on one line: line breaks inside a cell joined (no space between CJK)."""
    if not text or not ("\n" in text or "\r" in text or "\xa0" in text or text != text.strip()):
        return text  # the usual cell: nothing to join or trim
    text = text.replace("\xa0", " ").replace("\r", "\n")
    parts = [part.strip() for part in text.split("\n")]
    parts = [part for part in parts if part]
    joined = ""
    for part in parts:
        if joined and (joined[-1].isascii() and part[0].isascii()):
            joined += " "
        joined += part
    return joined


def text_lines(text: str) -> list[str]:
    """A free-text cell (title, paragraph) split into its printed lines."""
    lines = [line.replace("\xa0", " ").strip() for line in text.replace("\r", "\n").split("\n")]
    return [line for line in lines if line]


# --- layout ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def column_letters(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letters(col)}{row}"


@dataclass
class _Layout:
    """Where merged ranges put a span, omit a cell or leave a blank under a tall cell."""

    spans: dict[tuple[int, int], int] = field(default_factory=dict)
    omitted: set[tuple[int, int]] = field(default_factory=set)
    below: dict[tuple[int, int], int] = field(default_factory=dict)  # covered cell → top row


def _layout(sheet: SheetData, first_col: int, last_col: int) -> _Layout:
    layout = _Layout()
    for r0, c0, r1, c1 in sheet.merges:
        c0, c1 = max(c0, first_col), min(c1, last_col)
        if c0 > c1:
            continue
        layout.spans[(r0, c0)] = c1 - c0 + 1
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                if (row, col) == (r0, c0):
                    continue
                if row == r0:
                    layout.omitted.add((row, col))
                else:
                    layout.below[(row, col)] = r0
    return layout


def sheet_to_lines(path: str, sheet: SheetData) -> tuple[list[GridLine], list[Finding]]:
    """One sheet → a BREAK naming it, then its rows as the seed document prints them."""
    lines = [GridLine(LineKind.BREAK, (), Source(path, sheet=sheet.name))]
    findings = hidden_findings(sheet)
    if not sheet.cells:
        return lines, findings
    first_col = min(col for (_, col) in sheet.cells)
    for rows in sheet_segments(sheet):
        lines.extend(_segment_lines(path, sheet, rows, first_col))
    return lines, findings


def sheet_segments(sheet: SheetData) -> list[list[int]]:
    """The sheet's rows cut into tables, so each table keeps its own width.

    A table starts at a single-cell row (its title) that follows an empty row or a note, once
    the table before has had rows of several cells. Rows inside one table are never cut.
    """
    by_row: dict[int, list[str]] = {}
    for (row, _), text in sorted(sheet.cells.items()):
        by_row.setdefault(row, []).append(text)
    segments: list[list[int]] = [[]]
    has_table_rows = False
    after_gap = False
    for row in range(min(by_row), max(by_row) + 1):
        texts = by_row.get(row, [])
        if not texts:
            after_gap = True
            segments[-1].append(row)
            continue
        if len(texts) == 1 and after_gap and has_table_rows:
            segments.append([])
            has_table_rows = False
        segments[-1].append(row)
        has_table_rows = has_table_rows or len(texts) >= 2
        after_gap = len(texts) == 1 and texts[0].startswith(NOTE_PREFIXES)
    return [segment for segment in segments if segment]


def _segment_lines(path: str, sheet: SheetData, rows: list[int], first_col: int) -> list[GridLine]:
    row_set = set(rows)
    last_col = max(col for (row, col) in sheet.cells if row in row_set)
    for r0, c0, _r1, c1 in sheet.merges:  # a merged header cell may reach further right
        if r0 in row_set and (r0, c0) in sheet.cells:
            last_col = max(last_col, c1)
    layout = _layout(sheet, first_col, last_col)
    width = last_col - first_col + 1
    table_rows = {row for row in rows if _filled_count(sheet, row, first_col, last_col) >= 2}
    lines: list[GridLine] = []
    for row in rows:
        filled = [
            (col, sheet.cells[(row, col)])
            for col in range(first_col, last_col + 1)
            if (row, col) in sheet.cells
        ]
        if not filled:
            if _under_table_cell(layout, row, table_rows, first_col, last_col):
                lines.append(_aligned_row(path, sheet, layout, row, first_col, last_col))
            continue
        if len(filled) == 1 and _is_title(layout, row, filled[0], width, table_rows):
            lines.extend(_title_lines(path, sheet, row, *filled[0], layout))
            continue
        lines.append(_aligned_row(path, sheet, layout, row, first_col, last_col))
    return lines


def _filled_count(sheet: SheetData, row: int, first_col: int, last_col: int) -> int:
    return sum(1 for col in range(first_col, last_col + 1) if (row, col) in sheet.cells)


def _under_table_cell(
    layout: _Layout, row: int, table_rows: set[int], first_col: int, last_col: int
) -> bool:
    """An empty row inside a tall header cell of a table: kept, as the seed keeps it."""
    return any(layout.below.get((row, col)) in table_rows for col in range(first_col, last_col + 1))


def _is_title(
    layout: _Layout, row: int, cell: tuple[int, str], width: int, table_rows: set[int]
) -> bool:
    col, text = cell
    if text.startswith(NOTE_PREFIXES) or len(text) > 60:  # a note or a paragraph
        return True
    if layout.spans.get((row, col), 1) >= max(2, width * 3 / 4):  # spread over the table
        return True
    return not any(table_row < row for table_row in table_rows)  # above the first table row


def _title_lines(
    path: str, sheet: SheetData, row: int, col: int, text: str, layout: _Layout
) -> list[GridLine]:
    source = Source(path, sheet=sheet.name, cell=cell_name(row, col))
    span = layout.spans.get((row, col), 1)
    return [
        GridLine(LineKind.TEXT, (GridCell(line, source, span=span),), source)
        for line in text_lines(text)
    ]


def is_meta_row(texts: Iterable[str]) -> bool:
    """A line of metadata cells only (单位：… 2023年度 金额单位：万元), wherever they stand."""
    filled = ["".join(text.split()) for text in texts if text and not text.isspace()]
    return len(filled) >= 2 and all(META_CELL.match(text) for text in filled)


def compact_meta_row(line: GridLine) -> GridLine:
    """A metadata line printed as the seed prints it: its cells without the blanks between."""
    if line.kind is not LineKind.ROW or not is_meta_row(line.texts):
        return line
    cells = tuple(cell for cell in line.cells if cell.text.strip())
    return GridLine(LineKind.ROW, cells, cells[0].source)


def _aligned_row(
    path: str, sheet: SheetData, layout: _Layout, row: int, first_col: int, last_col: int
) -> GridLine:
    cells: list[GridCell] = []
    name, texts, omitted, spans = sheet.name, sheet.cells, layout.omitted, layout.spans
    for col in range(first_col, last_col + 1):
        if (row, col) in omitted:
            continue
        source = Source(path, sheet=name, cell=f"{column_letters(col)}{row}")
        text = clean_text(texts.get((row, col), ""))
        unknown = (row, col) in sheet.uncached
        cells.append(GridCell(text, source, span=spans.get((row, col), 1), unknown=unknown))
    return compact_meta_row(GridLine(LineKind.ROW, tuple(cells), cells[0].source))


# --- hidden content ----------------------------------------------------------------------------


def hidden_findings(sheet: SheetData) -> list[Finding]:
    """Hidden sheets, rows and columns that hold text: read, and said so."""
    source = f"sheet {sheet.name}"
    if sheet.hidden and sheet.cells:
        return [
            Finding(
                HIDDEN_RULE,
                Severity.WARNING,
                f"工作表“{sheet.name}”是隐藏工作表，其内容已一并读入，请核对是否属于公开内容。",
                source=source,
            )
        ]
    findings = []
    rows = sorted({row for row, _ in sheet.cells if row in sheet.hidden_rows})
    if rows:
        findings.append(
            Finding(
                HIDDEN_RULE,
                Severity.WARNING,
                f"工作表“{sheet.name}”第 {ranges_text(rows)} 行是隐藏行（{_rows_preview(sheet, rows)}），"
                "其内容已一并读入，请核对。",
                source=source,
            )
        )
    cols = sorted({col for _, col in sheet.cells if col in sheet.hidden_cols})
    if cols:
        letters = "、".join(column_letters(col) for col in cols)
        findings.append(
            Finding(
                HIDDEN_RULE,
                Severity.WARNING,
                f"工作表“{sheet.name}”第 {letters} 列是隐藏列，其内容已一并读入，请核对。",
                source=source,
            )
        )
    return findings


def _rows_preview(sheet: SheetData, rows: list[int], limit: int = 3) -> str:
    """What the hidden rows hold, so the reviewer sees it without opening the file."""
    previews = []
    for row in rows[:limit]:
        texts = [clean_text(text) for (r, _), text in sorted(sheet.cells.items()) if r == row]
        previews.append(f"第 {row} 行：" + " ".join(texts[:4]) + (" …" if len(texts) > 4 else ""))
    return "；".join(previews) + ("；…" if len(rows) > limit else "")


def ranges_text(numbers: Iterable[int]) -> str:
    """[3, 5, 6, 7] → '3、5–7'."""
    parts: list[str] = []
    run: list[int] = []
    for number in sorted(numbers):
        if run and number == run[-1] + 1:
            run.append(number)
            continue
        if run:
            parts.append(_run_text(run))
        run = [number]
    if run:
        parts.append(_run_text(run))
    return "、".join(parts)


def _run_text(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"
