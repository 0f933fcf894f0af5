"""Rules across a budget's tables: B01–B09 must tell one story.

The relations: B02's 合计 and B03's 合计 against B01's money of this year, B01's income lines
against B02's columns and its classes and uses against B03; the appropriation tables inside the
all-funds tables (B05 ⊂ B04 ⊂ B01, B05 ≤ B03 by code); B05 基本支出 = B06 合计; B04's fund
columns against B05, B08 and B09; B06's 三公 lines never above B07 (B06 holds only the basic
spending of the general budget, B07 all of the 三公 money, so B07 is the larger). Equalities go
through the envelope; an inequality needs none. Tables in different money units are not
compared, except B06 against B07, which Shanghai prints in 元 and 万元: there the rounding of the
coarser unit is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.tables import CodeKind, Row, Table
from juesuan.rules.budget import (
    INCOME,
    SPENDING,
    TOTAL,
    budget_only,
    budget_table,
    budget_tables,
    fund_of,
    is_use,
    printed_precision,
    side_rows,
    this_year_total,
    total_column,
)
from juesuan.rules.cross import blank_code_row, cell_at, class_codes_by_name, normal_name
from juesuan.rules.envelope import DEFAULT_DECIMALS, half_unit
from juesuan.rules.helpers import (
    Amount,
    amount,
    check_equal,
    check_not_above,
    class_rows,
    code_rows,
    collect,
    fmt,
    require_row,
    show,
    table_name,
)
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, RuleFunc, rule

ERROR = Severity.ERROR
GENERAL, FUND, CAPITAL = "一般公共预算", "政府性基金", "国有资本经营"
#: B06 economic line → the B07 row that contains it (30212 因公出国（境）费用, 31013 公务用车购置 …).
SANGONG_LINES = {
    "30212": "因公出国（境）费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30231": "公务用车运行维护费",
    "31013": "公务用车购置费",
}
#: A word the line's name holds: Shanghai's 部门预算经济分类 gives some codes other names
#: (30212 机关事业单位退休人员活动费), and such a line is not a 三公 line.
SANGONG_WORDS = {
    "30212": "出国",
    "30215": "会议",
    "30216": "培训",
    "30217": "接待",
    "30231": "车",
    "31013": "车",
}


def cross_rule(code: str, title: str, tables: tuple[str, str]) -> Callable[[RuleFunc], RuleFunc]:
    """Register a cross-table budget rule, judged by the printed precision of its tables."""
    register = rule(
        code, severity=ERROR, title=title, tables=tables, tags=("budget", "budget-cross", *tables)
    )

    def decorate(func: RuleFunc) -> RuleFunc:
        register(printed_precision(func, func.__module__))
        return func

    return decorate


# --------------------------------------------------------------------------- locating


def fund_row(table: Table, section: str, fund: str) -> Row | None:
    """The one line of a side that speaks of ``fund``; None when none or several do."""
    rows = [r for r in table.rows_in(section) if fund_of(r.key) == fund and "/" not in r.key]
    return rows[0] if len(rows) == 1 else None


def fund_column(table: Table, fund: str) -> str | None:
    """The one column of ``fund`` (B04's 支出 side); None when none or several."""
    columns = [c for c in table.columns if fund_of(c) == fund]
    return columns[0] if len(columns) == 1 else None


def named_classes(table: Table, *coded: Table) -> dict[str, Row]:
    """The function-class lines of a 总表's 支出 side by their 3-digit code (names the reference
    list or the document's own code tables ``coded`` know; other lines cannot be paired)."""
    codes = class_codes_by_name(*coded)
    found: dict[str, Row] = {}
    for row in side_rows(table, SPENDING):
        if is_use(row):
            continue
        code = codes.get(normal_name(row.key)) or codes.get(normal_name(row.label))
        if code is not None:
            found.setdefault(code, row)
    return found


def coded_class(table: Table, code: str, label: str) -> Row:
    for row in class_rows(table, CodeKind.FUNCTION):
        if row.code == code:
            return row
    return blank_code_row(table, code, label)


def same_code_row(table: Table, row: Row) -> Row:
    """The row of ``table`` with ``row``'s code (or 合计); a blank row where it prints none."""
    if row.code is None:
        return table.row(row.key) or Row(
            key=row.key, label=row.label, cells=(), source=table.source
        )
    for candidate in code_rows(table, CodeKind.FUNCTION):
        if candidate.code == row.code:
            return candidate
    return blank_code_row(table, row.code, row.label)


def spending_total(table: Table, column: str | None) -> Amount | None:
    if column is None:
        return None
    return this_year_total(table, SPENDING, column)


# --------------------------------------------------------------------------- B01 ↔ B02, B03


@cross_rule(
    "budget.cross.b01_b02.total", "收入预算总表合计等于收支预算总表本年收入", ("B01", "B02")
)
def b01_b02_total(disclosure: Disclosure) -> Iterable[Defect]:
    """B02 合计行 合计 = B01 本年收入合计（模板不列时为无结转的收入总计）。"""
    b01, b02 = budget_tables(disclosure, "B01", "B02")
    column = total_column(b01, INCOME)
    expected = this_year_total(b01, INCOME, column) if column else None
    if expected is None:
        raise InsufficientData("收支预算总表中找不到本年收入合计")
    actual = amount(b02, require_row(b02, TOTAL), TOTAL)
    return collect([check_equal(expected, actual)])


@cross_rule(
    "budget.cross.b01_b02.income",
    "收支预算总表各项收入等于收入预算总表合计行对应栏",
    ("B01", "B02"),
)
def b01_b02_income(disclosure: Disclosure) -> Iterable[Defect]:
    """B01 收入方的一项收入（财政拨款收入、事业收入、其他收入 …，及财政拨款下的各项资金）=
    B02 合计行同名（或同一项资金）的栏。"""
    b01, b02 = budget_tables(disclosure, "B01", "B02")
    total_row = require_row(b02, TOTAL)
    column = total_column(b01, INCOME)
    if column is None:
        raise InsufficientData("收支预算总表收入方无法确定金额栏")
    pairs = []
    for row in b01.rows_in(INCOME):
        match = b02_column_for(b02, row.key)
        if match is not None:
            pairs.append((amount(b01, row, column), amount(b02, total_row, match)))
    if not pairs:
        raise NotApplicable("收支预算总表的收入项与收入预算总表的栏名无一对应")
    return collect(check_equal(e, a) for e, a in pairs)


def b02_column_for(b02: Table, key: str) -> str | None:
    if key == TOTAL:
        return None
    if key in b02.columns:
        return key
    fund = fund_of(key)
    if fund is None:
        return None
    columns = [c for c in b02.columns if fund_of(c) == fund]
    return columns[0] if len(columns) == 1 else None


@cross_rule(
    "budget.cross.b01_b03.total", "支出预算总表合计等于收支预算总表本年支出", ("B01", "B03")
)
def b01_b03_total(disclosure: Disclosure) -> Iterable[Defect]:
    """B03 合计行 合计 = B01 本年支出合计（模板不列时为无结转的支出总计）。"""
    b01, b03 = budget_tables(disclosure, "B01", "B03")
    expected = spending_total(b01, total_column(b01, SPENDING))
    if expected is None:
        raise InsufficientData("收支预算总表中找不到本年支出合计")
    actual = amount(b03, require_row(b03, TOTAL), TOTAL)
    return collect([check_equal(expected, actual)])


@cross_rule(
    "budget.cross.b01_b03.class", "收支预算总表各类支出等于支出预算总表同类合计", ("B01", "B03")
)
def b01_b03_classes(disclosure: Disclosure) -> Iterable[Defect]:
    """B01 支出方每一类（按类名对应 3 位科目编码）= B03 该类行 合计；B03 列出而 B01 未列的类按空白比较。"""
    b01, b03 = budget_tables(disclosure, "B01", "B03")
    return collect(compare_classes(b01, b03, TOTAL, None))


@cross_rule(
    "budget.cross.b01_b03.use",
    "收支预算总表基本支出、项目支出等于支出预算总表合计行",
    ("B01", "B03"),
)
def b01_b03_uses(disclosure: Disclosure) -> Iterable[Defect]:
    """B01 支出方按用途列示的基本支出、项目支出 … = B03 合计行同名栏。"""
    b01, b03 = budget_tables(disclosure, "B01", "B03")
    column = total_column(b01, SPENDING)
    uses = [
        r
        for r in b01.rows_in(SPENDING)
        if is_use(r) and r.key in b03.columns and r.value(column or "") is not None
    ]
    if column is None or not uses:
        raise NotApplicable("收支预算总表没有按用途列示支出")
    total_row = require_row(b03, TOTAL)
    return collect(check_equal(amount(b01, r, column), amount(b03, total_row, r.key)) for r in uses)


def compare_classes(
    named: Table, coded: Table, coded_column: str, named_column: str | None
) -> Iterator[Defect | None]:
    """Each class of a 总表's 支出 side (by name) = the coded table's class row, both ways."""
    column = named_column or total_column(named, SPENDING)
    if column is None:
        raise InsufficientData(f"{table_name(named)}支出方无法确定金额栏")
    coded_classes = {r.code for r in class_rows(coded, CodeKind.FUNCTION) if r.code}
    if not coded_classes:
        # A table that lists no class at all has another layout (Jiangsu's 支出预算总表 prints
        # only its 合计 line): nothing to pair, which is not a class spent at 0.00.
        raise NotApplicable(f"{table_name(coded)}没有列出类级科目")
    by_code = named_classes(named, coded)
    codes = set(by_code) | coded_classes
    for class_code in sorted(codes):
        named_row = by_code.get(class_code)
        coded_row = coded_class(coded, class_code, named_row.key if named_row else class_code)
        expected = cell_at(named, named_row, column, key=coded_row.label, section=SPENDING)
        yield check_equal(expected, amount(coded, coded_row, coded_column))


# --------------------------------------------------------------------------- B01 ↔ B04


@cross_rule(
    "budget.cross.b01_b04.fund",
    "收支预算总表各项财政拨款资金等于财政拨款收支预算总表",
    ("B01", "B04"),
)
def b01_b04_funds(disclosure: Disclosure) -> Iterable[Defect]:
    """B01 收入方一般公共预算、政府性基金、国有资本经营预算资金 = B04 收入方同一项资金。"""
    b01, b04 = budget_tables(disclosure, "B01", "B04")
    b01_column, b04_column = total_column(b01, INCOME), total_column(b04, INCOME)
    if b01_column is None or b04_column is None:
        raise InsufficientData("无法确定收入方金额栏")
    pairs = [(fund_row(b01, INCOME, f), fund_row(b04, INCOME, f)) for f in (GENERAL, FUND, CAPITAL)]
    shown = [(a, b) for a, b in pairs if a is not None and b is not None]
    if not shown:
        raise NotApplicable("两表没有可对应的分项资金行")
    return collect(
        check_equal(amount(b01, a, b01_column), amount(b04, b, b04_column)) for a, b in shown
    )


@cross_rule(
    "budget.cross.b04_b01.ceiling",
    "财政拨款支出不大于全部支出（财政拨款收支预算总表≤收支预算总表）",
    ("B01", "B04"),
)
def b04_not_above_b01(disclosure: Disclosure) -> Iterable[Defect]:
    """B04 本年支出（合计栏）≤ B01 本年支出；B04 每一类 ≤ B01 同一类（不等式，无舍入范围）。"""
    b01, b04 = budget_tables(disclosure, "B01", "B04")
    b01_column, b04_column = total_column(b01, SPENDING), total_column(b04, SPENDING)
    if b01_column is None or b04_column is None:
        raise InsufficientData("无法确定支出方金额栏")
    relation = "财政拨款支出是全部支出的一部分，不应大于全部支出"
    yield from collect(
        [
            check_not_above(
                spending_total(b04, b04_column), spending_total(b01, b01_column), relation
            )
        ]
    )
    b01_classes = named_classes(b01)
    for class_code, row in named_classes(b04).items():
        larger = cell_at(
            b01, b01_classes.get(class_code), b01_column, key=row.key, section=SPENDING
        )
        yield from collect([check_not_above(amount(b04, row, b04_column), larger, relation)])


# --------------------------------------------------------------------------- B04 ↔ B05, B08, B09


def fund_total_against(disclosure: Disclosure, fund: str, table_id: str) -> Iterator[Defect]:
    """B04 支出方本年支出 in the fund's column = the fund table's 合计; a fund table declared
    empty or printing nothing counts as 0.00."""
    budget_only(disclosure)
    b04 = budget_table(disclosure, "B04")
    other = disclosure.table(table_id)
    if other is None:
        raise NotApplicable(f"文档中没有{table_id}")
    if not other.complete:
        raise InsufficientData(f"{table_name(other)}不完整")
    if (b04.unit or disclosure.meta.money_unit) != (other.unit or disclosure.meta.money_unit):
        raise InsufficientData("金额单位不同，不能直接比较")
    column = fund_column(b04, fund)
    if column is None:
        raise NotApplicable(f"财政拨款收支预算总表没有分列{fund}支出")
    expected = spending_total(b04, column)
    total_row = other.row(TOTAL) or Row(key=TOTAL, label=TOTAL, cells=(), source=other.source)
    actual = amount(other, total_row, TOTAL) or cell_at(other, total_row, other.columns[0])
    yield from collect([check_equal(expected, actual)])


@cross_rule(
    "budget.cross.b04_b05.total",
    "财政拨款收支预算总表一般公共预算支出等于一般公共预算支出预算表合计",
    ("B04", "B05"),
)
def b04_b05_total(disclosure: Disclosure) -> Iterable[Defect]:
    """B04 支出方本年支出，一般公共预算栏 = B05 合计行 合计。"""
    return fund_total_against(disclosure, GENERAL, "B05")


@cross_rule(
    "budget.cross.b04_b05.class",
    "财政拨款收支预算总表一般公共预算各类支出等于一般公共预算支出预算表同类合计",
    ("B04", "B05"),
)
def b04_b05_classes(disclosure: Disclosure) -> Iterable[Defect]:
    """B04 支出方每一类，一般公共预算栏 = B05 该类行 合计。"""
    b04, b05 = budget_tables(disclosure, "B04", "B05")
    column = fund_column(b04, GENERAL)
    if column is None:
        raise NotApplicable("财政拨款收支预算总表没有分列一般公共预算支出")
    return collect(compare_classes(b04, b05, TOTAL, column))


@cross_rule(
    "budget.cross.b04_b08.total",
    "财政拨款收支预算总表政府性基金支出等于政府性基金预算支出表合计",
    ("B04", "B08"),
)
def b04_b08_total(disclosure: Disclosure) -> Iterable[Defect]:
    """B04 支出方本年支出，政府性基金预算栏 = B08 合计行 合计（B08 为空表时按 0.00）。"""
    return fund_total_against(disclosure, FUND, "B08")


@cross_rule(
    "budget.cross.b04_b09.total",
    "财政拨款收支预算总表国有资本经营预算支出等于国有资本经营预算支出表合计",
    ("B04", "B09"),
)
def b04_b09_total(disclosure: Disclosure) -> Iterable[Defect]:
    """B04 支出方本年支出，国有资本经营预算栏 = B09 合计行 合计（B09 为空表时按 0.00）。"""
    return fund_total_against(disclosure, CAPITAL, "B09")


# --------------------------------------------------------------------------- B05 ↔ B03, B06


@cross_rule(
    "budget.cross.b05_b03.ceiling",
    "一般公共预算支出不大于全部支出（按科目、按基本/项目支出）",
    ("B03", "B05"),
)
def b05_not_above_b03(disclosure: Disclosure) -> Iterable[Defect]:
    """B05 ≤ B03 科目对科目、栏对栏（合计、基本支出、项目支出）。"""
    b03, b05 = budget_tables(disclosure, "B03", "B05")
    columns = [c for c in b05.columns if c in b03.columns]
    rows = [r for r in b05.rows if r.key == TOTAL or r.code_kind is CodeKind.FUNCTION]
    if not code_rows(b03, CodeKind.FUNCTION):
        rows = [r for r in rows if r.key == TOTAL]  # B03 lists no codes: only the totals pair
    return collect(
        check_not_above(
            amount(b05, row, column),
            amount(b03, same_code_row(b03, row), column),
            "一般公共预算支出是全部支出的一部分，同一科目同一栏不应大于支出预算总表",
        )
        for row in rows
        for column in columns
    )


@cross_rule(
    "budget.cross.b05_b06.basic", "一般公共预算基本支出等于基本支出预算表合计", ("B05", "B06")
)
def b05_b06_basic(disclosure: Disclosure) -> Iterable[Defect]:
    """B06 合计行 合计 = B05 合计行 基本支出。"""
    b05, b06 = budget_tables(disclosure, "B05", "B06")
    if "基本支出" not in b05.columns:
        raise InsufficientData("一般公共预算支出预算表没有基本支出栏")
    expected = amount(b05, require_row(b05, TOTAL), "基本支出")
    total_row = require_row(b06, TOTAL)
    actual = amount(b06, total_row, TOTAL) or amount(b06, total_row, b06.columns[0])
    return collect([check_equal(expected, actual)])


# --------------------------------------------------------------------------- B06 ↔ B07


@cross_rule(
    "budget.cross.b06_b07.sangong", "基本支出中的三公经费等不大于三公经费预算", ("B06", "B07")
)
def b06_not_above_b07(disclosure: Disclosure) -> Iterable[Defect]:
    """B06 的 30212 因公出国（境）费用、30217 公务接待费、30231 公务用车运行维护费、31013 公务用车购置、
    30215 会议费、30216 培训费 ≤ B07 对应项（B06 只含一般公共预算基本支出）。两表金额单位不同时
    换算后比较，容许较粗单位末位的半个单位。"""
    budget_only(disclosure)
    b06, b07 = budget_table(disclosure, "B06"), budget_table(disclosure, "B07")
    units = [t.unit or disclosure.meta.money_unit for t in (b06, b07)]
    if None in units and units[0] != units[1]:
        raise InsufficientData("三公经费表或基本支出表未标明金额单位")
    b06_column = TOTAL if TOTAL in b06.columns else b06.columns[0]
    b07_column = "预算数" if "预算数" in b07.columns else b07.columns[0]
    for line, key in SANGONG_LINES.items():
        row = next((r for r in code_rows(b06, CodeKind.ECONOMIC) if r.code == line), None)
        if row is None or b07.row(key) is None or not named_as(row, SANGONG_WORDS[line]):
            continue
        smaller, larger = amount(b06, row, b06_column), amount(b07, key, b07_column)
        yield from collect([not_above_in_units(smaller, units[0], larger, units[1])])


def named_as(row: Row, word: str) -> bool:
    """The line is named as the 三公 line of its code, or prints no name of its own."""
    name = row.label.strip()
    return not name or name == row.code or word in name


def not_above_in_units(
    smaller: Amount | None,
    smaller_unit: MoneyUnit | None,
    larger: Amount | None,
    larger_unit: MoneyUnit | None,
) -> Defect | None:
    """``smaller`` ≤ ``larger`` after both are put in 元; where the units differ, the coarser
    one's half unit of its last printed place is allowed (it may hide that much)."""
    relation = "一般公共预算基本支出中的该项经费是三公经费预算的一部分，不应大于三公经费表"
    if smaller_unit == larger_unit or smaller_unit is None or larger_unit is None:
        return check_not_above(smaller, larger, relation)
    if smaller is None or larger is None or smaller.value is None:
        return None
    small = smaller.value * smaller_unit.factor
    large = (larger.value or Decimal(0)) * larger_unit.factor
    coarse = max(smaller_unit.factor, larger_unit.factor)
    allowance = half_unit(DEFAULT_DECIMALS) * coarse
    if small <= large + allowance:
        return None
    return Defect(
        f"{smaller.describe()} {fmt(smaller.value)}{smaller_unit} 大于{larger.describe()} "
        f"{show(larger.value)}{larger_unit}，折合超出 {fmt(small - large)}元（已容许"
        f"{fmt(allowance)}元的舍入）；{relation}。",
        ERROR,
        table=smaller.table.id,
        row_key=smaller.row.key,
        column=smaller.column,
        expected=large,
        actual=small,
        difference=small - large,
        tolerance=allowance,
        source=smaller.cell.source.label(),
        cells=(smaller.ref, larger.ref),
    )
