"""Every within-table rule: a tiny inline table that passes and one that fails."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tablekit import (
    AMOUNT,
    T02_COLUMNS,
    code_row,
    cols,
    consistent,
    disclosure,
    row,
    t04,
    t06,
    table,
    with_value,
    without_table,
)

from juesuan.model import CodeKind, Disclosure, Finding, Severity, Table
from juesuan.report.model import Status
from juesuan.rules.engine import load_rule_modules, run_rules
from juesuan.rules.helpers import amount, check_derived, check_equal, check_not_above
from juesuan.rules.registry import Defect, RuleSpec

RULES = load_rule_modules()
WITHIN = sorted(code for code, spec in RULES.items() if "within" in spec.tags)

#: rule → one cell change (table, section, row key, column, new printed text) that breaks it.
BREAKS: dict[str, tuple[str, str, str, str, str]] = {
    "t01.income_total": ("T01", "收入", "本年收入合计", "决算数", "121.00"),
    "t01.income_grand_total": ("T01", "收入", "总计", "决算数", "126.00"),
    "t01.expense_total": ("T01", "支出", "本年支出合计", "决算数", "116.00"),
    "t01.expense_grand_total": ("T01", "支出", "年末结转和结余", "决算数", "11.00"),
    "t01.grand_totals_equal": ("T01", "支出", "总计", "决算数", "126.00"),
    "t02.row_total": ("T02", "", "2010102", "本年收入合计", "31.00"),
    "t02.classes_total": ("T02", "", "合计", "财政拨款收入", "101.00"),
    "t02.hierarchy": ("T02", "", "20101", "事业收入", "11.00"),
    "t03.row_total": ("T03", "", "205", "项目支出", "15.10"),
    "t03.classes_total": ("T03", "", "合计", "基本支出", "70.10"),
    "t03.hierarchy": ("T03", "", "2010101", "本年支出合计", "60.10"),
    "t04.row_total": ("T04", "支出", "教育支出", "合计", "16.00"),
    "t04.income_total": ("T04", "收入", "本年收入合计", "决算数", "101.00"),
    "t04.expense_total": ("T04", "支出", "本年支出合计", "一般公共预算财政拨款", "96.00"),
    "t04.grand_totals": ("T04", "收入", "总计", "决算数", "106.00"),
    "t04.carry_over": ("T04", "支出", "年末财政拨款结转和结余", "一般公共预算财政拨款", "11.00"),
    "t05.row_total": ("T05", "", "2010101", "合计", "50.10"),
    "t05.classes_total": ("T05", "", "合计", "项目支出", "35.10"),
    "t05.hierarchy": ("T05", "", "205", "基本支出", "10.10"),
    "t06.hierarchy": ("T06", "", "30101", "决算数", "30.10"),
    "t06.personnel_total": ("T06", "", "人员经费合计", "决算数", "45.10"),
    "t06.public_total": ("T06", "", "公用经费合计", "决算数", "14.90"),
    "t07.total": ("T07", "", "合计", "决算数", "2.60"),
    "t07.vehicles": ("T07", "", "公务用车运行维护费", "预算数", "1.90"),
    "t08.classes_total": ("T08", "", "合计", "本年收入", "10.10"),
    "t08.hierarchy": ("T08", "", "212", "年初结转和结余", "1.10"),
    "t08.expense_total": ("T08", "", "2120801", "基本支出", "3.10"),
    "t08.balance": ("T08", "", "21208", "年末结转和结余", "3.10"),
    "t09.classes_total": ("T09", "", "合计", "年末结转和结余", "3.10"),
    "t09.hierarchy": ("T09", "", "22308", "本年收入", "9.90"),
    "t09.expense_total": ("T09", "", "合计", "项目支出", "5.10"),
    "t09.balance": ("T09", "", "2230801", "年初结转和结余", "1.10"),
}


def outcome(report_checked: tuple, code: str) -> Status:
    return next(o.status for o in report_checked if o.rule == code)


def test_every_within_rule_has_a_breaking_case() -> None:
    assert sorted(BREAKS) == WITHIN


@pytest.mark.parametrize("code", WITHIN)
def test_rule_passes_on_consistent_tables(code: str) -> None:
    report = run_rules(consistent(), select=frozenset({code}))
    assert outcome(report.checked, code) is Status.PASS
    assert report.findings == ()


@pytest.mark.parametrize("code", WITHIN)
def test_rule_fails_on_one_changed_cell(code: str) -> None:
    table_id, section, key, column, raw = BREAKS[code]
    broken = with_value(consistent(), table_id, key, column, raw, section)
    report = run_rules(broken, select=frozenset({code}))
    assert outcome(report.checked, code) is Status.FAIL
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors, report.findings
    assert all(f.rule == code and f.table == table_id for f in errors)
    assert any(c.row_key == key and c.column == column for f in errors for c in f.cells)
    assert all(f.tolerance is not None and f.difference is not None for f in errors)


@pytest.mark.parametrize("code", WITHIN)
def test_rule_not_applicable_without_its_table(code: str) -> None:
    (table_id,) = RULES[code].tables
    report = run_rules(without_table(consistent(), table_id), select=frozenset({code}))
    assert outcome(report.checked, code) is Status.NOT_APPLICABLE


def test_rule_on_a_cut_off_table_is_insufficient_data() -> None:
    source = consistent()
    cut = replace(
        source,
        tables=tuple(replace(t, complete=False) if t.id == "T02" else t for t in source.tables),
    )
    report = run_rules(cut, select=frozenset({"t02.row_total"}))
    assert outcome(report.checked, "t02.row_total") is Status.INSUFFICIENT_DATA


def test_rounding_difference_is_an_info_with_the_envelope() -> None:
    # 合计 1,081.09 against classes 91.97 + 989.11 = 1,081.08: n = 2, tolerance 0.015.
    c = ("本年收入合计", "财政拨款收入")
    t = table(
        "T02",
        c,
        [
            row("合计", cols(c, "1,081.09", "1,081.09")),
            code_row("201", cols(c, "91.97", "91.97")),
            code_row("215", cols(c, "989.11", "989.11")),
        ],
    )
    report = run_rules(disclosure(t), select=frozenset({"t02.classes_total"}))
    assert outcome(report.checked, "t02.classes_total") is Status.PASS
    assert [f.severity for f in report.findings] == [Severity.INFO, Severity.INFO]
    finding = report.findings[0]
    assert (finding.expected, finding.actual) == (Decimal("1081.08"), Decimal("1081.09"))
    assert (finding.difference, finding.tolerance) == (Decimal("0.01"), Decimal("0.015"))
    assert finding.message == (
        "公开02表 合计行“本年收入合计”栏 1,081.09 与各类之和 1,081.08 相差 0.01，"
        "在舍入误差范围（±0.015）内，属尾差。"
    )


def test_just_outside_the_envelope_is_an_error() -> None:
    # two parts: tolerance 0.015; 0.02 is outside.
    c = ("合计", "基本支出", "项目支出")
    t = table("T05", c, [row("合计", cols(c, "10.02", "5.00", "5.00"))])
    report = run_rules(disclosure(t), select=frozenset({"t05.row_total"}))
    (finding,) = report.findings
    assert finding.severity is Severity.ERROR
    assert "超出舍入误差范围（±0.015）" in finding.message


def test_blank_is_not_a_part_but_a_printed_zero_is() -> None:
    c = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出")
    # 0.02 off: outside for two printed parts (±0.015), inside for three (±0.020).
    blank = table("T03", c, [row("合计", cols(c, "5.02", "3.00", "2.00", None))])
    zero = table("T03", c, [row("合计", cols(c, "5.02", "3.00", "2.00", "0.00"))])
    [blank_finding] = run_rules(disclosure(blank), select=frozenset({"t03.row_total"})).findings
    [zero_finding] = run_rules(disclosure(zero), select=frozenset({"t03.row_total"})).findings
    assert (blank_finding.severity, blank_finding.tolerance) == (Severity.ERROR, Decimal("0.015"))
    assert (zero_finding.severity, zero_finding.tolerance) == (Severity.INFO, Decimal("0.020"))


def test_blank_total_with_printed_parts_is_an_error() -> None:
    c = ("合计", "基本支出", "项目支出")
    t = table("T05", c, [row("合计", cols(c, None, "5.00", "1.00"))])
    [finding] = run_rules(disclosure(t), select=frozenset({"t05.row_total"})).findings
    assert finding.severity is Severity.ERROR
    assert "空白" in finding.message


def test_class_without_printed_children_is_a_leaf() -> None:
    c = T02_COLUMNS
    t = table(
        "T02",
        c,
        [
            row("合计", cols(c, "30.00", "30.00", None)),
            code_row("201", cols(c, "30.00", "30.00", None)),  # no 款 printed
        ],
    )
    report = run_rules(disclosure(t), select=frozenset({"t02.hierarchy", "t02.classes_total"}))
    assert outcome(report.checked, "t02.hierarchy") is Status.NOT_APPLICABLE
    assert outcome(report.checked, "t02.classes_total") is Status.PASS


def test_item_under_its_own_class_only() -> None:
    # 2050201 belongs to 20502, not to 20101: a wrong parent would break the sums.
    c = ("本年收入合计", "财政拨款收入")
    t = table(
        "T02",
        c,
        [
            code_row("201", cols(c, "5.00", "5.00")),
            code_row("20101", cols(c, "5.00", "5.00")),
            code_row("2010101", cols(c, "5.00", "5.00")),
            code_row("205", cols(c, "7.00", "7.00")),
            code_row("20502", cols(c, "7.00", "7.00")),
            code_row("2050201", cols(c, "7.00", "7.00")),
        ],
    )
    assert run_rules(disclosure(t), select=frozenset({"t02.hierarchy"})).findings == ()


def test_t04_closing_by_fund_from_sub_rows() -> None:
    # A template printing 年末 per fund on the sub-rows' 支出 side instead of in fund columns.
    source = t04()
    rows = [r for r in source.rows if r.key != "年末财政拨款结转和结余"]
    s = ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    rows.insert(-1, row("年末财政拨款结转和结余", cols(s, "10.00", None, None, None), "支出"))
    rows.insert(
        -1, row("年末财政拨款结转和结余/一般公共预算财政拨款", cols(("合计",), "12.00"), "支出")
    )
    report = run_rules(
        disclosure(replace(source, rows=tuple(rows))), select=frozenset({"t04.carry_over"})
    )
    [finding] = report.findings
    assert finding.severity is Severity.ERROR
    assert finding.row_key == "年末财政拨款结转和结余/一般公共预算财政拨款"
    assert (finding.expected, finding.actual) == (Decimal("10.00"), Decimal("12.00"))


def test_t06_groups_follow_the_tables_own_headings() -> None:
    # A table that prints 302 under 人员经费 decides so itself.
    source = t06()
    rows = tuple(
        replace(r, section="人员经费" if r.code in ("301", "302", "303") else "公用经费")
        if r.code and len(r.code) == 3
        else r
        for r in source.rows
    )
    t = replace(source, rows=rows)
    t = with_value(disclosure(t), "T06", "人员经费合计", "决算数", "60.00").tables[0]
    t = with_value(disclosure(t), "T06", "公用经费合计", "决算数", "0.00").tables[0]
    report = run_rules(disclosure(t), select=frozenset({"t06.personnel_total", "t06.public_total"}))
    assert report.findings == ()


def test_t06_does_not_mix_function_codes_into_classes() -> None:
    t = table(
        "T06",
        AMOUNT,
        [
            code_row("301", cols(AMOUNT, "5.00"), CodeKind.ECONOMIC),
            code_row("201", cols(AMOUNT, "9.00"), CodeKind.FUNCTION),
            row("人员经费合计", cols(AMOUNT, "5.00")),
            row("公用经费合计", cols(AMOUNT, "0.00")),
        ],
    )
    report = run_rules(disclosure(t), select=frozenset({"t06.*"}))
    assert report.findings == ()


# --------------------------------------------------------------------------- properties

CENTS = st.integers(min_value=0, max_value=10**8)


def t05_from_leaves(leaves: list[tuple[int, int]], scale: int) -> Disclosure:
    """A T05 of one class, one 款 and len(leaves) 项, from true amounts in units of 10^-scale
    元 (basic, project), each printed rounded half-up to 0.01."""

    def printed(units: int) -> str:
        value = (Decimal(units) / Decimal(10**scale)).quantize(Decimal("0.01"))
        return f"{value:,}"

    def values(basic: int, project: int) -> dict[str, str | None]:
        return cols(
            ("合计", "基本支出", "项目支出"),
            printed(basic + project),
            printed(basic),
            printed(project),
        )

    basic = sum(b for b, _ in leaves)
    project = sum(p for _, p in leaves)
    rows = [row("合计", values(basic, project)), code_row("201", values(basic, project))]
    rows.append(code_row("20101", values(basic, project)))
    rows += [code_row(f"20101{i:02d}", values(b, p)) for i, (b, p) in enumerate(leaves, start=1)]
    return disclosure(table("T05", ("合计", "基本支出", "项目支出"), rows))


LEAVES = st.lists(st.tuples(CENTS, CENTS), min_size=1, max_size=9)


@settings(max_examples=60, deadline=None)
@given(LEAVES)
def test_a_table_rounded_from_true_amounts_never_gives_an_error(
    leaves: list[tuple[int, int]],
) -> None:
    report = run_rules(t05_from_leaves(leaves, scale=4), select=frozenset({"t05.*"}))
    assert not report.has_errors, [f.message for f in report.findings]


@settings(max_examples=60, deadline=None)
@given(LEAVES, st.data())
def test_changing_one_amount_beyond_the_envelope_always_gives_an_error(
    leaves: list[tuple[int, int]], data: st.DataObject
) -> None:
    # Exact amounts (scale 2): a change of (n+1)×0.005 + 0.01 exceeds every envelope it is in.
    source = t05_from_leaves(leaves, scale=2)
    t = source.tables[0]
    target = data.draw(st.sampled_from([(r.key, c.column) for r in t.rows for c in r.cells]))
    n = max(len(leaves), 2)
    delta = (n + 1) * Decimal("0.005") + Decimal("0.01")
    sign = data.draw(st.sampled_from([1, -1]))
    old = t.row(target[0]).value(target[1])  # type: ignore[union-attr]
    assert old is not None
    new = old + sign * delta
    changed = with_value(source, "T05", target[0], target[1], f"{new}")
    report = run_rules(changed, select=frozenset({"t05.*"}))
    assert any(f.severity is Severity.ERROR and f.table == "T05" for f in report.findings)


# --------------------------------------------------------------------------- helpers used by every rule module


#: What a rule using a helper is: the helpers leave code (and their explicit severity) to stamp.
HELPER_RULE = RuleSpec(
    code="x.test", severity=Severity.ERROR, title="", tables=(), tags=(), func=lambda _: ()
)


def stamped(defect: Defect | None) -> Finding | None:
    """The finding the engine makes of a helper's defect (None stays None: an exact match)."""
    return None if defect is None else HELPER_RULE.stamp(defect)


def helper_table() -> Table:
    c = ("合计", "基本支出", "项目支出")
    return table(
        "T05",
        c,
        [
            row("合计", cols(c, "10.00", "10.01", None)),
            code_row("201", cols(c, "10.00", "10.00", None)),
        ],
    )


def test_check_not_above_has_no_tolerance() -> None:
    t = helper_table()
    smaller, larger = amount(t, "合计", "基本支出"), amount(t, "合计", "合计")
    finding = stamped(check_not_above(smaller, larger, "基本支出不应大于合计"))
    assert finding is not None and finding.severity is Severity.ERROR and finding.rule == "x.test"
    assert (finding.difference, finding.tolerance) == (Decimal("0.01"), Decimal(0))
    assert finding.message == (
        "公开05表 合计行“基本支出”栏 10.01 大于公开05表 合计行“合计”栏 10.00，超出 0.01；基本支出不应大于合计。"
    )
    assert check_not_above(larger, smaller, "") is None
    assert check_not_above(amount(t, "合计", "项目支出"), larger, "") is None  # blank


def test_check_equal_envelope_is_one_cent() -> None:
    t = helper_table()
    total, basic = amount(t, "合计", "合计"), amount(t, "合计", "基本支出")
    inside = stamped(check_equal(total, basic))
    assert (
        inside is not None
        and inside.severity is Severity.INFO
        and inside.tolerance == Decimal("0.01")
    )
    assert check_equal(total, amount(t, "201", "合计")) is None  # exact
    t2 = with_value(disclosure(t), "T05", "合计", "基本支出", "10.02").tables[0]
    outside = stamped(check_equal(total, amount(t2, "合计", "基本支出"), severity=Severity.WARNING))
    assert outside is not None and outside.severity is Severity.WARNING
    assert outside.table == "T05" and outside.column == "基本支出"


def test_helper_severity_is_explicit_not_the_rules() -> None:
    # The helpers' error (and info for a 尾差) stand whatever the severity of the rule yielding
    # them: a warning rule that uses check_sum still reports an error beyond the envelope.
    t = helper_table()
    warning_rule = replace(HELPER_RULE, severity=Severity.WARNING)
    total, basic = amount(t, "合计", "合计"), amount(t, "合计", "基本支出")
    t2 = with_value(disclosure(t), "T05", "合计", "基本支出", "10.02").tables[0]
    beyond = check_equal(total, amount(t2, "合计", "基本支出"))
    inside = check_equal(total, basic)
    assert beyond is not None and inside is not None
    assert warning_rule.stamp(beyond).severity is Severity.ERROR
    assert warning_rule.stamp(inside).severity is Severity.INFO


def test_check_derived_counts_printed_terms() -> None:
    t = helper_table()
    total, basic, project = (amount(t, "合计", c) for c in ("合计", "基本支出", "项目支出"))
    # 10.00 against 10.01 − blank: one printed term, tolerance 2 × 0.005
    finding = stamped(check_derived(total, [(1, basic), (-1, project)], "基本支出 − 项目支出"))
    assert finding is not None and finding.severity is Severity.INFO
    assert finding.tolerance == Decimal("0.010")
    assert "按“基本支出 − 项目支出”计算的 10.01" in finding.message


def test_amount_absent_blank_and_printed() -> None:
    t = helper_table()
    assert amount(t, "合计", "不存在的栏") is None
    assert amount(t, "不存在的行", "合计") is None
    blank = amount(t, "合计", "项目支出")
    assert blank is not None and blank.value is None and not blank.printed
    assert blank.ref.source.startswith("line ")
