"""The seed's performance forms through the whole pipeline: every problem the issue lists is found,
with a Chinese message saying why; a corrected copy of the forms gives none of them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model.findings import Finding, Severity
from juesuan.pipeline import load

SEED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "corpus"
    / "seed"
    / "000_1e6faaba2ab46285.txt"
)
PERF = frozenset({"perf"})
ANNEX_START, P4_START = 2046, 3403


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    _, report = load(SEED, select=PERF)
    return list(report.findings)


def found(findings, rule, table, row_key=None, severity=None, column=None):
    return [
        f
        for f in findings
        if f.rule == rule
        and f.table == table
        and (row_key is None or f.row_key == row_key)
        and (severity is None or f.severity is severity)
        and (column is None or f.column == column)
    ]


def test_unrelated_indicators_flagged_with_reason(findings):
    """The reason cites public structure: the project's name, goal and function class."""
    for level3 in (
        "逐步提高残疾人生活质量",
        "促进残疾人平等参与和融入社会",
        "运维频道数量",
        "优质内容视频作品",
    ):
        [f] = found(findings, "perf.unfit_indicator", "P2", level3, Severity.WARNING)
        assert "项目名称“招商经费”" in f.message
        assert "功能科目“2011308 招商引资”均无关" in f.message
    [disabled] = found(findings, "perf.unfit_indicator", "P2", "逐步提高残疾人生活质量")
    assert "涉及“残疾人”" in disabled.message
    for level3 in ("优质内容视频作品", "运维频道数量", "平台用户人数", "媒体宣传次数增长率"):
        [f] = found(findings, "perf.unfit_indicator", "P3", level3)
        assert "项目名称“疫情防控物资及必要生活物资”" in f.message
        assert "整组套用了其他项目的指标" in f.message
    [media] = found(findings, "perf.unfit_indicator", "P3", "媒体宣传次数增长率")
    assert "“媒体”" in media.message and "“宣传”" in media.message
    assert not found(findings, "perf.unfit_indicator", "P3", "资金拨付及时率")
    assert not found(findings, "perf.unfit_indicator", "P1")


def test_indicators_reused_across_projects(findings):
    [f] = found(findings, "perf.reused_indicators", "P3")
    assert "“优质内容视频作品”" in f.message and "“运维频道数量”" in f.message
    assert "资金拨付及时率" not in f.message  # a general indicator may be shared


def test_forecast_below_spent(findings):
    [f] = found(findings, "perf.forecast", "P1", "全年预计执行数", Severity.ERROR, column="")
    assert f.actual == Decimal("1") and f.expected == Decimal("43.81")
    assert "74.29" in f.message and "小于已执行数" in f.message


def test_mixed_rate_forms(findings):
    [f] = found(findings, "perf.rate_form", "P1", "执行率", Severity.WARNING)
    assert "58.98%" in f.message and "0.36" in f.message


def test_rates_recomputed(findings):
    [zhaoshang] = found(findings, "perf.rate", "P2", "执行率")
    assert zhaoshang.severity is Severity.INFO  # 70.37 of 100 is 70.37%: a 尾差 within the envelope
    assert (zhaoshang.expected, zhaoshang.actual) == (Decimal("70.37"), Decimal("70.38"))
    [wages] = found(findings, "perf.rate", "P1", "执行率", column="基本支出人员经费（保工资）")
    assert wages.severity is Severity.ERROR  # 38.3 / 64.14 = 0.597 → 0.60, not 0.59
    assert (wages.expected, wages.actual) == (Decimal("0.60"), Decimal("0.59"))
    assert "38.3÷指标下达金额数64.14" in wages.message


def test_task_rows_sum(findings):
    [f] = found(findings, "perf.task_sum", "P1", "执行数", Severity.INFO)
    assert (f.expected, f.actual, f.tolerance) == (
        Decimal("43.80"),
        Decimal("43.81"),
        Decimal("0.020"),
    )
    assert "尾差" in f.message


def test_forecast_against_certain(findings):
    [f] = found(findings, "perf.forecast_likelihood", "P1", severity=Severity.WARNING)
    assert "0.6" in f.message and "确定能" in f.message and "22个指标" in f.message


def test_other_unit_named(findings):
    [progress] = found(findings, "perf.other_unit", "P1", "6月完成情况")
    assert (
        "本溪市工业和信息化局" in progress.message
        and "本溪市南芬区工业和信息化局" in progress.message
    )


def test_printed_twice_and_cut_off(findings):
    [dup] = found(findings, "perf.duplicate", "P4", severity=Severity.WARNING)
    assert "P1" in dup.message and "重复" in dup.message
    [cut] = found(findings, "perf.cut_off", "P4")
    assert "没有印完" in cut.message and "财政部门审核意见" in cut.message
    assert not found(findings, "perf.duplicate", "P1") and not found(findings, "perf.cut_off", "P1")


def test_project_beside_its_function_is_information(findings):
    [f] = found(findings, "perf.project_function", "T05", "2011308")
    assert f.severity is Severity.INFO
    assert "招商经费" in f.message and "91.97" in f.message and "仅供" in f.message


# ---------------------------------------------------------------- the corrected copy

P1_INDICATOR_FORECASTS = range(2151, 2551, 19)  # the 22 “0.6” cells of P1's indicators
CORRECTIONS = {
    2068: ("58.98%", "58.97%"),  # 43.81 / 74.29
    2069: ("1", "74.29"),
    2084: ("0.36", "36.25%"),  # 1.95 / 5.38
    2085: ("0.5", "5.38"),
    2092: ("0.59", "59.71%"),  # 38.3 / 64.14
    2093: ("0.5", "64.14"),
    2099: ("3.55", "3.56"),  # tasks then add up to 43.81
    2100: ("0.74", "74.63%"),  # 3.56 / 4.77
    2101: ("0.6", "4.77"),
    2769: ("70.38%", "70.37%"),
    2815: ("运维频道数量", "招商项目签约数量"),
    2834: ("优质内容视频作品", "走访客商次数"),
    2837: ("集", "次"),
    2929: ("逐步提高残疾人生活质量", "优化营商环境"),
    2948: ("促进残疾人平等参与和融入社会", "促进招商项目落地"),
    3133: ("优质内容视频作品", "防控物资采购批次"),
    3136: ("集", "批"),
    3152: ("运维频道数量", "生活物资发放户数"),
    3155: ("个", "户"),
    3171: ("平台发稿量、浏览量、选用量在全国排名", "防疫物资验收合格率"),
    3174: ("名", "%"),
    3190: ("平台用户数量增加", "防控物资储备品种"),
    3193: ("人", "种"),
    3228: ("办公经费支出", "防控物资采购支出"),
    3247: ("优质内容版权费支出", "生活物资采购支出"),
    3266: ("平台用户人数", "受益群众人数"),
    3285: ("媒体宣传次数增长率", "疫情防控物资保障率"),
}
NAME_FIXES = {
    2109: ("本溪市工业和信息化局", "本溪市南芬区工业和信息化局"),
    2568: ("本溪市工业和信息局", "本溪市南芬区工业和信息化局"),
}


def corrected_annex() -> bytes:
    """The seed's annex with each problem corrected and the cut-off second copy left out."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for number, (old, new) in CORRECTIONS.items():
        assert lines[number - 1] == "\t" + old, number
        lines[number - 1] = "\t" + new
    for number in P1_INDICATOR_FORECASTS:
        assert lines[number - 1] == "\t0.6", number
        lines[number - 1] = "\t100"
    for number, (old, new) in NAME_FIXES.items():
        assert old in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(old, new)
    annex = lines[ANNEX_START - 1 : P4_START - 1]
    return ("\n".join(annex) + "\n").encode("utf-8")


def test_corrected_copy_gives_no_finding(tmp_path):
    path = tmp_path / "corrected.txt"
    path.write_bytes(corrected_annex())
    disclosure, report = load(path, select=PERF)
    assert [(f.id, f.kind, f.name, len(f.indicators)) for f in disclosure.performance_forms] == [
        ("P1", "部门整体", "本溪市南芬区工业和信息化局", 22),
        ("P2", "项目", "招商经费", 8),
        ("P3", "项目", "疫情防控物资及必要生活物资", 9),
    ]
    assert [(f.rule, f.table, f.row_key, f.message) for f in report.findings] == []
