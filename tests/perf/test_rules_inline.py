"""Each perf rule on tiny hand-made forms, and the rate envelope as a property."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.findings import Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.performance import (
    Amount,
    Choice,
    FundLine,
    Indicator,
    LabelledAmount,
    Opinion,
    Party,
    PerformanceForm,
    Rate,
)
from juesuan.model.source import Source
from juesuan.model.tables import Cell, CodeKind, Row, Table
from juesuan.rules import perf
from juesuan.rules.registry import spec_of

SRC = Source("inline.txt", line=1)


def amount(text: str) -> Amount:
    return Amount(Decimal(text), text, SRC)


def rate(text: str) -> Rate:
    return Rate(text, Decimal(text.rstrip("%")), text.endswith("%"), SRC)


def line(budget="100", executed="50", rate_text="50.00%", forecast="100", item="") -> FundLine:
    return FundLine(
        "",
        item,
        amount(budget),
        amount(budget),
        amount(executed),
        rate(rate_text),
        amount(forecast),
        SRC,
    )


def indicator(
    level3="预算执行率", op="=", target="100", unit="%", forecast="100", likelihood=("确定能",)
) -> Indicator:
    return Indicator(
        "产出指标",
        "数量指标",
        level3,
        op,
        target,
        unit,
        "完成",
        forecast,
        (),
        likelihood,
        source=SRC,
    )


def form(
    number=1, name="招商经费", kind="项目", funds=None, tasks=(), indicators=(), **extra
) -> PerformanceForm:
    fields = dict(
        number=number,
        kind=kind,
        name=name,
        title="项目支出绩效运行监控表",
        source=SRC,
        money_unit="万元",
        funds=funds or line(),
        tasks=tasks,
        indicators=indicators or (indicator(),),
    )
    fields.update(extra)
    return PerformanceForm(**fields)


def disclosure(*forms: PerformanceForm, tables=()) -> Disclosure:
    return Disclosure(
        "inline.txt",
        "celltext",
        "",
        Metadata(money_unit=MoneyUnit.WAN),
        tables=tables,
        performance_forms=forms,
    )


def run(func, *forms, tables=()):
    """The rule's findings as the engine stamps them (code and severity from @rule)."""
    spec = spec_of(func)
    return [spec.stamp(item) for item in func(disclosure(*forms, tables=tables))]


def test_rate_exact_passes_and_outside_envelope_is_error():
    assert run(perf.rates_match_amounts, form(funds=line("64.14", "38.3", "59.71%"))) == []
    [f] = run(perf.rates_match_amounts, form(funds=line("64.14", "38.3", "0.59")))
    assert f.severity is Severity.ERROR and f.expected == Decimal("0.60")


def test_mixed_rate_forms_warned_once():
    tasks = (line("50", "25", "0.5", "50", item="甲"), line("50", "25", "0.50", "50", item="乙"))
    [f] = run(perf.rates_one_form, form(funds=line("100", "50", "50.00%"), tasks=tasks))
    assert f.severity is Severity.WARNING and "0.5" in f.message
    assert run(perf.rates_one_form, form(funds=line("100", "50", "50.00%"))) == []


def test_forecast_above_budget_is_warning():
    [f] = run(perf.forecasts_plausible, form(funds=line(forecast="120")))
    assert f.severity is Severity.WARNING and "超过" in f.message


def test_task_sum_outside_envelope_is_error():
    tasks = (
        line("60", "30", "50.00%", "60", item="甲"),
        line("30", "15", "50.00%", "30", item="乙"),
    )
    findings = run(perf.tasks_add_up, form(funds=line("100", "50", "50.00%", "100"), tasks=tasks))
    assert {(f.row_key, f.severity) for f in findings} == {
        ("年初预算数", Severity.ERROR),
        ("指标下达金额数", Severity.ERROR),
        ("执行数", Severity.ERROR),
        ("全年预计执行数", Severity.ERROR),
    }


def test_quantitative_indicator_missing_parts():
    missing_unit = indicator("服务企业数量", "≥", "20", "")
    missing_op = indicator("服务企业数量", "", "20", "家")
    measure_only = indicator("完工及时率", "", "及时率", "")
    qualitative = indicator("依法行政能力", "", "管理规范", "")
    findings = run(
        perf.indicators_complete,
        form(indicators=(missing_unit, missing_op, measure_only, qualitative)),
    )
    assert [f.column for f in findings] == ["度量单位", "运算符号", "指标值"]


def test_likelihood_ticked_once():
    none = indicator("甲", likelihood=())
    two = indicator("乙", likelihood=("确定能", "有可能"))
    one = indicator("丙", likelihood=("有可能",))
    findings = run(perf.likelihood_ticked_once, form(indicators=(none, two, one)))
    assert [f.row_key for f in findings] == ["甲", "乙"]


def test_forecast_fraction_beside_certain():
    fraction = indicator("甲", forecast="0.6")
    below = indicator("乙", forecast="80")
    fine = indicator("丙", forecast="0.6", likelihood=("有可能",))
    findings = run(perf.forecast_matches_likelihood, form(indicators=(fraction, below, fine)))
    assert [f.row_key for f in findings] == ["甲", "乙"]


def test_other_unit_named_in_progress():
    unit = Party("本溪市南芬区财政局", "本溪市南芬区财政局", "", "", SRC)
    named = form(
        kind="部门整体",
        unit=unit,
        progress="本溪市财政局按时完成",
        goal_headers=("年初总体目标", "6月完成情况"),
    )
    [f] = run(perf.texts_name_own_unit, named)
    assert f.row_key == "6月完成情况" and "本溪市财政局" in f.message
    own = form(kind="部门整体", unit=unit, progress="本溪市南芬区财政局按时完成")
    assert run(perf.texts_name_own_unit, own) == []


def test_same_title_different_numbers_is_error():
    first = form(1, funds=line("100", "50", "50.00%"))
    second = form(2, funds=line("100", "60", "60.00%"))
    [f] = run(perf.forms_printed_once, first, second)
    assert f.severity is Severity.ERROR and f.table == "P2"
    [same] = run(perf.forms_printed_once, first, form(2, funds=line("100", "50", "50.00%")))
    assert same.severity is Severity.WARNING


def test_cut_off_without_complete_copy_is_error():
    [f] = run(perf.forms_complete, form(complete=False, missing_sections=("财政部门审核意见",)))
    assert f.severity is Severity.ERROR and "财政部门审核意见" in f.message


def test_general_indicators_may_be_shared():
    a = form(1, "招商经费", indicators=(indicator("资金拨付及时率"), indicator("签约项目数量")))
    b = form(
        2, "残疾人康复补贴", indicators=(indicator("资金拨付及时率"), indicator("签约项目数量"))
    )
    [f] = run(perf.indicators_not_reused, a, b)
    assert f.row_key == "签约项目数量"


def test_target_form_parts_within_total():
    amounts = (
        LabelledAmount("年度资金申请总额", amount("10903043.00")),
        LabelledAmount("其中：当年财政拨款", amount("11419043.00")),
    )
    [f] = run(perf.target_parts_within_totals, form(amounts=amounts))
    assert f.severity is Severity.ERROR and f.row_key == "当年财政拨款"


def test_project_function_only_with_t05():
    t05_row = Row(
        "2011308",
        "招商引资",
        (Cell("合计", Decimal("91.97"), "91.97", SRC),),
        SRC,
        code="2011308",
        code_kind=CodeKind.FUNCTION,
    )
    t05 = Table(
        "T05", "一般公共预算财政拨款支出决算表", ("合计",), (t05_row,), SRC, unit=MoneyUnit.WAN
    )
    [f] = run(perf.project_beside_function, form(), tables=(t05,))
    assert f.severity is Severity.INFO and f.row_key == "2011308" and "91.97万元" in f.message


def test_opinion_ticks_do_not_matter_to_rules():
    opinion = Opinion("结果应用建议", (Choice("其他建议", True, "无", SRC),))
    assert run(perf.likelihood_ticked_once, form(opinions=(opinion,))) == []


cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n).scaleb(-2))


@given(executed=cents, base=cents, percent=st.booleans())
def test_correctly_rounded_rate_never_flagged(executed, base, percent):
    """Round trip: a rate printed as its figures' quotient rounded to two places passes."""
    exact = executed / base * (100 if percent else 1)
    printed = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{printed}%" if percent else str(printed)
    assert run(perf.rates_match_amounts, form(funds=line(str(base), str(executed), text))) == []


@given(executed=cents, base=cents)
def test_rate_off_by_a_unit_is_reported(executed, base):
    exact = (executed / base * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    findings = run(
        perf.rates_match_amounts,
        form(funds=line(str(base), str(executed), f"{exact + Decimal('0.01')}%")),
    )
    assert len(findings) == 1 and findings[0].severity in (Severity.INFO, Severity.ERROR)
