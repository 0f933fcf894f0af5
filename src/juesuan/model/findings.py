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
        """The JSON form fixed by interface.md (plus ``cells`` and ``quote``): ``FINDING_FIELDS``."""
        data = {name: plain_value(getattr(self, name)) for name in FINDING_FIELDS}
        data["cells"] = [{name: getattr(c, name) for name in CELL_FIELDS} for c in self.cells]
        return data


#: A finding's fields in the order every output lists them: JSON, the store, exports, the web app.
FINDING_FIELDS = (
    "rule",
    "severity",
    "message",
    "table",
    "section",
    "row_key",
    "column",
    "expected",
    "actual",
    "difference",
    "tolerance",
    "source",
    "quote",
    "cells",
)
#: The same without the list of cells: the flat columns of a table of findings.
FINDING_COLUMNS = FINDING_FIELDS[:-1]
CELL_FIELDS = ("table", "section", "row_key", "column", "source", "raw")


def plain_value(value: object) -> object:
    """A finding's field as JSON: Decimal → exact text, severity → its value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Severity):
        return value.value
    return value
