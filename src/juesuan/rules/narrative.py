"""Narrative rules: each statement of the 情况说明 checked for what it says.

The statements come from ``recognise.statements``. Each rule names the statement kinds it
compares (its docstring says which) and compares nothing else: an amount goes only to the table
cell of the same meaning (``SUBJECT_CELLS``, by table id and row key), a share only to the whole
it names or the sentence's first subject, a change only to the amount of its own subject.

Envelopes: the prose is often printed in 万元 with fewer decimals than the tables (and the
budget tables are in 元), so a stated amount may differ from its cell by half a unit of its own
last printed digit (one unit when it prints as many digits as the cell); shares and rates are
recomputed from the printed amounts, every printed value carrying half a unit of rounding, and
must meet the printed rate at its printed precision. Exact → nothing; inside → info; outside →
error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model import narrative as n
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import CellRef, Finding, Severity
from juesuan.model.money import MoneyUnit, decimals_of
from juesuan.model.narrative import Money, Statement
from juesuan.model.tables import Cell, Row, Table
from juesuan.recognise.statements import (
    DIRECTION_SENSE,
    DOWN,
    SAME,
    UP,
    normalise,
    without_page_numbers,
)
from juesuan.rules.envelope import compare_sum, half_unit
from juesuan.rules.helpers import cell_ref, fmt
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, RuleFunc, rule

ZERO = Decimal(0)
PIECE_END = re.compile(r"[。；]")
HUNDRED = Decimal(100)


def narrative_rule(
    code: str, title: str, severity: Severity, *kinds: str
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a narrative rule; its tags name the statement kinds it compares."""
    return rule(
        code, severity=severity, title=title, tags=("narrative", *(f"statement:{k}" for k in kinds))
    )


def statements_of(disclosure: Disclosure) -> tuple[Statement, ...]:
    if not disclosure.narrative:
        raise NotApplicable("文档没有情况说明")
    if not disclosure.statements:
        raise NotApplicable("情况说明中没有读到数字陈述")
    return disclosure.statements


def statement_defect(
    severity: Severity,
    message: str,
    statement: Statement,
    *,
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    tolerance: Decimal | None = None,
    cell: CellRef | None = None,
) -> Defect:
    """A finding about one sentence: its quote and source, the cell it was compared with."""
    difference = actual - expected if actual is not None and expected is not None else None
    return Defect(
        message,
        severity,
        table=cell.table if cell else "",
        section=cell.section if cell else "",
        row_key=cell.row_key if cell else "",
        column=cell.column if cell else "",
        expected=expected,
        actual=actual,
        difference=difference,
        tolerance=tolerance,
        source=statement.source.label(),
        cells=(cell,) if cell else (),
        quote=statement.quote,
    )


def money_text(money: Money) -> str:
    return money.raw


LEVEL_WORDS = ("类", "款", "项")


def subject_name(subject: str) -> str:
    """A subject as the prose names it: ``类:一般公共服务支出`` → ``一般公共服务支出（类）``."""
    level, _, names = subject.partition(":")
    if level not in LEVEL_WORDS or not names:
        return subject
    parts = names.split("/")
    start = LEVEL_WORDS.index(level) + 1 - len(parts)
    if start < 0:
        return "".join(parts)
    return "".join(f"{name}（{LEVEL_WORDS[start + i]}）" for i, name in enumerate(parts))


# --------------------------------------------------------------------------- table cells

#: Subject → the cells of the same meaning, (table, section, row key, column), by document kind.
SUBJECT_CELLS: dict[str, dict[str, tuple[tuple[str, str, str, str], ...]]] = {
    "决算": {
        n.INCOME_EXPENDITURE_TOTAL: (("T01", "收入", "总计", "决算数"),),
        n.FISCAL_TOTAL: (("T04", "收入", "总计", "决算数"),),
        n.INCOME_TOTAL: (
            ("T01", "收入", "本年收入合计", "决算数"),
            ("T02", "", "合计", "本年收入合计"),
        ),
        n.EXPENDITURE_TOTAL: (
            ("T01", "支出", "本年支出合计", "决算数"),
            ("T03", "", "合计", "本年支出合计"),
        ),
        n.FISCAL_INCOME: (("T02", "", "合计", "财政拨款收入"),),
        "其他收入": (("T02", "", "合计", "其他收入"),),
        "事业收入": (("T02", "", "合计", "事业收入"),),
        "经营收入": (("T02", "", "合计", "经营收入"),),
        "上级补助收入": (("T02", "", "合计", "上级补助收入"),),
        "附属单位上缴收入": (("T02", "", "合计", "附属单位上缴收入"),),
        n.BASIC: (("T03", "", "合计", "基本支出"),),
        n.PROJECT: (("T03", "", "合计", "项目支出"),),
        n.GENERAL_FISCAL: (("T05", "", "合计", "合计"),),
        n.GENERAL_BASIC: (("T05", "", "合计", "基本支出"),),
        n.PERSONNEL: (("T06", "", "人员经费合计", "决算数"),),
        n.PUBLIC: (("T06", "", "公用经费合计", "决算数"),),
        n.SANGONG: (("T07", "", "合计", "决算数"),),
        n.ABROAD: (("T07", "", "因公出国（境）费", "决算数"),),
        n.VEHICLES: (("T07", "", "公务用车购置及运行费", "决算数"),),
        n.VEHICLE_PURCHASE: (("T07", "", "公务用车购置费", "决算数"),),
        n.VEHICLE_RUNNING: (("T07", "", "公务用车运行维护费", "决算数"),),
        n.RECEPTION: (("T07", "", "公务接待费", "决算数"),),
        # where the template prints 机关运行经费 in the 三公 table (Shanghai)
        n.RUNNING_COSTS: (("T07", "", "机关运行经费", "决算数"),),
    },
    "预算": {
        n.INCOME_EXPENDITURE_TOTAL: (("B01", "收入", "总计", "预算数"),),
        n.FISCAL_TOTAL: (("B04", "收入", "总计", "预算数"),),
        n.INCOME_TOTAL: (("B01", "收入", "本年收入合计", "预算数"),),
        n.EXPENDITURE_TOTAL: (("B01", "支出", "本年支出合计", "预算数"),),
        n.FISCAL_INCOME: (
            ("B01", "收入", "财政拨款收入", "预算数"),
            ("B02", "", "合计", "财政拨款收入"),
        ),
        "事业收入": (("B01", "收入", "事业收入", "预算数"), ("B02", "", "合计", "事业收入")),
        "其他收入": (("B01", "收入", "其他收入", "预算数"), ("B02", "", "合计", "其他收入")),
        n.BASIC: (("B03", "", "合计", "基本支出"),),
        n.PROJECT: (("B03", "", "合计", "项目支出"),),
        n.GENERAL_FISCAL: (("B05", "", "合计", "合计"),),
        n.GENERAL_BASIC: (("B05", "", "合计", "基本支出"),),
        n.SANGONG: (("B07", "", "合计", "预算数"),),
        n.ABROAD: (("B07", "", "因公出国（境）费", "预算数"),),
        n.VEHICLES: (("B07", "", "公务用车购置及运行费", "预算数"),),
        n.VEHICLE_PURCHASE: (("B07", "", "公务用车购置费", "预算数"),),
        n.VEHICLE_RUNNING: (("B07", "", "公务用车运行维护费", "预算数"),),
        n.RECEPTION: (("B07", "", "公务接待费", "预算数"),),
        n.RUNNING_COSTS: (("B07", "", "机关运行经费", "预算数"),),
    },
}
#: Tables where a function class/款/项 of 一般公共预算 spending is found, by kind.
FUNCTION_TABLE = {"决算": ("T05", "合计"), "预算": ("B05", "合计")}
#: The 三公 cells' budget column in a 决算 (for 完成预算的X% when the prose states no budget).
BUDGET_COLUMN = {"T07": "预算数"}


@dataclass(frozen=True, slots=True)
class TableCell:
    """An amount cell of a table, with its row and the table's money unit."""

    table: Table
    row: Row
    cell: Cell
    unit: MoneyUnit

    @property
    def ref(self) -> CellRef:
        return cell_ref(self.table, self.row, self.cell)

    @property
    def value(self) -> Decimal:
        assert self.cell.value is not None
        return self.cell.value


def table_unit(disclosure: Disclosure, table: Table) -> MoneyUnit | None:
    return table.unit or disclosure.meta.money_unit


def printed_cell(
    disclosure: Disclosure, table_id: str, section: str, key: str, column: str
) -> TableCell | None:
    table = disclosure.table(table_id)
    if table is None:
        return None
    row = table.row(key, section)
    cell = row.cell(column) if row is not None else None
    unit = table_unit(disclosure, table)
    if row is None or cell is None or cell.value is None or unit is None:
        return None
    return TableCell(table, row, cell, unit)


def same_name(a: str, b: str) -> bool:
    """Function names as the prose and the tables print them (一般公共服务 = 一般公共服务支出)."""

    def bare(text: str) -> str:
        return "".join(text.split()).removesuffix("支出")

    return bare(a) == bare(b)


def function_row(table: Table, statement: Statement) -> Row | None:
    """The row of a function class/款/项 named by its code words (digits, else names); None
    unless exactly one row fits."""
    codes = statement.codes
    if codes and all(codes) and len(codes) == len(statement.code_words):
        full = "".join(codes)
        return next((r for r in table.rows if r.code == full), None)
    prefix = ""
    row: Row | None = None
    for depth, name in enumerate(statement.code_words):
        width = (3, 5, 7)[depth] if depth < 3 else 0
        fits = [
            r
            for r in table.rows
            if r.code is not None
            and len(r.code) == width
            and r.code.startswith(prefix)
            and same_name(r.label, name)
        ]
        if len(fits) != 1:
            return None
        row = fits[0]
        prefix = row.code or ""
    return row


def is_function_subject(subject: str) -> bool:
    return subject[:2] in ("类:", "款:", "项:")


def names_general_budget(disclosure: Disclosure, statement: Statement) -> bool:
    """The statement's class/款/项 is of 一般公共预算 spending: its section says so, or it is a
    budget's 预算编制说明 (财政拨款支出主要内容) and the budget's 政府性基金 and 国有资本经营 tables
    (B08, B09) print no amount, so all of its 财政拨款 is 一般公共预算."""
    if "一般公共预算" in statement.section:
        return True
    if disclosure.meta.kind != "预算" or "预算编制说明" not in statement.section:
        return False
    funds = [disclosure.table(table_id) for table_id in ("B08", "B09")]
    return all(table is not None and not table.has_amounts for table in funds)


def cell_for(disclosure: Disclosure, statement: Statement) -> TableCell | None:
    """The printed cell of the same meaning as the statement's amount, or None."""
    kind = disclosure.meta.kind
    if is_function_subject(statement.subject):
        if not names_general_budget(disclosure, statement) or len(statement.code_words) > 3:
            return None  # only the 一般公共预算 sections say which table holds the class
        table_id, column = FUNCTION_TABLE.get(kind, ("", ""))
        table = disclosure.table(table_id)
        row = function_row(table, statement) if table is not None else None
        if table is None or row is None:
            return None
        return printed_cell(disclosure, table_id, row.section, row.key, column)
    for table_id, section, key, column in SUBJECT_CELLS.get(kind, {}).get(statement.subject, ()):
        found = printed_cell(disclosure, table_id, section, key, column)
        if found is not None:
            return found
    return whole_year_total(disclosure, statement)


#: A budget's income/spending in the year, where B01 prints only 总计 (Shanghai's template).
BUDGET_YEAR_TOTALS = {n.INCOME_TOTAL: "收入", n.EXPENDITURE_TOTAL: "支出"}


def whole_year_total(disclosure: Disclosure, statement: Statement) -> TableCell | None:
    """B01's 总计 for 收入预算/支出预算 — only when B01 prints no 本年…合计 and nothing carried
    over (上年结转, 结余): then 总计 is the year's income or spending itself."""
    side = BUDGET_YEAR_TOTALS.get(statement.subject or "")
    b01 = disclosure.table("B01") if disclosure.meta.kind == "预算" else None
    if side is None or b01 is None:
        return None
    printed = (row for row in b01.rows if any(cell.printed for cell in row.cells))
    if any("结转" in row.key or "结余" in row.key or "合计" in row.key for row in printed):
        return None
    return printed_cell(disclosure, "B01", side, "总计", "预算数")


def in_unit(money: Money, unit: MoneyUnit) -> tuple[Decimal, Decimal]:
    """The stated amount in ``unit`` (exact) and half a unit of its last printed digit there."""
    scale = money.unit.factor / unit.factor
    return money.value * scale, half_unit(decimals_of(money.value)) * scale


# --------------------------------------------------------------------------- amount vs table


@narrative_rule(
    "narrative.amount_vs_table", "情况说明金额与表中数据一致", Severity.ERROR, "amount", "budget"
)
def amount_vs_table(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: amount (决算/预算 amount of 本年收入合计, 本年支出合计, 收入支出总计, 财政拨款
    收入/收入支出总计, 基本支出, 项目支出, 一般公共预算财政拨款支出 and its 类/款/项, 人员经费, 公用经费,
    三公 and each item, 机关运行经费 where the 三公 table prints it) against the cell of the same meaning (T01–T07, B01–B07 by row key);
    三公 年初预算 against T07 预算数 (in a 预算, 预算数 is the B07 cell itself). A 类/款/项 is
    compared in a 一般公共预算 section, or in a budget's 预算编制说明 when B08 and B09 print no
    amount (its 财政拨款 is then all 一般公共预算). Envelope: one unit of the last printed digit
    of the coarser of the two (the prose's, or the cell's when the prose prints its precision)."""
    for statement in statements_of(disclosure):
        for money, column in ((statement.amount, ""), (statement.budget, "预算数")):
            if money is None:
                continue
            cell = cell_for(disclosure, statement)
            if cell is not None and column and disclosure.meta.kind != "预算":
                # a 预算's own cells are 预算数: "三公经费预算数为X" is the cell itself
                cell = budget_cell(disclosure, cell)
            if cell is None or unit_mixed(money, cell):
                continue
            found = compare_with_cell(statement, money, cell)
            if found is not None:
                yield found


def budget_cell(disclosure: Disclosure, cell: TableCell) -> TableCell | None:
    column = BUDGET_COLUMN.get(cell.table.id)
    if column is None:
        return None
    return printed_cell(disclosure, cell.table.id, cell.row.section, cell.row.key, column)


def compare_with_cell(statement: Statement, money: Money, cell: TableCell) -> Defect | None:
    stated, half = in_unit(money, cell.unit)
    cell_half = half_unit(decimals_of(cell.value))
    # two amounts meant to be equal may differ by one unit of the coarser one's last digit
    # (87.70万元 printed for 877,080.00元 is a 尾差, not a defect)
    tolerance = 2 * max(half, cell_half)
    difference = stated - cell.value
    if difference == 0:
        return None
    inside = abs(difference) <= tolerance
    where = f"{cell.table.label or cell.table.id}“{cell.row.label.strip() or cell.row.key}”{cell.cell.column}"
    message = (
        f"情况说明中“{subject_name(statement.subject)}”为{money_text(money)}，{where}为"
        f"{fmt(cell.value)}{cell.unit.value}，"
        + ("差异在舍入误差范围内，属尾差。" if inside else "两者不一致。")
    )
    return statement_defect(
        Severity.INFO if inside else Severity.ERROR,
        message,
        statement,
        expected=cell.value,
        actual=stated,
        tolerance=tolerance,
        cell=cell.ref,
    )


def unit_mixed(money: Money, cell: TableCell) -> bool:
    """The stated number is the cell's number but in another unit (元 written for 万元)."""
    return money.unit is not cell.unit and money.value == cell.value and money.value != 0


@narrative_rule("narrative.unit", "情况说明金额单位正确", Severity.ERROR, "amount")
def wrong_unit(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: amount. An amount whose number is exactly its cell's but whose unit is
    not (元 written where 万元 is meant) is an error; an amount printed with 万 and no 元 a
    warning."""
    for statement in statements_of(disclosure):
        money = statement.amount
        if money is None:
            continue
        cell = cell_for(disclosure, statement)
        if cell is not None and unit_mixed(money, cell):
            yield statement_defect(
                Severity.ERROR,
                f"情况说明中“{subject_name(statement.subject)}”写作{money.raw}，而表中为{fmt(cell.value)}"
                f"{cell.unit.value}：数字相同、单位不同，金额单位写错。",
                statement,
                expected=cell.value,
                actual=money.value,
                cell=cell.ref,
            )
    yield from unit_typos(disclosure)


_UNIT_TYPO = re.compile(r"\d+(?:\.\d+)?(?:万(?![元\d])|万?元元)")


def unit_typos(disclosure: Disclosure) -> Iterator[Defect]:
    """万 without 元, 元元: one warning per sentence, naming each amount."""
    for section in disclosure.narrative:
        text, _ = normalise(without_page_numbers(section))
        found: dict[tuple[int, int], list[str]] = {}
        for match in _UNIT_TYPO.finditer(text):
            start = max(text.rfind("。", 0, match.start()), text.rfind("；", 0, match.start())) + 1
            stop = PIECE_END.search(text, match.end())
            found.setdefault((start, stop.end() if stop else len(text)), []).append(match.group(0))
        for (start, end), amounts in found.items():
            yield Defect(
                severity=Severity.WARNING,
                message=f"情况说明中{len(amounts)}处金额的单位不完整或重复（如“{amounts[0]}”），"
                "应写作“万元”或“元”。",
                source=section.source.label(),
                quote=text[start:end],
            )


# --------------------------------------------------------------------------- ratios


@dataclass(frozen=True, slots=True)
class RateCheck:
    """A printed rate against the range the printed amounts allow."""

    printed: Decimal
    exact: Decimal  # recomputed from the printed amounts, at the printed precision
    low: Decimal
    high: Decimal

    @property
    def half(self) -> Decimal:
        return half_unit(decimals_of(self.printed))

    @property
    def consistent(self) -> bool:
        return self.printed + self.half >= self.low and self.printed - self.half <= self.high

    @property
    def tolerance(self) -> Decimal:
        return (max(self.high - self.exact, self.exact - self.low) + self.half).quantize(
            Decimal("0.0001")
        )


def printed_half(value: Decimal) -> Decimal:
    """Half a unit of a printed amount's last digit (a bare 0 is taken as 0.00)."""
    return half_unit(max(decimals_of(value), 2) if value == 0 else decimals_of(value))


def money_half(money: Money) -> Decimal:
    return half_unit(decimals_of(money.value)) * money.unit.factor


def ratio_check(
    printed: Decimal, part: Decimal, part_half: Decimal, whole: Decimal, whole_half: Decimal
) -> RateCheck | None:
    """part/whole×100 against a printed percentage; None when the whole may be zero."""
    if whole - whole_half <= 0:
        return None
    exact = (part / whole * HUNDRED).quantize(Decimal(1).scaleb(-decimals_of(printed)))
    low = max(part - part_half, ZERO) / (whole + whole_half) * HUNDRED
    high = (part + part_half) / (whole - whole_half) * HUNDRED
    return RateCheck(printed, exact, low, high)


def rate_defect(statement: Statement, check: RateCheck | None, what: str) -> Defect | None:
    if check is None or check.exact == check.printed:
        return None
    severity = Severity.INFO if check.consistent else Severity.ERROR
    tail = "差异在舍入误差范围内，属尾差。" if check.consistent else "与所列金额不符。"
    return statement_defect(
        severity,
        f"{what}：按所列金额计算应为{check.exact}%，情况说明为{check.printed}%，{tail}",
        statement,
        expected=check.exact,
        actual=check.printed,
        tolerance=check.tolerance,
    )


def earlier_amount(
    statements: Sequence[Statement], index: int, subject: str
) -> tuple[Statement, Money] | None:
    """The nearest statement at or before ``index`` in the same section stating ``subject``'s
    amount."""
    section = statements[index].section
    for j in range(index, -1, -1):
        other = statements[j]
        if other.section != section:
            return None
        if other.subject == subject and other.amount is not None:
            return other, other.amount
    return None


@narrative_rule("narrative.share", "情况说明占比与金额一致", Severity.ERROR, "share")
def shares(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: share (占…X%). Recomputed as the part's printed amount over the printed
    amount of the whole it names (or the sentence's first subject), at the printed precision."""
    statements = statements_of(disclosure)
    for index, statement in enumerate(statements):
        if statement.share is None or statement.amount is None or not statement.share_of:
            continue
        whole = earlier_amount(statements, index, statement.share_of)
        if whole is None:
            continue
        check = ratio_check(
            statement.share,
            statement.amount.in_yuan,
            money_half(statement.amount),
            whole[1].in_yuan,
            money_half(whole[1]),
        )
        found = rate_defect(
            statement,
            check,
            f"“{subject_name(statement.subject)}”占“{subject_name(statement.share_of)}”的比重",
        )
        if found is not None:
            yield found


@narrative_rule(
    "narrative.completion", "情况说明预算完成率与金额一致", Severity.ERROR, "completion"
)
def completion(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: completion (完成年初预算的X%) = 决算 / 年初预算, both as stated in the
    sentence; for a 三公 item whose budget the prose does not state, the T07 预算数 cell."""
    for statement in statements_of(disclosure):
        if statement.completion is None or statement.amount is None:
            continue
        budget = budget_of(disclosure, statement)
        if budget is None:
            continue
        check = ratio_check(
            statement.completion,
            statement.amount.in_yuan,
            money_half(statement.amount),
            budget[0],
            budget[1],
        )
        found = rate_defect(
            statement,
            check,
            f"“{subject_name(statement.subject)}”预算完成率",
        )
        if found is not None:
            yield found


def budget_of(disclosure: Disclosure, statement: Statement) -> tuple[Decimal, Decimal] | None:
    """The budget (in 元) and its half unit: as stated, else the T07 预算数 of a 三公 item."""
    if statement.budget is not None:
        return statement.budget.in_yuan, money_half(statement.budget)
    cell = cell_for(disclosure, statement)
    cell = budget_cell(disclosure, cell) if cell is not None else None
    if cell is None:
        return None
    return cell.value * cell.unit.factor, half_unit(decimals_of(cell.value)) * cell.unit.factor


# --------------------------------------------------------------------------- change and direction


def senses(statement: Statement) -> set[str]:
    words = [w for w in statement.direction.split("、") if w]
    return {DIRECTION_SENSE[w] for w in words if w in DIRECTION_SENSE}


@narrative_rule(
    "narrative.change_rate", "情况说明增减额与增长率一致", Severity.ERROR, "change", "rate"
)
def change_rate(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: change + rate (比上年增加X万元，增长Y%), and prior + amount + rate (上年
    执行数X，预算安排Y，增长Z%). The rate is recomputed as change / (amount ∓ change), or
    (amount − prior) / prior, from the printed amounts."""
    statements = statements_of(disclosure)
    for index, statement in enumerate(statements):
        if statement.rate is None:
            continue
        found = rate_from_prior(statement) or rate_from_change(statements, index)
        if found is not None:
            yield found


def rate_from_change(statements: Sequence[Statement], index: int) -> Defect | None:
    statement = statements[index]
    change = statement.change
    current = earlier_amount(statements, index, statement.subject)
    sense = senses(statement) - {SAME}
    if change is None or current is None or len(sense) != 1:
        return None
    amount = current[1]
    step = change.in_yuan if sense == {UP} else -change.in_yuan
    prior = amount.in_yuan - step
    check = ratio_check(
        statement.rate or ZERO,
        change.in_yuan,
        money_half(change),
        prior,
        money_half(change) + money_half(amount),
    )
    return rate_defect(statement, check, f"“{subject_name(statement.subject)}”的增减幅度")


def rate_from_prior(statement: Statement) -> Defect | None:
    if statement.prior is None or statement.amount is None or statement.rate is None:
        return None
    change = statement.amount.in_yuan - statement.prior.in_yuan
    halves = money_half(statement.amount) + money_half(statement.prior)
    check = ratio_check(
        statement.rate, abs(change), halves, statement.prior.in_yuan, money_half(statement.prior)
    )
    return rate_defect(
        statement,
        check,
        f"“{subject_name(statement.subject)}”由{statement.prior.raw}到{statement.amount.raw}的增减幅度",
    )


@narrative_rule(
    "narrative.direction", "情况说明增减方向词与数据一致", Severity.ERROR, "change", "direction"
)
def direction(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: change, rate and direction words (增加/减少/增长/下降/持平/减少为): the words
    of one statement must agree with each other, 持平 needs a zero change, and a rate's
    direction must be the change's (上年 amount against this year's where both are stated)."""
    for statement in statements_of(disclosure):
        said = senses(statement)
        rate_sense = DIRECTION_SENSE.get(statement.rate_direction)
        problem = direction_problem(statement, said, rate_sense)
        if problem:
            yield statement_defect(Severity.ERROR, problem, statement)


def direction_problem(statement: Statement, said: set[str], rate_sense: str | None) -> str:
    if (UP in said and DOWN in said) or (SAME in said and len(said) > 1):
        return f"同一句中“{subject_name(statement.subject)}”的增减方向自相矛盾（{statement.direction}）。"
    if SAME in said and statement.change is not None and statement.change.value != 0:
        return (
            f"“{subject_name(statement.subject)}”称“持平”，却列出变动金额{statement.change.raw}。"
        )
    if rate_sense and said and rate_sense not in said:
        return f"“{subject_name(statement.subject)}”增减额的方向（{statement.direction}）与增长率的方向（{statement.rate_direction}）相反。"
    if statement.prior is not None and statement.amount is not None:
        actual = statement.amount.in_yuan - statement.prior.in_yuan
        stated = rate_sense or next(iter(said), None) if len(said) <= 1 else None
        if (stated == UP and actual < 0) or (stated == DOWN and actual > 0):
            return (
                f"“{subject_name(statement.subject)}”由{statement.prior.raw}到{statement.amount.raw}，"
                f"情况说明却称“{statement.rate_direction or statement.direction}”。"
            )
    return ""


COMPARISON_SENSE = {
    "大于": UP,
    "高于": UP,
    "小于": DOWN,
    "低于": DOWN,
    "等于": SAME,
    "持平": SAME,
    "一致": SAME,
    "基本持平": SAME,
}


@narrative_rule(
    "narrative.budget_comparison", "决算数与预算数的比较说法正确", Severity.ERROR, "comparison"
)
def budget_comparison(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: comparison (决算数大于/小于/等于/与预算数持平) against the 年初预算 and 决算
    amounts the same subject states just before. 基本持平 beyond one unit is a warning."""
    statements = statements_of(disclosure)
    for index, statement in enumerate(statements):
        if not statement.comparison:
            continue
        pair = stated_pair(statements, index)
        if pair is None:
            continue
        budget, final = pair
        message = comparison_problem(statement.comparison, budget, final)
        if message:
            severity = Severity.WARNING if statement.comparison == "基本持平" else Severity.ERROR
            yield statement_defect(
                severity,
                f"“{subject_name(statement.subject)}”年初预算{budget.raw}、决算{final.raw}，{message}",
                statement,
                expected=budget.value,
                actual=final.value,
            )


def stated_pair(statements: Sequence[Statement], index: int) -> tuple[Money, Money] | None:
    section = statements[index].section
    subject = statements[index].subject
    for j in range(index, -1, -1):
        other = statements[j]
        if other.section != section:
            return None
        if other.subject == subject and other.budget is not None and other.amount is not None:
            return other.budget, other.amount
    return None


def comparison_problem(word: str, budget: Money, final: Money) -> str:
    difference = final.in_yuan - budget.in_yuan
    unit = max(money_half(budget), money_half(final)) * 2
    sense = COMPARISON_SENSE.get(word)
    if (sense == UP and difference <= 0) or (sense == DOWN and difference >= 0):
        return f"情况说明却称“决算数{word}预算数”。"
    if sense == SAME and abs(difference) > (unit if word == "基本持平" else 0):
        return f"情况说明却称决算数与预算数“{word}”。"
    return ""


# --------------------------------------------------------------------------- sums


#: Totals and their parts as the prose states them.
PROSE_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (n.PROCUREMENT, (n.PROCUREMENT_GOODS, n.PROCUREMENT_WORKS, n.PROCUREMENT_SERVICES)),
    (n.SANGONG, (n.ABROAD, n.VEHICLES, n.RECEPTION)),
    (n.VEHICLES, (n.VEHICLE_PURCHASE, n.VEHICLE_RUNNING)),
    (n.GENERAL_BASIC, (n.PERSONNEL, n.PUBLIC)),
)


@narrative_rule("narrative.sum", "情况说明中分项之和等于合计", Severity.ERROR, "amount")
def prose_sums(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: amount. 货物+工程+服务 = 政府采购; 因公出国+公务用车+公务接待 = 三公;
    购置+运行维护 = 公务用车; 人员经费+公用经费 = 基本支出 — each part the first stated after
    its total in the same section; (n+1) half-units of the coarsest printed digit."""
    statements = statements_of(disclosure)
    for index, statement in enumerate(statements):
        for total, parts in PROSE_SUMS:
            if statement.subject != total or statement.amount is None:
                continue
            found = parts_after(statements, index, total, parts)
            if len(found) == len(parts):
                finding = sum_finding(statement, found)
                if finding is not None:
                    yield finding


def parts_after(
    statements: Sequence[Statement], index: int, total: str, parts: tuple[str, ...]
) -> list[Money]:
    found: dict[str, Money] = {}
    section = statements[index].section
    for other in statements[index + 1 :]:
        if other.section != section or other.subject == total:
            break
        if other.subject in parts and other.amount is not None and other.subject not in found:
            found[other.subject] = other.amount
    return [found[p] for p in parts if p in found]


def sum_finding(statement: Statement, parts: list[Money]) -> Defect | None:
    assert statement.amount is not None
    unit = statement.amount.unit
    if any(p.unit is not unit for p in parts):
        return None
    comparison = compare_sum(statement.amount.value, [p.value for p in parts])
    tolerance = sum((printed_half(m.value) for m in (statement.amount, *parts)), ZERO)
    if comparison.difference == 0:
        return None
    inside = abs(comparison.difference) <= tolerance
    return statement_defect(
        Severity.INFO if inside else Severity.ERROR,
        f"“{subject_name(statement.subject)}”{statement.amount.raw}，所列分项"
        f"（{'、'.join(p.raw for p in parts)}）之和为{fmt(comparison.expected)}{unit.value}，"
        + ("差异在舍入误差范围内，属尾差。" if inside else "两者不一致。"),
        statement,
        expected=comparison.expected,
        actual=comparison.actual,
        tolerance=tolerance,
    )


@narrative_rule("narrative.share_sum", "占比合计为100%时分项之和等于整体", Severity.ERROR, "share")
def share_sums(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: share. The parts stated as shares of one whole never exceed it; when
    their printed shares add up to 100%, their amounts add up to the whole."""
    statements = statements_of(disclosure)
    groups: dict[tuple[str, str, int], list[Statement]] = {}
    for index, statement in enumerate(statements):
        if statement.share is None or statement.amount is None or not statement.share_of:
            continue
        whole = earlier_amount(statements, index, statement.share_of)
        if whole is None:
            continue
        key = (statement.section, statement.share_of, statements.index(whole[0]))
        groups.setdefault(key, []).append(statement)
    for (_, _, whole_index), parts in groups.items():
        finding = share_group_finding(statements[whole_index], parts)
        if finding is not None:
            yield finding


def share_group_finding(whole: Statement, parts: list[Statement]) -> Defect | None:
    assert whole.amount is not None
    unit = whole.amount.unit
    if len(parts) < 2 or any(p.amount is None or p.amount.unit is not unit for p in parts):
        return None
    values = [p.amount.value for p in parts if p.amount is not None]
    comparison = compare_sum(whole.amount.value, values)
    shares_total = sum((p.share or ZERO for p in parts), ZERO)
    share_slack = sum((half_unit(decimals_of(p.share or ZERO)) for p in parts), ZERO)
    complete = abs(shares_total - HUNDRED) <= share_slack
    over = comparison.expected - comparison.actual > comparison.tolerance
    if not over and not (complete and comparison.severity is Severity.ERROR):
        return None
    return statement_defect(
        Severity.ERROR,
        f"“{subject_name(whole.subject)}”{whole.amount.raw}，其中所列各项（{'、'.join(subject_name(p.subject) for p in parts)}）"
        f"之和为{fmt(comparison.expected)}{unit.value}"
        + ("，超过了整体。" if over else f"，而各项占比合计{shares_total}%，两者不一致。"),
        whole,
        expected=comparison.expected,
        actual=comparison.actual,
        tolerance=comparison.tolerance,
    )


# --------------------------------------------------------------------------- required disclosures


def said(statements: Iterable[Statement], *subjects: str) -> bool:
    wanted = set(subjects)
    return any(s.subject in wanted for s in statements)


def stated_amount(statements: Iterable[Statement], subject: str) -> Decimal | None:
    for statement in statements:
        if statement.subject == subject and statement.amount is not None:
            return statement.amount.value
    return None


def narrative_text(disclosure: Disclosure) -> str:
    return "".join(normalise(f"{s.title}{s.text}")[0] for s in disclosure.narrative)


#: Required counts per 三公 item: (item subject, count subjects, what the reviewer reads).
SANGONG_COUNTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (n.ABROAD, ("因公出国团组数", "因公出国人次"), "因公出国（境）团组数和人次"),
    (n.VEHICLES, ("公务用车保有量",), "公务用车保有量"),
    (n.VEHICLE_PURCHASE, ("公务用车购置数",), "公务用车购置数"),
    (n.RECEPTION, ("公务接待批次", "公务接待人次"), "国内公务接待批次和人次"),
)
_NONE_SAID = {
    n.SANGONG: re.compile(r"无“?三公”?经费|未发生“?三公”?经费|“?三公”?经费[^。]{0,20}为0"),
    n.RUNNING_COSTS: re.compile(r"无机关运行经费|未发生机关运行经费"),
    n.PROCUREMENT: re.compile(r"无政府采购|未发生政府采购|未开展政府采购"),
    n.VEHICLES_HELD: re.compile(r"无车辆|未配备(?:公务)?车辆"),
}


@narrative_rule(
    "narrative.disclosure", "情况说明包含规定的说明事项", Severity.WARNING, "count", "amount"
)
def required_disclosures(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: count and amount. A 决算 情况说明 states 三公经费 (and its
    counts: 团组数和人次, 公务用车购置数和保有量, 国内公务接待批次和人次), 机关运行经费,
    政府采购 and the vehicles held (国有资产); each one missing is a warning. The counts are due
    whenever 三公 is spent at all (a 0 is stated as 0个/0人次), 购置数 where 购置费 was spent."""
    statements = statements_of(disclosure)
    if disclosure.meta.kind != "决算":
        raise NotApplicable("规定说明事项按决算模板检查")
    if disclosure.table("T07") is None or disclosure.partial:
        raise InsufficientData("文档不完整（无完整的决算表），无法判断情况说明是否缺项")
    if not said(statements, n.INCOME_EXPENDITURE_TOTAL, n.INCOME_TOTAL, n.EXPENDITURE_TOTAL):
        raise InsufficientData("未读到情况说明的收支总体情况，无法判断说明事项")
    text = narrative_text(disclosure)
    if any(PROSE_PLACEHOLDERS.search(normalise(s.text)[0]) for s in disclosure.narrative):
        raise InsufficientData("情况说明仍是未填写的模板（见 narrative.placeholder），不判断缺项")
    first = statements[0]
    for subject, what in (
        (n.SANGONG, "“三公”经费支出情况"),
        (n.RUNNING_COSTS, "机关运行经费支出情况"),
        (n.PROCUREMENT, "政府采购支出情况"),
        (n.VEHICLES_HELD, "国有资产占用情况（车辆）"),
    ):
        if not said(statements, subject) and not _NONE_SAID[subject].search(text):
            yield missing_finding(first, f"情况说明未说明{what}。")
    if _NONE_SAID[n.SANGONG].search(text) or not said(statements, n.SANGONG):
        return
    for item, counts, what in SANGONG_COUNTS:
        spent = stated_amount(statements, item)
        if item == n.VEHICLE_PURCHASE and not spent:
            continue  # vehicles bought are counted only where money was spent on buying them
        if not all(said(statements, c) for c in counts):
            yield missing_finding(first, f"“三公”经费说明中缺少{what}。")


def missing_finding(statement: Statement, message: str) -> Defect:
    return Defect(
        message,
        source=statement.source.label(),
    )


# --------------------------------------------------------------------------- placeholders and years

PROSE_PLACEHOLDERS = re.compile(
    r"增加（减少）|减少（增加）|增长（下降）|下降（增长）|大于（小于）|小于（大于）"
    r"|增加/减少|减少/增加|增长/下降|下降/增长|大于/小于|小于/大于|高于/低于"
    r"|(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])|[XＸ]\.[XＸ]{1,2}|某某"
    r"|(?<!\d)20\d年度?(?!\d)|【(?!待填写)(?!(?:19|20)\d{2}】第?\d+号)[^】]{0,20}】"
)  # 【2016】168号 is the year of a document number (沪府规【2016】168号), not a template mark
#: The preparer's own marks for what numbers cannot say (【待填写：主要原因】): a draft to finish.
TO_FILL = re.compile(r"【待填写[：:][^】]{0,20}】")


@narrative_rule("narrative.placeholder", "情况说明中未替换的模板文字", Severity.ERROR, "text")
def placeholders(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: none (the section text). Unfilled template alternatives (增加（减少）,
    增长/下降), XX, X.XX, a year with missing digits (202 年度) and 【…】 marks left in the prose
    (titles are checked by doc.placeholder)."""
    yield from marks_in_prose(disclosure, PROSE_PLACEHOLDERS, Severity.ERROR)


@narrative_rule("narrative.to_fill", "情况说明中待填写的说明（草稿）", Severity.WARNING, "text")
def to_fill(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: none (the section text). The marks 【待填写：…】 that ``juesuan prepare``
    leaves where numbers cannot say why (主要原因, 主要用途): the text is a draft to finish before
    it is published, not a broken template."""
    yield from marks_in_prose(disclosure, TO_FILL, Severity.WARNING)


def marks_in_prose(
    disclosure: Disclosure, pattern: re.Pattern[str], severity: Severity
) -> Iterator[Defect]:
    """One finding per sentence holding marks of the pattern, with the marks and the sentence."""
    if not disclosure.narrative:
        raise NotApplicable("文档没有情况说明")
    for section in disclosure.narrative:
        text, _ = normalise(without_page_numbers(section))
        found: dict[tuple[int, int], list[str]] = {}
        for match in pattern.finditer(text):
            start = max(0, text.rfind("。", 0, match.start()) + 1)
            end = text.find("。", match.end())
            key = (start, end + 1 if end >= 0 else len(text))
            found.setdefault(key, [])
            if match.group(0) not in found[key]:
                found[key].append(match.group(0))
        for (start, end), words in found.items():
            what = "待填写的说明，发布前须补写" if severity is Severity.WARNING else "模板文字"
            yield Defect(
                severity=severity,
                message=f"情况说明“{section.title}”中留有{what}“{'”“'.join(words)}”。",
                source=section.source.label(),
                quote=text[start:end],
            )


@narrative_rule("narrative.year", "情况说明中的年度正确", Severity.ERROR, "year")
def years(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: year (标题年度, 截至日期), an amount's own year (XX局2024年度收入支出总计)
    and the compared year (与2023年度相比): the document's year, 截至 its 31 December (决算),
    and the year before it."""
    statements = statements_of(disclosure)
    year = disclosure.meta.year
    if year is None:
        raise InsufficientData("文档年度未知")
    own = own_year(disclosure)
    if own is not None and own != year:
        raise InsufficientData(f"情况说明自述为{own}年度，与识别的文档年度{year}不同，不核对年度")
    for statement in statements:
        problem = year_problem(statement, year, disclosure.meta.kind)
        if problem:
            yield statement_defect(
                Severity.ERROR,
                problem,
                statement,
                expected=Decimal(year),
                actual=Decimal(statement.year or statement.compared_year or 0),
            )


_OWN_YEAR = re.compile(r"(?<![与比较同至止])(20\d{2})年度(?!相比)")


def own_year(disclosure: Disclosure) -> int | None:
    """The year the prose most often gives itself (本单位2021年度…), comparisons left out."""
    counts: dict[int, int] = {}
    for section in disclosure.narrative:
        text, _ = normalise(section.text)
        for match in _OWN_YEAR.finditer(text):
            counts[int(match.group(1))] = counts.get(int(match.group(1)), 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    tops = [y for y, c in counts.items() if c == best]
    return tops[0] if len(tops) == 1 else None


def year_problem(statement: Statement, year: int, kind: str) -> str:
    if statement.subject == "截至日期":
        if kind == "决算" and statement.year != year:
            return (
                f"{year}年度决算的资产情况应截至{year}年12月31日，情况说明写作{statement.year}年。"
            )
        return ""
    if statement.year is not None and statement.year != year:
        return f"本文档为{year}年度{kind}，情况说明此处写作{statement.year}年度。"
    if statement.compared_year is not None and statement.compared_year != year - 1:
        return (
            f"本文档为{year}年度{kind}，与上年比较应为{year - 1}年，"
            f"情况说明写作{statement.compared_year}年。"
        )
    return ""


@narrative_rule("narrative.unplaced", "情况说明中未能归类的金额", Severity.INFO, "amount")
def unplaced(disclosure: Disclosure) -> Iterator[Defect]:
    """Statement kinds: amount without a subject. Listed for the reviewer, never compared."""
    for statement in statements_of(disclosure):
        if not statement.placed and statement.amount is not None:
            yield statement_defect(
                Severity.INFO,
                f"情况说明中的金额{statement.amount.raw}未能确定所指项目，未作核对。",
                statement,
            )


# --------------------------------------------------------------------------- last year


PREVIOUS_YEAR_CODE = "narrative.previous_year"


def previous_year_findings(disclosure: Disclosure, previous: Disclosure) -> Iterator[Finding]:
    """比上年增加/减少X: this year's stated amount minus the change against the same cell of last
    year's disclosure of the unit (passed in by the caller, e.g. from the store). Not run by the
    engine, so its findings carry their code here."""
    for defect in previous_year_defects(disclosure, previous):
        yield defect.to_finding(PREVIOUS_YEAR_CODE, Severity.ERROR)


def previous_year_defects(disclosure: Disclosure, previous: Disclosure) -> Iterator[Defect]:
    if previous.meta.year is None or disclosure.meta.year != previous.meta.year + 1:
        return
    statements = disclosure.statements
    for index, statement in enumerate(statements):
        sense = senses(statement)
        if statement.change is None or len(sense) != 1:
            continue
        current = earlier_amount(statements, index, statement.subject)
        cell = cell_for(previous, statement)
        if current is None or cell is None:
            continue
        step = {UP: statement.change.in_yuan, DOWN: -statement.change.in_yuan}.get(
            next(iter(sense)), ZERO
        )
        stated = (current[1].in_yuan - step) / cell.unit.factor
        half = (money_half(current[1]) + money_half(statement.change)) / cell.unit.factor
        tolerance = half + half_unit(decimals_of(cell.value))
        difference = stated - cell.value
        if difference == 0:
            continue
        inside = abs(difference) <= tolerance
        yield statement_defect(
            Severity.INFO if inside else Severity.ERROR,
            f"按情况说明，上年“{subject_name(statement.subject)}”应为{fmt(stated)}{cell.unit.value}，"
            f"上年{cell.table.id}为{fmt(cell.value)}{cell.unit.value}，"
            + ("差异在舍入误差范围内。" if inside else "两者不一致。"),
            statement,
            expected=cell.value,
            actual=stated,
            tolerance=tolerance,
            cell=cell.ref,
        )
