"""XLSX and XLS readers on small workbooks written here with openpyxl and xlwt."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt
from hypothesis import given
from hypothesis import strategies as st

from juesuan.pipeline import read
from juesuan.read import file_to_grid
from juesuan.read.grid import DocumentGrid, LineKind, UnreadableError
from juesuan.read.workbook import number_style, number_to_text
from juesuan.read.xls import xls_to_grid
from juesuan.read.xlsx import xlsx_to_grid

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def xlsx_bytes(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rows_of(grid: DocumentGrid) -> list[tuple[str, ...]]:
    return [line.texts for line in grid.lines if line.kind is LineKind.ROW]


def small_table() -> openpyxl.Workbook:
    """收入决算表 in miniature: title merged across, 项目 over code and name, 合计 merged."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "公开02表"
    sheet["A1"] = "收入决算表"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "金额单位：万元"
    sheet["A3"] = "项目"
    sheet.merge_cells("A3:B3")
    sheet["C3"] = "本年收入合计"
    sheet.merge_cells("C3:C4")
    sheet["D3"] = "财政拨款收入"
    sheet.merge_cells("D3:D4")
    sheet["A4"] = "功能分类科目编码"
    sheet["B4"] = "科目名称"
    sheet["A5"] = "合计"
    sheet.merge_cells("A5:B5")
    sheet["C5"] = 1081.09
    sheet["C5"].number_format = "#,##0.00"
    sheet["D5"] = "1,081.09"  # the same amount stored as text
    sheet["A6"] = "2011308"
    sheet["B6"] = "招商引资"
    sheet["C6"] = 91.9
    sheet["C6"].number_format = "0.00"
    return workbook


def test_xlsx_merged_cells_are_one_cell_with_span_and_covered_cells_omitted() -> None:
    grid = xlsx_to_grid("t.xlsx", xlsx_bytes(small_table()))
    assert grid.lines[0].kind is LineKind.BREAK and grid.lines[0].source.sheet == "公开02表"
    texts = [line.texts for line in grid.lines[1:]]
    assert texts[0] == ("收入决算表",) and grid.lines[1].kind is LineKind.TEXT
    assert ("项目", "本年收入合计", "财政拨款收入") in texts  # 项目 over code and name: one cell
    assert ("功能分类科目编码", "科目名称", "", "") in texts  # under the tall header cells: blanks
    assert ("合计", "1,081.09", "1,081.09") in texts
    assert ("2011308", "招商引资", "91.90", "") in texts  # format 0.00 prints two places
    header = next(line for line in grid.lines if line.texts[:1] == ("项目",))
    assert [cell.span for cell in header.cells] == [2, 1, 1]
    total = next(line for line in grid.lines if line.texts[:1] == ("合计",))
    assert (
        total.cells[1].source.cell == "C5" and total.cells[1].source.label() == "sheet 公开02表!C5"
    )


def test_xls_reads_the_same_table_the_same_way() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("公开02表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    sheet.write_merge(0, 0, 0, 3, "收入决算表")
    sheet.write(1, 0, "金额单位：万元")
    sheet.write_merge(2, 2, 0, 1, "项目")
    sheet.write_merge(2, 3, 2, 2, "本年收入合计")
    sheet.write_merge(2, 3, 3, 3, "财政拨款收入")
    sheet.write(3, 0, "功能分类科目编码")
    sheet.write(3, 1, "科目名称")
    sheet.write_merge(4, 4, 0, 1, "合计")
    sheet.write(4, 2, 1081.09, money)
    sheet.write(4, 3, "1,081.09")
    sheet.write(5, 0, "2011308")
    sheet.write(5, 1, "招商引资")
    sheet.write(5, 2, 91.9, xlwt.easyxf(num_format_str="0.00"))
    out = io.BytesIO()
    book.save(out)
    xls_grid = xls_to_grid("t.xls", out.getvalue())
    xlsx_grid = xlsx_to_grid("t.xlsx", xlsx_bytes(small_table()))
    assert [line.texts for line in xls_grid.lines[1:]] == [
        line.texts for line in xlsx_grid.lines[1:]
    ]
    assert [[c.span for c in line.cells] for line in xls_grid.lines] == [
        [c.span for c in line.cells] for line in xlsx_grid.lines
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (1081.09, "#,##0.00", "1,081.09"),
        (1081.0, "#,##0.00", "1,081.00"),
        (0, "#,##0.00", "0.00"),
        (0.1 + 0.2, "0.00", "0.30"),
        (2.675, "0.00", "2.68"),  # the stored double prints as 2.675, rounded half up as Excel does
        (-5.5, "#,##0.00_);(#,##0.00)", "-5.50"),
        (100.0, "General", "100"),
        (0.1 + 0.2, "General", "0.3"),
        (1234567.891, "#,##0", "1,234,568"),
        (0.5898, "0.00%", "58.98%"),
        (7, "@", "7"),
        (12.5, '#,##0.00"元"', "12.50"),
        (3.14159, "[Red]0.000", "3.142"),
    ],
)
def test_numbers_print_as_their_number_format_shows_them(value: float, fmt: str, text: str) -> None:
    assert number_to_text(value, fmt) == text


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_any_two_place_amount_stored_as_a_double_prints_back_exactly(amount: Decimal) -> None:
    stored = float(amount)  # what Excel keeps in the file
    assert number_to_text(stored, "#,##0.00").replace(",", "") == f"{amount:.2f}"
    assert number_to_text(stored, "0.00") == f"{amount:.2f}"


def test_number_style_reads_precision_and_separators() -> None:
    assert number_style("#,##0.00") == number_style("#,##0.00;[Red]-#,##0.00")
    assert number_style("#,##0.00").decimals == 2 and number_style("#,##0.00").thousands
    assert number_style("General").decimals is None and number_style("0").decimals == 0


def test_hidden_rows_and_sheets_are_read_and_reported() -> None:
    workbook = small_table()
    workbook.active.row_dimensions[6].hidden = True
    workbook.active.column_dimensions["D"].hidden = True
    secret = workbook.create_sheet("底稿")
    secret["A1"] = "工作底稿"
    secret["B1"] = 5
    secret.sheet_state = "hidden"
    grid = xlsx_to_grid("t.xlsx", xlsx_bytes(workbook))
    assert ("2011308", "招商引资", "91.90", "") in rows_of(grid)  # not lost
    assert ("工作底稿", "5") in rows_of(grid)
    messages = {f.rule: [] for f in grid.findings}
    for finding in grid.findings:
        messages[finding.rule].append(finding.message)
    assert set(messages) == {"read.hidden_content"}
    assert any("公开02表" in m and "第 6 行" in m for m in messages["read.hidden_content"])
    assert any("底稿" in m and "隐藏工作表" in m for m in messages["read.hidden_content"])
    assert any("第 D 列是隐藏列" in m for m in messages["read.hidden_content"])
    assert ("合计", "1,081.09", "1,081.09") in rows_of(grid)  # the hidden column D still read
    assert all(f.severity == "warning" for f in grid.findings)


def test_xls_hidden_rows_and_sheets_are_reported() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表")
    sheet.write(0, 0, "项目")
    sheet.write(0, 1, "金额")
    for row in (1, 2, 3):
        sheet.write(row, 0, f"第{row}项")
        sheet.write(row, 1, row)
    sheet.row(2).hidden = True
    sheet.row(3).hidden = True
    hidden = book.add_sheet("隐藏")
    hidden.write(0, 0, "x")
    hidden.visibility = 1
    out = io.BytesIO()
    book.save(out)
    grid = xls_to_grid("t.xls", out.getvalue())
    assert ("第3项", "3") in rows_of(grid)
    text = " ".join(f.message for f in grid.findings)
    assert "第 3–4 行" in text and "隐藏" in text


def test_formula_without_a_saved_value_is_reported_not_read_as_blank() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["项目", "金额"])
    sheet.append(["甲", 1.5])
    sheet.append(["合计", "=SUM(B2:B2)"])
    grid = xlsx_to_grid("t.xlsx", xlsx_bytes(workbook))
    assert [f.rule for f in grid.findings] == ["read.formula_without_value"]
    assert "B3" in grid.findings[0].message


def test_several_tables_on_one_sheet_keep_their_own_width() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["三公经费表"])
    sheet.append(["项目", "预算数", "决算数"])
    sheet.append(["合计", 1.5, 1.5])
    sheet.append([])
    sheet.append(["支出决算表"])
    sheet.append(["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出"])
    sheet.append(["合计", 3, 2, 1])
    rows = rows_of(xlsx_to_grid("t.xlsx", xlsx_bytes(workbook)))
    assert ("合计", "1.5", "1.5") in rows
    assert ("合计", "3", "2", "1", "") in rows


def test_a_metadata_row_spread_over_the_table_keeps_its_cells_together() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["收入支出决算总表"])
    sheet.append(["单位：某局", None, None, "2023年度", None, "金额单位：万元"])
    sheet.append(["项目", "行次", "金额", "项目", "行次", "金额"])
    rows = rows_of(xlsx_to_grid("t.xlsx", xlsx_bytes(workbook)))
    assert rows == [
        ("单位：某局", "2023年度", "金额单位：万元"),
        ("项目", "行次", "金额", "项目", "行次", "金额"),
    ]


def test_a_row_with_only_a_wrapped_label_stays_a_row_of_the_table() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["项    目", "预算数", "决算数"])
    sheet.append(["1、因公出国\n（境）费", None, None])
    sheet.append(["2、公务接待费", 0.5, 0])
    grid = xlsx_to_grid("t.xlsx", xlsx_bytes(workbook))
    assert rows_of(grid) == [
        ("项    目", "预算数", "决算数"),
        ("1、因公出国（境）费", "", ""),
        ("2、公务接待费", "0.5", "0"),
    ]


def test_damaged_workbooks_are_unreadable_with_a_one_line_reason() -> None:
    data = xlsx_bytes(small_table())
    for broken in (data[: len(data) // 2], b"PK\x03\x04" + b"\x00" * 100):
        with pytest.raises(UnreadableError) as caught:
            file_to_grid("broken.xlsx", broken)
        assert "\n" not in str(caught.value)
    with pytest.raises(UnreadableError):
        file_to_grid("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_a_damaged_sheet_is_reported_and_the_others_read() -> None:
    workbook = small_table()
    workbook.create_sheet("第二张")["A1"] = "x"
    source = io.BytesIO(xlsx_bytes(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                content = content[: len(content) // 2]  # cut in the middle of the XML
            zout.writestr(item, content)
    grid = xlsx_to_grid("t.xlsx", out.getvalue())
    assert grid.missing == ("sheet 第二张",)
    assert [f.rule for f in grid.findings] == ["read.unreadable_sheet"]
    assert ("合计", "1,081.09", "1,081.09") in rows_of(grid)


@pytest.mark.parametrize(
    "name",
    ["shanghai_unit_budget_template_2026.xls", "shanghai_unit_budget_template_2026.xlsx",
     "shanghai_dept_budget_template_2026.xlsx"],
)  # fmt: skip
def test_official_blank_templates_read_as_templates_without_numbers(name: str) -> None:
    path = CORPUS / "budget" / name
    grid = file_to_grid(path)
    sheets = [line.source.sheet for line in grid.lines if line.kind is LineKind.BREAK]
    assert len(sheets) >= 15 and grid.findings == () and grid.missing == ()
    headers = [t for line in grid.lines for t in line.texts]
    assert any("财政拨款收入" in t for t in headers) and any("三公" in t for t in headers)
    assert not any(re.fullmatch(r"-?[\d,]+\.\d+", t) for t in headers)  # no amount anywhere
    assert list(read(path).facts()) == []


def test_xls_and_xlsx_templates_read_alike() -> None:
    xls = file_to_grid(CORPUS / "budget" / "shanghai_unit_budget_template_2026.xls")
    xlsx = file_to_grid(CORPUS / "budget" / "shanghai_unit_budget_template_2026.xlsx")
    assert [line.texts for line in xls.lines] == [line.texts for line in xlsx.lines]
