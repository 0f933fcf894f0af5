"""Review decisions: kept per disclosure and cell so they carry over to a new version, and the
review state of each upload (errors / to_review / reviewed / clean) that the ledger filters on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from juesuan.model.findings import FINDING_FIELDS
from juesuan.store.models import Document, StoredFinding, StoredOutcome
from juesuan.store.web import DECISIONS, Decision, Upload

DECISION_KEY = ("rule", "table", "section", "row_key", "column")
NEEDS_DECISION = ("error", "warning")


def now() -> datetime:
    return datetime.now(UTC)


def finding_key(finding: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(finding.get(name) or "") for name in DECISION_KEY)


def upload_document(conn: Connection, upload_id: int) -> dict[str, Any] | None:
    """The upload with its stored document's identity (None when no such upload)."""
    row = conn.execute(
        select(
            Upload.__table__,
            Document.unit_name,
            Document.year,
            Document.kind,
            Document.scope,
            Document.title,
            Document.money_unit,
            Document.version,
            Document.is_latest,
            Document.sha256.label("document_sha256"),
        )
        .outerjoin(Document, Document.id == Upload.document_id)
        .where(Upload.id == upload_id)
    ).first()
    return None if row is None else dict(row._mapping)


def upload_report(conn: Connection, upload: dict[str, Any]) -> dict[str, Any] | None:
    """The report as ``check --format json`` gives it; rebuilt from the store for documents
    stored by the command line."""
    if upload["report"] is not None:
        return dict(upload["report"])
    if upload["document_id"] is None:
        return None
    doc_id = upload["document_id"]
    document = conn.execute(select(*Document.__table__.c).where(Document.id == doc_id)).one()
    findings = conn.execute(
        select(*StoredFinding.__table__.c)
        .where(StoredFinding.document_id == doc_id)
        .order_by(StoredFinding.position)
    )
    outcomes = conn.execute(
        select(*StoredOutcome.__table__.c).where(StoredOutcome.document_id == doc_id)
    )
    return {
        "path": document.path,
        "unit_name": document.unit_name,
        "year": document.year,
        "partial": document.partial,
        "missing": list(document.missing),
        "findings": [{name: getattr(f, name) for name in FINDING_FIELDS} for f in findings],
        "checked": [{"rule": o.rule, "status": o.status, "detail": o.detail} for o in outcomes],
    }


def decisions_for(
    conn: Connection, upload: dict[str, Any]
) -> dict[tuple[str, ...], dict[str, Any]]:
    """The latest decision on each cell of this disclosure (any version of it)."""
    query = select(*Decision.__table__.c).order_by(Decision.decided_at, Decision.id)
    if upload.get("unit_name") and upload.get("year") is not None:
        query = query.where(
            Decision.unit_name == upload["unit_name"],
            Decision.year == upload["year"],
            Decision.kind == (upload.get("kind") or ""),
        )
    else:
        query = query.where(Decision.sha256 == upload["sha256"])
    latest: dict[tuple[str, ...], dict[str, Any]] = {}
    for decision in conn.execute(query):
        latest[tuple(getattr(decision, name) for name in DECISION_KEY)] = {
            "decision": decision.decision,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at.isoformat(),
            "upload_id": decision.upload_id,
        }
    return latest


def findings_with_decisions(conn: Connection, upload: dict[str, Any]) -> list[dict[str, Any]]:
    report = upload_report(conn, upload) or {"findings": []}
    decisions = decisions_for(conn, upload)
    return [
        {**finding, "position": position, "decision": decisions.get(finding_key(finding))}
        for position, finding in enumerate(report["findings"])
    ]


def review_state(findings: list[dict[str, Any]]) -> tuple[str, int]:
    open_errors = open_warnings = decided = 0
    for finding in findings:
        if finding["severity"] not in NEEDS_DECISION:
            continue
        if finding["decision"] is not None:
            decided += 1
        elif finding["severity"] == "error":
            open_errors += 1
        else:
            open_warnings += 1
    if open_errors:
        return "errors", decided
    if open_warnings:
        return "to_review", decided
    return ("reviewed" if decided else "clean"), decided


def refresh_review(conn: Connection, upload_id: int) -> None:
    upload = upload_document(conn, upload_id)
    if upload is None or upload["status"] != "checked":
        return
    state, decided = review_state(findings_with_decisions(conn, upload))
    conn.execute(update(Upload).where(Upload.id == upload_id).values(review=state, decided=decided))


def decide(
    conn: Connection,
    upload: dict[str, Any],
    finding: dict[str, Any],
    decision: str,
    reason: str,
    user: str,
) -> None:
    if decision not in DECISIONS:
        raise ValueError(f"未知的决定 {decision}")
    conn.execute(
        insert(Decision).values(
            upload_id=upload["id"],
            unit_name=upload.get("unit_name") or "",
            year=upload.get("year"),
            kind=upload.get("kind") or "",
            sha256=upload["sha256"],
            **dict(zip(DECISION_KEY, finding_key(finding), strict=True)),
            decision=decision,
            reason=reason,
            decided_by=user,
            decided_at=now(),
        )
    )
    # Every upload of the same disclosure shows the decision: refresh them all.
    others = conn.execute(
        select(Upload.id)
        .join(Document, Document.id == Upload.document_id)
        .where(
            Document.unit_name == upload.get("unit_name"),
            Document.year == upload.get("year"),
            Document.kind == upload.get("kind"),
        )
    ).scalars()
    for upload_id in {upload["id"], *others}:
        refresh_review(conn, upload_id)


def related_uploads(conn: Connection, upload: dict[str, Any]) -> dict[str, int | None]:
    """The uploads to compare with: the version this one replaced, and last year's disclosure."""
    previous_version = previous_year = None
    if upload["document_id"] is not None:
        previous_version = conn.execute(
            select(Upload.id)
            .join(Document, Document.supersedes_id == Upload.document_id)
            .where(Document.id == upload["document_id"])
        ).scalar()
    if upload.get("unit_name") and upload.get("year") is not None:
        previous_year = conn.execute(
            select(Upload.id)
            .join(Document, Document.id == Upload.document_id)
            .where(
                Document.unit_name == upload["unit_name"],
                Document.year == upload["year"] - 1,
                Document.kind == upload["kind"],
                Document.is_latest.is_(True),
            )
        ).scalar()
    return {"previous_version": previous_version, "previous_year": previous_year}
