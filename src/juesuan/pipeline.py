"""The one orchestrator: path → (disclosure, report). The CLI, web app and batch runs call it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from juesuan.model.disclosure import Disclosure
from juesuan.read import file_bytes, file_to_grid
from juesuan.read.grid import UnreadableError
from juesuan.recognise import grid_to_disclosure
from juesuan.report.model import Report

__all__ = ["UnreadableError", "check", "load", "read"]


def read(path: str | Path, data: bytes | None = None) -> Disclosure:
    """Read and recognise one file; UnreadableError when nothing can be read."""
    path = str(path)
    if data is None:
        data = file_bytes(path)
    grid = file_to_grid(path, data)
    return grid_to_disclosure(grid, sha256=hashlib.sha256(data).hexdigest())


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
