"""The Report: what was checked on one document and what was found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from juesuan.model.findings import Finding, Severity


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """How one rule ended on a document (passed, failed, not applicable, …) and why."""

    rule: str
    status: Status
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """The result of checking one document: its findings and every rule's outcome."""

    path: str
    unit_name: str | None
    year: int | None
    findings: tuple[Finding, ...] = ()
    checked: tuple[RuleOutcome, ...] = ()
    partial: bool = False
    missing: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    def as_dict(self) -> dict[str, object]:
        """The per-document JSON object of ``juesuan check --format json``."""
        return {
            "path": self.path,
            "unit_name": self.unit_name,
            "year": self.year,
            "partial": self.partial,
            "missing": list(self.missing),
            "findings": [f.as_dict() for f in self.findings],
            "checked": [
                {"rule": o.rule, "status": o.status.value, "detail": o.detail} for o in self.checked
            ],
        }
