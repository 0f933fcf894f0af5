"""A 决算 against the budget (预算) of the same unit and year: the 预算数 the final accounts print
should be the budget that was published.

Budgets are adjusted during the year, so a difference is a warning, never an error; a 尾差 inside
the envelope is an info. The two documents are handed in as their facts (``juesuan facts`` rows):
the store keeps facts, and no rule reads the store. Which cells are compared:

- T07 预算数 of each 三公 line against B07 预算数 of the same line. Where the budget's 三公 table
  adds 会议费 and 培训费 into its 合计 (Jiangsu), the 合计 lines are not compared.

Amounts in different money units are compared in 元, within one unit of the coarser last place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.findings import CellRef, Finding, Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.tables import Fact
from juesuan.rules.envelope import Comparison, equal_tolerance, printed_decimals
from juesuan.rules.helpers import envelope_text, fmt

CODE = "budget.final.planned"
PLANNED = "预算数"
#: 决算 table → the budget table whose 预算数 it repeats.
COUNTERPART = {"T07": "B07"}
MEETINGS = ("会议费", "培训费")
TOTAL = "合计"


@dataclass(frozen=True, slots=True)
class Side:
    """One document's facts and how a reviewer names it (its file name)."""

    name: str
    facts: tuple[Fact, ...]

    def cells(self, table: str) -> dict[str, Fact]:
        return {f.row_key: f for f in self.facts if f.table == table and f.column == PLANNED}


def compare_with_budget(final: Side, budget: Side, at_final: bool = True) -> list[Finding]:
    """Findings for every 预算数 of ``final`` that differs from the published ``budget``.

    ``at_final`` says which document the findings are stored with: they name that document's cell
    and give the other's cell with its file name.
    """
    return list(_compare(final, budget, at_final))


def _compare(final: Side, budget: Side, at_final: bool) -> Iterator[Finding]:
    for final_table, budget_table in COUNTERPART.items():
        planned = final.cells(final_table)
        published = budget.cells(budget_table)
        skip = {TOTAL} if any(published.get(key) for key in MEETINGS) else set()
        for key, final_fact in planned.items():
            budget_fact = published.get(key)
            if budget_fact is None or key in skip:
                continue
            finding = compare_facts(final, final_fact, budget, budget_fact, at_final)
            if finding is not None:
                yield finding


def in_yuan(fact: Fact) -> tuple[Decimal, Decimal] | None:
    """The fact's value and the factor of its unit; None when its unit is unknown."""
    try:
        unit = MoneyUnit(fact.unit)
    except ValueError:
        return None
    return fact.value, unit.factor


def compare_facts(
    final: Side, final_fact: Fact, budget: Side, budget_fact: Fact, at_final: bool
) -> Finding | None:
    final_amount, budget_amount = in_yuan(final_fact), in_yuan(budget_fact)
    if final_amount is None or budget_amount is None:
        if final_fact.unit != budget_fact.unit:
            return None  # one unit unknown: unknown beats wrong
        final_amount, budget_amount = (
            (final_fact.value, Decimal(1)),
            (budget_fact.value, Decimal(1)),
        )
    coarse = max(final_amount[1], budget_amount[1])
    # Both put in the coarser unit; equal within one unit of its last printed place.
    coarse_facts = [
        f.value
        for f, (_, factor) in ((final_fact, final_amount), (budget_fact, budget_amount))
        if factor == coarse
    ]
    comparison = Comparison(
        expected=budget_amount[0] * budget_amount[1] / coarse,
        actual=final_amount[0] * final_amount[1] / coarse,
        tolerance=equal_tolerance(printed_decimals(coarse_facts)),
    )
    level = comparison.severity
    if level is None:
        return None
    unit = {v.factor: v.value for v in MoneyUnit}.get(coarse, final_fact.unit)
    message = (
        f"决算表{final_fact.table}“{final_fact.row_key}”预算数 {fmt(final_fact.value)}{final_fact.unit}"
        f"（{final.name}）与公开的预算表{budget_fact.table}同项 {fmt(budget_fact.value)}"
        f"{budget_fact.unit}（{budget.name}）相差 {fmt(abs(comparison.difference))}{unit}，"
        f"{envelope_text(comparison)}"
        + ("预算在年度中可能调整，请核实调整依据。" if level is Severity.ERROR else "")
    )
    here, there = (final_fact, budget_fact) if at_final else (budget_fact, final_fact)
    other_name = budget.name if at_final else final.name
    return Finding(
        rule=CODE,
        severity=Severity.INFO if level is Severity.INFO else Severity.WARNING,
        message=message,
        table=here.table,
        section=here.section,
        row_key=here.row_key,
        column=here.column,
        expected=comparison.expected,
        actual=comparison.actual,
        difference=comparison.difference,
        tolerance=comparison.tolerance,
        source=here.source,
        cells=(ref(here, ""), ref(there, other_name)),
    )


def ref(fact: Fact, document: str) -> CellRef:
    """A fact as a finding's cell; a cell of the other document says which file it is in."""
    source = f"{document}: {fact.source}" if document else fact.source
    return CellRef(
        table=fact.table,
        row_key=fact.row_key,
        column=fact.column,
        section=fact.section,
        source=source,
        raw=str(fact.value),
    )


def facts_of(rows: Iterable[dict[str, object]]) -> tuple[Fact, ...]:
    """Stored fact rows (``juesuan facts`` columns) back as Facts."""
    return tuple(
        Fact(
            table=str(r["table"]),
            section=str(r.get("section") or ""),
            row_key=str(r["row_key"]),
            column=str(r["column"]),
            value=Decimal(str(r["value"])),
            unit=str(r.get("unit") or ""),
            source=str(r.get("source") or ""),
            path=str(r.get("path") or ""),
            label=str(r.get("label") or ""),
        )
        for r in rows
    )
