"""A facts file (CSV or JSON lines in the columns of ``juesuan facts``) → a Disclosure.

Every amount keeps its provenance: the Source of a cell is the facts file and the line the
fact was written on. What a facts file does not say (the unit's name, the year, sometimes the
money unit) comes from the caller; a facts file never guesses them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.money import MoneyUnit
from juesuan.model.source import Source
from juesuan.model.tables import (
    STANDARD_TABLE_IDS,
    STANDARD_TITLES,
    Cell,
    CodeKind,
    Row,
    Table,
)
from juesuan.read.grid import UnreadableError
from juesuan.template.final import TABLE_COLUMNS

#: The columns a facts file must have (the rest of ``juesuan facts``'s columns are optional).
REQUIRED = ("table", "section", "row_key", "column", "value")


@dataclass(frozen=True)
class FactLine:
    line: int
    table: str
    section: str
    row_key: str
    column: str
    value: Decimal
    raw: str
    unit: str
    label: str


def is_facts_file(data: bytes) -> bool:
    """True for a CSV whose header names the facts columns, or JSON lines with those keys."""
    head = data[:4096].decode("utf-8-sig", errors="replace").lstrip()
    first = head.splitlines()[0] if head else ""
    if first.startswith("{"):
        try:
            keys = json.loads(first)
        except ValueError:
            return False
        return isinstance(keys, dict) and all(k in keys for k in REQUIRED)
    header = [h.strip() for h in first.split(",")]
    return all(k in header for k in REQUIRED)


def facts_to_disclosure(
    path: str,
    data: bytes,
    unit_name: str | None,
    year: int | None,
    money_unit: MoneyUnit | None,
) -> Disclosure:
    """The nine tables of a facts file; UnreadableError when the file or a line cannot be read."""
    lines = list(parse_fact_lines(path, data))
    if not lines:
        raise UnreadableError(path, "facts 文件没有任何金额行")
    stated = {f.unit for f in lines if f.unit}
    if money_unit and stated and stated != {money_unit.value}:
        raise UnreadableError(
            path,
            f"facts 文件的金额单位（{'、'.join(sorted(stated))}）与 --money-unit {money_unit} 不同",
        )
    unit = money_unit or money_unit_of(path, lines)
    refuse_repeated_cells(path, lines)
    if not unit_name:
        raise UnreadableError(path, "facts 文件不含单位名称，请用 --unit 指明")
    if year is None:
        raise UnreadableError(path, "facts 文件不含年度，请用 --year 指明")
    tables = tuple(
        facts_to_table(path, table_id, [f for f in lines if f.table == table_id], unit)
        for table_id in STANDARD_TABLE_IDS
    )
    return Disclosure(
        path=path,
        format="facts",
        sha256=hashlib.sha256(data).hexdigest(),
        meta=Metadata(unit_name=unit_name, year=year, money_unit=unit, scope="部门"),
        tables=tables,
    )


def refuse_repeated_cells(path: str, lines: list[FactLine]) -> None:
    """One cell, one amount: a second line for the same cell is an error, never a choice."""
    seen: dict[tuple[str, str, str, str], int] = {}
    for fact in lines:
        cell = (fact.table, fact.section, fact.row_key, fact.column)
        if cell in seen:
            raise UnreadableError(
                path,
                f"第 {fact.line} 行与第 {seen[cell]} 行是同一单元格（{' '.join(p for p in cell if p)}）",
            )
        seen[cell] = fact.line


def money_unit_of(path: str, lines: list[FactLine]) -> MoneyUnit:
    units = {f.unit for f in lines if f.unit}
    if len(units) > 1:
        raise UnreadableError(path, f"facts 文件的金额单位不一致（{'、'.join(sorted(units))}）")
    if not units:
        raise UnreadableError(path, "facts 文件未写金额单位，请用 --money-unit 指明")
    name = units.pop()
    try:
        return MoneyUnit(name)
    except ValueError as exc:
        raise UnreadableError(path, f"facts 文件的金额单位“{name}”不是 元/万元/亿元") from exc


def parse_fact_lines(path: str, data: bytes) -> Iterator[FactLine]:
    text = data.decode("utf-8-sig", errors="strict") if data else ""
    if text.lstrip().startswith("{"):
        records = (
            (number, json.loads(line))
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        )
    else:
        reader = csv.DictReader(io.StringIO(text))
        records = ((reader.line_num, record) for record in reader)
    try:
        for number, record in records:
            yield fact_line(path, number, record)
    except (ValueError, csv.Error) as exc:
        if isinstance(exc, UnreadableError):
            raise
        raise UnreadableError(path, f"facts 文件无法解析：{exc}") from exc


def fact_line(path: str, number: int, record: dict[str, object]) -> FactLine:
    def field(name: str) -> str:
        value = record.get(name)
        return "" if value is None else str(value).strip()

    table = field("table")
    if table not in STANDARD_TABLE_IDS:
        raise UnreadableError(path, f"第 {number} 行：表“{table}”不是 T01–T09")
    raw = field("value")
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation as exc:
        raise UnreadableError(path, f"第 {number} 行：“{raw}”不是金额") from exc
    column = field("column")
    if column not in TABLE_COLUMNS[table]:
        raise UnreadableError(path, f"第 {number} 行：{table} 没有栏目“{column}”")
    return FactLine(
        line=number,
        table=table,
        section=field("section"),
        row_key=field("row_key"),
        column=column,
        value=value,
        raw=raw,
        unit=field("unit"),
        label=field("label"),
    )


def facts_to_table(
    path: str, table_id: str, lines: list[FactLine], unit: MoneyUnit | None
) -> Table:
    """One table: its rows in the order of their first fact, cells in the template's column order."""
    by_row: dict[tuple[str, str], list[FactLine]] = {}
    for fact in lines:
        by_row.setdefault((fact.section, fact.row_key), []).append(fact)
    rows = tuple(facts_to_row(path, table_id, facts) for facts in by_row.values())
    present = {f.column for f in lines}
    columns = tuple(c for c in TABLE_COLUMNS[table_id] if c in present)
    source = Source(path, line=lines[0].line) if lines else Source(path)
    return Table(
        id=table_id,
        title=STANDARD_TITLES[table_id],
        columns=columns or TABLE_COLUMNS[table_id],
        rows=rows,
        source=source,
        label=f"公开{table_id[1:]}表",
        unit=unit,
    )


def facts_to_row(path: str, table_id: str, facts: list[FactLine]) -> Row:
    first = facts[0]
    order = {c: i for i, c in enumerate(TABLE_COLUMNS[table_id])}
    cells = tuple(
        Cell(f.column, f.value, f.raw, Source(path, line=f.line))
        for f in sorted(facts, key=lambda f: order[f.column])
    )
    code = first.row_key if first.row_key.isdigit() else None
    kind = None
    if code is not None:
        kind = CodeKind.ECONOMIC if table_id == "T06" else CodeKind.FUNCTION
    return Row(
        key=first.row_key,
        label=first.label or ("" if code else first.row_key.split("/")[-1]),
        cells=cells,
        source=Source(path, line=first.line),
        section=first.section,
        code=code,
        code_kind=kind,
    )
