"""Findings: immutable records of what a rule, a reader or the recogniser found."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell a finding involves, with its source and printed text."""

    table: str
    row_key: str
    column: str
    section: str = ""
    source: str = ""
    raw: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding.

    ``table``/``section``/``row_key``/``column`` name the cell the finding is about (for a
    cross-table finding the cell of the second table), empty when it is about the whole document.
    ``expected``, ``actual``, ``difference`` and ``tolerance`` are set for arithmetic findings;
    ``quote`` is the sentence of the narrative a ``narrative.*`` finding is about.
    """

    rule: str
    severity: Severity
    message: str
    table: str = ""
    section: str = ""
    row_key: str = ""
    column: str = ""
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    source: str = ""
    cells: tuple[CellRef, ...] = ()
    quote: str = ""  # the sentence as printed, for a finding about the narrative

    def as_dict(self) -> dict[str, object]:
        """The JSON form fixed by interface.md (plus ``cells``)."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "table": self.table,
            "section": self.section,
            "row_key": self.row_key,
            "column": self.column,
            "expected": text(self.expected),
            "actual": text(self.actual),
            "difference": text(self.difference),
            "tolerance": text(self.tolerance),
            "source": self.source,
            "quote": self.quote,
            "cells": [
                {
                    "table": c.table,
                    "section": c.section,
                    "row_key": c.row_key,
                    "column": c.column,
                    "source": c.source,
                    "raw": c.raw,
                }
                for c in self.cells
            ],
        }
