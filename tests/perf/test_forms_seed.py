"""Reading the seed's 第五部分 附件: four forms, every field as printed.

Expected values are typed from the seed text (lines 2046 to the end), not taken from the reader.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model.performance import PerformanceForm
from juesuan.perf import grid_to_forms
from juesuan.read.celltext import celltext_to_grid

SEED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "corpus"
    / "seed"
    / "000_1e6faaba2ab46285.txt"
)


@pytest.fixture(scope="module")
def forms() -> tuple[PerformanceForm, ...]:
    return grid_to_forms(celltext_to_grid(str(SEED), SEED.read_bytes()))


def test_four_forms_in_document_order(forms):
    assert [(f.id, f.kind, f.name) for f in forms] == [
        ("P1", "部门整体", "本溪市南芬区工业和信息化局"),
        ("P2", "项目", "招商经费"),
        ("P3", "项目", "疫情防控物资及必要生活物资"),
        ("P4", "部门整体", "本溪市南芬区工业和信息化局"),
    ]
    assert [len(f.indicators) for f in forms[:3]] == [22, 8, 9]
    assert [f.complete for f in forms] == [True, True, True, False]
    assert forms[0].title == "部门（单位）整体绩效运行监控表（2023年）"
    assert forms[1].title == "部门预算项目（政策）支出绩效运行监控表（2023年度）"
    assert all(f.year == 2023 and f.money_unit == "万元" for f in forms)
    assert forms[0].source.line == 2048


def test_department_form_head(forms):
    p1 = forms[0]
    assert p1.unit is not None
    assert (p1.unit.printed, p1.unit.code, p1.unit.name, p1.unit.suffix) == (
        "066001本溪市南芬区工业和信息化局-210505000",
        "066001",
        "本溪市南芬区工业和信息化局",
        "210505000",
    )
    funds = p1.funds
    assert funds is not None
    assert funds.headers == (
        "年初预算数",
        "指标下达金额数",
        "6月执行数",
        "6月执行率",
        "全年预计执行数",
    )
    assert funds.budget.value == Decimal("74.29") and funds.budget.source.line == 2065
    assert funds.allocated.value == Decimal("74.29")
    assert funds.executed.value == Decimal("43.81") and funds.executed.source.line == 2067
    assert (funds.rate.raw, funds.rate.value, funds.rate.percent) == (
        "58.98%",
        Decimal("58.98"),
        True,
    )
    assert funds.forecast.value == Decimal("1") and funds.forecast.source.line == 2069


def test_department_task_rows(forms):
    rows = [
        (
            t.item,
            t.budget.value,
            t.allocated.value,
            t.executed.value,
            t.rate.raw,
            t.rate.percent,
            t.forecast.value,
        )
        for t in forms[0].tasks
    ]
    assert rows == [
        (
            "基本支出人员经费（刚性）",
            Decimal("5.38"),
            Decimal("5.38"),
            Decimal("1.95"),
            "0.36",
            False,
            Decimal("0.5"),
        ),
        (
            "基本支出人员经费（保工资）",
            Decimal("64.14"),
            Decimal("64.14"),
            Decimal("38.3"),
            "0.59",
            False,
            Decimal("0.5"),
        ),
        (
            "基本支出公用经费（保运转）",
            Decimal("4.77"),
            Decimal("4.77"),
            Decimal("3.55"),
            "0.74",
            False,
            Decimal("0.6"),
        ),
    ]
    assert forms[0].tasks[1].executed.source.line == 2091


def test_goals_and_progress(forms):
    p1, p2, p3 = forms[:3]
    assert p1.goal_headers == ("年初总体目标", "6月完成情况")
    assert p1.goal == "按时完成年度绩效及各项工作。"
    assert p1.progress.startswith("根据有关文件要求，本溪市工业和信息化局")
    assert (p2.goal, p2.progress) == ("完成任务", "完成")
    assert (p3.goal, p3.progress) == ("完成任务", "计划完成")


def test_department_indicators(forms):
    ind = forms[0].indicators
    first = ind[0]
    assert (first.level1, first.level2, first.level3, first.operator, first.target, first.unit) == (
        "履职效能",
        "重点工作履行情况",
        "重点工作办结率",
        "=",
        "100",
        "%",
    )
    assert (first.current, first.forecast, first.likelihood, first.deviation_reasons) == (
        "完成",
        "0.6",
        ("确定能",),
        (),
    )
    assert first.source.line == 2143
    assert first.source_of("forecast").line == 2151
    qualitative = ind[4]
    assert (qualitative.level1, qualitative.level2, qualitative.level3) == (
        "履职效能",
        "基础管理",
        "依法行政能力",
    )
    assert (qualitative.operator, qualitative.target, qualitative.unit) == ("", "管理规范", "")
    assert (ind[6].level1, ind[6].level2, ind[6].level3) == (
        "预算执行",
        "预算执行效率",
        "预算执行率",
    )
    assert (ind[7].level3, ind[7].operator, ind[7].target) == ("预算调整率", "<=", "5")
    assert (ind[15].level3, ind[15].target, ind[15].unit) == (
        "政府采购管理违法违规行为发生次数",
        "0",
        "次",
    )
    last = ind[21]
    assert (last.level1, last.level2, last.level3, last.target) == (
        "可持续性",
        "体制机制改革",
        "建立预算绩效管理机制",
        "连续",
    )
    assert all(i.likelihood == ("确定能",) for i in ind)


def test_project_forms(forms):
    p2, p3 = forms[1], forms[2]
    assert p2.supervisor.printed == "066本溪市南芬区工业和信息化局-210505000"
    assert p2.supervisor.code == "066"
    assert p2.implementer.printed == "066001本溪市南芬区工业和信息化局-210505000"
    assert (
        p2.funds.budget.value,
        p2.funds.executed.value,
        p2.funds.rate.raw,
        p2.funds.forecast.value,
    ) == (
        Decimal("100"),
        Decimal("70.37"),
        "70.38%",
        Decimal("100"),
    )
    assert [i.level3 for i in p2.indicators] == [
        "运维频道数量",
        "优质内容视频作品",
        "预算执行率",
        "项目实施有效率",
        "项目完成时间",
        "资金拨付及时率",
        "逐步提高残疾人生活质量",
        "促进残疾人平等参与和融入社会",
    ]
    disabled = p2.indicators[6]
    assert (disabled.level1, disabled.level2, disabled.operator, disabled.target) == (
        "效益指标",
        "社会效益指标",
        "",
        "提高",
    )
    video = p3.indicators[0]
    assert (
        video.level3,
        video.operator,
        video.target,
        video.unit,
        video.current,
        video.forecast,
        video.likelihood,
    ) == (
        "优质内容视频作品",
        ">=",
        "100",
        "集",
        "60",
        "100",
        ("有可能",),
    )
    users = p3.indicators[7]
    assert (users.level3, users.operator, users.target, users.unit) == (
        "平台用户人数",
        ">=",
        "200",
        "万人",
    )
    assert (p3.funds.executed.value, p3.funds.rate.raw) == (Decimal("1.72"), "0.86%")


def test_opinions_with_ticks(forms):
    p1 = forms[0]
    suggestions = p1.opinion("结果应用建议")
    assert len(suggestions.choices) == 11
    assert [c.option for c in suggestions.ticked] == ["建议进一步规范预算管理"]
    assert suggestions.ticked[0].text.startswith("根据有关文件精神我们本溪市工业和信息局")
    assert p1.opinion("主管部门审核意见").ticked == ()
    finance = p1.opinion("财政部门审核意见")
    assert [c.option for c in finance.ticked] == ["规范部门预算管理"]
    assert finance.overall == "改进预算项目管理，规范资金使用。"
    assert [c.option for c in forms[1].opinion("结果应用建议").ticked] == [
        "改进预算项目管理（改进措施和方式）"
    ]


def test_cut_off_copy(forms):
    p4 = forms[3]
    assert not p4.complete
    assert p4.missing_sections == (
        "主管部门审核意见",
        "主管部门总体意见",
        "财政部门审核意见",
        "财政部门总体意见",
    )
    assert len(p4.indicators) == 22
    assert p4.opinion("结果应用建议").choices[-1].option == "建议改进政府采购管理"


def test_forms_serialise_to_json(forms):
    text = json.dumps([dataclasses.asdict(f) for f in forms], default=str, ensure_ascii=False)
    data = json.loads(text)
    indicator = data[0]["indicators"][0]
    assert {
        "level1",
        "level2",
        "level3",
        "operator",
        "target",
        "unit",
        "current",
        "forecast",
    } <= set(indicator)
    assert data[0]["funds"]["rate"]["raw"] == "58.98%"
