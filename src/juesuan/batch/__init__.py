"""Batch ingest: many documents read and checked in guarded worker processes or on Dask,
stored by a single writer, resumable, with progress and a summary.

The names below are imported on first use: ``juesuan check`` imports ``juesuan.batch.discover``
alone, without the worker pool, Dask, psutil or rich.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "cli_options": "juesuan.batch.cli",
    "run_from_cli": "juesuan.batch.cli",
    "DEFAULT_MEMORY_MB": "juesuan.batch.ingest",
    "DEFAULT_TIMEOUT": "juesuan.batch.ingest",
    "IngestOptions": "juesuan.batch.ingest",
    "ingest_paths": "juesuan.batch.ingest",
    "BatchSummary": "juesuan.batch.summary",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'juesuan.batch' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
