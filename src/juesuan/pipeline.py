"""The one orchestrator: path → (disclosure, report). The CLI, web app and batch runs call it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.model.findings import Finding, Severity
from juesuan.read import file_bytes, file_to_grid
from juesuan.read.grid import UnreadableError

if TYPE_CHECKING:  # imported where used: a command starts before the recogniser loads, and a
    # read (`juesuan facts`, `parse`) needs no report
    from juesuan.model.disclosure import Disclosure
    from juesuan.report.model import Report

__all__ = ["UnreadableError", "check", "load", "read"]


def read(path: str | Path, data: bytes | None = None, *, statements: bool = True) -> Disclosure:
    """Read and recognise one file; UnreadableError when nothing can be read.

    ``statements=False``: the narrative's statements are not read (left empty), for a caller
    that uses the tables only (``juesuan facts``)."""
    import hashlib

    from juesuan.recognise import grid_to_disclosure

    path = str(path)
    if data is None:
        data = file_bytes(path)
    grid = file_to_grid(path, data)
    disclosure = grid_to_disclosure(
        grid, sha256=hashlib.sha256(data).hexdigest(), statements=statements
    )
    return require_disclosure(disclosure)


NOTHING_RECOGNISED = "没有识别出决算或预算公开的任何内容（没有表格、绩效表、标题或情况说明）"
NO_TABLES = "没有识别出任何表格：只检查了文字说明，表格中的数字没有审核。"


def require_disclosure(disclosure: Disclosure) -> Disclosure:
    """A document with nothing of a disclosure is unreadable; one without tables says so.

    A novel, English text or a 1-byte file is not a clean disclosure: it is refused. A document
    with a title or narrative but no table is kept, with a warning that no table was checked.
    """
    if disclosure.tables or disclosure.performance_forms:
        return disclosure
    if not disclosure.narrative and not disclosure.meta.title:
        lost = f"；未能读入：{'；'.join(disclosure.missing)}" if disclosure.missing else ""
        raise UnreadableError(disclosure.path, NOTHING_RECOGNISED + lost)
    if any(f.rule == "recognise.no_tables" for f in disclosure.read_findings):
        return disclosure  # the recogniser has said so (a narrative-only file)
    # Read completely, yet no table: say so; the file itself is not cut (not partial).
    warning = Finding(rule="recognise.no_tables", severity=Severity.WARNING, message=NO_TABLES)
    return replace(disclosure, read_findings=(*disclosure.read_findings, warning))


def check(
    disclosure: Disclosure,
    select: frozenset[str] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> Report:
    """Run the rules on a disclosure."""
    from juesuan.rules.engine import run_rules

    return run_rules(disclosure, select=select, ignore=ignore)


def load(
    path: str | Path,
    data: bytes | None = None,
    select: frozenset[str] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> tuple[Disclosure, Report]:
    """Read, recognise and check one file."""
    disclosure = read(path, data)
    return disclosure, check(disclosure, select=select, ignore=ignore)
