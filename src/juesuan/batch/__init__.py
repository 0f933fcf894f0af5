"""Batch ingest: many documents read and checked in guarded worker processes or on Dask,
stored by a single writer, resumable, with progress and a summary."""

from juesuan.batch.cli import cli_options, run_from_cli
from juesuan.batch.ingest import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, ingest_paths
from juesuan.batch.summary import BatchSummary

__all__ = [
    "DEFAULT_MEMORY_MB",
    "DEFAULT_TIMEOUT",
    "BatchSummary",
    "cli_options",
    "ingest_paths",
    "run_from_cli",
]
