"""The 自评表 rules on tiny inline forms: a passing and a failing case each, and the 得分
identity as a property."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.findings import Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.performance import (
    SELF_ASSESSMENT,
    Amount,
    FundLine,
    Indicator,
    LabelledPoints,
    PerformanceForm,
    Points,
)
from juesuan.model.source import Source
from juesuan.rules import perf
from juesuan.rules.registry import spec_of

SRC = Source("inline.txt", line=1)


def pts(text: str) -> Points:
    return Points(Decimal(text), text, SRC)


def amount(text: str) -> Amount:
    return Amount(Decimal(text), text, SRC)


def scored(level3: str, weight: str, score: str, op="≥", target="90", unit="%", actual="95%",
           deviation="") -> Indicator:  # fmt: skip
    return Indicator(
        "产出指标", "数量指标", level3, op, target, unit, source=SRC,
        actual=actual, weight=pts(weight), score=pts(score), deviation=deviation,
    )  # fmt: skip


def fund(
    budget="100", adjusted="100", executed="95", weight="10", score="9.5", label="年度资金总额"
):
    return FundLine(
        "", "", amount(budget), None, amount(executed), None, None, SRC,
        adjusted=amount(adjusted), weight=pts(weight), score=pts(score), label=label,
    )  # fmt: skip


def self_form(*indicators, funds=None, total=("100", "97.5"), sections=(), parts=()):
    return PerformanceForm(
        1,
        "项目",
        "社区图书室运行经费",
        "项目支出绩效自评表",
        SRC,
        template=SELF_ASSESSMENT,
        funds=funds or fund(),
        indicators=indicators
        or (scored("图书借阅人次", "50", "50"), scored("读者满意度", "40", "38")),
        total_weight=pts(total[0]) if total[0] else None,
        total_score=pts(total[1]) if total[1] else None,
        sections=sections,
        fund_parts=parts,
    )


def run(func, *forms):
    disclosure = Disclosure(
        "inline.txt", "celltext", "", Metadata(money_unit=MoneyUnit.WAN), performance_forms=forms
    )
    spec = spec_of(func)  # the findings as the engine stamps them (code and severity from @rule)
    return [spec.stamp(item) for item in func(disclosure)]


def test_scores_add_up_passes():
    sections = (LabelledPoints("绩效指标", pts("90")), LabelledPoints("预算执行情况", pts("10")))
    assert run(perf.scores_add_up, self_form(sections=sections)) == []


def test_weights_not_adding_up_is_error_and_total_must_be_100():
    findings = run(perf.scores_add_up, self_form(total=("95", "97.5")))
    assert {f.row_key for f in findings} == {"分值"}
    [sum_error] = [f for f in findings if f.expected == Decimal("100") and f.actual == Decimal("95")
                   and "之和" in f.message]  # fmt: skip
    assert sum_error.severity is Severity.ERROR
    assert any("百分制" in f.message for f in findings)


def test_section_share_checked():
    sections = (LabelledPoints("绩效指标", pts("80")),)
    [f] = run(perf.scores_add_up, self_form(sections=sections))
    assert f.row_key == "绩效指标" and f.expected == Decimal("90") and f.actual == Decimal("80")


def test_score_total_within_rounding_is_info_outside_is_error():
    # 9.5 + 50 + 38 = 97.5 from three parts printed to 0.1: (3 + 1) × 0.05 = 0.20 of envelope
    [info] = run(perf.scores_add_up, self_form(total=("100", "97.6")))
    assert info.severity is Severity.INFO and info.tolerance == Decimal("0.20")
    [error] = run(perf.scores_add_up, self_form(total=("100", "99")))
    assert error.severity is Severity.ERROR and error.row_key == "得分"


def test_score_above_weight_is_error():
    ok = self_form()
    assert run(perf.scores_within_weights, ok) == []
    bad = self_form(scored("图书借阅人次", "50", "52"), scored("读者满意度", "40", "38"))
    [f] = run(perf.scores_within_weights, bad)
    assert f.row_key == "图书借阅人次" and "超过分值" in f.message and f.severity is Severity.ERROR


def test_unmet_target_needs_a_reason():
    explained = scored("阅读推广活动场次", "40", "36", target="24", unit="场", actual="22场",
                       deviation="场地维修，少开展2场")  # fmt: skip
    assert run(perf.deviations_explained, self_form(explained)) == []
    silent = scored("阅读推广活动场次", "40", "36", target="24", unit="场", actual="22场")
    [f] = run(perf.deviations_explained, self_form(silent))
    assert f.severity is Severity.WARNING and "没有填写偏差原因" in f.message
    assert (f.expected, f.actual) == (Decimal("24"), Decimal("22"))
    met = scored("图书上架准确率", "40", "40", op="≤", target="2", unit="%", actual="1.5%")
    assert run(perf.deviations_explained, self_form(met)) == []


def test_other_units_or_words_are_not_compared():
    other_unit = scored("项目支出", "40", "40", op="≤", target="50", unit="万元", actual="60元")
    wordy = scored("居民满意度", "40", "40", actual="基本满意")
    assert run(perf.deviations_explained, self_form(other_unit, wordy)) == []


def test_unmet_target_with_full_marks_is_warned():
    full = scored("阅读推广活动场次", "40", "40", op="=", target="24", unit="场", actual="22场",
                  deviation="场地维修")  # fmt: skip
    [f] = run(perf.unmet_not_full_marks, self_form(full))
    assert "却得了满分" in f.message
    docked = scored("阅读推广活动场次", "40", "36", op="=", target="24", unit="场", actual="22场")
    assert run(perf.unmet_not_full_marks, self_form(docked)) == []


def test_fund_parts_add_up():
    parts = (
        fund("80", "78", "76", label="其中：当年财政拨款"),
        fund("20", "22", "19", label="上年结转资金"),
    )
    assert run(perf.fund_parts_add_up, self_form(parts=parts)) == []
    wrong = (
        fund("80", "78", "76", label="其中：当年财政拨款"),
        fund("10", "22", "19", label="上年结转资金"),
    )
    [f] = run(perf.fund_parts_add_up, self_form(parts=wrong))
    assert f.row_key == "年初预算数" and f.severity is Severity.ERROR
    assert f.expected == Decimal("90") and f.actual == Decimal("100")


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_scores_equal_to_their_sum_never_flagged(values):
    indicators = tuple(scored(f"指标{i}", "40", str(v)) for i, v in enumerate(values))
    weight_total = 10 + 40 * len(values)
    score_total = Decimal("9.5") + sum(values)
    form = self_form(*indicators, total=(str(weight_total), str(score_total)))
    findings = run(perf.scores_add_up, form)
    assert all("百分制" in f.message for f in findings)  # only the 100-point total may be off
    assert bool(findings) == (weight_total != 100)
