"""XLSX workbooks: every sheet, visible or hidden, as printed → grid lines.

The package's XML is parsed directly (``xlsx_parts``): the reader never builds openpyxl's
workbook of styled cell objects. Numbers are printed the way the cell's number format shows
them ('#,##0.00' → 1,081.09), from the stored value through Decimal. Formulas are read from the
values Excel cached when it saved the file; a formula without a cached value is reported and
its grid cell marked ``unknown``: never read as a blank. A sheet whose XML is damaged is reported and the others are read.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from juesuan.model.findings import Finding, Severity
from juesuan.read.grid import DocumentGrid, GridLine, UnreadableError
from juesuan.read.workbook import SheetData, cell_name, sheet_to_lines
from juesuan.read.xlsx_parts import (
    MAX_MEMBER_BYTES,
    Book,
    PartError,
    PartTooLarge,
    read_book,
    read_sheet,
)

FORMULA_RULE = "read.formula_without_value"
UNREADABLE_SHEET_RULE = "read.unreadable_sheet"

__all__ = ["MAX_MEMBER_BYTES", "xlsx_to_grid"]


def xlsx_to_grid(path: str, data: bytes) -> DocumentGrid:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = read_book(archive)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise UnreadableError(path, f"损坏的 XLSX 文件 ({exc})") from exc
    except (PartError, ValueError, IndexError) as exc:
        raise UnreadableError(path, f"无法读取 XLSX 工作簿 ({exc})") from exc
    with archive:
        try:
            return book_to_grid(path, archive, book)
        except PartTooLarge as exc:  # a zip bomb is refused as a whole
            raise UnreadableError(path, str(exc)) from exc


def book_to_grid(path: str, archive: zipfile.ZipFile, book: Book) -> DocumentGrid:
    lines: list[GridLine] = []
    broken: list[Finding] = []  # listed first, as a damaged sheet is found before reading
    findings: list[Finding] = []
    missing: list[str] = []
    for ref in book.sheets:
        sheet = SheetData(name=ref.name, hidden=ref.hidden)
        uncached: list[tuple[int, int]] = []
        try:
            parsed = read_sheet(archive, ref.part, book)
        except PartTooLarge:
            raise
        except (PartError, ValueError, IndexError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            missing.append(f"sheet {ref.name}")  # one damaged sheet must not lose the others
            broken.append(_unreadable_sheet(ref.name, str(exc)))
        else:
            sheet.cells, sheet.merges = parsed.cells, parsed.merges
            sheet.hidden_rows, sheet.hidden_cols = parsed.hidden_rows, parsed.hidden_cols
            uncached = parsed.uncached
            sheet.uncached = set(uncached)
        sheet_lines, sheet_findings = sheet_to_lines(path, sheet)
        lines.extend(sheet_lines)
        findings.extend(sheet_findings)
        findings.extend(_formula_findings(ref.name, [cell_name(r, c) for r, c in sorted(uncached)]))
    if missing and not any(line.cells for line in lines):
        raise UnreadableError(path, f"工作簿中没有可读的工作表 ({'; '.join(missing)})")
    return DocumentGrid(
        path=path,
        format="xlsx",
        lines=tuple(lines),
        findings=tuple(broken + findings),
        missing=tuple(missing),
    )


def _formula_findings(sheet_name: str, cells: list[str]) -> list[Finding]:
    if not cells:
        return []
    shown = "、".join(cells[:10]) + (" 等" if len(cells) > 10 else "")
    return [
        Finding(
            FORMULA_RULE,
            Severity.WARNING,
            f"工作表“{sheet_name}”有 {len(cells)} 个公式单元格没有保存计算结果（{shown}），值未知："
            "不作为空白或 0 读入，涉及这些单元格的核对不进行；请在 Excel 中打开并保存后重新读取。",
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
