"""Every within-table rule of the budget tables B01–B09: a consistent budget passes, one changed
cell fails, and properties of the identities."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tablekit import (
    B_AMOUNT,
    budget_consistent,
    cols,
    disclosure,
    row,
    table,
    with_filled_b09,
    with_value,
    without_table,
)

from juesuan.model import Disclosure, Severity
from juesuan.report.model import Status
from juesuan.rules.engine import load_rule_modules, run_rules

RULES = load_rule_modules()
BUDGET_WITHIN = sorted(code for code, spec in RULES.items() if "budget-within" in spec.tags)

#: rule → one cell change (table, section, row key, column, new printed text) that breaks it.
BREAKS: dict[str, tuple[str, str, str, str, str]] = {
    "b01.income_total": ("B01", "收入", "事业收入", "预算数", "11.00"),
    "b01.expense_total": ("B01", "支出", "项目支出", "合计", "60.10"),
    "b01.row_total": ("B01", "支出", "住房保障支出", "项目支出", "10.10"),
    "b01.income_grand_total": ("B01", "收入", "上年结转", "预算数", "5.10"),
    "b01.expense_grand_total": ("B01", "支出", "结转下年", "项目支出", "0.10"),
    "b01.grand_totals_equal": ("B01", "支出", "总计", "合计", "165.50"),
    "b01.appropriation": ("B01", "收入", "一般公共预算资金", "预算数", "141.00"),
    "b02.row_total": ("B02", "", "2010102", "合计", "30.10"),
    "b02.classes_total": ("B02", "", "合计", "事业收入", "10.10"),
    "b02.hierarchy": ("B02", "", "2010101", "事业收入", "9.90"),
    "b02.appropriation": ("B02", "", "212", "政府性基金", "9.00"),
    "b03.row_total": ("B03", "", "221", "项目支出", "10.10"),
    "b03.classes_total": ("B03", "", "合计", "基本支出", "100.10"),
    "b03.hierarchy": ("B03", "", "2010102", "项目支出", "30.10"),
    "b04.income_total": ("B04", "收入", "本年收入合计", "预算数", "150.10"),
    "b04.expense_total": ("B04", "支出", "住房保障支出", "一般公共预算", "40.10"),
    "b04.income_grand_total": ("B04", "收入", "总计", "预算数", "155.10"),
    "b04.expense_grand_total": ("B04", "支出", "结转下年", "一般公共预算", "5.10"),
    "b04.grand_totals_equal": ("B04", "收入", "总计", "预算数", "155.10"),
    "b04.row_total": ("B04", "支出", "城乡社区支出", "合计", "10.10"),
    "b05.row_total": ("B05", "", "2010101", "基本支出", "70.10"),
    "b05.classes_total": ("B05", "", "合计", "项目支出", "40.10"),
    "b05.hierarchy": ("B05", "", "22102", "合计", "40.10"),
    "b06.row_total": ("B06", "", "30217", "公用经费", "1.60"),
    "b06.classes_total": ("B06", "", "合计", "人员经费", "80.10"),
    "b06.hierarchy": ("B06", "", "30231", "合计", "2.60"),
    "b07.total": ("B07", "", "公务接待费", "预算数", "2.10"),
    "b07.vehicles": ("B07", "", "公务用车运行维护费", "预算数", "2.90"),
    "b08.row_total": ("B08", "", "21208", "项目支出", "10.10"),
    "b08.classes_total": ("B08", "", "合计", "合计", "10.10"),
    "b08.hierarchy": ("B08", "", "2120801", "合计", "9.90"),
    "b09.row_total": ("B09", "", "22308", "合计", "10.10"),
    "b09.classes_total": ("B09", "", "223", "项目支出", "10.10"),
    "b09.hierarchy": ("B09", "", "22308", "项目支出", "10.10"),
}


def source_for(code: str) -> Disclosure:
    budget = budget_consistent()
    return with_filled_b09(budget) if code.startswith("b09") else budget


def outcome(report_checked: tuple, code: str) -> Status:
    return next(o.status for o in report_checked if o.rule == code)


def test_every_budget_within_rule_has_a_breaking_case() -> None:
    assert sorted(BREAKS) == BUDGET_WITHIN


@pytest.mark.parametrize("code", BUDGET_WITHIN)
def test_rule_passes_on_a_consistent_budget(code: str) -> None:
    report = run_rules(source_for(code), select=frozenset({code}))
    assert outcome(report.checked, code) is Status.PASS
    assert report.findings == ()


@pytest.mark.parametrize("code", BUDGET_WITHIN)
def test_rule_fails_on_one_changed_cell(code: str) -> None:
    table_id, section, key, column, raw = BREAKS[code]
    broken = with_value(source_for(code), table_id, key, column, raw, section)
    report = run_rules(broken, select=frozenset({code}))
    assert outcome(report.checked, code) is Status.FAIL
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors, report.findings
    assert all(f.rule == code and f.table == table_id for f in errors)
    assert any(c.row_key == key and c.column == column for f in errors for c in f.cells)
    assert all(f.tolerance is not None and f.difference is not None for f in errors)
    assert all(c.source.startswith("line ") for f in errors for c in f.cells)


@pytest.mark.parametrize("code", BUDGET_WITHIN)
def test_rule_not_applicable_without_its_table(code: str) -> None:
    (table_id,) = RULES[code].tables
    report = run_rules(without_table(source_for(code), table_id), select=frozenset({code}))
    assert outcome(report.checked, code) is Status.NOT_APPLICABLE


def test_a_cut_off_budget_table_is_insufficient_data() -> None:
    source = budget_consistent()
    cut = replace(
        source,
        tables=tuple(replace(t, complete=False) if t.id == "B03" else t for t in source.tables),
    )
    report = run_rules(cut, select=frozenset({"b03.row_total"}))
    assert outcome(report.checked, "b03.row_total") is Status.INSUFFICIENT_DATA


def test_a_declared_empty_fund_table_is_not_applicable() -> None:
    report = run_rules(budget_consistent(), select=frozenset({"b09.*"}))
    assert {o.status for o in report.checked} == {Status.NOT_APPLICABLE}


def test_the_jiangsu_sangong_table_adds_meetings_and_training_to_its_total() -> None:
    # 合计 11.00 = 1.00 + 2.00 + 3.00 + 会议费 2.00 + 培训费 3.00 (typed by hand).
    report = run_rules(budget_consistent(meetings=True), select=frozenset({"b07.*"}))
    assert {o.status for o in report.checked} == {Status.PASS}
    broken = with_value(budget_consistent(meetings=True), "B07", "会议费", "预算数", "2.50")
    report = run_rules(broken, select=frozenset({"b07.total"}))
    (finding,) = report.findings
    assert finding.severity is Severity.ERROR
    assert (finding.expected, finding.actual) == (Decimal("11.50"), Decimal("11.00"))
    assert "会议费、培训费之和" in finding.message


def test_a_total_without_its_row_is_not_checked_against_the_grand_total() -> None:
    # Shanghai's 财务收支预算总表 prints no 本年收入合计 and no carry-over: 总计 is the items' sum.
    a = B_AMOUNT
    t = table(
        "B01",
        a,
        [
            row("财政拨款收入", cols(a, "31,214,205.80"), "收入"),
            row("一般公共预算资金", cols(a, "31,214,205.80"), "收入", label="1. 一般公共预算资金"),
            row("政府性基金", cols(a, None), "收入", label="2. 政府性基金"),
            row("事业收入", cols(a, None), "收入"),
            row("总计", cols(a, "31,214,205.80"), "收入"),
            row("一般公共服务支出", cols(a, "22,186,440.80"), "支出"),
            row("社会保障和就业支出", cols(a, "3,508,644.00"), "支出"),
            row("卫生健康支出", cols(a, "782,164.00"), "支出"),
            row("住房保障支出", cols(a, "4,736,957.00"), "支出"),
            row("总计", cols(a, "31,214,205.80"), "支出"),
        ],
    )
    budget = disclosure(t)
    report = run_rules(
        replace(budget, meta=replace(budget.meta, kind="预算")), select=frozenset({"b01.*"})
    )
    statuses = {o.rule: o.status for o in report.checked}
    assert report.findings == ()
    assert statuses["b01.income_total"] is Status.PASS
    assert statuses["b01.expense_total"] is Status.PASS
    assert statuses["b01.income_grand_total"] is Status.NOT_APPLICABLE


# --------------------------------------------------------------------------- properties

CENTS = st.integers(min_value=0, max_value=10**8)


def printed(units: int, scale: int) -> str:
    return f"{(Decimal(units) / Decimal(10**scale)).quantize(Decimal('0.01')):,}"


def b03_from_leaves(leaves: list[tuple[int, int]], scale: int) -> Disclosure:
    """A B03 of one class, one 款 and len(leaves) 项 from true amounts (units of 10^-scale),
    each printed rounded to 0.01."""
    from tablekit import code_row

    c = ("合计", "基本支出", "项目支出")

    def values(basic: int, project: int) -> dict[str, str | None]:
        return cols(
            c, printed(basic + project, scale), printed(basic, scale), printed(project, scale)
        )

    basic = sum(b for b, _ in leaves)
    project = sum(p for _, p in leaves)
    rows = [row("合计", values(basic, project)), code_row("201", values(basic, project))]
    rows.append(code_row("20101", values(basic, project)))
    rows += [code_row(f"20101{i:02d}", values(b, p)) for i, (b, p) in enumerate(leaves, start=1)]
    return disclosure(table("B03", c, rows))


LEAVES = st.lists(st.tuples(CENTS, CENTS), min_size=1, max_size=9)


@settings(max_examples=50, deadline=None)
@given(LEAVES)
def test_a_budget_table_rounded_from_true_amounts_never_gives_an_error(
    leaves: list[tuple[int, int]],
) -> None:
    report = run_rules(b03_from_leaves(leaves, scale=4), select=frozenset({"b03.*"}))
    assert not report.has_errors, [f.message for f in report.findings]


@settings(max_examples=50, deadline=None)
@given(LEAVES, st.data())
def test_changing_one_budget_amount_beyond_the_envelope_always_gives_an_error(
    leaves: list[tuple[int, int]], data: st.DataObject
) -> None:
    source = b03_from_leaves(leaves, scale=2)
    t = source.tables[0]
    key, column = data.draw(st.sampled_from([(r.key, c.column) for r in t.rows for c in r.cells]))
    n = max(len(leaves), 3)
    delta = (n + 1) * Decimal("0.005") + Decimal("0.01")
    old = t.row(key).value(column)  # type: ignore[union-attr]
    assert old is not None
    new = old + data.draw(st.sampled_from([1, -1])) * delta
    report = run_rules(
        with_value(source, "B03", key, column, f"{new}"), select=frozenset({"b03.*"})
    )
    assert any(f.severity is Severity.ERROR and f.table == "B03" for f in report.findings)


def b01_from_parts(income: list[int], carry: int, scale: int) -> Disclosure:
    """A B01 whose income items, this year's total, carry-over and 总计 are rounded from true
    amounts; the 支出 side mirrors the income side as classes."""
    a = B_AMOUNT
    this_year = sum(income)
    names = ["一般公共服务支出", "教育支出", "科学技术支出", "卫生健康支出", "住房保障支出"]
    rows = [row(f"收入项{i}", cols(a, printed(v, scale)), "收入") for i, v in enumerate(income)]
    rows += [
        row("本年收入合计", cols(a, printed(this_year, scale)), "收入"),
        row("上年结转", cols(a, printed(carry, scale)), "收入"),
        row("总计", cols(a, printed(this_year + carry, scale)), "收入"),
    ]
    rows += [row(names[i], cols(a, printed(v, scale)), "支出") for i, v in enumerate(income)]
    rows += [
        row("本年支出合计", cols(a, printed(this_year, scale)), "支出"),
        row("结转下年", cols(a, printed(carry, scale)), "支出"),
        row("总计", cols(a, printed(this_year + carry, scale)), "支出"),
    ]
    return disclosure(table("B01", a, rows))


INCOME_PARTS = st.lists(CENTS, min_size=1, max_size=5)


@settings(max_examples=50, deadline=None)
@given(INCOME_PARTS, CENTS)
def test_a_rounded_summary_table_never_gives_an_error(income: list[int], carry: int) -> None:
    report = run_rules(b01_from_parts(income, carry, scale=4), select=frozenset({"b01.*"}))
    assert not report.has_errors, [f.message for f in report.findings]


@settings(max_examples=50, deadline=None)
@given(INCOME_PARTS, CENTS, st.data())
def test_changing_one_summary_amount_beyond_the_envelope_always_gives_an_error(
    income: list[int], carry: int, data: st.DataObject
) -> None:
    source = b01_from_parts(income, carry, scale=2)
    t = source.tables[0]
    target = data.draw(st.sampled_from(t.rows))
    delta = (len(income) + 1) * Decimal("0.005") + Decimal("0.01")
    old = target.value("预算数")
    assert old is not None
    changed = with_value(source, "B01", target.key, "预算数", f"{old + delta}", target.section)
    report = run_rules(changed, select=frozenset({"b01.*"}))
    assert any(f.severity is Severity.ERROR and f.table == "B01" for f in report.findings)


def test_without_a_this_year_line_and_with_a_carry_over_the_total_is_unknown() -> None:
    a = B_AMOUNT
    t = table(
        "B01",
        a,
        [
            row("财政拨款收入", cols(a, "10.00"), "收入"),
            row("上年结转", cols(a, "2.00"), "收入"),
            row("总计", cols(a, "12.00"), "收入"),
        ],
    )
    budget = disclosure(t)
    report = run_rules(
        replace(budget, meta=replace(budget.meta, kind="预算")),
        select=frozenset({"b01.income_total", "b01.income_grand_total"}),
    )
    statuses = {o.rule: o.status for o in report.checked}
    assert statuses == {
        "b01.income_total": Status.INSUFFICIENT_DATA,
        "b01.income_grand_total": Status.PASS,
    }
