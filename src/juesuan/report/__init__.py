"""Reports: the Report object and its renderings (text, JSON, HTML, XLSX).

The names below are imported on first use, so that a module needing one small part of the
report (``juesuan.report.wording``) does not load the report model.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Report", "RuleOutcome", "Status"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'juesuan.report' has no attribute {name!r}")
    return getattr(importlib.import_module("juesuan.report.model"), name)
