"""The stored counterpart of a disclosure: a 决算 and the budget (预算) of the same unit and year.

When a document is stored and the store already holds its counterpart (same unit name, year and
部门/单位 scope, the other kind, latest version), the 决算's 预算数 are compared with the published
budget (``juesuan.rules.budget_compare``) and the findings are stored with the new document
(origin ``compare``), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from juesuan.model.findings import Finding, Severity
from juesuan.model.tables import Fact
from juesuan.rules.budget_compare import COUNTERPART, Side, compare_with_budget, facts_of
from juesuan.store.models import Document, StoredFact, StoredFinding
from juesuan.store.rows import DocumentRows, finding_row

FINAL, BUDGET = "决算", "预算"
OTHER_KIND = {FINAL: BUDGET, BUDGET: FINAL}
COMPARED_TABLES = tuple(sorted({*COUNTERPART, *COUNTERPART.values()}))
ORIGIN = "compare"


def counterpart(conn: Connection, key: tuple[Any, ...], document_id: int) -> tuple[int, str] | None:
    """The id and file name of the latest stored document of the other kind, same disclosure."""
    if not key or key[3] not in OTHER_KIND:
        return None
    unit_name, year, scope, kind = key
    row = conn.execute(
        select(Document.id, Document.file_name)
        .where(
            Document.unit_name == unit_name,
            Document.year == year,
            Document.scope.is_(None) if scope is None else Document.scope == scope,
            Document.kind == OTHER_KIND[kind],
            Document.is_latest.is_(True),
            Document.id != document_id,
        )
        .order_by(Document.version.desc(), Document.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def stored_facts(conn: Connection, document_id: int) -> tuple[Fact, ...]:
    columns = [getattr(StoredFact, name) for name in Fact.FIELDS]
    query = (
        select(*columns)
        .where(StoredFact.document_id == document_id, StoredFact.table.in_(COMPARED_TABLES))
        .order_by(StoredFact.position)
    )
    return facts_of(dict(r._mapping) for r in conn.execute(query))


def comparison(
    conn: Connection,
    document_id: int,
    key: tuple[Any, ...],
    name: str,
    facts: Sequence[Fact],
) -> list[Finding]:
    """The findings of comparing a document (its key, file name and facts) with its counterpart."""
    other = counterpart(conn, key, document_id)
    if other is None:
        return []
    this = Side(name, tuple(f for f in facts if f.table in COMPARED_TABLES))
    that = Side(other[1], stored_facts(conn, other[0]))
    if key[3] == FINAL:
        return compare_with_budget(this, that, at_final=True)
    return compare_with_budget(that, this, at_final=False)


def store_comparison(conn: Connection, document_id: int, rows: DocumentRows) -> None:
    """Compare a document just inserted with its counterpart; store the findings with it."""
    facts = facts_of(f for f in rows.facts if f["table"] in COMPARED_TABLES)
    found = comparison(conn, document_id, rows.disclosure_key, rows.document["file_name"], facts)
    if not found:
        return
    append_findings(conn, document_id, ORIGIN, found)


def append_findings(
    conn: Connection, document_id: int, origin: str, found: Sequence[Finding]
) -> None:
    """Store findings made after a document was inserted (comparisons with other stored
    documents) after its own, and add them to its counts."""
    start = conn.execute(
        select(func.count())
        .select_from(StoredFinding)
        .where(StoredFinding.document_id == document_id)
    ).scalar_one()
    conn.execute(
        insert(StoredFinding),
        [
            {**finding_row(start + i, origin, f), "document_id": document_id}
            for i, f in enumerate(found)
        ],
    )
    severities = [f.severity for f in found]
    conn.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(
            errors=Document.errors + severities.count(Severity.ERROR),
            warnings=Document.warnings + severities.count(Severity.WARNING),
            infos=Document.infos + severities.count(Severity.INFO),
        )
    )


def compare_stored(conn: Connection, document_id: int) -> list[Finding]:
    """The comparison of a stored document with its stored counterpart (nothing is written)."""
    row = conn.execute(
        select(
            Document.unit_name, Document.year, Document.scope, Document.kind, Document.file_name
        ).where(Document.id == document_id)
    ).first()
    if row is None or not row[0] or row[1] is None:
        return []
    key = (row[0], row[1], row[2], row[3])
    return comparison(conn, document_id, key, str(row[4]), stored_facts(conn, document_id))
