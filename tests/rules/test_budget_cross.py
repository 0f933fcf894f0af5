"""The budget's cross-table and document rules: a consistent budget passes, one changed cell (or
table) fails; 决算 documents are left alone, and budgets by the 决算 rules."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tablekit import budget_consistent, consistent, with_value, without_table

from juesuan.model import Disclosure, MoneyUnit, Severity
from juesuan.report.model import Status
from juesuan.rules.engine import load_rule_modules, run_rules

RULES = load_rule_modules()
BUDGET_CROSS = sorted(code for code, spec in RULES.items() if "budget-cross" in spec.tags)
BUDGET_DOCUMENT = sorted(
    code for code, spec in RULES.items() if {"budget", "document"} <= set(spec.tags)
)

BREAKS: dict[str, tuple[str, str, str, str, str]] = {
    "budget.cross.b01_b02.total": ("B02", "", "合计", "合计", "161.00"),
    "budget.cross.b01_b02.income": ("B02", "", "合计", "事业收入", "11.00"),
    "budget.cross.b01_b03.total": ("B03", "", "合计", "合计", "161.00"),
    "budget.cross.b01_b03.class": ("B03", "", "212", "合计", "11.00"),
    "budget.cross.b01_b03.use": ("B03", "", "合计", "项目支出", "61.00"),
    "budget.cross.b01_b04.fund": ("B04", "收入", "政府性基金", "预算数", "11.00"),
    "budget.cross.b04_b01.ceiling": ("B04", "支出", "住房保障支出", "合计", "41.00"),
    "budget.cross.b04_b05.total": ("B05", "", "合计", "合计", "141.00"),
    "budget.cross.b04_b05.class": ("B05", "", "221", "合计", "41.00"),
    "budget.cross.b04_b08.total": ("B08", "", "合计", "合计", "11.00"),
    "budget.cross.b04_b09.total": ("B04", "支出", "本年支出合计", "国有资本经营预算", "1.00"),
    "budget.cross.b05_b03.ceiling": ("B05", "", "2010102", "合计", "31.00"),
    "budget.cross.b05_b06.basic": ("B06", "", "合计", "合计", "101.00"),
    "budget.cross.b06_b07.sangong": ("B06", "", "30217", "合计", "2.50"),
}


def status(report_checked: tuple, code: str) -> Status:
    return next(o.status for o in report_checked if o.rule == code)


def test_every_budget_cross_rule_has_a_breaking_case() -> None:
    assert sorted(BREAKS) == BUDGET_CROSS


@pytest.mark.parametrize("code", BUDGET_CROSS + BUDGET_DOCUMENT)
def test_rule_passes_on_a_consistent_budget(code: str) -> None:
    report = run_rules(budget_consistent(), select=frozenset({code}))
    assert status(report.checked, code) is Status.PASS
    assert report.findings == ()


@pytest.mark.parametrize("code", BUDGET_CROSS)
def test_rule_fails_on_one_changed_cell(code: str) -> None:
    table_id, section, key, column, raw = BREAKS[code]
    broken = with_value(budget_consistent(), table_id, key, column, raw, section)
    report = run_rules(broken, select=frozenset({code}))
    assert status(report.checked, code) is Status.FAIL
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors and all(f.rule == code for f in errors)
    assert any(
        (c.table, c.row_key, c.column) == (table_id, key, column) for f in errors for c in f.cells
    )
    assert all(len({c.table for c in f.cells}) == 2 for f in errors)
    assert all(f.difference is not None and f.tolerance is not None for f in errors)


@pytest.mark.parametrize("code", BUDGET_CROSS)
def test_rule_not_applicable_without_one_of_its_tables(code: str) -> None:
    first, second = RULES[code].tables
    for table_id in (first, second):
        report = run_rules(without_table(budget_consistent(), table_id), select=frozenset({code}))
        assert status(report.checked, code) is Status.NOT_APPLICABLE


@pytest.mark.parametrize("code", BUDGET_CROSS + BUDGET_DOCUMENT)
def test_budget_rules_leave_final_accounts_alone(code: str) -> None:
    report = run_rules(consistent(), select=frozenset({code}))
    assert status(report.checked, code) is Status.NOT_APPLICABLE


def test_final_accounts_rules_stand_aside_for_a_budget() -> None:
    report = run_rules(
        budget_consistent(), select=frozenset({"x.*", "doc.tables_*", "doc.table_blank"})
    )
    assert report.checked and {o.status for o in report.checked} == {Status.NOT_APPLICABLE}


def test_tables_in_different_units_are_not_compared() -> None:
    source = budget_consistent()
    tables = tuple(replace(t, unit=MoneyUnit.YUAN) if t.id == "B05" else t for t in source.tables)
    report = run_rules(
        replace(source, tables=tables), select=frozenset({"budget.cross.b05_b06.basic"})
    )
    assert status(report.checked, "budget.cross.b05_b06.basic") is Status.INSUFFICIENT_DATA


def in_units(source: Disclosure, b06: str, b07: str, value_30217: str) -> Disclosure:
    """B06 in ``b06`` and B07 in ``b07``; B07 公务接待费 0.02 万元 against B06 30217."""
    changed = with_value(source, "B07", "公务接待费", "预算数", "0.02")
    changed = with_value(changed, "B06", "30217", "合计", value_30217)
    units = {"B06": MoneyUnit(b06), "B07": MoneyUnit(b07)}
    tables = tuple(replace(t, unit=units.get(t.id, t.unit)) for t in changed.tables)
    return replace(changed, tables=tables)


def test_sangong_lines_in_yuan_against_the_sangong_table_in_wan() -> None:
    # Shanghai prints B06 in 元 and B07 in 万元. 0.02 万元 printed to 0.01 万元 stands for less than
    # 0.025 万元 = 250 元: a B06 line of 249.00 元 may be inside it, one of 250.01 元 cannot.
    code = "budget.cross.b06_b07.sangong"
    inside = run_rules(
        in_units(budget_consistent(), "元", "万元", "249.00"), select=frozenset({code})
    )
    assert inside.findings == ()
    outside = run_rules(
        in_units(budget_consistent(), "元", "万元", "250.01"), select=frozenset({code})
    )
    (finding,) = outside.findings
    assert finding.severity is Severity.ERROR and finding.table == "B06"
    assert (finding.actual, finding.expected) == (Decimal("250.01"), Decimal("200.0000"))
    assert finding.tolerance == Decimal("50.0000")


# --------------------------------------------------------------------------- document rules


def document_findings(source: Disclosure, code: str) -> list:
    return list(run_rules(source, select=frozenset({code})).findings)


def test_a_missing_required_table_is_an_error_a_missing_fund_table_a_warning() -> None:
    code = "budget.document.tables_present"
    (missing_b03,) = document_findings(without_table(budget_consistent(), "B03"), code)
    assert (missing_b03.severity, missing_b03.table) == (Severity.ERROR, "B03")
    assert "支出预算总表" in missing_b03.message
    (missing_b09,) = document_findings(without_table(budget_consistent(), "B09"), code)
    assert (missing_b09.severity, missing_b09.table) == (Severity.WARNING, "B09")


def test_tables_after_a_cut_are_a_warning() -> None:
    source = without_table(budget_consistent(), "B06")
    tables = tuple(replace(t, complete=False) if t.id == "B05" else t for t in source.tables)
    (finding,) = document_findings(replace(source, tables=tables), "budget.document.tables_present")
    assert finding.severity is Severity.WARNING and "截止" in finding.message


def test_a_table_printed_twice() -> None:
    source = budget_consistent()
    twice = replace(source, tables=(*source.tables, source.tables[1]))
    (finding,) = document_findings(twice, "budget.document.tables_once")
    assert (finding.severity, finding.table) == (Severity.ERROR, "B02")


def test_a_blank_table_without_a_statement() -> None:
    source = budget_consistent()
    blank = tuple(
        replace(t, rows=tuple(replace(r, cells=()) for r in t.rows)) if t.id == "B03" else t
        for t in source.tables
    )
    (finding,) = document_findings(replace(source, tables=blank), "budget.document.table_blank")
    assert (finding.severity, finding.table) == (Severity.ERROR, "B03")


def test_one_table_in_another_money_unit_is_a_warning_but_not_the_sangong_table() -> None:
    source = budget_consistent()
    units = {"B03": MoneyUnit.YUAN, "B07": MoneyUnit.YUAN}
    tables = tuple(replace(t, unit=units.get(t.id, t.unit)) for t in source.tables)
    (finding,) = document_findings(replace(source, tables=tables), "budget.document.money_unit")
    assert (finding.severity, finding.table) == (Severity.WARNING, "B03")


def test_a_budget_with_no_budget_table_is_insufficient_data() -> None:
    source = budget_consistent()
    empty = replace(source, tables=())
    report = run_rules(empty, select=frozenset({"budget.document.tables_present"}))
    assert status(report.checked, "budget.document.tables_present") is Status.INSUFFICIENT_DATA


# --------------------------------------------------------------------------- property


@settings(max_examples=50, deadline=None)
@given(
    basic=st.integers(min_value=0, max_value=10**9),
    shift=st.integers(min_value=2, max_value=10**6),
    sign=st.sampled_from([1, -1]),
)
def test_basic_spending_printed_alike_passes_and_beyond_a_cent_fails(
    basic: int, shift: int, sign: int
) -> None:
    """B05 基本支出 and B06 合计 printed from one true amount never differ; a difference of more
    than 0.01 always errors."""
    code = "budget.cross.b05_b06.basic"
    value = Decimal(basic).scaleb(-2)
    same = with_value(budget_consistent(), "B05", "合计", "基本支出", f"{value:,}")
    same = with_value(same, "B06", "合计", "合计", f"{value:,}")
    assert run_rules(same, select=frozenset({code})).findings == ()
    moved = with_value(same, "B06", "合计", "合计", f"{value + sign * Decimal(shift).scaleb(-2):,}")
    report = run_rules(moved, select=frozenset({code}))
    assert any(f.severity is Severity.ERROR for f in report.findings)


# --------------------------------------------------------------------------- codes of the B tables


def test_the_code_rules_read_the_budget_tables_too() -> None:
    source = budget_consistent()
    b05 = next(t for t in source.tables if t.id == "B05")
    wrong = replace(b05.rows[1], key="2010", code="2010")  # four digits: neither 类 nor 款
    tables = tuple(
        replace(t, rows=(t.rows[0], wrong, *t.rows[2:])) if t.id == "B05" else t
        for t in source.tables
    )
    report = run_rules(replace(source, tables=tables), select=frozenset({"doc.code_digits"}))
    assert [(f.table, f.row_key, f.severity) for f in report.findings] == [
        ("B05", "2010", Severity.ERROR)
    ]
    clean = run_rules(source, select=frozenset({"doc.code_*"}))
    assert {o.status for o in clean.checked} == {Status.PASS}
