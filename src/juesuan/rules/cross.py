"""Rules across tables: the nine tables of a 决算 disclosure must tell one story.

The relations (issue 3 §3): T01's income items against T02's 合计 row and T04's income rows;
T01's classes against T03; T04's 一般公共预算 column against T05; the appropriation tables
never above the all-funds tables (T05 ≤ T03, T04 ≤ T01); T05 基本支出 = T06 人员经费 + 公用经费;
T04's 政府性基金 / 国有资本经营 columns against T08 / T09, which are empty exactly when those
columns are; T06's 三公 lines never above T07. Income and expenditure by function code (T02
against T03) are deliberately NOT compared: carry-overs and balances separate them.

A finding about a relation names the cell of the second table (the higher-numbered one) and
lists the cells of both. Tables in different money units are not compared (``doc.money_unit``
reports the difference).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from juesuan.data import function_class_names
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity
from juesuan.model.tables import Cell, CodeKind, Row, Table
from juesuan.rules.envelope import Comparison, compare_sum
from juesuan.rules.helpers import (
    Amount,
    amount,
    check_equal,
    check_not_above,
    check_sum,
    class_rows,
    code_rows,
    collect,
    envelope_text,
    finding_for,
    fmt,
    require_row,
    require_table,
    show,
    table_name,
)
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, rule
from juesuan.template.empty import is_empty_statement
from juesuan.template.final import T06_TOTALS

ERROR = Severity.ERROR
INCOME, SPENDING = "收入", "支出"
TOTAL = "合计"
FINAL = "决算数"

#: T01 收入 appropriation rows → the T04 收入 row of the same budget.
APPROPRIATIONS = {
    "一般公共预算财政拨款收入": "一般公共预算财政拨款",
    "政府性基金预算财政拨款收入": "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款收入": "国有资本经营预算财政拨款",
}
#: T01 收入 items that T02's 合计 row shows in a column of the same name.
OTHER_INCOME = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
#: T01/T04 支出 rows that are not function classes.
NOT_CLASSES = frozenset(
    {"本年支出合计", "结余分配", "年末结转和结余", "年末财政拨款结转和结余", "总计", TOTAL}
)
#: T05 column → the T03 column of the same part of spending.
T05_TO_T03 = {"合计": "本年支出合计", "基本支出": "基本支出", "项目支出": "项目支出"}
#: T06 economic line → the T07 row that contains it.
SANGONG_LINES = {
    "30212": "因公出国（境）费",
    "30217": "公务接待费",
    "30231": "公务用车运行维护费",
    "31013": "公务用车购置费",
}
OPENING, CLOSING = "年初财政拨款结转和结余", "年末财政拨款结转和结余"


def tags(*tables: str) -> tuple[str, ...]:
    return ("cross", *tables)


# --------------------------------------------------------------------------- locating


def final_accounts_tables(disclosure: Disclosure, *table_ids: str) -> tuple[Table, ...]:
    """The tables a relation needs, in one money unit; a budget (预算) has other tables."""
    if disclosure.meta.kind != "决算":
        raise NotApplicable("预算文档的表与决算表不同，跨表关系不适用")
    tables = tuple(require_table(disclosure, table_id) for table_id in table_ids)
    units = {t.unit or disclosure.meta.money_unit for t in tables} - {None}
    if len(units) > 1:
        shown = "、".join(f"{table_name(t)}（{t.unit or '未标明'}）" for t in tables)
        raise InsufficientData(f"金额单位不同，不能直接比较：{shown}")
    return tables


def cell_at(
    table: Table, row: Row | None, column: str, key: str = "", section: str = ""
) -> Amount | None:
    """The amount of ``row`` in ``column``; a row the table does not print is a blank row.

    A table that does not print a row (T03 lists only the codes that were used) shows nothing
    there, which is 0.00 when the other table printed an amount. None when the table has no
    such column at all.
    """
    if row is None:
        row = Row(key=key, label=key, cells=(), source=table.source, section=section)
    return amount(table, row, column)


def blank_code_row(table: Table, code: str, label: str) -> Row:
    """A row for a function code that ``table`` does not print."""
    return Row(
        key=code,
        label=label,
        cells=(),
        source=table.source,
        code=code,
        code_kind=CodeKind.FUNCTION,
    )


# --------------------------------------------------------------------------- class names → codes

_SPACE = re.compile(r"\s+")


def normal_name(text: str) -> str:
    """A name for matching: no white space, full-width brackets."""
    return _SPACE.sub("", text).replace("(", "（").replace(")", "）")


def class_codes_by_name(*tables: Table) -> dict[str, str]:
    """Class name → 3-digit code: the names the document's own code tables print, then the
    reference list (current and earlier editions)."""
    names = {normal_name(n): code for n, code in function_class_names().items()}
    for table in tables:
        for row in class_rows(table, CodeKind.FUNCTION):
            if row.label and row.code:
                names[normal_name(row.label)] = row.code
    return names


def named_class_rows(table: Table, section: str) -> list[Row]:
    """The function-class rows of a two-sided table (T01, T04 支出): rows named by class."""
    return [r for r in table.rows_in(section) if r.key not in NOT_CLASSES and "/" not in r.key]


def unmapped_class(table: Table, row: Row, column: str, against: Table) -> Defect:
    """A warning: a class printed by a name that maps to no function code cannot be checked."""
    cell = row.cell(column)
    return Defect(
        f"{table_name(table)}“{row.key}”行的类名无法对应到支出功能分类的类级科目编码，"
        f"未能与{table_name(against)}核对。",
        Severity.WARNING,
        table=table.id,
        section=row.section,
        row_key=row.key,
        column=column,
        source=(cell.source if cell else row.source).label(),
    )


def class_pairs(
    named: Table, section: str, column: str, coded: Table
) -> Iterator[tuple[Row | None, Row] | Defect]:
    """Pair each class row of ``named`` (by name) with the class row of ``coded`` (by code).

    Yields (named row or None, coded row) pairs, a coded row made blank where ``coded`` does not
    print the class, and a warning for a printed class name that maps to no code.
    """
    codes = class_codes_by_name(coded)
    by_code = {r.code: r for r in class_rows(coded, CodeKind.FUNCTION) if r.code}
    seen: set[str] = set()
    for row in named_class_rows(named, section):
        code = codes.get(normal_name(row.key)) or codes.get(normal_name(row.label))
        if code is None:
            if row.value(column):
                yield unmapped_class(named, row, column, coded)
            continue
        seen.add(code)
        yield row, by_code.get(code) or blank_code_row(coded, code, row.key)
    for code, coded_row in by_code.items():
        if code not in seen:
            yield None, coded_row


def compare_classes(
    named: Table,
    named_column: str,
    coded: Table,
    coded_column: str,
    relation: str,
) -> Iterator[Defect | None]:
    """Each class of a two-sided table (支出 side, by name) equals the coded table's class row."""
    for pair in class_pairs(named, SPENDING, named_column, coded):
        if isinstance(pair, Defect):
            yield pair
            continue
        named_row, coded_row = pair
        expected = cell_at(named, named_row, named_column, key=coded_row.label, section=SPENDING)
        actual = amount(coded, coded_row, coded_column)
        yield check_equal(expected, actual, relation=relation)


# --------------------------------------------------------------------------- T01 ↔ T02


@rule(
    "x.t01_t02.appropriation",
    severity=ERROR,
    title="收支总表三项财政拨款收入之和等于收入决算表财政拨款收入",
    tables=("T01", "T02"),
    tags=tags("T01", "T02"),
)
def t01_appropriations_against_t02(disclosure: Disclosure) -> Iterable[Defect]:
    """T01 一般公共预算 + 政府性基金 + 国有资本经营 财政拨款收入 = T02 合计行 财政拨款收入."""
    t01, t02 = final_accounts_tables(disclosure, "T01", "T02")
    total = amount(t02, require_row(t02, TOTAL), "财政拨款收入")
    parts = [amount(t01, key, FINAL, INCOME) for key in APPROPRIATIONS]
    parts_text = f"{table_name(t01)}三项财政拨款收入之和"
    if all(p is None for p in parts):
        # Templates before the three budgets were split print one 财政拨款收入 row.
        parts = [amount(t01, "财政拨款收入", FINAL, INCOME)]
        parts_text = f"{table_name(t01)}财政拨款收入"
    if all(p is None for p in parts):
        raise InsufficientData(f"{table_name(t01)}中找不到财政拨款收入行")
    return collect([check_sum(total, parts, parts_text)])


@rule(
    "x.t01_t02.income",
    severity=ERROR,
    title="收支总表各项其他收入等于收入决算表合计行对应栏",
    tables=("T01", "T02"),
    tags=tags("T01", "T02"),
)
def t01_other_income_against_t02(disclosure: Disclosure) -> Iterable[Defect]:
    """T01 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入 = T02 合计行 of that column."""
    t01, t02 = final_accounts_tables(disclosure, "T01", "T02")
    total_row = require_row(t02, TOTAL)
    return collect(
        check_equal(
            amount(t01, item, FINAL, INCOME),
            amount(t02, total_row, item),
        )
        for item in OTHER_INCOME
    )


@rule(
    "x.t01_t02.total",
    severity=ERROR,
    title="收支总表本年收入合计等于收入决算表合计",
    tables=("T01", "T02"),
    tags=tags("T01", "T02"),
)
def t01_income_total_against_t02(disclosure: Disclosure) -> Iterable[Defect]:
    """T01 本年收入合计 = T02 合计行 本年收入合计."""
    t01, t02 = final_accounts_tables(disclosure, "T01", "T02")
    expected = amount(t01, require_row(t01, "本年收入合计", INCOME), FINAL)
    actual = amount(t02, require_row(t02, TOTAL), "本年收入合计")
    return collect([check_equal(expected, actual)])


# --------------------------------------------------------------------------- T01 ↔ T04


@rule(
    "x.t01_t04.income",
    severity=ERROR,
    title="收支总表三项财政拨款收入等于财政拨款收支总表对应收入",
    tables=("T01", "T04"),
    tags=tags("T01", "T04"),
)
def t01_appropriations_against_t04(disclosure: Disclosure) -> Iterable[Defect]:
    """T01 一般公共预算 / 政府性基金 / 国有资本经营 财政拨款收入 = T04 收入 rows of the same budget."""
    t01, t04 = final_accounts_tables(disclosure, "T01", "T04")
    return collect(
        check_equal(
            amount(t01, t01_key, FINAL, INCOME),
            cell_at(t04, t04.row(t04_key, INCOME), FINAL, key=t04_key, section=INCOME),
        )
        for t01_key, t04_key in APPROPRIATIONS.items()
    )


@rule(
    "x.t04_t01.ceiling",
    severity=ERROR,
    title="财政拨款支出不大于全部支出（财政拨款收支总表≤收支总表，按类）",
    tables=("T01", "T04"),
    tags=tags("T01", "T04"),
)
def t04_not_above_t01(disclosure: Disclosure) -> Iterable[Defect]:
    """T04 支出 合计 ≤ T01 支出 决算数 for every class and for 本年支出合计 (inequality, no tolerance)."""
    t01, t04 = final_accounts_tables(disclosure, "T01", "T04")
    keys = [r.key for r in named_class_rows(t04, SPENDING)] + ["本年支出合计"]
    pairs = ((key, *t01_row_for(t01, key)) for key in keys)
    return collect(
        check_not_above(
            amount(t04, key, TOTAL, SPENDING),
            cell_at(t01, t01_row, FINAL, key=key, section=SPENDING),
            "财政拨款支出是全部支出的一部分，不应大于全部支出",
        )
        for key, known, t01_row in pairs
        if known
    )


def t01_row_for(t01: Table, key: str) -> tuple[bool, Row | None]:
    """T01's 支出 row for a T04 row: by name, else by the class code the name stands for.

    (True, None) when T01 does not print that class (it is then blank there); (False, None)
    when the name maps to no class code, so that a name printed differently is never taken
    for a missing class.
    """
    found = t01.row(key, SPENDING)
    if found is not None or key == "本年支出合计":
        return True, found
    codes = class_codes_by_name()
    code = codes.get(normal_name(key))
    if code is None:
        return False, None
    for row in named_class_rows(t01, SPENDING):
        if codes.get(normal_name(row.key)) == code:
            return True, row
    return True, None


# --------------------------------------------------------------------------- T01 ↔ T03


@rule(
    "x.t01_t03.class",
    severity=ERROR,
    title="收支总表各类支出等于支出决算表同类本年支出合计",
    tables=("T01", "T03"),
    tags=tags("T01", "T03"),
)
def t01_classes_against_t03(disclosure: Disclosure) -> Iterable[Defect]:
    """Each T01 支出 class (by name) = the T03 class row of its 3-digit code, 本年支出合计 column."""
    t01, t03 = final_accounts_tables(disclosure, "T01", "T03")
    return collect(compare_classes(t01, FINAL, t03, "本年支出合计", "应相等"))


@rule(
    "x.t01_t03.total",
    severity=ERROR,
    title="收支总表本年支出合计等于支出决算表合计",
    tables=("T01", "T03"),
    tags=tags("T01", "T03"),
)
def t01_spending_total_against_t03(disclosure: Disclosure) -> Iterable[Defect]:
    """T01 本年支出合计 = T03 合计行 本年支出合计."""
    t01, t03 = final_accounts_tables(disclosure, "T01", "T03")
    expected = amount(t01, require_row(t01, "本年支出合计", SPENDING), FINAL)
    actual = amount(t03, require_row(t03, TOTAL), "本年支出合计")
    return collect([check_equal(expected, actual)])


# --------------------------------------------------------------------------- T04 ↔ T05

GENERAL = "一般公共预算财政拨款"


@rule(
    "x.t04_t05.class",
    severity=ERROR,
    title="财政拨款收支总表一般公共预算各类支出等于一般公共预算支出表同类合计",
    tables=("T04", "T05"),
    tags=tags("T04", "T05"),
)
def t04_classes_against_t05(disclosure: Disclosure) -> Iterable[Defect]:
    """Each T04 支出 class, 一般公共预算财政拨款 column = the T05 class row of its code, 合计 column."""
    t04, t05 = final_accounts_tables(disclosure, "T04", "T05")
    return collect(compare_classes(t04, GENERAL, t05, TOTAL, "应相等"))


@rule(
    "x.t04_t05.total",
    severity=ERROR,
    title="财政拨款收支总表一般公共预算本年支出合计等于一般公共预算支出表合计",
    tables=("T04", "T05"),
    tags=tags("T04", "T05"),
)
def t04_total_against_t05(disclosure: Disclosure) -> Iterable[Defect]:
    """T04 支出 本年支出合计, 一般公共预算财政拨款 column = T05 合计行 合计."""
    t04, t05 = final_accounts_tables(disclosure, "T04", "T05")
    expected = amount(t04, require_row(t04, "本年支出合计", SPENDING), GENERAL)
    actual = amount(t05, require_row(t05, TOTAL), TOTAL)
    return collect([check_equal(expected, actual)])


# --------------------------------------------------------------------------- T05 ≤ T03


def t03_row_for(t03: Table, row: Row) -> Row:
    """The T03 row of a T05 row's code (or 合计); a blank row where T03 does not print it."""
    if row.code is None:
        return t03.row(row.key) or Row(key=row.key, label=row.label, cells=(), source=t03.source)
    for candidate in code_rows(t03, CodeKind.FUNCTION):
        if candidate.code == row.code:
            return candidate
    return blank_code_row(t03, row.code, row.label)


@rule(
    "x.t05_t03.ceiling",
    severity=ERROR,
    title="一般公共预算财政拨款支出不大于全部支出（按科目、按基本/项目支出）",
    tables=("T03", "T05"),
    tags=tags("T03", "T05"),
)
def t05_not_above_t03(disclosure: Disclosure) -> Iterable[Defect]:
    """T05 ≤ T03 code by code: 合计 ≤ 本年支出合计, 基本支出 ≤ 基本支出, 项目支出 ≤ 项目支出."""
    t03, t05 = final_accounts_tables(disclosure, "T03", "T05")
    rows = [r for r in t05.rows if r.key == TOTAL or r.code_kind is CodeKind.FUNCTION]
    return collect(
        check_not_above(
            amount(t05, row, t05_column),
            amount(t03, t03_row_for(t03, row), t03_column),
            "一般公共预算财政拨款支出是全部支出的一部分，同一科目同一栏不应大于支出决算表",
        )
        for row in rows
        for t05_column, t03_column in T05_TO_T03.items()
    )


# --------------------------------------------------------------------------- T05 ↔ T06


def t06_parts(t06: Table) -> tuple[list[Amount | None], str]:
    """T06's 人员经费合计 and 公用经费合计; its economic classes where it prints no such totals."""
    totals = [amount(t06, key, FINAL) for key in T06_TOTALS]
    if any(a is not None and a.printed for a in totals):
        return list(totals), f"{table_name(t06)}人员经费合计与公用经费合计之和"
    classes = [amount(t06, row, FINAL) for row in class_rows(t06, CodeKind.ECONOMIC)]
    return list(classes), f"{table_name(t06)}各经济分类类级支出之和"


@rule(
    "x.t05_t06.basic",
    severity=ERROR,
    title="一般公共预算基本支出等于基本支出表人员经费与公用经费之和",
    tables=("T05", "T06"),
    tags=tags("T05", "T06"),
)
def t05_basic_against_t06(disclosure: Disclosure) -> Iterable[Defect]:
    """T05 合计行 基本支出 = T06 人员经费合计 + 公用经费合计 (the finding names T06)."""
    t05, t06 = final_accounts_tables(disclosure, "T05", "T06")
    basic = amount(t05, require_row(t05, TOTAL), "基本支出")
    parts, parts_text = t06_parts(t06)
    shown = [p for p in parts if p is not None]
    if not shown:
        raise InsufficientData(
            f"{table_name(t06)}既无人员经费合计、公用经费合计，也无经济分类类级行"
        )
    if basic is None:
        return []
    return collect([t06_sum_finding(basic, shown, parts_text)])


def t06_sum_finding(basic: Amount, parts: list[Amount], parts_text: str) -> Defect | None:
    """T06's sum against T05 基本支出, at T06's first part: expected the T05 amount, actual
    the T06 sum, tolerance that of a total of the printed parts."""
    shown = [a.value for a in parts if a.value is not None]
    if basic.value is None and not any(shown):
        return None
    expected = basic.value if basic.value is not None else Decimal(0)
    comparison = compare_sum(expected, shown)
    comparison = Comparison(
        expected=expected, actual=comparison.expected, tolerance=comparison.tolerance
    )
    message = (
        f"{parts_text} {fmt(comparison.actual)} 与{basic.describe()} {show(basic.value)} 应相等，"
        f"相差 {fmt(abs(comparison.difference))}，{envelope_text(comparison)}"
    )
    return finding_for(comparison, parts[0], message, [basic, *parts])


# --------------------------------------------------------------------------- T04 ↔ T08 / T09

FUNDS = {
    "T08": ("政府性基金预算财政拨款", "政府性基金"),
    "T09": ("国有资本经营预算财政拨款", "国有资本经营"),
}


def fund_rows(t04: Table, prefix: str, stem: str) -> list[Row]:
    """T04's ``年初财政拨款结转和结余/<fund>`` (or 年末) sub-rows of one budget."""
    return [r for r in t04.rows if r.key.startswith(prefix + "/") and stem in r.key]


def fund_closing(t04: Table, column: str, stem: str) -> Amount | None:
    """T04's 年末财政拨款结转和结余 of one budget: its column on the 年末 row, else its sub-row."""
    row = t04.row(CLOSING, SPENDING)
    if row is not None and row.cell(column) is not None:
        return amount(t04, row, column)
    for sub in fund_rows(t04, CLOSING, stem):
        printed = [c for c in sub.cells if c.printed]
        if printed:
            return amount(t04, sub, printed[0].column)
    return None


def fund_opening(t04: Table, stem: str) -> Amount | None:
    """T04's 年初财政拨款结转和结余 of one budget (its sub-row on the 收入 side)."""
    for sub in fund_rows(t04, OPENING, stem):
        if sub.section in ("", INCOME):
            return amount(t04, sub, FINAL)
    return None


def fund_amounts(t04: Table, column: str, stem: str) -> list[Amount]:
    """Every T04 amount of one budget: its income row, its 支出 column, its carry-overs."""
    found = [
        amount(t04, column, FINAL, INCOME),
        fund_opening(t04, stem),
        fund_closing(t04, column, stem),
    ]
    found += [amount(t04, row, column) for row in t04.rows_in(SPENDING)]
    return [a for a in found if a is not None]


def compare_fund(disclosure: Disclosure, table_id: str) -> Iterator[Defect | None]:
    """T04's column of one budget against T08/T09: income, spending by class and in total, carry-overs."""
    t04, fund_table = final_accounts_tables(disclosure, "T04", table_id)
    if not fund_table.has_amounts:
        raise NotApplicable(
            f"{table_name(fund_table)}无数据（是否应为空由 x.t04_{table_id.lower()}.empty 检查）"
        )
    column, stem = FUNDS[table_id]
    total_row = require_row(fund_table, TOTAL)
    pairs = [
        (amount(t04, column, FINAL, INCOME), "本年收入"),
        (amount(t04, "本年支出合计", column, SPENDING), "本年支出合计"),
        (fund_opening(t04, stem), "年初结转和结余"),
        (fund_closing(t04, column, stem), "年末结转和结余"),
    ]
    for expected, fund_column in pairs:
        yield check_equal(expected, amount(fund_table, total_row, fund_column))
    yield from compare_classes(t04, column, fund_table, "本年支出合计", "应相等")


@rule(
    "x.t04_t08.fund",
    severity=ERROR,
    title="财政拨款收支总表政府性基金栏与政府性基金预算财政拨款收支表一致",
    tables=("T04", "T08"),
    tags=tags("T04", "T08"),
)
def t04_against_t08(disclosure: Disclosure) -> Iterable[Defect]:
    """T04 政府性基金: 收入, 年初/年末结转和结余, 本年支出合计 and every class = T08."""
    return collect(compare_fund(disclosure, "T08"))


@rule(
    "x.t04_t09.fund",
    severity=ERROR,
    title="财政拨款收支总表国有资本经营栏与国有资本经营预算财政拨款收支表一致",
    tables=("T04", "T09"),
    tags=tags("T04", "T09"),
)
def t04_against_t09(disclosure: Disclosure) -> Iterable[Defect]:
    """T04 国有资本经营: 收入, 年初/年末结转和结余, 本年支出合计 and every class = T09."""
    return collect(compare_fund(disclosure, "T09"))


def nonzero(amounts: Iterable[Amount | None]) -> list[Amount]:
    return [a for a in amounts if a is not None and a.value]


def declared_empty(table: Table) -> bool:
    """Declared empty by a statement that says so (本表无数据, 故本表为空表), never by the
    conditional note 如本表为空，则… nor by a sentence that does not speak of the table."""
    if not table.declared_empty:
        return False
    statement = table.empty_statement
    return statement is None or is_empty_statement(statement)


def fund_table_finding(
    table: Table,
    severity: Severity,
    message: str,
    at: Cell | None = None,
    cells: Iterable[Amount] = (),
) -> Defect:
    """A finding about a whole fund table (T08/T09), at its first amount where it has one."""
    return Defect(
        message,
        severity,
        table=table.id,
        column=at.column if at else "",
        source=(at.source if at else table.source).label(),
        cells=tuple(a.ref for a in cells),
    )


def check_fund_table_empty(disclosure: Disclosure, table_id: str) -> Iterator[Defect]:
    """The fund table is empty exactly when T04's column of that budget is, and then says so."""
    t04, fund_table = final_accounts_tables(disclosure, "T04", table_id)
    column, stem = FUNDS[table_id]
    if column not in t04.columns:
        raise InsufficientData(f"{table_name(t04)}没有“{column}”栏")
    in_t04 = nonzero(fund_amounts(t04, column, stem))
    in_table = [c for row in fund_table.rows for c in row.cells if c.value]
    name = table_name(fund_table)
    if in_t04 and not in_table:
        first = in_t04[0]
        yield fund_table_finding(
            fund_table,
            Severity.ERROR,
            f"{first.describe()} 为 {first.value:,}，但{name}没有数据"
            + ("且声明本表无数据" if declared_empty(fund_table) else "")
            + f"；{stem}预算财政拨款有收支或结转结余时，{name}应列示。",
            cells=in_t04,
        )
    elif in_table and not in_t04:
        yield fund_table_finding(
            fund_table,
            Severity.ERROR,
            f"{name}有数据（{in_table[0].raw}），但{table_name(t04)}“{column}”栏、"
            f"{stem}年初和年末结转和结余均为空或零。",
            in_table[0],
        )
    elif not in_table and not declared_empty(fund_table):
        yield fund_table_finding(
            fund_table,
            Severity.WARNING,
            f"{name}为空，但未说明本表无数据（“如本表为空，则……”之类的条件句不算说明）。",
            None,
        )


@rule(
    "x.t04_t08.empty",
    severity=ERROR,
    title="政府性基金预算财政拨款收支表为空当且仅当财政拨款收支总表政府性基金栏为空，并说明为空",
    tables=("T04", "T08"),
    tags=tags("T04", "T08"),
)
def t08_empty_with_t04(disclosure: Disclosure) -> Iterable[Defect]:
    """T08 has amounts exactly when T04's 政府性基金 column, income row or carry-overs do;
    an empty T08 says that it is empty (warning when it does not)."""
    return check_fund_table_empty(disclosure, "T08")


@rule(
    "x.t04_t09.empty",
    severity=ERROR,
    title="国有资本经营预算财政拨款收支表为空当且仅当财政拨款收支总表国有资本经营栏为空，并说明为空",
    tables=("T04", "T09"),
    tags=tags("T04", "T09"),
)
def t09_empty_with_t04(disclosure: Disclosure) -> Iterable[Defect]:
    """T09 has amounts exactly when T04's 国有资本经营 column, income row or carry-overs do;
    an empty T09 says that it is empty (warning when it does not)."""
    return check_fund_table_empty(disclosure, "T09")


# --------------------------------------------------------------------------- T06 ≤ T07


@rule(
    "x.t06_t07.sangong",
    severity=ERROR,
    title="基本支出表“三公”经济科目不大于“三公”经费表决算数",
    tables=("T06", "T07"),
    tags=tags("T06", "T07"),
)
def t06_not_above_t07(disclosure: Disclosure) -> Iterable[Defect]:
    """T06 30212 ≤ T07 因公出国（境）费, 30217 ≤ 公务接待费, 30231 ≤ 公务用车运行维护费,
    31013 ≤ 公务用车购置费 (决算数): T07 covers all appropriation spending, T06 only its basic part."""
    t06, t07 = final_accounts_tables(disclosure, "T06", "T07")
    if FINAL not in t07.columns:
        raise InsufficientData(f"{table_name(t07)}没有“{FINAL}”栏")
    by_code = {r.code: r for r in code_rows(t06, CodeKind.ECONOMIC)}
    for code, t07_key in SANGONG_LINES.items():
        row = by_code.get(code)
        if row is None:
            continue
        line = amount(t06, row, FINAL)
        ceiling = cell_at(t07, t07.row(t07_key), FINAL, key=t07_key)
        found = check_not_above(
            line,
            ceiling,
            f"{table_name(t07)}的“{t07_key}”含全部财政拨款支出，{code}只是其中一般公共预算基本支出部分",
        )
        if found is not None and ceiling is not None:
            yield at_ceiling(found, ceiling)


def at_ceiling(found: Defect, ceiling: Amount) -> Defect:
    """The defect moved to T07's cell: T07 should be at least the T06 line (expected), actual
    is T07."""
    where = found.where
    moved = {
        "table": ceiling.table.id,
        "row_key": ceiling.row.key,
        "column": ceiling.column,
        "source": ceiling.cell.source.label(),
        "expected": where["actual"],
        "actual": where["expected"],
        "difference": -(where["difference"] or Decimal(0)),
        "cells": tuple(reversed(where["cells"])),
    }
    return Defect(found.message, found.severity, **{**where, **moved})
