"""Rules about a budget (预算) document as a whole: its tables and the money unit they state.

They apply only where ``Metadata.kind`` is 预算; the 决算 document rules (``juesuan.rules.document``)
stand aside for budgets. The unit name and the year are compared across every table, B tables
included, by ``doc.unit_name`` and ``doc.year``, whatever the kind.

Which tables a budget must print: B01–B07 always. B08 and B09 are required by the national
template, but provincial templates of earlier years (Jiangsu 2017–2019 has no 国有资本经营预算
table) leave out a table the unit has no money for, so a missing B08/B09 is a warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity
from juesuan.model.tables import Table
from juesuan.rules.budget import budget_only
from juesuan.rules.document import majority, unexplained_blanks
from juesuan.rules.helpers import table_name
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, rule
from juesuan.template.budget import BUDGET_TABLE_IDS, BUDGET_TITLES

#: Tables a budget may leave out when the unit has no such money (a warning, not an error).
OPTIONAL = frozenset({"B08", "B09"})
#: Shanghai's budget template prints the 三公 table in 万元 and the others in 元.
OWN_UNIT = frozenset({"B07"})


def tags(*more: str) -> tuple[str, ...]:
    return ("budget", "document", *more)


def budget_tables_of(disclosure: Disclosure) -> list[Table]:
    budget_only(disclosure)
    tables = [t for t in disclosure.tables if t.id in BUDGET_TABLE_IDS]
    if not tables:
        raise InsufficientData("文档中未识别出任何预算表")
    return tables


@rule(
    "budget.document.tables_present",
    severity=Severity.ERROR,
    title="预算公开表齐全",
    tables=BUDGET_TABLE_IDS,
    tags=tags("tables"),
)
def tables_present(disclosure: Disclosure) -> Iterable[Defect]:
    """B01–B07 are in the document (an error when one is missing); B08 and B09 are too, or the
    document says why not (a warning: several templates leave out a table the unit has no money
    for). A table lost where the document is cut off inside an earlier one is a warning."""
    tables = budget_tables_of(disclosure)
    present = {t.id for t in tables}
    cut_after = min((t.id for t in tables if not t.complete), default=None)
    for table_id in BUDGET_TABLE_IDS:
        if table_id in present:
            continue
        lost = cut_after is not None and table_id > cut_after
        severity = Severity.WARNING if lost or table_id in OPTIONAL else Severity.ERROR
        why = f"（文档在{cut_after}中截止，可能在截断部分）" if lost else ""
        yield Defect(
            f"缺少{BUDGET_TITLES[table_id]}（{table_id}）{why}。"
            + ("单位无此项资金时，应公开空表并说明。" if table_id in OPTIONAL else ""),
            severity,
            table=table_id,
        )


@rule(
    "budget.document.tables_once",
    severity=Severity.ERROR,
    title="每张预算表只出现一次",
    tables=BUDGET_TABLE_IDS,
    tags=tags("tables"),
)
def tables_once(disclosure: Disclosure) -> Iterable[Defect]:
    """No budget table is printed twice."""
    tables = budget_tables_of(disclosure)
    for table_id, count in sorted(Counter(t.id for t in tables).items()):
        if count > 1:
            places = "、".join(t.source.label() for t in tables if t.id == table_id)
            yield Defect(
                f"{BUDGET_TITLES[table_id]}（{table_id}）出现 {count} 次（{places}），应只有一张。",
                table=table_id,
                source=places,
            )


@rule(
    "budget.document.table_blank",
    severity=Severity.ERROR,
    title="预算表不应空白而不作说明",
    tables=BUDGET_TABLE_IDS[:7],
    tags=tags("tables"),
)
def table_blank(disclosure: Disclosure) -> Iterable[Defect]:
    """B01–B07 print at least one amount (0.00 counts) or say why they are empty; a blank 三公
    table is a warning. B08/B09 are often empty and say so."""
    tables = [t for t in budget_tables_of(disclosure) if t.id in BUDGET_TABLE_IDS[:7]]
    tables = [t for t in tables if t.complete]
    if not tables:
        raise NotApplicable("没有完整的 B01–B07")
    yield from unexplained_blanks(tables, sangong="B07")


@rule(
    "budget.document.money_unit",
    severity=Severity.WARNING,
    title="各预算表金额单位一致",
    tables=BUDGET_TABLE_IDS,
    tags=tags("metadata", "unit"),
)
def money_units_agree(disclosure: Disclosure) -> Iterable[Defect]:
    """B01–B09 state one money unit (the 三公 table, which templates print in 万元 beside tables
    in 元, is left out). Tables in other units are not compared by the cross-table rules."""
    stated = [
        t for t in budget_tables_of(disclosure) if t.unit is not None and t.id not in OWN_UNIT
    ]
    if len(stated) < 2:
        raise NotApplicable("少于两张预算表标明金额单位，无从比较")
    usual = majority(str(t.unit) for t in stated)
    for table in stated:
        if str(table.unit) != usual:
            yield Defect(
                f"{table_name(table)}标明的金额单位“{table.unit}”与其他各表的“{usual}”不一致。",
                table=table.id,
                source=table.source.label(),
            )
