"""Within-table rules: the accounting identities each of the nine tables must satisfy on its own.

One registered rule per identity family. Every comparison goes through the rounding envelope
(``juesuan.rules.helpers``): an exact match says nothing, a 尾差 is an info, anything beyond the
envelope an error. A blank cell is not a part; a printed 0.00 is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity
from juesuan.model.tables import CodeKind, Row, Table
from juesuan.rules.helpers import (
    TOTAL_KEY,
    Amount,
    amount,
    amounts,
    check_derived,
    check_equal,
    check_sum,
    class_rows,
    collect,
    parents_with_children,
    require_amounts,
    require_row,
    require_table,
)
from juesuan.rules.registry import Defect, NotApplicable, RuleFunc, rule
from juesuan.template.codes import FUNCTION_TABLES
from juesuan.template.final import T04_FUNDS, T06_TOTALS, T07_KEYS

INCOME, EXPENDITURE = "收入", "支出"
GRAND_TOTAL = "总计"
AMOUNT = "决算数"  # the one amount column of T01, T06 and of the T04 收入 side

#: Each row of these tables: total column = Σ the other columns (interface.md column names).
ROW_TOTALS: dict[str, tuple[str, tuple[str, ...]]] = {
    "T02": (
        "本年收入合计",
        ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    ),
    "T03": (
        "本年支出合计",
        ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
    ),
    "T05": ("合计", ("基本支出", "项目支出")),
}
CODE_TABLES = FUNCTION_TABLES
FUND_TABLES = ("T08", "T09")

T04_SPENDING_COLUMNS = ("合计", *T04_FUNDS)
T04_OPENING = "年初财政拨款结转和结余"
T04_CLOSING = "年末财政拨款结转和结余"

PERSONNEL_CLASSES = ("301", "303")
PERSONNEL_TOTAL, PUBLIC_TOTAL = T06_TOTALS
PERSONNEL_GROUP, PUBLIC_GROUP = "人员经费", "公用经费"

T07_TOTAL, T07_ABROAD, T07_RECEPTION, T07_VEHICLES, T07_PURCHASE, T07_RUNNING = T07_KEYS
T07_COLUMNS = ("预算数", "决算数")


def within(code: str, title: str, table_id: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a within-table rule of ``table_id`` (tags ``within``, the table id, ``arithmetic``)."""
    return rule(
        code,
        severity=Severity.ERROR,
        title=title,
        tables=(table_id,),
        tags=("within", table_id, "arithmetic"),
    )


def table_with_amounts(disclosure: Disclosure, table_id: str) -> Table:
    """The table if present, complete and holding numbers (else NotApplicable/InsufficientData)."""
    return require_amounts(require_table(disclosure, table_id))


def rows_before(table: Table, section: str, key: str) -> list[Row]:
    """The item rows of a section printed before its total row ``key`` (其中 sub-rows left out:
    they are already inside the item above them)."""
    require_row(table, key, section)
    items: list[Row] = []
    for row in table.rows_in(section):
        if row.key == key:
            return items
        if not row.label.strip().startswith("其中"):
            items.append(row)
    return items


# --------------------------------------------------------------------------- T01


@within("t01.income_total", "收入支出决算总表：本年收入合计等于各项收入之和", "T01")
def t01_income_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T01 收入方：本年收入合计 = 一般公共预算财政拨款收入 + … + 其他收入（各项收入）。"""
    table = table_with_amounts(disclosure, "T01")
    items = rows_before(table, INCOME, "本年收入合计")
    total = amount(table, "本年收入合计", AMOUNT, INCOME)
    yield from collect([check_sum(total, amounts(table, items, AMOUNT), "各项收入之和")])


@within("t01.income_grand_total", "收入支出决算总表：收入总计等于本年收入合计加结余和结转", "T01")
def t01_income_grand_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T01 收入方：总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余。"""
    yield from t01_side_grand_total(
        disclosure,
        INCOME,
        ("本年收入合计", "使用非财政拨款结余", "年初结转和结余"),
        "本年收入合计、使用非财政拨款结余与年初结转和结余之和",
    )


def t01_side_grand_total(
    disclosure: Disclosure, section: str, keys: tuple[str, ...], what: str
) -> Iterator[Defect]:
    """One side's 总计 against the sum of the rows it adds up."""
    table = table_with_amounts(disclosure, "T01")
    require_row(table, GRAND_TOTAL, section)
    parts = [amount(table, key, AMOUNT, section) for key in keys]
    total = amount(table, GRAND_TOTAL, AMOUNT, section)
    yield from collect([check_sum(total, parts, what)])


@within("t01.expense_total", "收入支出决算总表：本年支出合计等于各功能分类支出之和", "T01")
def t01_expense_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T01 支出方：本年支出合计 = 各功能分类（类）支出之和。"""
    table = table_with_amounts(disclosure, "T01")
    classes = rows_before(table, EXPENDITURE, "本年支出合计")
    total = amount(table, "本年支出合计", AMOUNT, EXPENDITURE)
    yield from collect([check_sum(total, amounts(table, classes, AMOUNT), "各类支出之和")])


@within(
    "t01.expense_grand_total",
    "收入支出决算总表：支出总计等于本年支出合计加结余分配和年末结转",
    "T01",
)
def t01_expense_grand_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T01 支出方：总计 = 本年支出合计 + 结余分配 + 年末结转和结余。"""
    yield from t01_side_grand_total(
        disclosure,
        EXPENDITURE,
        ("本年支出合计", "结余分配", "年末结转和结余"),
        "本年支出合计、结余分配与年末结转和结余之和",
    )


@within("t01.grand_totals_equal", "收入支出决算总表：收入总计等于支出总计", "T01")
def t01_grand_totals_equal(disclosure: Disclosure) -> Iterator[Defect]:
    """T01：收入方总计 = 支出方总计。"""
    table = table_with_amounts(disclosure, "T01")
    income = amount(table, require_row(table, GRAND_TOTAL, INCOME), AMOUNT)
    spending = amount(table, require_row(table, GRAND_TOTAL, EXPENDITURE), AMOUNT)
    yield from collect([check_equal(income, spending)])


# --------------------------------------------------------------------------- row totals


def parts_name(parts: list[Amount | None]) -> str:
    """``基本支出、项目支出之和``: the columns that print a number (blanks are not parts)."""
    names = [a.column for a in parts if a is not None and a.printed]
    return f"{'、'.join(names)}之和" if names else "各栏之和（均为空白）"


def row_total_rule(table_id: str) -> RuleFunc:
    total_column, part_columns = ROW_TOTALS[table_id]

    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = table_with_amounts(disclosure, table_id)
        columns = [c for c in part_columns if c in table.columns]
        for row in table.rows:
            total = amount(table, row, total_column)
            parts = [amount(table, row, column) for column in columns]
            yield from collect([check_sum(total, parts, parts_name(parts))])

    check.__doc__ = (
        f"{table_id} 每一行：{total_column} = {' + '.join(part_columns)}（表中有的栏）。"
    )
    return check


within("t02.row_total", "收入决算表：每行本年收入合计等于各项收入之和", "T02")(
    row_total_rule("T02")
)
within("t03.row_total", "支出决算表：每行本年支出合计等于各项支出之和", "T03")(
    row_total_rule("T03")
)
within("t05.row_total", "一般公共预算财政拨款支出决算表：每行合计等于基本支出加项目支出", "T05")(
    row_total_rule("T05")
)


# --------------------------------------------------------------------------- code hierarchy


def classes_total_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = table_with_amounts(disclosure, table_id)
        classes = class_rows(table, CodeKind.FUNCTION) or class_rows(table)
        total_row = table.row(TOTAL_KEY)
        if total_row is None or not classes:
            raise NotApplicable(f"{table_id} 没有合计行或没有类级科目")
        for column in table.columns:
            total = amount(table, total_row, column)
            yield from collect([check_sum(total, amounts(table, classes, column), "各类之和")])

    check.__doc__ = f"{table_id} 每一栏：合计 = 各类（3 位功能分类科目）之和。"
    return check


def hierarchy_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = table_with_amounts(disclosure, table_id)
        families = list(parents_with_children(table))
        if not families:
            raise NotApplicable(f"{table_id} 没有列出下级科目")
        for parent, kids in families:
            for column in table.columns:
                yield from collect([child_sum(table, parent, kids, column)])

    check.__doc__ = (
        f"{table_id} 每一栏：类 = 其下各款之和，款 = 其下各项之和（未列下级的科目不检查）。"
    )
    return check


def child_sum(table: Table, parent: Row, kids: list[Row], column: str) -> Defect | None:
    """A parent code against its children in one column; not checked when no child prints
    a number there (the document shows no breakdown of that column)."""
    parts = amounts(table, kids, column)
    if not any(part.printed for part in parts):
        return None
    level = "各款" if parent.code and len(parent.code) == 3 else "各项"
    return check_sum(amount(table, parent, column), parts, f"其下{level}之和")


for _table_id in CODE_TABLES:
    _name = {
        "T02": "收入决算表",
        "T03": "支出决算表",
        "T05": "一般公共预算财政拨款支出决算表",
        "T08": "政府性基金预算财政拨款收入支出决算表",
        "T09": "国有资本经营预算财政拨款收入支出决算表",
    }[_table_id]
    within(f"{_table_id.lower()}.classes_total", f"{_name}：合计等于各类之和", _table_id)(
        classes_total_rule(_table_id)
    )
    within(
        f"{_table_id.lower()}.hierarchy",
        f"{_name}：类等于其下各款之和，款等于其下各项之和",
        _table_id,
    )(hierarchy_rule(_table_id))


# --------------------------------------------------------------------------- T08, T09


def require_columns(table: Table, *columns: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise NotApplicable(f"{table.id} 没有“{'、'.join(missing)}”栏")


def fund_spending_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = table_with_amounts(disclosure, table_id)
        require_columns(table, "本年支出合计", "基本支出", "项目支出")
        for row in table.rows:
            parts = [amount(table, row, "基本支出"), amount(table, row, "项目支出")]
            yield from collect(
                [check_sum(amount(table, row, "本年支出合计"), parts, "基本支出与项目支出之和")]
            )

    check.__doc__ = f"{table_id} 每一行：本年支出合计 = 基本支出 + 项目支出。"
    return check


def fund_balance_rule(table_id: str) -> RuleFunc:
    def check(disclosure: Disclosure) -> Iterator[Defect]:
        table = table_with_amounts(disclosure, table_id)
        require_columns(table, "年初结转和结余", "本年收入", "本年支出合计", "年末结转和结余")
        for row in table.rows:
            terms = [
                (1, amount(table, row, "年初结转和结余")),
                (1, amount(table, row, "本年收入")),
                (-1, amount(table, row, "本年支出合计")),
            ]
            yield from collect(
                [
                    check_derived(
                        amount(table, row, "年末结转和结余"),
                        terms,
                        "年初结转和结余 + 本年收入 − 本年支出合计",
                    )
                ]
            )

    check.__doc__ = (
        f"{table_id} 每一行：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出合计。"
    )
    return check


for _table_id, _name in (
    ("T08", "政府性基金预算财政拨款收入支出决算表"),
    ("T09", "国有资本经营预算财政拨款收入支出决算表"),
):
    within(
        f"{_table_id.lower()}.expense_total",
        f"{_name}：本年支出合计等于基本支出加项目支出",
        _table_id,
    )(fund_spending_rule(_table_id))
    within(
        f"{_table_id.lower()}.balance",
        f"{_name}：年末结转和结余等于年初加本年收入减本年支出",
        _table_id,
    )(fund_balance_rule(_table_id))


# --------------------------------------------------------------------------- T04


@within("t04.row_total", "财政拨款收入支出决算总表：每行合计等于三项财政拨款之和", "T04")
def t04_row_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T04 支出方每一行：合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + 国有资本经营预算财政拨款。"""
    table = table_with_amounts(disclosure, "T04")
    for row in table.rows_in(EXPENDITURE):
        parts = [amount(table, row, fund) for fund in T04_FUNDS]
        yield from collect([check_sum(amount(table, row, "合计"), parts, "三项财政拨款之和")])


@within("t04.income_total", "财政拨款收入支出决算总表：本年收入合计等于三项财政拨款收入之和", "T04")
def t04_income_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T04 收入方：本年收入合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + 国有资本经营预算财政拨款。"""
    table = table_with_amounts(disclosure, "T04")
    require_row(table, "本年收入合计", INCOME)
    parts = [amount(table, fund, AMOUNT, INCOME) for fund in T04_FUNDS]
    total = amount(table, "本年收入合计", AMOUNT, INCOME)
    yield from collect([check_sum(total, parts, "三项财政拨款收入之和")])


@within("t04.expense_total", "财政拨款收入支出决算总表：本年支出合计等于各类支出之和", "T04")
def t04_expense_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T04 支出方每一栏：本年支出合计 = 各功能分类（类）支出之和。"""
    table = table_with_amounts(disclosure, "T04")
    classes = rows_before(table, EXPENDITURE, "本年支出合计")
    for column in T04_SPENDING_COLUMNS:
        total = amount(table, "本年支出合计", column, EXPENDITURE)
        yield from collect([check_sum(total, amounts(table, classes, column), "各类支出之和")])


@within(
    "t04.grand_totals",
    "财政拨款收入支出决算总表：两方总计等于本年合计加结转和结余，且收支总计相等",
    "T04",
)
def t04_grand_totals(disclosure: Disclosure) -> Iterator[Defect]:
    """T04：收入方总计 = 本年收入合计 + 年初财政拨款结转和结余；支出方每一栏总计 = 本年支出合计 +
    年末财政拨款结转和结余；收入方总计 = 支出方总计（合计栏）。"""
    table = table_with_amounts(disclosure, "T04")
    require_row(table, GRAND_TOTAL, INCOME)
    require_row(table, GRAND_TOTAL, EXPENDITURE)
    income_parts = [amount(table, key, AMOUNT, INCOME) for key in ("本年收入合计", T04_OPENING)]
    income_total = amount(table, GRAND_TOTAL, AMOUNT, INCOME)
    yield from collect(
        [
            check_sum(
                income_total,
                income_parts,
                "本年收入合计与年初财政拨款结转和结余之和",
            )
        ]
    )
    for column in T04_SPENDING_COLUMNS:
        parts = [amount(table, key, column, EXPENDITURE) for key in ("本年支出合计", T04_CLOSING)]
        total = amount(table, GRAND_TOTAL, column, EXPENDITURE)
        yield from collect([check_sum(total, parts, "本年支出合计与年末财政拨款结转和结余之和")])
    yield from collect([check_equal(income_total, amount(table, GRAND_TOTAL, "合计", EXPENDITURE))])


def opening_of(table: Table, fund: str) -> Row | None:
    return table.row(f"{T04_OPENING}/{fund}", INCOME)


def closing_of(table: Table, fund: str) -> Amount | None:
    """The fund's 年末 amount: its own sub-row where that prints a number, else the fund column
    of the 年末 row (templates print it one way or the other)."""
    row = table.row(f"{T04_CLOSING}/{fund}", EXPENDITURE)
    shown = [cell for cell in row.cells if cell.printed] if row is not None else []
    if row is not None and shown:
        return amount(table, row, shown[0].column)
    return amount(table, T04_CLOSING, fund, EXPENDITURE)


@within("t04.carry_over", "财政拨款收入支出决算总表：年初结转分项之和及各项资金年末结转", "T04")
def t04_carry_over(disclosure: Disclosure) -> Iterator[Defect]:
    """T04：年初财政拨款结转和结余 = 其下三项资金之和；每项资金：年末结转和结余 = 年初结转和结余 +
    本年收入 − 本年支出合计（该资金栏）。"""
    table = table_with_amounts(disclosure, "T04")
    openings = [opening_of(table, fund) for fund in T04_FUNDS]
    if not any(openings):
        raise NotApplicable("T04 没有分资金列示年初财政拨款结转和结余")
    total = amount(table, T04_OPENING, AMOUNT, INCOME)
    parts = [amount(table, row, AMOUNT) for row in openings if row is not None]
    yield from collect([check_sum(total, parts, "其下各项资金之和")])
    for fund, opening in zip(T04_FUNDS, openings, strict=True):
        terms = [
            (1, amount(table, opening, AMOUNT) if opening is not None else None),
            (1, amount(table, fund, AMOUNT, INCOME)),
            (-1, amount(table, "本年支出合计", fund, EXPENDITURE)),
        ]
        yield from collect(
            [
                check_derived(
                    closing_of(table, fund),
                    terms,
                    f"{fund}年初结转和结余 + 本年收入 − 本年支出",
                )
            ]
        )


# --------------------------------------------------------------------------- T06


@within("t06.hierarchy", "一般公共预算财政拨款基本支出决算表：类等于其下各款之和", "T06")
def t06_hierarchy(disclosure: Disclosure) -> Iterator[Defect]:
    """T06：每个经济分类的类 = 其下各款之和（未列款的类不检查）。"""
    table = table_with_amounts(disclosure, "T06")
    families = list(parents_with_children(table))
    if not families:
        raise NotApplicable("T06 没有列出款级科目")
    for parent, kids in families:
        for column in table.columns:
            yield from collect([child_sum(table, parent, kids, column)])


def economic_classes(table: Table) -> list[Row]:
    return [r for r in class_rows(table) if r.code_kind is not CodeKind.FUNCTION]


def group_classes(table: Table) -> tuple[list[Row], list[Row]]:
    """人员经费 and 公用经费 classes: as the table's own group headings say where it prints them
    (rows sectioned 人员经费/公用经费), else 301 + 303 against every other class."""
    classes = economic_classes(table)
    if any(r.section in (PERSONNEL_GROUP, PUBLIC_GROUP) for r in classes):
        return (
            [r for r in classes if r.section == PERSONNEL_GROUP],
            [r for r in classes if r.section == PUBLIC_GROUP],
        )
    personnel = [r for r in classes if r.code in PERSONNEL_CLASSES]
    public = [r for r in classes if r.code not in PERSONNEL_CLASSES]
    return personnel, public


def group_total_row(table: Table, key: str) -> Row:
    """The 人员经费合计/公用经费合计 row; templates that print none leave nothing to check."""
    for row in table.rows:
        if row.key == key:
            return row
    raise NotApplicable(f"{table.id} 没有列出“{key}”")


@within(
    "t06.personnel_total", "一般公共预算财政拨款基本支出决算表：人员经费合计等于301与303之和", "T06"
)
def t06_personnel_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T06：人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助（表中自列分组时按其分组）。"""
    table = table_with_amounts(disclosure, "T06")
    total_row = group_total_row(table, PERSONNEL_TOTAL)
    personnel, _ = group_classes(table)
    for column in table.columns:
        total = amount(table, total_row, column)
        yield from collect(
            [
                check_sum(
                    total,
                    amounts(table, personnel, column),
                    "人员经费各类（301、303）之和",
                )
            ]
        )


@within(
    "t06.public_total", "一般公共预算财政拨款基本支出决算表：公用经费合计等于其余各类之和", "T06"
)
def t06_public_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T06：公用经费合计 = 302、307、309、310、311、312、313、399 等其余各类之和（表中自列分组时按其分组）。"""
    table = table_with_amounts(disclosure, "T06")
    total_row = group_total_row(table, PUBLIC_TOTAL)
    _, public = group_classes(table)
    names = "、".join(r.code or r.key for r in public)
    for column in table.columns:
        total = amount(table, total_row, column)
        yield from collect(
            [
                check_sum(
                    total,
                    amounts(table, public, column),
                    f"公用经费各类（{names}）之和",
                )
            ]
        )


# --------------------------------------------------------------------------- T07


@within(
    "t07.total",
    "“三公”经费支出决算表：合计等于因公出国（境）费、公务接待费、公务用车购置及运行费之和",
    "T07",
)
def t07_total(disclosure: Disclosure) -> Iterator[Defect]:
    """T07 预算数、决算数：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费。"""
    table = table_with_amounts(disclosure, "T07")
    require_row(table, T07_TOTAL)
    for column in T07_COLUMNS:
        parts = [amount(table, key, column) for key in (T07_ABROAD, T07_RECEPTION, T07_VEHICLES)]
        yield from collect(
            [check_sum(amount(table, T07_TOTAL, column), parts, "三项“三公”经费之和")]
        )


@within("t07.vehicles", "“三公”经费支出决算表：公务用车购置及运行费等于购置费加运行维护费", "T07")
def t07_vehicles(disclosure: Disclosure) -> Iterator[Defect]:
    """T07 预算数、决算数：公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费。"""
    table = table_with_amounts(disclosure, "T07")
    if table.row(T07_VEHICLES) is None:
        raise NotApplicable("T07 没有公务用车购置及运行费行")
    for column in T07_COLUMNS:
        parts = [amount(table, key, column) for key in (T07_PURCHASE, T07_RUNNING)]
        yield from collect(
            [
                check_sum(
                    amount(table, T07_VEHICLES, column),
                    parts,
                    "公务用车购置费与运行维护费之和",
                )
            ]
        )
