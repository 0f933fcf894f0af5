"""The whole disclosure: metadata, tables, performance forms, narrative, and what went wrong."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from juesuan.model.findings import Finding
from juesuan.model.money import MoneyUnit
from juesuan.model.sections import NarrativeSection
from juesuan.model.tables import FACT_TABLE_IDS, STANDARD_TABLE_IDS, Fact, Table, table_facts

if TYPE_CHECKING:  # loaded where made: forms (perf.titles) and statements are not always read
    from juesuan.model.narrative import Statement
    from juesuan.model.performance import PerformanceForm


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the document says of itself: unit, year, money unit, scope, title and kind."""

    unit_name: str | None = None  # 单位 as stated
    year: int | None = None
    money_unit: MoneyUnit | None = None
    scope: str | None = None  # 部门 or 单位
    title: str | None = None
    kind: str = "决算"  # 决算 or 预算


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One document read: its tables, performance forms and narrative, each value with its
    source, and what the reading found or could not read."""

    path: str
    format: str
    sha256: str
    meta: Metadata
    tables: tuple[Table, ...] = ()
    performance_forms: tuple[PerformanceForm, ...] = ()
    narrative: tuple[NarrativeSection, ...] = ()
    #: Findings raised while reading and recognising (unreadable pages, cut-off tables …).
    read_findings: tuple[Finding, ...] = ()
    #: What is missing when the document was read only in part (empty when complete).
    missing: tuple[str, ...] = field(default=())
    #: What the narrative states, sentence by sentence (``recognise.statements``).
    statements: tuple[Statement, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.missing)

    def table(self, table_id: str) -> Table | None:
        for table in self.tables:
            if table.id == table_id:
                return table
        return None

    @property
    def standard_tables(self) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.id in STANDARD_TABLE_IDS)

    def facts(self) -> Iterator[Fact]:
        """Every printed amount of the nine 决算 or 预算 tables (T01–T09, B01–B09), by table id."""
        listed = (t for t in self.tables if t.id in FACT_TABLE_IDS)
        for table in sorted(listed, key=lambda t: t.id):
            yield from table_facts(table, self.path, self.meta.money_unit)
