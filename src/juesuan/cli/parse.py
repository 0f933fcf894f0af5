"""``juesuan parse`` and ``juesuan facts``."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from juesuan.cli import main
from juesuan.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    fail_unreadable,
    partial_line,
    paths_to_inputs,
    say_unreadable,
    warn,
    write_stdout,
)
from juesuan.read.grid import UnreadableError

if TYPE_CHECKING:  # imported where used: `juesuan --help` needs none of them
    from juesuan.model.disclosure import Disclosure
    from juesuan.model.tables import Fact


def read_all(path: str, statements: bool = True) -> tuple[list[Disclosure], bool]:
    """Every document PATH names (a folder: every supported file below it), and whether one
    could not be read (said on stderr in one line; the others are still given).

    ``statements=False`` leaves the narrative's statements unread (``facts`` prints none)."""
    from juesuan.pipeline import read

    disclosures: list[Disclosure] = []
    failed = False
    for item in paths_to_inputs([path]):
        if isinstance(item, UnreadableError):
            say_unreadable(item.path, item.reason)
            failed = True
            continue
        try:
            disclosure = read(item, statements=statements)
        except UnreadableError as exc:
            say_unreadable(exc.path or str(item), exc.reason)
            failed = True
            continue
        if disclosure.partial:
            warn(partial_line(str(item), disclosure.missing))
        disclosures.append(disclosure)
    return disclosures, failed


@main.command("parse")
@click.argument("path", type=click.Path())
def parse_command(path: str) -> None:
    """整份文档的规范模型（JSON）：元数据、各表、绩效表、情况说明及每个数值的来源。

    PATH 为文件夹时读取其下每个支持的文件，输出 JSON 数组。
    """
    import json  # here: `juesuan facts` prints CSV

    from juesuan.serialize import disclosure_to_json

    disclosures, failed = read_all(path)
    models = [disclosure_to_json(d) for d in disclosures]
    if models or not failed:
        data = models if Path(path).is_dir() else models[0]
        write_stdout(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    sys.exit(EXIT_UNREADABLE if failed else EXIT_OK)


@main.command("facts")
@click.argument("path", type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="输出格式",
)
def facts_command(path: str, fmt: str) -> None:
    """九张表的每个金额一行（整洁数据）；PATH 为文件夹时读取其下每个支持的文件。"""
    disclosures, failed = read_all(path, statements=False)
    if disclosures or not failed:
        write_stdout(facts_text((f for d in disclosures for f in d.facts()), fmt))
    sys.exit(EXIT_UNREADABLE if failed else EXIT_OK)


def facts_text(facts: Iterable[Fact], fmt: str) -> str:
    from juesuan.model.tables import Fact

    out = io.StringIO()
    if fmt == "jsonl":
        import json

        for fact in facts:
            out.write(json.dumps(fact.as_dict(), ensure_ascii=False) + "\n")
        return out.getvalue()
    writer = csv.DictWriter(out, fieldnames=Fact.FIELDS, lineterminator="\n")
    writer.writeheader()
    for fact in facts:
        writer.writerow(fact.as_dict())
    return out.getvalue()


@main.command(
    "grid", help="调试视图：读取器得到的网格（每行的单元格及其来源），或识别器切出的表格块。"
)
@click.argument("path", type=click.Path())
@click.option("--blocks", is_flag=True, help="显示识别器切出的表格块，而不是每一行。")
def grid_command(path: str, blocks: bool) -> None:
    """Debug view: the reader's grid (every line with its cells and source), or the table blocks."""
    from juesuan.read import file_to_grid, special_file_reason
    from juesuan.recognise.blocks import grid_lines_to_blocks

    reason = special_file_reason(Path(path))
    if reason:
        fail_unreadable(UnreadableError(path, reason))
    try:
        grid = file_to_grid(path)
    except UnreadableError as exc:
        fail_unreadable(exc)
    if blocks:
        for block in grid_lines_to_blocks(grid.lines):
            click.echo(
                f"== {block.table_id} {block.title} ({block.title_line.source.label()}, {len(block.lines)} lines)"
            )
        return
    click.echo(f"# {grid.path}: format {grid.format}, {len(grid.lines)} lines, pages {grid.pages}")
    for finding in grid.findings:
        click.echo(f"# finding {finding.rule}: {finding.message}")
    for line in grid.lines:
        cells = " | ".join(cell.text for cell in line.cells)
        flow = "" if line.aligned else "~"
        click.echo(f"{line.source.label():>20} {line.kind.value:5}{flow} {cells}")
