"""Reading 绩效自评表 of three layouts, each through a different reader.

../shared/corpus holds no 自评表 (its web-page excerpts only list them in tables of contents), so
the three pages in tests/perf/data were typed for these tests with invented contents in the
published layouts: the national 项目支出绩效自评表 (分值/得分, 年度指标值/实际完成值, 偏差原因
分析及改进措施, 总分) as cell-per-line text; a provincial 部门预算项目支出绩效自评表 (section
shares “(10分)”/“(90分)”, 权重, 指标性质 | 指标值 | 度量单位 | 完成值, 未完成原因分析, 合计,
coded project name) as HTML; and a 部门整体支出绩效自评表 (年度主要任务 with 金额合计, 年初设定目标,
全年实际值) written to XLSX and DOCX from its typed rows. Expected values typed from those pages.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from juesuan.model.performance import SELF_ASSESSMENT, PerformanceForm
from juesuan.perf import grid_to_forms
from juesuan.pipeline import load
from juesuan.read import file_to_grid

DATA = Path(__file__).resolve().parent / "data"
PERF = frozenset({"perf"})


def only_form(path: Path) -> PerformanceForm:
    [form] = grid_to_forms(file_to_grid(path))
    return form


def values(form: PerformanceForm, attr: str) -> list:
    return [getattr(i, attr) for i in form.indicators]


def test_national_project_form_from_text():
    form = only_form(DATA / "self_assessment_national.txt")
    assert (form.template, form.kind, form.name, form.year, form.money_unit) == (
        SELF_ASSESSMENT, "项目", "社区图书室运行经费", 2023, "万元",
    )  # fmt: skip
    assert form.complete and form.supervisor.name == "示例区文化和旅游局"
    assert form.implementer.name == "示例区图书馆"
    funds = form.funds
    assert funds.label == "年度资金总额"
    assert (funds.budget.value, funds.adjusted.value, funds.executed.value) == (
        Decimal("50.00"), Decimal("48.00"), Decimal("45.60"),
    )  # fmt: skip
    assert (funds.rate.raw, funds.weight.value, funds.score.value) == ("95.00%", 10, Decimal("9.5"))
    assert [(p.label, p.adjusted.raw) for p in form.fund_parts] == [
        ("其中：当年财政拨款", "46.00"), ("上年结转资金", "2.00"), ("其他资金", "0.00"),
    ]  # fmt: skip
    assert form.goal.startswith("保障社区图书室全年开放") and form.progress.endswith("22场。")
    assert values(form, "level3") == [
        "新增图书册数", "阅读推广活动场次", "图书上架准确率", "全年开放天数", "图书借阅人次",
        "读者满意度",
    ]  # fmt: skip
    assert values(form, "level2")[2:4] == ["质量指标", "时效指标"]
    second = form.indicators[1]
    assert (second.operator, second.target, second.unit, second.actual) == ("≥", "24", "场", "22场")
    assert second.deviation == "受场地维修影响少开展2场，下年度提前安排场地。"
    assert [i.weight.value for i in form.indicators] == [20, 15, 10, 10, 20, 15]
    assert [i.score.value for i in form.indicators] == [20, 13, 10, 10, 20, 15]
    assert (form.total_weight.value, form.total_score.value) == (100, Decimal("97.5"))


def test_provincial_project_form_from_html():
    form = only_form(DATA / "self_assessment_provincial.html")
    assert (form.template, form.name, form.year, form.money_unit) == (
        SELF_ASSESSMENT, "农村饮水安全工程维修养护经费", 2023, "万元",
    )  # fmt: skip
    attributes = {a.label: a.value for a in form.attributes}
    assert attributes["项目编码"] == "51000023T000000000001"
    assert attributes["评价结论"] == "项目按计划完成，自评得分99.5分。"
    assert form.implementer.name == "示例县农村供水站"  # 实施单位（盖章）
    assert form.goal == "完成农村饮水安全工程维修养护，保障农村供水安全。"
    assert form.progress == "完成维修养护工程36处，农村供水安全稳定。"
    assert (form.funds.label, form.funds.adjusted.raw, form.funds.executed.raw) == (
        "总额", "80.00", "76.00",
    )  # fmt: skip
    assert [p.label for p in form.fund_parts] == ["其中:财政资金", "财政专户管理资金", "单位资金"]
    assert [(s.label, s.points.value) for s in form.sections] == [
        ("预算执行情况", 10), ("绩效指标", 90),
    ]  # fmt: skip
    assert [(i.level3, i.operator, i.target, i.unit, i.actual) for i in form.indicators] == [
        ("维修养护工程处数", "≥", "35", "处", "36"),
        ("工程验收合格率", "=", "100", "%", "100"),
        ("农村饮水受益人口", "≥", "12000", "人", "12500"),
        ("受益群众满意度", "≥", "90", "%", "92"),
    ]
    assert [i.weight.value for i in form.indicators] == [30, 20, 20, 20]
    assert (form.total_weight.value, form.total_score.value) == (100, Decimal("99.5"))


@pytest.fixture(scope="module", params=["xlsx", "docx"])
def department_file(request, tmp_path_factory) -> Path:
    rows = json.loads((DATA / "self_assessment_department.json").read_text("utf-8"))
    path = tmp_path_factory.mktemp("dept") / f"dept.{request.param}"
    if request.param == "xlsx":
        book = openpyxl.Workbook()
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row, start=1):
                cell = book.active.cell(r, c, text)
                cell.data_type = "s"  # "=3处" is text on the page, not a formula
        book.save(path)
    else:
        document = docx.Document()
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.save(path)
    return path


def test_department_form_from_workbook_and_word(department_file):
    form = only_form(department_file)
    assert (form.template, form.kind, form.name, form.year) == (
        SELF_ASSESSMENT, "部门整体", "示例区文化和旅游局", 2023,
    )  # fmt: skip
    assert form.money_unit == ""  # the page does not say: unknown, not guessed
    assert [(t.task, t.item, t.budget.raw, t.executed.raw) for t in form.tasks] == [
        ("公共文化服务", "社区图书室运行经费", "50.00", "45.60"),
        ("文物保护", "文物保护单位修缮", "120.00", "118.00"),
    ]
    assert (form.funds.label, form.funds.budget.raw, form.funds.executed.raw) == (
        "金额合计", "170.00", "163.60",
    )  # fmt: skip
    assert form.goal == "完成社区图书室运行保障和3处文物保护单位修缮。"
    assert form.progress == "社区图书室全年开放，完成3处文物保护单位修缮。"
    assert [(i.level3, i.operator, i.target, i.unit, i.actual) for i in form.indicators] == [
        ("文物保护单位修缮处数", "=", "3", "处", "3处"),
        ("修缮工程按期完工率", "=", "100", "%", "90%"),
        ("公共文化设施开放天数", "≥", "330", "天", "340天"),
        ("群众满意度", "≥", "90", "%", "95%"),
    ]
    assert (form.total_weight.value, form.total_score.value) == (100, 98)


def test_department_form_findings(department_file):
    """The page's one defect: 按期完工率 90% against =100% with no reason given."""
    _, report = load(department_file, select=PERF)
    assert [(f.rule, f.row_key) for f in report.findings] == [
        ("perf.deviation_unexplained", "修缮工程按期完工率"),
    ]


@pytest.mark.parametrize(
    "name", ["self_assessment_national.txt", "self_assessment_provincial.html"]
)
def test_clean_forms_give_no_finding(name):
    _, report = load(DATA / name, select=PERF)
    assert [(f.rule, f.message) for f in report.findings] == []


def test_target_declaration_form_from_text():
    """A 项目支出绩效目标申报表 (四川 layout: 预算单位, 资金 by source, 总体目标 | 年度目标 | text,
    one 指标值 column with words and numbers), typed with invented contents."""
    form = only_form(DATA / "target_declaration.txt")
    assert (form.template, form.kind, form.name, form.year, form.money_unit) == (
        "目标表", "项目", "社区老年助餐服务补贴", 2024, "万元",
    )  # fmt: skip
    assert form.implementer.name == "示例区民政局" and form.complete
    assert form.goal.startswith("为辖区60周岁以上老年人提供助餐服务")
    amounts = {a.label: a.amount.value for a in form.amounts}
    assert amounts["年度资金总额"] == Decimal("36.50")
    assert amounts["（一）财政拨款小计"] == Decimal("36.50")
    assert amounts["2、政府性基金"] == Decimal("0.00")  # printed "0 .00": read, not a crash
    assert [(i.level3, i.operator, i.target, i.unit) for i in form.indicators] == [
        ("助餐服务人次", "≥", "12000", "人次"),
        ("助餐点食品安全检查合格率", "", "100", "%"),
        ("补贴发放时间", "", "每季度末前发放", ""),
        ("每餐补贴标准", "", "3", "元/餐"),
        ("老年人就餐便利程度", "", "明显提升", ""),
        ("就餐老年人满意度", "≥", "90", "%"),
    ]
    assert [i.target_text for i in form.indicators][3] == "3元/餐"


def test_spaced_decimal_point_in_scores_and_rates_is_read(tmp_path):
    """Regression (issue 15's `0 .36`): a space before the decimal point in a 得分, 执行率 or
    amount is read as the number, never a crash."""
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "示例项目"],
        [
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", "1 .00", "1.00", "0 .36", "10", "0 .36", "3 .6"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        ["", "产出指标", "数量指标", "示例指标", "≥1个", "1个", "90", "90"],
    ]
    text = "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)
    path = tmp_path / "spaced.txt"
    path.write_text(text, "utf-8")
    form = only_form(path)
    funds = form.funds
    assert (funds.budget.value, funds.executed.value, funds.rate.value) == (
        Decimal("1.00"), Decimal("0.36"), Decimal("0.36"),
    )  # fmt: skip
    assert funds.score.value == Decimal("3.6")
