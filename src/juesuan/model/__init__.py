"""The canonical model: every value typed, exact and traceable to its source.

The names below are imported on first use, so that a module needing one small part of the
model (``juesuan.model.findings``, ``juesuan.model.source``) does not load all of it.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Disclosure": "disclosure",
    "Metadata": "disclosure",
    "CellRef": "findings",
    "Finding": "findings",
    "Severity": "findings",
    "MoneyUnit": "money",
    "is_amount_text": "money",
    "parse_amount": "money",
    "NarrativeSection": "sections",
    "PerformanceForm": "performance",
    "Source": "source",
    "STANDARD_TABLE_IDS": "tables",
    "STANDARD_TITLES": "tables",
    "Cell": "tables",
    "CodeKind": "tables",
    "Fact": "tables",
    "Row": "tables",
    "Table": "tables",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'juesuan.model' has no attribute {name!r}")
    return getattr(importlib.import_module(f"juesuan.model.{_WHERE[name]}"), name)
