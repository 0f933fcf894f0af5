"""XLSX workbooks (openpyxl): every sheet, visible or hidden, as printed → grid lines.

Numbers are printed the way the cell's number format shows them ('#,##0.00' → 1,081.09), from
the stored value through Decimal. Formulas are read from the values Excel cached when it saved
the file; a formula without a cached value is reported, never read as a blank.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from juesuan.model.findings import Finding, Severity
from juesuan.read.grid import DocumentGrid, GridLine, UnreadableError
from juesuan.read.workbook import SheetData, cell_name, number_to_text, sheet_to_lines

FORMULA_RULE = "read.formula_without_value"
UNREADABLE_SHEET_RULE = "read.unreadable_sheet"


def xlsx_to_grid(path: str, data: bytes) -> DocumentGrid:
    data, broken = _blank_out_broken_sheets(path, data)
    workbook = _open_workbook(path, data)
    formulas = _uncached_formulas(data) if _has_formulas(data) else {}
    lines: list[GridLine] = []
    findings: list[Finding] = [_unreadable_sheet(name, reason) for name, reason in broken]
    missing: list[str] = [f"sheet {name}" for name, _ in broken]
    for worksheet in workbook.worksheets:
        try:
            sheet = worksheet_to_sheet(worksheet)
        except Exception as exc:  # one damaged sheet must not lose the others
            missing.append(f"sheet {worksheet.title}")
            findings.append(_unreadable_sheet(worksheet.title, f"{type(exc).__name__}: {exc}"))
            continue
        sheet_lines, sheet_findings = sheet_to_lines(path, sheet)
        lines.extend(sheet_lines)
        findings.extend(sheet_findings)
        findings.extend(_formula_findings(sheet.name, formulas.get(sheet.name, [])))
    if missing and not any(line.cells for line in lines):
        raise UnreadableError(path, f"工作簿中没有可读的工作表 ({'; '.join(missing)})")
    return DocumentGrid(
        path=path,
        format="xlsx",
        lines=tuple(lines),
        findings=tuple(findings),
        missing=tuple(missing),
    )


def _open_workbook(path: str, data: bytes) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableError(path, f"无法读取 XLSX 工作簿 ({reason})") from exc


def worksheet_to_sheet(worksheet: Any) -> SheetData:
    sheet = SheetData(name=worksheet.title, hidden=worksheet.sheet_state != "visible")
    for cell in _stored_cells(worksheet):
        text = _cell_text(cell)
        if text:
            sheet.cells[(cell.row, cell.column)] = text
    for merged in worksheet.merged_cells.ranges:
        sheet.merges.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
    sheet.hidden_rows = {row for row, dim in worksheet.row_dimensions.items() if dim.hidden}
    sheet.hidden_cols = _hidden_columns(worksheet)
    return sheet


def _stored_cells(worksheet: Any) -> list[Any]:
    """The cells the file holds; iter_rows would visit every cell of a huge formatted range."""
    stored = getattr(worksheet, "_cells", None)
    if isinstance(stored, dict):
        return list(stored.values())
    return [cell for row in worksheet.iter_rows() for cell in row]


def _cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return number_to_text(value, cell.number_format)
    return str(value).strip()


def _hidden_columns(worksheet: Any) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden: set[int] = set()
    for key, dim in worksheet.column_dimensions.items():
        if dim.hidden:
            first = dim.min or column_index_from_string(key)
            hidden.update(range(first, max(first, dim.max or first) + 1))
    return hidden


# --- formulas without cached values ------------------------------------------------------------


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if is_sheet and re.search(rb"<(?:\w+:)?f[ >/]", archive.read(name)):
                return True
    return False


def _uncached_formulas(data: bytes) -> dict[str, list[str]]:
    """Formula cells whose saved value is missing (a file written by a library, not by Excel)."""
    import openpyxl

    formulas_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    values_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    found: dict[str, list[str]] = {}
    for formulas_ws in formulas_wb.worksheets:
        values_ws = values_wb[formulas_ws.title]
        for cell in sorted(_stored_cells(formulas_ws), key=lambda c: (c.row, c.column)):
            if cell.data_type == "f" and values_ws[cell.coordinate].value is None:
                found.setdefault(formulas_ws.title, []).append(cell_name(cell.row, cell.column))
    return found


def _formula_findings(sheet_name: str, cells: list[str]) -> list[Finding]:
    if not cells:
        return []
    shown = "、".join(cells[:10]) + (" 等" if len(cells) > 10 else "")
    return [
        Finding(
            FORMULA_RULE,
            Severity.WARNING,
            f"工作表“{sheet_name}”有 {len(cells)} 个公式单元格没有保存计算结果（{shown}），按空白读入；"
            "请在 Excel 中打开并保存后重新读取。",
            source=f"sheet {sheet_name}",
        )
    ]


def _unreadable_sheet(name: str, reason: str) -> Finding:
    return Finding(
        UNREADABLE_SHEET_RULE,
        Severity.ERROR,
        f"工作表“{name}”无法读取（{reason}），其余工作表已读入。",
        source=f"sheet {name}",
    )


# --- damaged sheets ----------------------------------------------------------------------------

_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _blank_out_broken_sheets(path: str, data: bytes) -> tuple[bytes, list[tuple[str, str]]]:
    """A copy of the file with each worksheet whose XML is damaged replaced by an empty sheet.

    openpyxl gives up on the whole workbook for one bad sheet; this keeps the others readable.
    """
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError, EOFError, zlib_error()) as exc:
        raise UnreadableError(path, f"损坏的 XLSX 文件 ({exc})") from exc
    broken: list[tuple[str, str]] = []
    names = _sheet_part_names(parts)
    for part, content in parts.items():
        if part.startswith("xl/worksheets/") and part.endswith(".xml"):
            try:
                etree.fromstring(content)
            except etree.XMLSyntaxError as exc:
                broken.append((names.get(part, part), f"XML 损坏: {exc}"))
                parts[part] = _EMPTY_SHEET
    if not broken:
        return data, []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for part, content in parts.items():
            copy.writestr(part, content)
    return out.getvalue(), broken


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _sheet_part_names(parts: dict[str, bytes]) -> dict[str, str]:
    """xl/worksheets/sheetN.xml → the sheet's name, from workbook.xml and its relationships."""
    from lxml import etree

    try:
        workbook = etree.fromstring(parts["xl/workbook.xml"])
        rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    except (KeyError, etree.XMLSyntaxError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    names = {}
    for sheet in workbook.iter("{*}sheet"):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names[part] = sheet.get("name", part)
    return names
