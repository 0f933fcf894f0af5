"""``juesuan export [--db URL] --format csv|jsonl|parquet|xlsx|fdp [--findings] [-o PATH]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from juesuan.cli import main
from juesuan.cli.common import EXIT_OK, EXIT_UNREADABLE, fail_output
from juesuan.export import FORMATS


@main.command("export")
@click.option("--db", "db_url", default=None, help="数据库 URL；默认为用户数据目录中的 SQLite 文件")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="导出格式")
@click.option("--findings", is_flag=True, help="导出审核发现，而不是金额")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="输出文件（fdp: 文件夹；xlsx 多份文件时: 文件夹）；csv/jsonl 缺省写到标准输出",
)
@click.option("--unit", default=None, help="只导出单位名称包含此文字的文件")
@click.option("--year", type=int, default=None, help="只导出此年度")
@click.option("--table", "tables", multiple=True, help="只导出此表 (T01…T09)，可重复")
@click.option("--all-versions", is_flag=True, help="导出所有版本，而不只是每份公开的最新版本")
def export_command(
    db_url: str | None,
    fmt: str,
    findings: bool,
    output: Path | None,
    unit: str | None,
    year: int | None,
    tables: tuple[str, ...],
    all_versions: bool,
) -> None:
    """导出已存储的金额（或审核发现）。"""
    # Imported here: the database and file libraries would slow every other command.
    from juesuan.export.run import ExportError, Selection, export_facts, export_findings
    from juesuan.store import StoreError, open_store

    selection = Selection(
        latest=not all_versions, unit=unit, year=year, tables=tuple(t.upper() for t in tables)
    )
    try:
        store = open_store(db_url, command_name="export", must_exist=True)
    except StoreError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    try:
        with store:
            export = export_findings if findings else export_facts
            count = export(store, fmt, selection, output)
    except BrokenPipeError:  # the reader stopped early (… | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except ExportError as exc:
        click.echo(f"juesuan: 导出失败: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    except OSError as exc:
        fail_output(str(output) if output else "标准输出", exc)
    if count == 0 and fmt == "xlsx" and not findings:
        click.echo("juesuan: 数据库中没有符合条件的公开，没有写出文件", err=True)
        sys.exit(EXIT_OK)
    if output is not None:
        what = "条发现" if findings else ("份文件" if fmt == "xlsx" else "行")
        click.echo(f"已导出 {count} {what} → {output}", err=True)
    sys.exit(EXIT_OK)
