"""``juesuan ingest PATH... [--db URL]``: read, check and store documents, then a summary.

Documents are read and checked in worker processes (``--workers``, default the CPU count) or on a
Dask cluster (``--dask``), each under a timeout and a memory limit; one process writes to the
database. See ``juesuan.batch``.
"""

from __future__ import annotations

import click

from juesuan.batch.cli import cli_options, run_from_cli
from juesuan.cli import main


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--db", "db_url", default=None, help="数据库 URL (sqlite:///file.db, postgresql://user@host/db)"
)
@cli_options
def ingest_command(
    paths: tuple[str, ...],
    db_url: str | None,
    workers: int | None,
    dask_address: str | None,
    timeout: float,
    memory_limit: int,
    no_progress: bool,
) -> None:
    """读取、审核并存储文件或文件夹中的文件；内容相同的文件跳过。"""
    run_from_cli(
        paths,
        db_url,
        workers=workers,
        dask_address=dask_address,
        timeout=timeout,
        memory_limit=memory_limit,
        no_progress=no_progress,
    )
