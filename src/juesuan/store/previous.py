"""Last year's disclosure of the same unit, from the store: "比上年增加X" checked against it.

When a document is stored and the store holds the disclosure of the same unit, 部门/单位 scope and
kind for the year before (latest version), the statements of its narrative that state a change
from last year are checked against last year's cells (``rules.narrative.previous_year_findings``);
the findings are stored with the new document (origin ``last_year``), in the same transaction.
``juesuan check --db URL`` asks the same of the store without writing anything. Without a stored
previous year nothing is said.

Last year's tables are rebuilt from what the store keeps of them: the row list of each table and
its printed amounts (facts), which is all the comparison reads.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.findings import Finding
from juesuan.model.money import MoneyUnit
from juesuan.model.source import Source
from juesuan.model.tables import Cell, CodeKind, Row, Table
from juesuan.rules.narrative import previous_year_findings
from juesuan.store.compare import append_findings
from juesuan.store.models import Document, StoredFact, StoredTable
from juesuan.store.rows import DocumentRows

ORIGIN = "last_year"


def previous_year_id(conn: Connection, meta: Metadata) -> int | None:
    """The latest stored document of the same unit, scope and kind for the year before."""
    if not meta.unit_name or meta.year is None:
        return None
    row = conn.execute(
        select(Document.id)
        .where(
            Document.unit_name == meta.unit_name,
            Document.year == meta.year - 1,
            Document.scope.is_(None) if meta.scope is None else Document.scope == meta.scope,
            Document.kind == meta.kind,
            Document.is_latest.is_(True),
        )
        .order_by(Document.version.desc(), Document.id.desc())
        .limit(1)
    ).first()
    return None if row is None else int(row[0])


_PLACE = re.compile(r"(page|line) (\d+)")


def source_of(path: str, label: str) -> Source:
    """A stored source label (``page 8``, ``page 3 line 12``) as a Source of the file."""
    places = {kind: int(number) for kind, number in _PLACE.findall(label)}
    return Source(path, line=places.get("line"), page=places.get("page"))


def stored_disclosure(conn: Connection, document_id: int) -> Disclosure | None:
    """A stored document as a Disclosure: its metadata and the printed amounts of its tables."""
    doc = conn.execute(select(*Document.__table__.c).where(Document.id == document_id)).first()
    if doc is None:
        return None
    path = str(doc.path)
    cells: dict[tuple[str, str, str], list[Cell]] = defaultdict(list)
    facts = conn.execute(
        select(
            StoredFact.table,
            StoredFact.section,
            StoredFact.row_key,
            StoredFact.column,
            StoredFact.value,
            StoredFact.source,
        )
        .where(StoredFact.document_id == document_id)
        .order_by(StoredFact.position)
    )
    for table_id, section, key, column, value, source in facts:
        cell = Cell(column, Decimal(value), value, source_of(path, source))
        cells[(table_id, section or "", key)].append(cell)
    tables = conn.execute(
        select(*StoredTable.__table__.c)
        .where(StoredTable.document_id == document_id)
        .order_by(StoredTable.position)
    )
    return Disclosure(
        path=path,
        format=str(doc.format),
        sha256=str(doc.sha256),
        meta=Metadata(
            unit_name=doc.unit_name,
            year=doc.year,
            money_unit=MoneyUnit(doc.money_unit) if doc.money_unit else None,
            scope=doc.scope,
            title=doc.title,
            kind=doc.kind,
        ),
        tables=tuple(stored_table(path, dict(t._mapping), cells) for t in tables),
    )


def stored_table(
    path: str, table: dict[str, Any], cells: dict[tuple[str, str, str], list[Cell]]
) -> Table:
    rows = tuple(
        Row(
            key=row["key"],
            label=row["label"],
            cells=tuple(cells.get((table["table_id"], row["section"] or "", row["key"]), ())),
            source=source_of(path, row["source"] or ""),
            section=row["section"] or "",
            code=row["code"],
            code_kind=CodeKind(row["code_kind"]) if row["code_kind"] else None,
        )
        for row in table["rows"] or ()
    )
    return Table(
        id=table["table_id"],
        title=table["title"],
        columns=tuple(table["columns"] or ()),
        rows=rows,
        source=source_of(path, table["source"] or ""),
        label=table["label"],
        unit=MoneyUnit(table["unit"]) if table["unit"] else None,
    )


def last_year_findings(conn: Connection, disclosure: Disclosure) -> list[Finding] | None:
    """The disclosure's 比上年 statements against the stored previous year; None when there is
    nothing to compare (no previous year stored, or no statement of a change)."""
    if not any(s.change is not None for s in disclosure.statements):
        return None
    previous_id = previous_year_id(conn, disclosure.meta)
    previous = stored_disclosure(conn, previous_id) if previous_id is not None else None
    return None if previous is None else list(previous_year_findings(disclosure, previous))


def rows_disclosure(rows: DocumentRows) -> Disclosure:
    """What the comparison reads of a document about to be stored: its metadata and statements."""
    doc = rows.document
    return Disclosure(
        path=doc["path"],
        format=doc["format"],
        sha256=doc["sha256"],
        meta=Metadata(
            unit_name=doc["unit_name"],
            year=doc["year"],
            money_unit=MoneyUnit(doc["money_unit"]) if doc["money_unit"] else None,
            scope=doc["scope"],
            title=doc["title"],
            kind=doc["kind"],
        ),
        statements=tuple(rows.statements),
    )


def store_last_year(conn: Connection, document_id: int, rows: DocumentRows) -> None:
    """Check a document just inserted against the stored previous year; store the findings."""
    found = last_year_findings(conn, rows_disclosure(rows))
    if not found:  # None (nothing to compare) or [] (all as stated)
        return
    append_findings(conn, document_id, ORIGIN, found)
