"""Within-table rules of a budget's tables B01–B09: each table's own arithmetic.

The same identities as for 决算 (``juesuan.rules.within``) on the budget's layouts: both sides of
the two 收支总表 (B01, B04), every row's 合计 against its columns and the code hierarchy of the
code tables (B02, B03, B05, B06, B08, B09), the 三公 table's sums with or without 会议费/培训费
(B07). Each check runs only on the rows and columns the table prints (``juesuan.rules.budget``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity
from juesuan.model.tables import Row, Table
from juesuan.rules.budget import (
    BUDGET_TITLES,
    GRAND_TOTAL,
    INCOME,
    INCOME_TOTAL,
    SPENDING,
    SPENDING_TOTAL,
    TOTAL,
    budget_rule,
    budget_table,
    carry_rows,
    fund_of,
    fund_rows,
    is_appropriation,
    is_use,
    printed_any,
    printed_precision,
    side_columns,
    side_rows,
    this_year_total,
    total_column,
)
from juesuan.rules.envelope import compare_sum
from juesuan.rules.helpers import (
    ZERO,
    Amount,
    amount,
    amounts,
    check_equal,
    check_sum,
    collect,
    require_row,
)
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, RuleFunc
from juesuan.rules.within import classes_total_rule, hierarchy_rule, parts_name

TWO_SIDED = ("B01", "B04")
CODE_TABLES = ("B02", "B03", "B05", "B06", "B08", "B09")
SIDE_NAMES = {INCOME: "收入", SPENDING: "支出"}
THIS_YEAR = {INCOME: INCOME_TOTAL, SPENDING: SPENDING_TOTAL}

SANGONG_TOTAL, ABROAD, RECEPTION = "合计", "因公出国（境）费", "公务接待费"
VEHICLES, PURCHASE, RUNNING = "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费"
MEETINGS = ("会议费", "培训费")
BASIC, BASIC_PARTS = "基本支出", ("人员经费", "公用经费")


def within_budget(code: str, title: str, table_id: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a within-table budget rule of ``table_id``."""
    return budget_rule(code, title, (table_id,), "budget-within", "arithmetic")


def register(table_id: str, name: str, title: str, make: RuleFunc, doc: str = "") -> None:
    """Register ``make`` as ``<table>.<name>``; ``doc`` replaces its description where given."""
    check = printed_precision(make, __name__)
    if doc:
        check.__doc__ = doc
    code = f"{table_id.lower()}.{name}"
    within_budget(code, f"{BUDGET_TITLES[table_id]}：{title}", table_id)(check)


# --------------------------------------------------------------------------- B01, B04: both sides


def side_groups(table: Table, section: str) -> list[tuple[list[Row], str]]:
    """The groups of this year's lines that each add up to the side's total: on the 支出 side
    the function classes and, where printed, the uses (基本支出, 项目支出 …) apart."""
    rows = side_rows(table, section)
    if section == INCOME:
        return [(rows, "各项收入之和")] if rows else []
    classes = [r for r in rows if not is_use(r)]
    uses = [r for r in rows if is_use(r)]
    groups = [(classes, "各类支出之和"), (uses, "基本支出、项目支出等各项之和")]
    return [(group, text) for group, text in groups if group]


def side_total_rule(table_id: str, section: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = budget_table(disclosure, table_id)
        groups = side_groups(table, section)
        if not groups:
            raise NotApplicable(f"{table_id} {section}方没有列出分项")
        totals = {c: this_year_total(table, section, c) for c in side_columns(table, section)}
        if all(total is None for total in totals.values()):
            raise InsufficientData(
                f"{table_id} {section}方没有{THIS_YEAR[section]}行，总计又含结转，无从确定本年合计"
            )
        for column, total in totals.items():
            for rows, text in groups:
                parts = amounts(table, rows, column)
                if printed_any(parts):  # a group printing nothing is a heading, not 0.00
                    yield from collect([check_sum(total, parts, text)])

    check.__doc__ = (
        f"{table_id} {section}方每一栏：{THIS_YEAR[section]}（模板不列时为无结转的总计）= "
        + ("各项收入之和（财政拨款下的各项资金不重复计算）。" if section == INCOME else "")
        + (
            "各类支出之和；列有支出用途时，也等于基本支出、项目支出等各项之和。"
            if section == SPENDING
            else ""
        )
    )
    return check


def grand_total_rule(table_id: str, section: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = budget_table(disclosure, table_id)
        require_row(table, GRAND_TOTAL, section)
        this_year = table.row(THIS_YEAR[section], section)
        carried = carry_rows(table, section)
        if this_year is None and not carried:
            raise NotApplicable(f"{table_id} {section}方没有本年合计行和结转行，总计即各项之和")
        for column in side_columns(table, section):
            if this_year is not None:
                parts: list[Amount | None] = [amount(table, this_year, column)]
            else:
                shown = [
                    a
                    for g, _ in side_groups(table, section)
                    if printed_any(a := amounts(table, g, column))
                ]
                parts = list(shown[0]) if shown else []
            parts += amounts(table, carried, column)
            total = amount(table, GRAND_TOTAL, column, section)
            text = f"{THIS_YEAR[section]}与结转结余之和"
            yield from collect([check_sum(total, parts, text)])

    check.__doc__ = f"{table_id} {section}方每一栏：总计 = {THIS_YEAR[section]} + 上年结转、结转下年等结转结余各行。"
    return check


def grand_totals_equal_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = budget_table(disclosure, table_id)
        income_row = require_row(table, GRAND_TOTAL, INCOME)
        spending_row = require_row(table, GRAND_TOTAL, SPENDING)
        income_column = total_column(table, INCOME)
        spending_column = total_column(table, SPENDING)
        if income_column is None or spending_column is None:
            raise NotApplicable(f"{table_id} 无法确定总计所在的栏")
        yield from collect(
            [
                check_equal(
                    amount(table, income_row, income_column),
                    amount(table, spending_row, spending_column),
                )
            ]
        )

    check.__doc__ = f"{table_id}：收入总计 = 支出总计。"
    return check


def appropriation_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = budget_table(disclosure, table_id)
        parent, funds = fund_rows(table, INCOME)
        if parent is None or not funds:
            raise NotApplicable(f"{table_id} 收入方没有在财政拨款下分列各项资金")
        for column in side_columns(table, INCOME):
            parts = amounts(table, funds, column)
            yield from collect(
                [check_sum(amount(table, parent, column), parts, "其下各项资金之和")]
            )

    check.__doc__ = f"{table_id} 收入方：财政拨款 = 其下一般公共预算、政府性基金、国有资本经营预算各项资金之和。"
    return check


for _table_id in TWO_SIDED:
    register(
        _table_id, "income_total", "本年收入等于各项收入之和", side_total_rule(_table_id, INCOME)
    )
    register(
        _table_id, "expense_total", "本年支出等于各类支出之和", side_total_rule(_table_id, SPENDING)
    )
    register(
        _table_id,
        "income_grand_total",
        "收入总计等于本年收入加结转结余",
        grand_total_rule(_table_id, INCOME),
    )
    register(
        _table_id,
        "expense_grand_total",
        "支出总计等于本年支出加结转结余",
        grand_total_rule(_table_id, SPENDING),
    )
    register(
        _table_id, "grand_totals_equal", "收入总计等于支出总计", grand_totals_equal_rule(_table_id)
    )
register("B01", "appropriation", "财政拨款等于其下各项资金之和", appropriation_rule("B01"))


def b04_row_total(disclosure: Disclosure) -> Iterator[Defect]:
    """B04 支出方每一行：合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算（表中有的栏）。"""
    table = budget_table(disclosure, "B04")
    total_name = total_column(table, SPENDING)
    funds = [c for c in side_columns(table, SPENDING) if fund_of(c) is not None]
    if total_name is None or total_name in funds or not funds:
        raise NotApplicable("B04 支出方没有分资金列示")
    for row in table.rows_in(SPENDING):
        parts = [amount(table, row, fund) for fund in funds]
        total = amount(table, row, total_name)
        yield from collect([check_sum(total, parts, "各项资金之和")])


register("B04", "row_total", "支出方每行合计等于各项资金之和", b04_row_total)


def b01_row_total(disclosure: Disclosure) -> Iterator[Defect]:
    """B01 支出方分栏列示时（合计、基本支出或人员经费与公用经费、项目支出），每一行：合计 = 其余各栏之和；
    只列合计的行（如结转下年）不检查。"""
    table = budget_table(disclosure, "B01")
    columns = side_columns(table, SPENDING)
    total_name = total_column(table, SPENDING)
    parts_columns = part_columns([c for c in columns if c != total_name])
    if total_name is None or not parts_columns:
        raise NotApplicable("B01 支出方只有一栏金额")
    for row in table.rows_in(SPENDING):
        parts = [amount(table, row, column) for column in parts_columns]
        if printed_any(parts):
            total = amount(table, row, total_name)
            yield from collect([check_sum(total, parts, parts_name(parts))])


register("B01", "row_total", "支出方分栏列示时每行合计等于其余各栏之和", b01_row_total)


# --------------------------------------------------------------------------- code tables


def part_columns(columns: Sequence[str]) -> list[str]:
    """The columns a row's 合计 adds up: every other column, where a 财政拨款 column is printed
    without the fund columns under it, and a 基本支出 column without its 人员经费 and 公用经费
    (they are inside it)."""
    others = [c for c in columns if c != TOTAL]
    if any(is_appropriation(c) for c in others):
        others = [c for c in others if fund_of(c) is None]
    if BASIC in others:
        others = [c for c in others if c not in BASIC_PARTS]
    return others


def row_total_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = budget_table(disclosure, table_id)
        columns = part_columns(table.columns)
        if TOTAL not in table.columns or not columns:
            raise NotApplicable(f"{table_id} 只有一栏金额")
        for row in table.rows:
            parts = [amount(table, row, column) for column in columns]
            yield from collect([check_sum(amount(table, row, TOTAL), parts, parts_name(parts))])

    check.__doc__ = (
        f"{table_id} 每一行：合计 = 其余各栏之和（财政拨款栏下分列的各项资金不重复计算）。"
    )
    return check


def fund_columns_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = budget_table(disclosure, table_id)
        parent = next((c for c in table.columns if is_appropriation(c)), None)
        funds = [c for c in table.columns if fund_of(c) is not None]
        if parent is None or not funds:
            raise NotApplicable(f"{table_id} 没有在财政拨款栏下分列各项资金")
        for row in table.rows:
            parts = [amount(table, row, fund) for fund in funds]
            if printed_any(parts):
                yield from collect(
                    [check_sum(amount(table, row, parent), parts, "其下各项资金之和")]
                )

    check.__doc__ = f"{table_id} 每一行：财政拨款栏 = 其下各项资金栏之和。"
    return check


for _table_id in CODE_TABLES:
    register(_table_id, "row_total", "每行合计等于其余各栏之和", row_total_rule(_table_id))
    register(
        _table_id,
        "classes_total",
        "合计等于各类之和",
        classes_total_rule(_table_id),
        doc=f"{_table_id} 每一栏：合计 = 各类（3 位{'经济' if _table_id == 'B06' else '功能'}分类科目）之和。",
    )
    register(
        _table_id, "hierarchy", "类等于其下各款之和，款等于其下各项之和", hierarchy_rule(_table_id)
    )
register("B02", "appropriation", "财政拨款栏等于其下各项资金栏之和", fund_columns_rule("B02"))


# --------------------------------------------------------------------------- B07


def b07_total(disclosure: Disclosure) -> Iterator[Defect]:
    """B07 每一栏：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；列有会议费、培训费且合计
    包含它们时（江苏等模板），合计 = 上述三项 + 会议费 + 培训费。"""
    table = budget_table(disclosure, "B07")
    require_row(table, SANGONG_TOTAL)
    meetings = [key for key in MEETINGS if table.row(key) is not None]
    for column in table.columns:
        total = amount(table, SANGONG_TOTAL, column)
        sangong = [amount(table, key, column) for key in (ABROAD, RECEPTION, VEHICLES)]
        parts, text = sangong, "三项“三公”经费之和"
        if meetings and not sums_to(total, sangong):
            parts = sangong + [amount(table, key, column) for key in meetings]
            text = f"三项“三公”经费与{'、'.join(meetings)}之和"
        yield from collect([check_sum(total, parts, text)])


def sums_to(total: Amount | None, parts: list[Amount | None]) -> bool:
    """True when the printed parts add up to the total within the envelope."""
    if total is None:
        return False
    values = [a.value for a in parts if a is not None and a.value is not None]
    comparison = compare_sum(total.value if total.value is not None else ZERO, values)
    return comparison.severity is not Severity.ERROR


def b07_vehicles(disclosure: Disclosure) -> Iterator[Defect]:
    """B07 每一栏：公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费。"""
    table = budget_table(disclosure, "B07")
    if table.row(VEHICLES) is None:
        raise NotApplicable("B07 没有公务用车购置及运行费行")
    for column in table.columns:
        parts = [amount(table, key, column) for key in (PURCHASE, RUNNING)]
        yield from collect(
            [
                check_sum(
                    amount(table, VEHICLES, column),
                    parts,
                    "公务用车购置费与运行维护费之和",
                )
            ]
        )


register(
    "B07", "total", "合计等于三项“三公”经费之和（含会议费、培训费的模板另加此两项）", b07_total
)
register("B07", "vehicles", "公务用车购置及运行费等于购置费加运行维护费", b07_vehicles)
