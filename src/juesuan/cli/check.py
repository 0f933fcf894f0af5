"""``juesuan check PATH... [--format text|json|html|xlsx] [-o FILE] [--select ..] [--ignore ..]``.

Exit status: 0 no finding of severity error, 1 at least one, 2 an input could not be read at
all (the others are still checked and reported).
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import replace
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
    from juesuan.model.findings import Finding
    from juesuan.report.model import Report
    from juesuan.report.render import Unreadable
    from juesuan.rules.selection import Selection
    from juesuan.store import Store


def check_one(
    item: Path | UnreadableError, selection: Selection, store: Store | None = None
) -> Report | Unreadable:
    """The report of one file, or why it could not be read (said on stderr in one line).

    Only UnreadableError means bad input; any other exception is a bug in juesuan and is
    reported as one (juesuan.cli.common.JuesuanGroup), never as "unreadable input".
    With a store, 比上年增加X is also checked against the unit's stored previous year.
    """
    from juesuan.pipeline import load

    if isinstance(item, UnreadableError):
        return unreadable_entry(item.path, item.reason)
    try:
        disclosure, report = load(item, select=selection.select, ignore=selection.ignore)
    except UnreadableError as exc:
        return unreadable_entry(str(item), exc.reason)
    if store is not None and last_year_selected(selection):
        report = with_last_year(report, store.last_year_findings(disclosure))
    if report.partial:
        warn(partial_line(str(item), report.missing))
    return report


def unreadable_entry(path: str, reason: str) -> Unreadable:
    """Say on stderr why a file could not be read; its entry in the report."""
    from juesuan.report.render import Unreadable  # here: the renderers load after the reading

    say_unreadable(path, reason)
    return Unreadable(path, reason)


LAST_YEAR_CODE = "narrative.previous_year"


def names_last_year(pattern: str) -> bool:
    """--select/--ignore name it by its code, the tag narrative, or a glob (narrative.*)."""
    pattern = pattern.lower()
    return pattern in (LAST_YEAR_CODE, "narrative") or fnmatch.fnmatchcase(LAST_YEAR_CODE, pattern)


def last_year_selected(selection: Selection) -> bool:
    if selection.select and not any(names_last_year(p) for p in selection.select):
        return False
    return not any(names_last_year(p) for p in selection.ignore)


def with_last_year(report: Report, found: list[Finding] | None) -> Report:
    """The report with the findings of the previous-year check; unchanged when the store holds
    no previous year (or the prose states no change): then nothing is said."""
    from juesuan.model.findings import Severity
    from juesuan.report.model import RuleOutcome, Status
    from juesuan.rules.engine import document_order

    if found is None:
        return report
    failed = any(f.severity in (Severity.ERROR, Severity.WARNING) for f in found)
    return replace(
        report,
        findings=tuple(sorted((*report.findings, *found), key=document_order)),
        checked=(
            *report.checked,
            RuleOutcome(LAST_YEAR_CODE, Status.FAIL if failed else Status.PASS),
        ),
    )


@main.command(
    "check",
    help="逐份文档运行全部规则，列出审核发现（错误、警告、提示）及每条规则的结果。PATH 可为文件或文件夹。",
)
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
@click.option(
    "--db",
    "db_url",
    default=None,
    help="数据库 URL：按库中同一单位上一年度的公开核对情况说明的“比上年增加/减少”（不给则不核对）",
)
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    db_url: str | None,
) -> None:
    """The findings of every rule on each document, and what was checked."""
    from juesuan.rules.selection import ConfigError, merge_selection, read_config, split_patterns

    try:
        config = read_config(Path(config_path) if config_path else None)
    except ConfigError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    selection = merge_selection(config, split_patterns(select), split_patterns(ignore))
    patterns = [*(selection.select or ()), *selection.ignore]
    unknown = [p for p in unknown_rules(patterns) if not names_last_year(p)]
    if unknown:
        click.echo(
            f"juesuan: 没有这样的规则：{'、'.join(unknown)}（规则代码见 docs/rules.md）", err=True
        )
        sys.exit(EXIT_UNREADABLE)
    store = open_check_store(db_url)
    try:
        results = [check_one(path, selection, store) for path in paths_to_inputs(paths)]
    finally:
        if store is not None:
            store.close()
    from juesuan.report.model import Report
    from juesuan.report.render import RENDERERS, Unreadable, render_xlsx

    reports = [r for r in results if isinstance(r, Report)]
    unreadable = [r for r in results if isinstance(r, Unreadable)]
    if fmt == "xlsx":
        write_output(render_xlsx(reports, unreadable), output)
    else:
        write_output(RENDERERS[fmt](reports, unreadable), output)
    if unreadable:
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_FINDINGS if any(r.has_errors for r in reports) else EXIT_OK)


def unknown_rules(patterns: list[str]) -> list[str]:
    """The patterns no rule answers to; without patterns the rule modules are not loaded here
    (the check loads them when it runs the rules, after reading the file)."""
    if not patterns:
        return []
    from juesuan.rules.engine import unknown_patterns

    return unknown_patterns(patterns)


def open_check_store(db_url: str | None) -> Store | None:
    """The store named by --db (it must exist: check never creates one); None without --db."""
    if db_url is None:
        return None
    from juesuan.store import StoreError, open_store

    try:
        return open_store(db_url, command_name="check", must_exist=True)
    except StoreError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
