"""Legacy binary XLS workbooks (xlrd with formatting): every sheet as printed → grid lines.

Sheets are loaded one by one, so a damaged sheet is reported and the others are still read.
"""

from __future__ import annotations

import io
from typing import Any

from juesuan.model.findings import Finding, Severity
from juesuan.read.grid import DocumentGrid, GridLine, UnreadableError
from juesuan.read.workbook import SheetData, number_to_text, sheet_to_lines

UNREADABLE_SHEET_RULE = "read.unreadable_sheet"


def xls_to_grid(path: str, data: bytes) -> DocumentGrid:
    book = _open_book(path, data)
    lines: list[GridLine] = []
    findings: list[Finding] = []
    missing: list[str] = []
    for index, name in enumerate(book.sheet_names()):
        try:
            sheet = xlrd_sheet_to_sheet(book, book.sheet_by_index(index))
        except Exception as exc:  # one damaged sheet must not lose the others
            missing.append(f"sheet {name}")
            findings.append(
                Finding(
                    UNREADABLE_SHEET_RULE,
                    Severity.ERROR,
                    f"工作表“{name}”无法读取（{type(exc).__name__}: {exc}），其余工作表已读入。",
                    source=f"sheet {name}",
                )
            )
            continue
        sheet_lines, sheet_findings = sheet_to_lines(path, sheet)
        lines.extend(sheet_lines)
        findings.extend(sheet_findings)
    if missing and not lines:
        raise UnreadableError(path, f"工作簿中没有可读的工作表 ({'; '.join(missing)})")
    return DocumentGrid(
        path=path,
        format="xls",
        lines=tuple(lines),
        findings=tuple(findings),
        missing=tuple(missing),
    )


def _open_book(path: str, data: bytes) -> Any:
    import xlrd

    try:
        # xlrd writes its own warnings about damaged files to stdout; the reason goes in our message
        return xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except Exception as exc:  # xlrd raises many kinds for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableError(path, f"无法读取 XLS 工作簿 ({reason})") from exc


def xlrd_sheet_to_sheet(book: Any, xsheet: Any) -> SheetData:
    sheet = SheetData(name=xsheet.name, hidden=xsheet.visibility != 0)
    for row in range(xsheet.nrows):
        for col in range(xsheet.ncols):
            text = _cell_text(book, xsheet.cell(row, col))
            if text:
                sheet.cells[(row + 1, col + 1)] = text
    # xlrd: (first row, row after last, first col, col after last), 0-based
    for rlo, rhi, clo, chi in xsheet.merged_cells:
        sheet.merges.append((rlo + 1, clo + 1, rhi, chi))
    sheet.hidden_rows = {row + 1 for row, info in xsheet.rowinfo_map.items() if info.hidden}
    sheet.hidden_cols = {col + 1 for col, info in xsheet.colinfo_map.items() if info.hidden}
    return sheet


def _cell_text(book: Any, cell: Any) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value).strip()
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return number_to_text(cell.value, _format_string(book, cell.xf_index))
    if cell.ctype == xlrd.XL_CELL_DATE:
        when = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        return when.date().isoformat() if when.time().isoformat() == "00:00:00" else str(when)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    return str(cell.value).strip()


def _format_string(book: Any, xf_index: int | None) -> str | None:
    if xf_index is None:
        return None
    xf = book.xf_list[xf_index]
    fmt = book.format_map.get(xf.format_key)
    return fmt.format_str if fmt else None
