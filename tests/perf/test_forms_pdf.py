"""Reading the 财政项目支出绩效目标填报表 of the 万里街道 2023 budget PDF (pages 31–35) through the
shared PDF reader. Expected values typed from the PDF as printed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model.performance import TARGET, PerformanceForm
from juesuan.perf import grid_to_forms
from juesuan.read import file_to_grid

PDF = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "corpus"
    / "budget"
    / "putuo_wanli_jiedao_2023_budget_with_performance.pdf"
)
UNIT = "上海市普陀区人民政府万里街道办事处"


@pytest.fixture(scope="module")
def forms() -> tuple[PerformanceForm, ...]:
    return grid_to_forms(file_to_grid(PDF))


def test_five_target_forms(forms):
    assert [(f.id, f.kind, f.name, len(f.indicators)) for f in forms] == [
        ("P1", "项目", "新建万里街道社区公共服务中心", 5),
        ("P2", "项目", "就业援助基地补贴", 4),
        ("P3", "项目", "社区环境整治和建设经费", 4),
        ("P4", "项目", "各类工作经费", 43),
        ("P5", "项目", "公共服务设施运行经费", 9),
    ]
    assert all(f.template == TARGET and f.complete and f.year == 2023 for f in forms)
    assert [f.source.page for f in forms] == [31, 32, 33, 34, 35]


def test_head_fields(forms):
    p1 = forms[0]
    assert p1.supervisor.name == UNIT and p1.implementer.name == UNIT
    assert p1.money_unit == "元"
    attributes = {a.label: a.value for a in p1.attributes}
    assert attributes["项目性质"] == "阶段性项目"
    assert attributes["项目类别"] == "特定目标类"
    assert attributes["计划开始日期"] == "2023-01-01"
    amounts = {a.label: a.amount.value for a in p1.amounts}
    assert amounts["项目资金总额"] == Decimal("4100000.00")
    assert amounts["年度资金申请总额"] == Decimal("4100000.00")
    assert amounts["上年结转资金"] == Decimal("0.00")
    p5 = {a.label: a.amount.value for a in forms[4].amounts}
    assert p5["其中：当年财政拨款"] == Decimal("11419043.00")
    assert p5["年度资金申请总额"] == Decimal("10903043.00")
    assert forms[1].goal == "管理各类下拨费用，实报实销"
    assert forms[1].long_term_goal == "管理各类下拨费用，实报实销"


def test_combined_targets_split(forms):
    area = forms[0].indicators[0]
    assert (area.level1, area.level2, area.level3) == ("产出指标", "数量指标", "规划建筑面积")
    assert (area.operator, area.target, area.unit, area.target_text) == (
        "≥",
        "13459.00",
        "平方米",
        "≥13459.00(平方米)",
    )
    assert area.source.page == 31
    timely = forms[0].indicators[1]
    assert (timely.level2, timely.operator, timely.target, timely.unit) == (
        "质量指标",
        "",
        "及时率",
        "",
    )
    rate = forms[1].indicators[0]
    assert (rate.level3, rate.operator, rate.target, rate.unit) == (
        "补贴对象申请审核完成率",
        "=",
        "100.00",
        "%",
    )
    worded = forms[2].indicators[2]
    assert (worded.level3, worded.operator, worded.target, worded.unit) == (
        "社区居民满意度、幸福感",
        "≥",
        "50",
        "%",
    )
    bare = forms[4].indicators[7]
    assert (bare.level3, bare.operator, bare.target, bare.unit) == ("居民满意度", "", "90", "%")


def test_levels_carried_over_merged_cells(forms):
    p4 = forms[3]
    assert p4.indicators[0].level3 == "成立社戒社康人员习得规范小组"
    assert (p4.indicators[15].level1, p4.indicators[15].level2) == ("产出指标", "质量指标")
    assert p4.indicators[15].level3 == "做好禁毒示范城区标准化建设"
    assert p4.indicators[-1].level3 == "党员群众满意度"
    assert p4.indicators[-1].level1 == "满意度指标"


def test_target_form_rules():
    from juesuan.model.findings import Severity
    from juesuan.pipeline import load

    _, report = load(PDF, select=frozenset({"perf"}))
    got = {(f.rule, f.table, f.row_key, f.severity) for f in report.findings}
    assert (
        "perf.target_amounts",
        "P5",
        "当年财政拨款",
        Severity.ERROR,
    ) in got  # 11,419,043 > 10,903,043
    assert (
        "perf.indicator_incomplete",
        "P1",
        "完工及时率",
        Severity.WARNING,
    ) in got  # 指标值 “及时率”
    assert (
        "perf.indicator_incomplete",
        "P5",
        "居民满意度",
        Severity.WARNING,
    ) in got  # “90%” without operator
    assert not any(
        rule == "perf.indicator_incomplete" and table == "P2" for rule, table, _, _ in got
    )
