"""``juesuan check PATH... [--format text|json|html|xlsx] [-o FILE] [--select ..] [--ignore ..]``.

Exit status: 0 no finding of severity error, 1 at least one, 2 an input could not be read at
all (the others are still checked and reported).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from juesuan.cli import main
from juesuan.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    partial_line,
    paths_to_inputs,
    say_unreadable,
    warn,
    write_output,
)
from juesuan.read.grid import UnreadableError

if TYPE_CHECKING:  # imported where used: `juesuan --help` needs none of them
    from juesuan.report.model import Report
    from juesuan.report.render import Unreadable
    from juesuan.rules.engine import Selection


def check_one(item: Path | UnreadableError, selection: Selection) -> Report | Unreadable:
    """The report of one file, or why it could not be read (said on stderr in one line).

    Only UnreadableError means bad input; any other exception is a bug in juesuan and is
    reported as one (juesuan.cli.common.JuesuanGroup), never as "unreadable input".
    """
    from juesuan.pipeline import load
    from juesuan.report.render import Unreadable

    if isinstance(item, UnreadableError):
        say_unreadable(item.path, item.reason)
        return Unreadable(item.path, item.reason)
    try:
        _, report = load(item, select=selection.select, ignore=selection.ignore)
    except UnreadableError as exc:
        say_unreadable(str(item), exc.reason)
        return Unreadable(str(item), exc.reason)
    if report.partial:
        warn(partial_line(str(item), report.missing))
    return report


@main.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html", "xlsx"]),
    default="text",
    show_default=True,
    help="输出格式",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件（默认标准输出）")
@click.option(
    "--select",
    multiple=True,
    help="只运行这些规则：规则代码、标签或 t01.* 式通配；可重复或逗号分隔",
)
@click.option("--ignore", multiple=True, help="不运行这些规则（写法同 --select）")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="配置文件（默认当前目录的 juesuan.toml；键 select、ignore）",
)
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
) -> None:
    """The findings of every rule on each document, and what was checked."""
    from juesuan.report.model import Report
    from juesuan.report.render import RENDERERS, Unreadable, render_xlsx
    from juesuan.rules.engine import (
        ConfigError,
        merge_selection,
        read_config,
        split_patterns,
        unknown_patterns,
    )

    try:
        config = read_config(Path(config_path) if config_path else None)
    except ConfigError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    selection = merge_selection(config, split_patterns(select), split_patterns(ignore))
    unknown = unknown_patterns([*(selection.select or ()), *selection.ignore])
    if unknown:
        click.echo(
            f"juesuan: 没有这样的规则：{'、'.join(unknown)}（规则代码见 docs/rules.md）", err=True
        )
        sys.exit(EXIT_UNREADABLE)
    results = [check_one(path, selection) for path in paths_to_inputs(paths)]
    reports = [r for r in results if isinstance(r, Report)]
    unreadable = [r for r in results if isinstance(r, Unreadable)]
    if fmt == "xlsx":
        write_output(render_xlsx(reports, unreadable), output)
    else:
        write_output(RENDERERS[fmt](reports, unreadable), output)
    if unreadable:
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_FINDINGS if any(r.has_errors for r in reports) else EXIT_OK)
