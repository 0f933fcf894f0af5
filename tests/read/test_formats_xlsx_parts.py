"""The XLSX reader parses the package's XML itself: dates, booleans, rich text, shared
formulas, sheets in other folders, and the bound on what one part may unpack into."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from juesuan.read import xlsx_parts
from juesuan.read.grid import DocumentGrid, LineKind, UnreadableError
from juesuan.read.xlsx import xlsx_to_grid


def xlsx_bytes(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def texts(grid: DocumentGrid) -> list[str]:
    return [cell.text for line in grid.lines for cell in line.cells if cell.text]


def test_dates_booleans_and_rich_text_print_as_excel_shows_them() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = dt.datetime(2023, 12, 31)
    sheet["A1"].number_format = "yyyy-mm-dd"
    sheet["B1"] = dt.datetime(2024, 1, 2, 8, 30)
    sheet["B1"].number_format = "yyyy-mm-dd hh:mm"
    sheet["C1"] = True
    sheet["D1"] = CellRichText(TextBlock(InlineFont(b=True), "一般公共"), "预算")
    sheet["E1"] = 0.5
    sheet["E1"].number_format = "0.0%"
    grid = xlsx_to_grid("t.xlsx", xlsx_bytes(workbook))
    assert texts(grid) == ["2023-12-31", "2024-01-02 08:30:00", "TRUE", "一般公共预算", "50.0%"]


def test_a_shared_formula_without_values_is_reported_for_every_cell_it_covers() -> None:
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/></c></row>'
        "</sheetData></worksheet>"
    )
    grid = xlsx_to_grid(
        "t.xlsx", replace_part(blank_workbook(), "xl/worksheets/sheet1.xml", sheet_xml)
    )
    assert [f.rule for f in grid.findings] == ["read.formula_without_value"]
    assert "B1、B2" in grid.findings[0].message


def test_a_part_unpacking_beyond_the_bound_makes_the_file_unreadable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workbook = openpyxl.Workbook()
    for row in range(1, 200):
        workbook.active.append(["合计", row, row * 2])
    data = xlsx_bytes(workbook)
    monkeypatch.setattr(xlsx_parts, "MAX_MEMBER_BYTES", 2000)
    with pytest.raises(UnreadableError) as caught:
        xlsx_to_grid("bomb.xlsx", data)
    assert "解压后超过" in caught.value.reason and "\n" not in str(caught.value)


def test_sheets_are_found_through_the_relationships_wherever_they_lie() -> None:
    data = blank_workbook(text="单位：某局")
    moved = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(moved, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            name = item.filename
            if name == "xl/worksheets/sheet1.xml":
                name = "xl/other/first.xml"
            if name == "xl/_rels/workbook.xml.rels":
                content = re.sub(
                    rb'Target="[^"]*sheet1.xml"', b'Target="other/../other/first.xml"', content
                )
            target.writestr(name, content)
    grid = xlsx_to_grid("t.xlsx", moved.getvalue())
    assert texts(grid) == ["单位：某局"]
    assert grid.lines[0].kind is LineKind.BREAK


def blank_workbook(text: str = "") -> bytes:
    workbook = openpyxl.Workbook()
    if text:
        workbook.active["A1"] = text
    return xlsx_bytes(workbook)


def replace_part(data: bytes, part: str, content: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = content.encode() if item.filename == part else source.read(item.filename)
            target.writestr(item.filename, body)
    return out.getvalue()
