"""Packaged reference data: classification codes and their names (see README.md for caveats)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

FUNCTION_CODES = "function_codes_partial.csv"
ECONOMIC_CODES = "economic_codes.csv"
CLASS_ALIASES = "function_class_aliases.csv"


@dataclass(frozen=True, slots=True)
class ReferenceCode:
    """A 支出功能分类 code of the reference lists, with the years it was seen in."""

    code: str
    name: str
    level: str  # 类, 款 or 项
    years_seen: tuple[int, ...]


def _rows(filename: str) -> list[dict[str, str]]:
    from importlib import resources  # 3 ms at start-up, paid only where the codes are read

    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _years(text: str) -> tuple[int, ...]:
    return tuple(int(y) for y in text.split(";") if y.strip().isdigit())


@cache
def _reference(filename: str) -> dict[str, tuple[ReferenceCode, ...]]:
    """Code → its listed names; a code can carry different names in different years (22198)."""
    found: dict[str, tuple[ReferenceCode, ...]] = {}
    for row in _rows(filename):
        ref = ReferenceCode(row["code"], row["name"], row["level"], _years(row["years_seen"]))
        found[ref.code] = (*found.get(ref.code, ()), ref)
    return found


def function_codes() -> dict[str, tuple[ReferenceCode, ...]]:
    """支出功能分类 codes of the reference list: code → its listed names."""
    return _reference(FUNCTION_CODES)


def economic_codes() -> dict[str, tuple[ReferenceCode, ...]]:
    """支出经济分类 codes of the reference list: code → its listed names."""
    return _reference(ECONOMIC_CODES)


@cache
def function_class_names() -> dict[str, str]:
    """Every known name of a 功能分类 类 (current and earlier editions) → its 3-digit code."""
    names = {
        ref.name: code for code, refs in function_codes().items() if len(code) == 3 for ref in refs
    }
    for row in _rows(CLASS_ALIASES):
        names.setdefault(row["name"], row["code"])
    return names
