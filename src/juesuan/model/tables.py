"""The canonical, immutable model of a disclosure's tables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from juesuan.model.money import MoneyUnit
from juesuan.model.source import Source
from juesuan.template import codes
from juesuan.template.budget import BUDGET_TABLE_IDS, BUDGET_TITLES
from juesuan.template.final import FINAL_TITLES


class CodeKind(StrEnum):
    FUNCTION = codes.FUNCTION  # 支出功能分类: 3/5/7 digits
    ECONOMIC = codes.ECONOMIC  # 支出经济分类: 3/5 digits


@dataclass(frozen=True, slots=True)
class Cell:
    """One amount cell: its canonical column, its value (None = blank) and where it was read.

    ``unknown``: the file holds a value it did not save (a formula without its result); the
    value is None but the cell is not blank, so no identity involving it can be checked.
    """

    column: str
    value: Decimal | None
    raw: str
    source: Source
    unknown: bool = False

    @property
    def printed(self) -> bool:
        """A printed 0.00 counts as printed; a blank does not."""
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its key (合计, a code, or a canonical item name) and its amount cells."""

    key: str
    label: str
    cells: tuple[Cell, ...]
    source: Source
    section: str = ""
    code: str | None = None
    code_kind: CodeKind | None = None

    @property
    def level(self) -> int | None:
        """1 类, 2 款, 3 项 for a code row; None otherwise."""
        if self.code is None:
            return None
        return codes.code_level(self.code, self.code_kind or CodeKind.FUNCTION)

    def cell(self, column: str) -> Cell | None:
        for cell in self.cells:
            if cell.column == column:
                return cell
        return None

    def value(self, column: str) -> Decimal | None:
        cell = self.cell(column)
        return None if cell is None else cell.value


@dataclass(frozen=True, slots=True)
class Table:
    """A recognised table: T01–T09 by content, X01… for a province's extra tables."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    source: Source
    label: str = ""  # 公开01表, 表一, 附表1 …
    unit: MoneyUnit | None = None
    unit_name: str | None = None
    year: int | None = None
    declared_empty: bool = False
    empty_statement: str | None = None
    notes: tuple[str, ...] = ()
    complete: bool = True  # False when the document stops inside the table

    def rows_in(self, section: str = "") -> Iterator[Row]:
        return (row for row in self.rows if row.section == section)

    def row(self, key: str, section: str = "") -> Row | None:
        for row in self.rows:
            if row.key == key and row.section == section:
                return row
        return None

    @property
    def has_amounts(self) -> bool:
        return any(cell.printed for row in self.rows for cell in row.cells)


@dataclass(frozen=True, slots=True)
class Fact:
    """One tidy row of ``juesuan facts``: a printed amount cell of the nine tables."""

    table: str
    section: str
    row_key: str
    column: str
    value: Decimal
    unit: str
    source: str
    path: str
    label: str

    FIELDS = ("table", "section", "row_key", "column", "value", "unit", "source", "path", "label")

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in self.FIELDS}


STANDARD_TABLE_IDS = tuple(f"T{n:02d}" for n in range(1, 10))

STANDARD_TITLES = FINAL_TITLES
#: Tables that `juesuan facts` lists: the nine of 决算 and the nine of 预算.
FACT_TABLE_IDS = (*STANDARD_TABLE_IDS, *BUDGET_TABLE_IDS)
TITLES = {**FINAL_TITLES, **BUDGET_TITLES}


def table_facts(table: Table, path: str, default_unit: MoneyUnit | None) -> Iterator[Fact]:
    """The facts of one table, in row order then column order."""
    unit = table.unit or default_unit
    for row in table.rows:
        for cell in row.cells:
            if cell.value is None:
                continue
            yield Fact(
                table=table.id,
                section=row.section,
                row_key=row.key,
                column=cell.column,
                value=cell.value,
                unit=unit.value if unit else "",
                source=cell.source.label(),
                path=path,
                label=row.label,
            )


__all__ = [
    "FACT_TABLE_IDS",
    "STANDARD_TABLE_IDS",
    "STANDARD_TITLES",
    "TITLES",
    "Cell",
    "CodeKind",
    "Fact",
    "Row",
    "Table",
    "table_facts",
]
