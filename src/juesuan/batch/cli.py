"""The batch options of ``juesuan ingest`` and the function the command calls with them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from juesuan.batch.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

if TYPE_CHECKING:  # the batch machinery is imported when a batch runs, not for --help
    from rich.console import Console

    from juesuan.batch.summary import BatchSummary

F = TypeVar("F", bound=Callable[..., Any])


def cli_options(func: F) -> F:
    """Add --workers, --dask, --timeout, --memory-limit and --no-progress to a click command."""
    options = [
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help="工作进程数（默认为 CPU 数）",
        ),
        click.option(
            "--dask",
            "dask_address",
            metavar="local|tcp://HOST:8786",
            default=None,
            help="在 Dask 集群上读取与审核（local 表示在本机启动一个集群）",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="每份文件的时限，秒（0 表示不限）",
        ),
        click.option(
            "--memory-limit",
            "memory_limit",
            type=click.IntRange(min=0),
            default=DEFAULT_MEMORY_MB,
            show_default=True,
            help="每个工作进程的内存上限，MB（0 表示不限）",
        ),
        click.option("--no-progress", is_flag=True, default=False, help="不显示进度条"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


STATUS_WORDS = {"stored": "已存储", "new_version": "新版本", "skipped": "跳过"}


class PrintingListener:
    """One line per document: on stdout what was stored, on stderr what could not be read."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def saved(self, path: str, status: str, version: int | None) -> None:
        word = STATUS_WORDS.get(status, status)
        click.echo(f"{word}\t{'第' + str(version) + '版' if version else ''}\t{path}")

    def failed(self, path: str, reason: str) -> None:
        line = f"juesuan: 无法读取 {path}: {' '.join(reason.split())}"
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)


def run_from_cli(
    paths: Sequence[str],
    db: str | None,
    workers: int | None = None,
    dask_address: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int = DEFAULT_MEMORY_MB,
    no_progress: bool = False,
    exit: bool = True,
) -> BatchSummary:
    """Run the batch with the options of :func:`cli_options`; exit 0, 1 (some input unreadable)
    or 2 (the database or the Dask cluster cannot be reached).

    Prints a line per document (stdout; failures on stderr as ``juesuan: 无法读取 PATH: reason``),
    the progress bar and a summary table on stderr, and the two summary lines last on stdout.
    """
    from rich.console import Console

    from juesuan.batch.ingest import IngestOptions, ingest_paths
    from juesuan.store import StoreError

    console = Console(stderr=True)
    try:
        options = IngestOptions(
            store_url=db,
            workers=workers,
            dask=dask_address,
            timeout=timeout,
            memory_mb=memory_limit,
            progress=not no_progress and console.is_terminal,
        )
        summary = ingest_paths(
            paths,
            options,
            console=console,
            listener=PrintingListener(console),
        )
    except StoreError as exc:  # the database cannot be opened: one line, status 2
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:  # e.g. no Dask scheduler at the address given
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    for line in summary.lines():
        click.echo(line)
    if exit:
        sys.exit(summary.exit_code)
    return summary
