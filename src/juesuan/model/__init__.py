"""The canonical model: every value typed, exact and traceable to its source."""

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.findings import CellRef, Finding, Severity
from juesuan.model.money import MoneyUnit, is_amount_text, parse_amount
from juesuan.model.narrative import NarrativeSection
from juesuan.model.performance import PerformanceForm
from juesuan.model.source import Source
from juesuan.model.tables import (
    STANDARD_TABLE_IDS,
    STANDARD_TITLES,
    Cell,
    CodeKind,
    Fact,
    Row,
    Table,
)

__all__ = [
    "STANDARD_TABLE_IDS",
    "STANDARD_TITLES",
    "Cell",
    "CellRef",
    "CodeKind",
    "Disclosure",
    "Fact",
    "Finding",
    "Metadata",
    "MoneyUnit",
    "NarrativeSection",
    "PerformanceForm",
    "Row",
    "Severity",
    "Source",
    "Table",
    "is_amount_text",
    "parse_amount",
]
