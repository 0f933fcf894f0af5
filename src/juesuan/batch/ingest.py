"""A batch ingest: find the files, skip what is stored, read+check in workers, store in one place.

Reading and checking run in worker processes (or on a Dask cluster); storing runs only here,
in the parent, so the database has a single writer. A file whose content hash is already
stored is skipped before it is parsed, which makes a rerun resume where the last one stopped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from juesuan.batch.child import DEFAULT_LOADER
from juesuan.batch.dask_run import jobs_to_outcomes_dask
from juesuan.batch.discover import file_sha256, paths_to_files
from juesuan.batch.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from juesuan.batch.outcome import Job, Outcome
from juesuan.batch.pool import jobs_to_outcomes_local
from juesuan.batch.progress import batch_progress
from juesuan.batch.summary import BatchSummary, print_summary
from juesuan.model.disclosure import Disclosure
from juesuan.read import special_file_reason
from juesuan.report.model import Report

if TYPE_CHECKING:
    from juesuan.store.rows import DocumentRows
    from juesuan.store.store import SaveResult

__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "IngestOptions", "ingest_paths"]


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How a batch runs: where it stores, on what, within which limits, and what it shows.

    ``dask`` is None (local worker processes), "local" (a new LocalCluster) or a scheduler
    address such as "tcp://host:8786"; ``loader`` is the ``module:function`` a worker reads with.
    """

    store_url: str | None = None
    workers: int | None = None
    dask: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    progress: bool = True
    loader: str = DEFAULT_LOADER
    show_summary: bool = False


class StoreLike(Protocol):
    """What the batch needs of juesuan.store's Store."""

    def save(
        self, disclosure: Disclosure | DocumentRows, report: Report | None = None
    ) -> SaveResult: ...

    def record_failure(self, path: str, reason: str) -> None: ...

    def has_document(self, sha256: str) -> bool: ...

    def close(self) -> None: ...


def default_workers() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def open_batch_store(store_url: str | None) -> StoreLike:
    from juesuan.store import open_store

    store: StoreLike = open_store(store_url, command_name="ingest")
    return store


class Listener(Protocol):
    """Told about each document as the writer finishes with it (the CLI prints a line)."""

    def saved(self, path: str, status: str, version: int | None) -> None: ...

    def failed(self, path: str, reason: str) -> None: ...


class SilentListener:
    def saved(self, path: str, status: str, version: int | None) -> None:
        pass

    def failed(self, path: str, reason: str) -> None:
        pass


class BatchWriter:
    """The single writer: stores each Outcome and keeps the summary."""

    def __init__(
        self, store: StoreLike, summary: BatchSummary, listener: Listener | None = None
    ) -> None:
        self.store = store
        self.summary = summary
        self.listener = listener or SilentListener()

    def is_stored(self, sha256: str) -> bool:
        return self.store.has_document(sha256)

    def fail(self, path: str, reason: str) -> None:
        self.summary.failed.append((path, reason))
        self.store.record_failure(path, reason)
        self.listener.failed(path, reason)

    def skip(self, path: str) -> None:
        self.summary.skipped += 1
        self.listener.saved(path, "skipped", None)

    def write(self, outcome: Outcome) -> None:
        payload = outcome.rows if outcome.rows is not None else outcome.disclosure
        if outcome.reason is not None or payload is None:
            self.fail(outcome.path, outcome.reason or "没有结果")
            return
        try:
            result = self.store.save(payload, outcome.report)
        except (
            SQLAlchemyError
        ) as exc:  # one document's storage error is recorded, the batch goes on
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            self.fail(
                outcome.path, f"存储失败：{reason[0][:300] if reason else type(exc).__name__}"
            )
            return
        self.count_saved(result.status, outcome)
        self.listener.saved(outcome.path, result.status, result.version)

    def count_saved(self, status: str, outcome: Outcome) -> None:
        summary = self.summary
        if status == "skipped":
            summary.skipped += 1
            return
        if status == "new_version":
            summary.new_versions += 1
        else:
            summary.stored += 1
        summary.partial += int(outcome.partial)
        summary.findings.update(outcome.severities())


def files_to_jobs(
    files: Sequence[str], writer: BatchWriter, on_skip: Callable[[], None]
) -> Iterator[Job]:
    """The jobs still to do: unreadable paths fail here, stored or repeated content is skipped."""
    seen: set[str] = set()
    for path in files:
        special = special_file_reason(path)  # a FIFO would block the hash (and a worker) forever
        if special:
            writer.fail(path, special)
            on_skip()
            continue
        sha256 = file_sha256(path)
        if sha256 is None:
            writer.fail(path, "无法打开文件")
            on_skip()
        elif sha256 in seen or writer.is_stored(sha256):
            writer.skip(path)
            on_skip()
        else:
            seen.add(sha256)
            yield Job(path, sha256)


def ingest_paths(
    paths: Sequence[str | Path],
    options: IngestOptions | None = None,
    *,
    store: StoreLike | None = None,
    console: Console | None = None,
    listener: Listener | None = None,
) -> BatchSummary:
    """Ingest every file named or found below the folders named; never stops on a bad file.

    ``store`` overrides ``options.store_url`` (tests, benchmarks).
    """
    options = options or IngestOptions()
    workers, dask = options.workers or default_workers(), options.dask
    console = console or Console(stderr=True)
    files = paths_to_files(paths)
    summary = BatchSummary(files=len(files), mode=f"dask {dask}" if dask else f"{workers} workers")
    own_store = store is None
    active_store = open_batch_store(options.store_url) if store is None else store
    writer = BatchWriter(active_store, summary, listener)
    started = time.monotonic()
    try:
        with batch_progress(console, options.progress) as bar:
            task = bar.add_task("ingest", total=len(files), counts=summary.counts_text())

            def advance() -> None:
                bar.update(task, advance=1, counts=summary.counts_text())

            jobs = files_to_jobs(files, writer, advance)
            if dask:
                outcomes = jobs_to_outcomes_dask(
                    jobs, dask, workers, options.timeout, options.memory_mb, options.loader
                )
            else:
                outcomes = jobs_to_outcomes_local(
                    jobs, workers, options.timeout, options.memory_mb, options.loader
                )
            for outcome in outcomes:
                writer.write(outcome)
                advance()
    finally:
        summary.seconds = time.monotonic() - started
        if own_store:
            active_store.close()
    if options.show_summary:
        print_summary(summary, console)
    return summary
