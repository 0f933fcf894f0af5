"""``juesuan sample -o FILE``: write juesuan's own sample disclosure (invented numbers)."""

from __future__ import annotations

from pathlib import Path

import click

from juesuan.cli import main


@main.command("sample")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("juesuan-sample.xlsx"),
    show_default=True,
    help="输出的 XLSX 文件",
)
def sample_command(output: Path) -> None:
    """写出一份样例决算公开（虚构单位与数字，九张表，XLSX），供试用 check/facts。"""
    from juesuan.prepare.sample import write_sample

    write_sample(output)
    click.echo(str(output))
