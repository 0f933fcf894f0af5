"""``juesuan check PATH... [--format text|json|html|xlsx] [-o FILE] [--select ..] [--ignore ..]``.

Exit status: 0 no finding of severity error, 1 at least one, 2 an input could not be read at
all (the others are still checked and reported).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from juesuan.cli import main
from juesuan.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, warn

if TYPE_CHECKING:  # imported where used: `juesuan --help` needs none of them
    from juesuan.report.model import Report
    from juesuan.report.render import Unreadable
    from juesuan.rules.engine import Selection


def paths_to_inputs(paths: tuple[str, ...]) -> Iterator[Path]:
    """Files as named; a directory means every supported file below it."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            from juesuan.batch.discover import folder_to_files

            found = folder_to_files(path)
            if not found:
                warn(f"{raw} 下没有支持的文件")
            yield from found
        else:
            yield path


def check_one(path: Path, selection: Selection) -> Report | Unreadable:
    """The report of one file, or why it could not be read (said on stderr in one line)."""
    from juesuan.pipeline import load
    from juesuan.read.grid import UnreadableError
    from juesuan.report.render import Unreadable

    try:
        _, report = load(path, select=selection.select, ignore=selection.ignore)
    except UnreadableError as exc:
        return say_unreadable(Unreadable(str(path), exc.reason))
    except Exception as exc:  # a bug must not end a batch with a traceback
        return say_unreadable(Unreadable(str(path), f"处理时出错 ({type(exc).__name__}: {exc})"))
    if report.partial:
        warn(f"{path} 只读取了一部分，缺少：{'；'.join(report.missing)}")
    return report


def say_unreadable(item: Unreadable) -> Unreadable:
    # The wording of juesuan.cli.common.fail_unreadable, without its exit: the batch goes on.
    click.echo(f"juesuan: 无法读取 {item.path}: {item.reason}", err=True)
    return item


def write_output(data: str | bytes, output: str | None) -> None:
    if output is not None:
        target = Path(output)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(data, nl=False)


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
    from juesuan.rules.engine import ConfigError, merge_selection, read_config, split_patterns

    try:
        config = read_config(Path(config_path) if config_path else None)
    except ConfigError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    selection = merge_selection(config, split_patterns(select), split_patterns(ignore))
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
