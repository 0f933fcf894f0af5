"""``juesuan parse`` and ``juesuan facts``."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from juesuan.cli import main
from juesuan.cli.common import fail_unreadable, warn
from juesuan.read.grid import UnreadableError

if TYPE_CHECKING:
    from juesuan.model.disclosure import Disclosure


def read_or_exit(path: str) -> Disclosure:
    """Read one document; on unreadable input print one line and exit 2."""
    from juesuan.pipeline import read  # here: `juesuan --help` needs none of the pipeline

    if Path(path).is_dir():
        fail_unreadable(UnreadableError(path, "是目录，不是文件 (a directory; give a file)"))
    try:
        disclosure = read(path)
    except UnreadableError as exc:
        fail_unreadable(exc)
        raise  # unreachable: fail_unreadable exits
    if disclosure.partial:
        warn(f"{path} 只读取了一部分，缺少：{'；'.join(disclosure.missing)}")
    return disclosure


@main.command("parse")
@click.argument("path", type=click.Path())
def parse_command(path: str) -> None:
    """The whole canonical model as JSON (metadata, tables, forms, sources)."""
    from juesuan.serialize import disclosure_to_json

    disclosure = read_or_exit(path)
    json.dump(disclosure_to_json(disclosure), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@main.command("facts")
@click.argument("path", type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
def facts_command(path: str, fmt: str) -> None:
    """Every printed amount of the nine tables, one tidy row each."""
    disclosure = read_or_exit(path)
    write_facts(disclosure.facts(), fmt)


def write_facts(facts: object, fmt: str) -> None:
    from juesuan.model.tables import Fact

    out = sys.stdout
    if fmt == "jsonl":
        for fact in facts:  # type: ignore[attr-defined]
            out.write(json.dumps(fact.as_dict(), ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=Fact.FIELDS, lineterminator="\n")
    writer.writeheader()
    for fact in facts:  # type: ignore[attr-defined]
        writer.writerow(fact.as_dict())


@main.command("grid")
@click.argument("path", type=click.Path())
@click.option(
    "--blocks", is_flag=True, help="Show the table blocks the recogniser cut, not every line."
)
def grid_command(path: str, blocks: bool) -> None:
    """Debug view: the reader's grid (every line with its cells and source), or the table blocks."""
    from juesuan.read import file_to_grid
    from juesuan.recognise.blocks import grid_lines_to_blocks

    try:
        grid = file_to_grid(path)
    except UnreadableError as exc:
        fail_unreadable(exc)
        return
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
