"""``juesuan prepare``: write a complete disclosure from the data (spec/interface.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from juesuan.cli import main
from juesuan.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, fail_unreadable, warn
from juesuan.model.findings import Finding
from juesuan.model.money import MoneyUnit


@main.command(
    "prepare",
    help="由 facts 文件或一份公开写出决算公开（封面、九张表、情况说明）并核对写出的结果。",
)
@click.argument("source", metavar="INPUT", type=click.Path())
@click.option(
    "--previous",
    type=click.Path(),
    help="上年决算（任何 juesuan 能读的文件），用于与上年比较的句子。",
)
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "xlsx"]), required=True)
@click.option("-o", "--output", type=click.Path(), required=True, help="输出文件。")
@click.option("--unit", "unit_name", help="单位名称（facts 文件不含时）。")
@click.option("--year", type=int, help="年度（facts 文件不含时）。")
@click.option(
    "--money-unit", type=click.Choice(["元", "万元", "亿元"]), help="金额单位（facts 文件不含时）。"
)
@click.option("--force", is_flag=True, help="数据有错误时仍然写出（错误照样列出，退出码 1）。")
def prepare_command(
    source: str,
    previous: str | None,
    fmt: str,
    output: str,
    unit_name: str | None,
    year: int | None,
    money_unit: str | None,
    force: bool,
) -> None:
    """Write the disclosure (cover, nine tables, 情况说明) from a facts file or a document."""
    from juesuan.prepare import UnreadableError, prepare
    from juesuan.prepare.fonts import FontMissingError

    try:
        result = prepare(
            source,
            fmt,
            Path(output),
            previous=previous,
            unit_name=unit_name,
            year=year,
            money_unit=MoneyUnit(money_unit) if money_unit else None,
            force=force,
        )
    except UnreadableError as exc:
        fail_unreadable(exc)
        return
    except FontMissingError as exc:
        click.echo(f"juesuan: 无法写出 PDF：{exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    except OSError as exc:
        click.echo(f"juesuan: 无法写出 {output}：{exc.strerror or exc}", err=True)
        sys.exit(EXIT_FINDINGS)
    for note in result.notes:
        warn(note)
    for finding in result.errors:
        click.echo(f"错误 {describe(finding)}", err=True)
    for difference in result.readback:
        click.echo(f"错误 读回核对：{difference}", err=True)
    if result.written is None:
        click.echo(
            f"juesuan: 数据有 {len(result.errors)} 个错误，未写出 {output}（加 --force 仍可写出）",
            err=True,
        )
    else:
        click.echo(f"已写出 {result.written}")
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


def describe(finding: Finding) -> str:
    cell = " ".join(
        p for p in (finding.table, finding.section, finding.row_key, finding.column) if p
    )
    numbers = ""
    if finding.expected is not None or finding.actual is not None:
        numbers = f"（应为 {finding.expected}，实为 {finding.actual}，差 {finding.difference}，容差 {finding.tolerance}）"
    where = f"（{finding.source}）" if finding.source else ""
    return f"[{finding.rule}] {cell + '：' if cell else ''}{finding.message}{numbers}{where}"
