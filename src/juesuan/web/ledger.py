"""The ledger: every upload with its disclosure (unit × year × kind), status and counts by
severity; filtered in SQL and paged by key (newest first), so a page costs the same at any depth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from juesuan.store.models import Document
from juesuan.store.web import Upload
from juesuan.web.review import now

LEDGER_COLUMNS = (
    Upload.id,
    Upload.file_name,
    Upload.status,
    Upload.reason,
    Upload.review,
    Upload.decided,
    Upload.format,
    Upload.uploaded_at,
    Upload.document_id,
    Document.unit_name,
    Document.year,
    Document.kind,
    Document.scope,
    Document.version,
    Document.partial,
    Document.errors,
    Document.warnings,
    Document.infos,
)


@dataclass(frozen=True, slots=True)
class LedgerQuery:
    q: str = ""  # in the unit name or the file name
    year: int | None = None
    kind: str = ""  # 预算 / 决算
    status: str = ""  # queued / processing / checked / failed, or a review state
    before: int | None = None  # the id the previous page ended at
    limit: int = 50


def adopt_stored_documents(conn: Connection) -> int:
    """Documents stored by ``juesuan ingest`` join the ledger (checked, no file to show)."""
    missing = (
        select(
            Document.id,
            Document.sha256,
            Document.file_name,
            Document.format,
            Document.errors,
            Document.warnings,
        )
        .outerjoin(Upload, Upload.sha256 == Document.sha256)
        .where(Upload.id.is_(None))
    )
    rows = conn.execute(missing).all()
    if rows:
        conn.execute(
            insert(Upload),
            [
                {
                    "sha256": r.sha256,
                    "file_name": r.file_name,
                    "size": 0,
                    "format": r.format,
                    "status": "checked",
                    "document_id": r.id,
                    "review": "errors" if r.errors else "to_review" if r.warnings else "clean",
                    "decided": 0,
                    "uploaded_by": "",
                    "uploaded_at": now(),
                }
                for r in rows
            ],
        )
    return len(rows)


def filtered(query: Any, ledger: LedgerQuery) -> Any:
    query = query.outerjoin(Document, Document.id == Upload.document_id).where(
        or_(Document.id.is_(None), Document.is_latest.is_(True))
    )
    if ledger.q:
        query = query.where(
            or_(
                Document.unit_name.contains(ledger.q, autoescape=True),
                Upload.file_name.contains(ledger.q, autoescape=True),
            )
        )
    if ledger.year is not None:
        query = query.where(Document.year == ledger.year)
    if ledger.kind:
        query = query.where(Document.kind == ledger.kind)
    if ledger.status in ("queued", "processing", "checked", "failed"):
        query = query.where(Upload.status == ledger.status)
    elif ledger.status:
        query = query.where(and_(Upload.status == "checked", Upload.review == ledger.status))
    return query


def ledger_page(conn: Connection, ledger: LedgerQuery) -> dict[str, Any]:
    query = filtered(select(*LEDGER_COLUMNS).select_from(Upload), ledger)
    if ledger.before is not None:
        query = query.where(Upload.id < ledger.before)
    rows = [
        dict(r._mapping)
        for r in conn.execute(query.order_by(Upload.id.desc()).limit(ledger.limit + 1))
    ]
    more = len(rows) > ledger.limit
    rows = rows[: ledger.limit]
    for row in rows:
        row["uploaded_at"] = row["uploaded_at"].isoformat() if row["uploaded_at"] else None
    return {
        "documents": rows,
        "next_before": rows[-1]["id"] if more and rows else None,
        "counts": status_counts(conn, ledger),
    }


def status_counts(conn: Connection, ledger: LedgerQuery) -> dict[str, int]:
    """How many uploads (under the same filters, any status) are in each status and review state."""
    base = LedgerQuery(q=ledger.q, year=ledger.year, kind=ledger.kind)
    counts: dict[str, int] = {}
    query = select(Upload.status, Upload.review, func.count()).select_from(Upload)
    if base.q or base.year is not None or base.kind:
        query = filtered(query, base)
    else:  # no filter on the document: leave out superseded versions without joining
        superseded = select(Document.id).where(Document.is_latest.is_(False))
        query = query.where(
            or_(Upload.document_id.is_(None), Upload.document_id.not_in(superseded))
        )
    for status, review, n in conn.execute(query.group_by(Upload.status, Upload.review)):
        counts[status] = counts.get(status, 0) + n
        if review:
            counts[review] = counts.get(review, 0) + n
    return counts


def batch_progress(conn: Connection, batch: str) -> dict[str, int]:
    query = select(Upload.status, func.count()).where(Upload.batch == batch).group_by(Upload.status)
    counts = {status: int(n) for status, n in conn.execute(query)}
    counts["total"] = sum(counts.values())
    return counts


def ledger_years(conn: Connection) -> list[int]:
    query = (
        select(Document.year).where(Document.year.is_not(None)).distinct().order_by(Document.year)
    )
    return [int(y) for y in conn.execute(query).scalars() if y is not None]


def unit_year_matrix(
    conn: Connection, kind: str, q: str, after: str, limit: int = 50
) -> dict[str, Any]:
    """Units (by name, keyed pages) × years: each cell the latest document's upload, review state
    and errors; a missing cell is a year not uploaded."""
    units_query = select(Document.unit_name).where(
        Document.is_latest.is_(True), Document.unit_name.is_not(None)
    )
    if kind:
        units_query = units_query.where(Document.kind == kind)
    if q:
        units_query = units_query.where(Document.unit_name.contains(q, autoescape=True))
    if after:
        units_query = units_query.where(Document.unit_name > after)
    units = [
        str(unit)
        for unit in conn.execute(
            units_query.distinct().order_by(Document.unit_name).limit(limit + 1)
        ).scalars()
    ]
    more = len(units) > limit
    units = units[:limit]
    cells_query = (
        select(
            Document.unit_name,
            Document.year,
            Document.kind,
            Document.errors,
            Upload.id,
            Upload.review,
        )
        .join(Upload, Upload.document_id == Document.id)
        .where(Document.is_latest.is_(True), Document.unit_name.in_(units))
    )
    if kind:
        cells_query = cells_query.where(Document.kind == kind)
    rows: dict[str, dict[str, dict[str, Any]]] = {unit: {} for unit in units}
    years: set[int] = set()
    for unit, year, doc_kind, errors, upload_id, review in conn.execute(cells_query):
        if year is None or unit is None:
            continue
        years.add(year)
        rows[unit][f"{year}{doc_kind}"] = {"id": upload_id, "review": review, "errors": errors}
    return {
        "years": sorted(years),
        "kinds": [kind] if kind else ["决算", "预算"],
        "units": [{"unit_name": unit, "cells": rows[unit]} for unit in units],
        "next_after": units[-1] if more and units else None,
    }
