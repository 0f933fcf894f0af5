"""Disclosure + Report → plain rows ready to insert.

Kept apart from the database so a worker process can do the conversion and hand a small, picklable
``DocumentRows`` to the single writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Finding, Severity
from juesuan.model.tables import Fact, Table, table_facts
from juesuan.report.model import Report
from juesuan.serialize import to_jsonable
from juesuan.template.budget import BUDGET_TABLE_IDS


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """Everything stored for one document, as plain dicts (column name → value)."""

    document: dict[str, Any]
    tables: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    forms: list[dict[str, Any]] = field(default_factory=list)  # each with "indicators": [...]
    narrative: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    #: What the narrative states (model objects, not stored as rows): the check of 比上年 against
    #: the stored previous year reads them when the document is stored (store.previous).
    statements: tuple[Any, ...] = ()

    @property
    def sha256(self) -> str:
        return str(self.document["sha256"])

    @property
    def disclosure_key(self) -> tuple[Any, ...]:
        """What makes two documents versions of the same disclosure (None if it cannot be told)."""
        doc = self.document
        if not doc["unit_name"] or doc["year"] is None:
            return ()
        return (doc["unit_name"], doc["year"], doc["scope"], doc["kind"])


def disclosure_to_rows(disclosure: Disclosure, report: Report | None = None) -> DocumentRows:
    findings = findings_of(disclosure, report)
    return DocumentRows(
        document=document_row(disclosure, findings),
        tables=[table_row(pos, t) for pos, t in enumerate(disclosure.tables)],
        facts=[
            {**fact.as_dict(), "position": pos, "amount": fact.value, "value": str(fact.value)}
            for pos, fact in enumerate(stored_facts(disclosure))
        ],
        forms=[form_row(form) for form in disclosure.performance_forms],
        narrative=[
            {"position": pos, "title": s.title, "text": s.text, "source": s.source.label()}
            for pos, s in enumerate(disclosure.narrative)
        ],
        findings=[finding_row(pos, origin, f) for pos, (origin, f) in enumerate(findings)],
        outcomes=[
            {"rule": o.rule, "status": o.status.value, "detail": o.detail}
            for o in (report.checked if report else ())
        ],
        statements=disclosure.statements,
    )


def stored_facts(disclosure: Disclosure) -> list[Fact]:
    """The document's facts, with those of its budget tables (B01–B09) where ``facts()`` leaves
    them out: the comparison of a 决算 with its budget reads them back."""
    facts = list(disclosure.facts())
    listed = {fact.table for fact in facts}
    for table in sorted(disclosure.tables, key=lambda t: t.id):
        if table.id in BUDGET_TABLE_IDS and table.id not in listed:
            facts.extend(table_facts(table, disclosure.path, disclosure.meta.money_unit))
    return facts


def findings_of(disclosure: Disclosure, report: Report | None) -> list[tuple[str, Finding]]:
    """Reading findings first, then the rules' findings (a reading finding repeated in the report once)."""
    read = list(disclosure.read_findings)
    checked = [f for f in (report.findings if report else ()) if f not in read]
    return [("read", f) for f in read] + [("check", f) for f in checked]


def document_row(disclosure: Disclosure, findings: list[tuple[str, Finding]]) -> dict[str, Any]:
    meta = disclosure.meta
    severities = [f.severity for _, f in findings]
    return {
        "sha256": disclosure.sha256,
        "path": disclosure.path,
        "file_name": Path(disclosure.path).name,
        "format": disclosure.format,
        "unit_name": meta.unit_name,
        "year": meta.year,
        "scope": meta.scope,
        "kind": meta.kind,
        "title": meta.title,
        "money_unit": meta.money_unit.value if meta.money_unit else None,
        "partial": disclosure.partial,
        "missing": list(disclosure.missing),
        "errors": severities.count(Severity.ERROR),
        "warnings": severities.count(Severity.WARNING),
        "infos": severities.count(Severity.INFO),
    }


def table_row(position: int, table: Table) -> dict[str, Any]:
    return {
        "position": position,
        "table_id": table.id,
        "title": table.title,
        "label": table.label,
        "unit": table.unit.value if table.unit else None,
        "columns": list(table.columns),
        "declared_empty": table.declared_empty,
        "empty_statement": table.empty_statement,
        "notes": list(table.notes),
        "complete": table.complete,
        "source": table.source.label(),
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "section": row.section,
                "code": row.code,
                "code_kind": row.code_kind.value if row.code_kind else None,
                "source": row.source.label(),
            }
            for row in table.rows
        ],
    }


def form_row(form: Any) -> dict[str, Any]:
    """A performance form, stored generically: its known fields plus the whole form as JSON."""
    data = to_jsonable(form, source_as_label=True)
    indicators = data.get("indicators") or []
    return {
        "number": form.number,
        "kind": getattr(form, "kind", "") or "",
        "name": getattr(form, "name", "") or "",
        "title": getattr(form, "title", "") or "",
        "complete": bool(getattr(form, "complete", True)),
        "source": data.get("source") or "",
        "data": data,
        "indicators": [indicator_row(pos, ind) for pos, ind in enumerate(indicators)],
    }


def indicator_row(position: int, indicator: Any) -> dict[str, Any]:
    data = indicator if isinstance(indicator, dict) else {"value": indicator}
    return {
        "position": position,
        "level1": str(data.get("level1") or ""),
        "level2": str(data.get("level2") or ""),
        "level3": str(data.get("level3") or ""),
        "data": data,
    }


def finding_row(position: int, origin: str, finding: Finding) -> dict[str, Any]:
    data = finding.as_dict()
    return {"position": position, "origin": origin, **data}
