"""Repairing names that page text interleaved.

When a name wraps onto a second line inside its cell, text extraction merges the lines of two
rows by height and interleaves them character by character: row 2080505 "机关事业单位基本养老保"
loses its end "险缴费支出", and the next row reads "险机缴关费事支业出单位职业年金缴", which is
"险缴费支出" and "机关事业单位职业年金缴" taken in turn. The printed words are all there; the
repair puts them back in order, but only where the same code's name in another table of the
same document confirms the split. Nothing is guessed.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from juesuan.model.tables import Row, Table
from juesuan.template.codes import FUNCTION_TABLES

CODE_TABLES = FUNCTION_TABLES


def split_interleaved(text: str, carried: int) -> tuple[str, str]:
    """(the previous row's ending, this row's name) when ``carried`` characters were interleaved."""
    head = text[: 2 * carried]
    return head[0::2], head[1::2] + text[2 * carried :]


def names_by_code(tables: list[Table]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for table in tables:
        if table.id in CODE_TABLES:
            for row in table.rows:
                if row.code and row.label:
                    names[row.code].add(row.label)
    return names


def repair_interleaved_labels(tables: list[Table]) -> list[Table]:
    """Each code table's interleaved names, checked against the names the other tables print."""
    return [
        _repair_table(table, names_by_code([t for t in tables if t is not table]))
        if table.id in CODE_TABLES
        else table
        for table in tables
    ]


def _repair_table(table: Table, names: dict[str, set[str]]) -> Table:
    rows = list(table.rows)
    changed = False
    for i in range(1, len(rows)):
        previous, row = rows[i - 1], rows[i]
        if not (row.code and previous.code) or row.label in _others(names, row):
            continue
        repaired = _find_split(previous, row, names)
        if repaired:
            rows[i - 1] = dataclasses.replace(previous, label=repaired[0])
            rows[i] = dataclasses.replace(row, label=repaired[1])
            changed = True
    return dataclasses.replace(table, rows=tuple(rows)) if changed else table


def _others(names: dict[str, set[str]], row: Row) -> set[str]:
    return names.get(row.code or "", set())


def _find_split(previous: Row, row: Row, names: dict[str, set[str]]) -> tuple[str, str] | None:
    """The split whose both halves agree with the names printed for these codes elsewhere."""
    for carried in range(1, len(row.label) // 2 + 1):
        ending, name = split_interleaved(row.label, carried)
        whole_previous = previous.label + ending
        previous_ok = any(whole_previous.startswith(other) for other in _others(names, previous))
        name_ok = any(other.startswith(name) for other in _others(names, row))
        if previous_ok and name_ok:
            return whole_previous, name
    return None
