"""Renderings of a report: text, JSON (interface.md), standalone HTML, XLSX."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import lxml.html
from openpyxl import load_workbook

from juesuan.model import CellRef, Finding, Severity
from juesuan.report.model import Report, RuleOutcome, Status
from juesuan.report.render import Unreadable, render_html, render_json, render_text, render_xlsx

T06_TAIL = Finding(
    rule="t06.hierarchy",
    severity=Severity.INFO,
    message="公开06表 301“工资福利支出”行 61.93 与其下各款之和 61.92 相差 0.01，在舍入误差范围（±0.040）内，属尾差。",
    table="T06",
    row_key="301",
    column="决算数",
    expected=Decimal("61.92"),
    actual=Decimal("61.93"),
    difference=Decimal("0.01"),
    tolerance=Decimal("0.040"),
    source="line 1524",
    cells=(
        CellRef("T06", "301", "决算数", "", "line 1524", "61.93"),
        CellRef("T06", "30101", "决算数", "", "line 1534", "25.08"),
    ),
)
T01_ERROR = Finding(
    rule="t01.income_total",
    severity=Severity.ERROR,
    message="公开01表 收入“本年收入合计”行 <b>1,091.09</b> 与各项收入之和 1,081.09 相差 10.00，超出舍入误差范围（±0.010），数据不一致。",
    table="T01",
    section="收入",
    row_key="本年收入合计",
    column="决算数",
    expected=Decimal("1081.09"),
    actual=Decimal("1091.09"),
    difference=Decimal("10.00"),
    tolerance=Decimal("0.010"),
    source="line 200",
    cells=(CellRef("T01", "本年收入合计", "决算数", "收入", "line 200", "1,091.09"),),
)
WHOLE = Finding(
    rule="doc.placeholder", severity=Severity.WARNING, message="单位名称为模板占位符“XX局”。"
)

REPORT = Report(
    path="a/seed.txt",
    unit_name="测试局",
    year=2023,
    findings=(WHOLE, T01_ERROR, T06_TAIL),
    checked=(
        RuleOutcome("doc.placeholder", Status.FAIL),
        RuleOutcome("t01.income_total", Status.FAIL),
        RuleOutcome("t06.hierarchy", Status.PASS),
        RuleOutcome("t09.balance", Status.NOT_APPLICABLE, "文档中没有T09"),
        RuleOutcome("x.cut", Status.INSUFFICIENT_DATA, "公开03表不完整"),
    ),
)
CLEAN = Report(
    path="b/clean.txt", unit_name=None, year=None, checked=(RuleOutcome("t07.total", Status.PASS),)
)
BAD = Unreadable("c/broken.pdf", "不是支持的格式")


def test_text_groups_findings_by_table_with_cells_and_a_summary() -> None:
    text = render_text([REPORT, CLEAN], [BAD])
    lines = text.splitlines()
    headings = [line for line in lines if line.startswith("-- ")]
    assert headings == [
        "-- 全文（错误 0，警告 1，提示 0）",
        "-- T01 收入支出决算总表（错误 1，警告 0，提示 0）",
        "-- T06 一般公共预算财政拨款基本支出决算表（错误 0，警告 0，提示 1）",
        "-- 未能完成的检查",
    ]
    assert "   [错误] " + T01_ERROR.message + "  〔t01.income_total〕" in lines
    assert "单元格：T06 301/决算数（第1524行）“61.93”；T06 30101/决算数（第1534行）“25.08”" in text
    assert "检查规则 5 条：通过 1，未通过 2，不适用 1，数据不足 1，出错 0" in text
    assert "x.cut：数据不足（公开03表不完整）" in text
    assert "c/broken.pdf：无法读取（不是支持的格式）" in text
    assert lines[-1] == "汇总：2 份文档，错误 1，警告 1，提示 1；1 份无法读取。"


def test_json_has_the_keys_of_the_interface() -> None:
    data = json.loads(render_json([REPORT], [BAD]))
    [document] = data["documents"]
    assert (document["path"], document["unit_name"], document["year"]) == (
        "a/seed.txt",
        "测试局",
        2023,
    )
    finding = document["findings"][2]
    for key, value in {
        "rule": "t06.hierarchy",
        "severity": "info",
        "table": "T06",
        "section": "",
        "row_key": "301",
        "column": "决算数",
        "expected": "61.92",
        "actual": "61.93",
        "difference": "0.01",
        "tolerance": "0.040",
        "source": "line 1524",
    }.items():
        assert finding[key] == value
    assert finding["message"].startswith("公开06表")
    assert document["checked"][3] == {
        "rule": "t09.balance",
        "status": "not_applicable",
        "detail": "文档中没有T09",
    }
    assert data["unreadable"] == [{"path": "c/broken.pdf", "reason": "不是支持的格式"}]


def test_html_is_standalone_and_escaped() -> None:
    page = render_html([REPORT, CLEAN], [BAD])
    assert page.startswith("<!DOCTYPE html>")
    for external in ("http://", "https://", "<script", "<link", "src="):
        assert external not in page
    assert "&lt;b&gt;1,091.09&lt;/b&gt;" in page  # document text never becomes markup
    tree = lxml.html.fromstring(page)
    rows = tree.xpath("//tr[@class]")
    assert [r.get("class") for r in rows] == ["warning", "error", "info"]
    assert "c/broken.pdf" in tree.text_content()
    assert "未发现问题。" in tree.text_content()  # the clean document


def test_xlsx_has_one_row_per_finding() -> None:
    book = load_workbook(io.BytesIO(render_xlsx([REPORT, CLEAN], [BAD])))
    sheet = book["问题"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("文件", "单位", "年度", "规则", "级别")
    assert len(rows) == 1 + 3 + 1  # header, three findings, the unreadable file
    t06 = rows[3]
    assert t06[3:9] == ("t06.hierarchy", "提示", "T06", None, "301", "决算数")
    assert Decimal(str(t06[9])) == Decimal("61.92") and Decimal(str(t06[10])) == Decimal("61.93")
    assert rows[4][0] == "c/broken.pdf"
    checked = list(book["检查结果"].iter_rows(values_only=True))
    assert len(checked) == 1 + 5 + 1
