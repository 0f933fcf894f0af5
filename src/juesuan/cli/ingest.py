"""``juesuan ingest PATH... [--db URL]``: read, check and store documents, then a summary."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from juesuan.batch.discover import folder_to_files
from juesuan.cli import main
from juesuan.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from juesuan.model.findings import Severity
from juesuan.read.grid import UnreadableError

if TYPE_CHECKING:
    from juesuan.store import Store


@dataclass
class IngestSummary:
    statuses: Counter[str] = field(default_factory=Counter)  # stored, skipped, new_version
    partial: int = 0
    unreadable: int = 0
    severities: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        counts = self.statuses
        return [
            f"入库 stored: {counts['stored']}  新版本 new versions: {counts['new_version']}  "
            f"跳过(内容相同) skipped: {counts['skipped']}  部分读取 partial: {self.partial}  "
            f"无法读取 unreadable: {self.unreadable}",
            "发现 findings: "
            + "  ".join(f"{s.value} {self.severities[s.value]}" for s in Severity),
        ]


def paths_to_files(paths: tuple[str, ...]) -> Iterator[Path]:
    """Each PATH; a directory means every supported file below it, in name order."""
    for raw in paths:
        path = Path(raw)
        yield from folder_to_files(path) if path.is_dir() else [path]


def ingest_file(store: Store, path: Path, summary: IngestSummary) -> str:
    """Read, check and store one file; returns the line to print for it."""
    from juesuan.pipeline import load
    from juesuan.store.rows import findings_of
    from juesuan.store.store import first_line

    try:
        disclosure, report = load(path)
    except UnreadableError as exc:
        return unreadable(store, path, exc.reason, summary)
    except Exception as exc:  # a reader bug must not stop the batch nor show a traceback
        return unreadable(store, path, f"读取失败 ({type(exc).__name__}: {exc})", summary)
    try:
        result = store.save(disclosure, report)
    except Exception as exc:  # a database error on one document: recorded, the rest goes on
        reason = f"存储失败 ({type(exc).__name__}: {first_line(exc)[:300]})"
        return unreadable(store, path, reason, summary)
    summary.statuses[result.status] += 1
    if result.status != "skipped":  # partial and findings: of the documents this run stored
        summary.partial += int(disclosure.partial)
        for _origin, finding in findings_of(disclosure, report):
            summary.severities[finding.severity.value] += 1
    note = f" (部分读取, 缺少: {', '.join(disclosure.missing)})" if disclosure.partial else ""
    return f"{result.status:<11} v{result.version} {path}{note}"


def unreadable(store: Store, path: Path, reason: str, summary: IngestSummary) -> str:
    reason = " ".join(reason.split())
    store.record_failure(str(path), reason)
    summary.unreadable += 1
    click.echo(f"juesuan: 无法读取 {path}: {reason}", err=True)
    return f"{'unreadable':<11}    {path}"


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--db", "db_url", default=None, help="数据库 URL (sqlite:///file.db, postgresql://user@host/db)"
)
def ingest_command(paths: tuple[str, ...], db_url: str | None) -> None:
    """读取、审核并存储文件或文件夹中的文件；内容相同的文件跳过。"""
    from juesuan.store import StoreError, open_store  # imported here: keeps other commands quick

    try:
        store = open_store(db_url, command_name="ingest")
    except StoreError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    summary = IngestSummary()
    with store:
        for path in paths_to_files(paths):
            click.echo(ingest_file(store, path, summary))
    for line in summary.lines():
        click.echo(line)
    sys.exit(EXIT_FINDINGS if summary.unreadable else EXIT_OK)
