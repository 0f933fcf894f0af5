"""What the budget (预算) rules share: the B tables, their rows and columns, and the guards.

A budget's tables (B01–B09, interface.md "Budgets") are the same family as the 决算 tables, but
provinces print them with different row and column sets: Shanghai's 财务收支预算总表 lists
财政拨款收入 with its three funds below it and no 本年收入合计; Jiangsu's 收支预算总表 prints the
支出 side twice (by function class and by use: 基本支出, 项目支出, 单位预留机动经费) and adds
上年结转/结转下年 lines. The rules therefore pick rows by what they are (a total, a carry-over, a
fund under 财政拨款, a use of money, a class) and check only what a table prints: an identity
whose rows or columns a table lacks is skipped, never guessed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Finding, Severity
from juesuan.model.money import decimals_of
from juesuan.model.tables import Row, Table
from juesuan.rules.envelope import DEFAULT_DECIMALS, Comparison
from juesuan.rules.helpers import Amount, amount, envelope_text, table_name
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, RuleFunc, rule
from juesuan.template.budget import BUDGET_TITLES

BUDGET = "预算"
INCOME, SPENDING = "收入", "支出"
TOTAL = "合计"
GRAND_TOTAL = "总计"
AMOUNT = "预算数"
INCOME_TOTAL, SPENDING_TOTAL = "本年收入合计", "本年支出合计"


#: The three budgets whose money a 财政拨款 line is made of (words the row names contain).
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")
#: What 支出 is spent on (the 支出用途 grouping of Jiangsu's 总表) rather than a function class.
USES = (
    "基本支出",
    "项目支出",
    "单位预留机动经费",
    "事业单位经营支出",
    "经营支出",
    "上缴上级支出",
    "对附属单位补助支出",
)
#: The shared envelope reckons in hundredths; a table printed to the unit in units.
WHOLE_UNIT_SCALE = 10**DEFAULT_DECIMALS
HALF = Decimal("0.1")
_CARRY = re.compile(r"结转|结余")
_SUB_ROW = re.compile(r"^其中")


def budget_rule(
    code: str, title: str, tables: tuple[str, ...], *more_tags: str
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a budget rule (error severity; tag ``budget`` and the tables it reads)."""
    return rule(
        code,
        severity=Severity.ERROR,
        title=title,
        tables=tables,
        tags=("budget", *more_tags, *tables),
    )


def budget_only(disclosure: Disclosure) -> None:
    if disclosure.meta.kind != BUDGET:
        raise NotApplicable("本规则只适用于预算文档")


def budget_table(disclosure: Disclosure, table_id: str) -> Table:
    """A B table that is present, complete and holds numbers (else NotApplicable/InsufficientData)."""
    table = disclosure.table(table_id)
    if table is None:
        raise NotApplicable(f"文档中没有{BUDGET_TITLES[table_id]}（{table_id}）")
    if not table.complete:
        raise InsufficientData(f"{table_name(table)}不完整（文档在表中截止或部分无法读取）")
    if not table.has_amounts:
        raise NotApplicable(f"{table_name(table)}无数据")
    return table


def budget_tables(disclosure: Disclosure, *table_ids: str) -> tuple[Table, ...]:
    """Tables a cross-table relation compares: a budget's, all in one money unit."""
    budget_only(disclosure)
    tables = tuple(budget_table(disclosure, table_id) for table_id in table_ids)
    units = {t.unit or disclosure.meta.money_unit for t in tables} - {None}
    if len(units) > 1:
        shown = "、".join(f"{table_name(t)}（{t.unit or '未标明'}）" for t in tables)
        raise InsufficientData(f"金额单位不同，不能直接比较：{shown}")
    return tables


# --------------------------------------------------------------------------- rows by what they are


def is_total(row: Row) -> bool:
    return row.key in (TOTAL, GRAND_TOTAL, INCOME_TOTAL, SPENDING_TOTAL)


def is_carry(row: Row) -> bool:
    """上年结转, 年初结转和结余, 结转下年资金, 年末结转和结余 … (money of other years)."""
    return bool(_CARRY.search(row.key))


def is_sub_row(row: Row) -> bool:
    """A 其中 line or a sub-line of a split row (``年初结转和结余/一般公共预算``)."""
    return bool(_SUB_ROW.match(row.label.strip())) or "/" in row.key


def fund_of(key: str) -> str | None:
    """The budget a row or column name speaks of (一般公共预算 …), None for any other."""
    return next((fund for fund in FUNDS if fund in key), None)


def is_appropriation(key: str) -> bool:
    """The 财政拨款 line or column that the three funds make up."""
    return key.startswith("财政拨款") and fund_of(key) is None


def is_use(row: Row) -> bool:
    return row.key in USES


def side_rows(table: Table, section: str) -> list[Row]:
    """This year's item rows of one side: no totals, carry-overs, 其中 lines; where the side
    prints a 财政拨款 line, the fund lines below it are inside it and left out too."""
    rows = [r for r in table.rows_in(section) if not (is_total(r) or is_carry(r) or is_sub_row(r))]
    if any(is_appropriation(r.key) and prints(r) for r in rows):
        rows = [r for r in rows if fund_of(r.key) is None]
    return rows


def prints(row: Row) -> bool:
    """The row prints an amount (a heading such as 财政拨款收入 over B04's funds prints none)."""
    return any(cell.printed for cell in row.cells)


def fund_rows(table: Table, section: str) -> tuple[Row | None, list[Row]]:
    """The side's 财政拨款 line and the fund lines printed below it (None, [] when it has none)."""
    rows = [r for r in table.rows_in(section) if not (is_total(r) or is_carry(r))]
    parent = next((r for r in rows if is_appropriation(r.key) and prints(r)), None)
    if parent is None:
        return None, []
    return parent, [r for r in rows if fund_of(r.key) is not None]


def carry_rows(table: Table, section: str) -> list[Row]:
    """The carry-over lines of one side (top level: not the fund lines under them)."""
    return [r for r in table.rows_in(section) if is_carry(r) and "/" not in r.key]


def side_columns(table: Table, section: str) -> list[str]:
    """The columns the side prints something in, in the table's order."""
    used = {c.column for r in table.rows_in(section) for c in r.cells}
    return [c for c in table.columns if c in used]


def total_column(table: Table, section: str = "") -> str | None:
    """The column that holds a line's whole amount: 合计 where printed, else 预算数, else the
    side's only column."""
    columns = side_columns(table, section) if section else list(table.columns)
    for name in (TOTAL, AMOUNT):
        if name in columns:
            return name
    return columns[0] if len(columns) == 1 else None


def this_year_total(table: Table, section: str, column: str) -> Amount | None:
    """A side's money of this year alone: its 本年收入合计/本年支出合计 line; where the template
    prints none (Shanghai), its 总计 when no carry-over line on that side prints a number."""
    key = INCOME_TOTAL if section == INCOME else SPENDING_TOTAL
    found = table.row(key, section)
    if found is not None:
        return amount(table, found, column)
    carried = [a for a in (amount(table, r, column) for r in carry_rows(table, section)) if a]
    if any(a.value for a in carried):
        return None
    return amount(table, GRAND_TOTAL, column, section)


def printed_any(parts: Iterable[Amount | None]) -> bool:
    return any(a is not None and a.printed for a in parts)


# --------------------------------------------------------------------------- whole-unit tables


def whole_units(table: Table) -> bool:
    """The table prints its amounts to the unit, without decimals (Putuo's budgets in 元 print
    154,369,326): half a unit of the last printed digit is then 0.5, not 0.005."""
    values = [c.value for r in table.rows for c in r.cells if c.value]
    return bool(values) and all(decimals_of(v) == 0 for v in values)


def printed_precision(func: RuleFunc, module: str) -> RuleFunc:
    """The rule with the envelope of the printed precision: findings about tables printed to
    the unit get half a unit of that digit (the shared envelope assumes 0.01 and floors at it)."""

    @functools.wraps(func)
    def check(disclosure: Disclosure) -> Iterator[Finding | Defect]:
        for item in func(disclosure):
            if isinstance(item, Defect):
                yield whole_unit_defect(disclosure, item)
            else:
                yield whole_unit_envelope(disclosure, item)

    check.__module__ = module  # the catalogue files a rule under the module that registers it
    return check


def whole_unit_defect(disclosure: Disclosure, defect: Defect) -> Defect:
    """``whole_unit_envelope`` of a Defect; one without a severity has its rule's, and every
    budget rule's severity is error (``budget_rule``)."""
    found = Finding(
        rule="", severity=defect.severity or Severity.ERROR, message=defect.message, **defect.where
    )
    judged = whole_unit_envelope(disclosure, found)
    if judged is found:
        return defect
    where = {**defect.where, "tolerance": judged.tolerance}
    return Defect(judged.message, judged.severity, **where)


def whole_unit_envelope(disclosure: Disclosure, finding: Finding) -> Finding:
    """An arithmetic error among tables printed to the unit, judged by that unit: the tolerance
    computed for 0.01 (n+1 half-cents, or one cent) becomes n+1 half-units, or one unit."""
    if finding.severity is not Severity.ERROR or not finding.tolerance:
        return finding
    if finding.expected is None or finding.actual is None:
        return finding
    tables = [disclosure.table(t) for t in {finding.table, *(c.table for c in finding.cells)}]
    if not all(t is not None and whole_units(t) for t in tables):
        return finding
    before = Comparison(finding.expected, finding.actual, finding.tolerance)
    # n+1 half-units are a multiple of 0.5: shown with that one decimal (2.5, not 2.500).
    tolerance = (finding.tolerance * WHOLE_UNIT_SCALE).quantize(HALF)
    after = Comparison(finding.expected, finding.actual, tolerance)
    return dataclasses.replace(
        finding,
        severity=after.severity or Severity.INFO,
        tolerance=after.tolerance,
        message=finding.message.replace(envelope_text(before), envelope_text(after)),
    )
