"""juesuan reads the key cells of the budget tables (each table's totals and first class row) of
the 21 budget PDFs exactly as `budget_key_cells.csv` has them: derived without juesuan by
`derive_budget.py` (pdfplumber word boxes) and checked against the rendered pages."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from juesuan.model.disclosure import Disclosure
from juesuan.pipeline import read

HERE = Path(__file__).resolve().parent
BUDGET = HERE.parents[2] / "shared" / "corpus" / "budget"
GOLDEN = HERE / "budget_key_cells.csv"


def golden_rows() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_row() -> dict[tuple[str, str, str, str], dict[str, tuple[str, str]]]:
    """(file, table, section, row_key) → column → (value, page)."""
    rows: dict[tuple[str, str, str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for g in golden_rows():
        rows[(g["file"], g["table"], g["section"], g["row_key"])][g["column"]] = (
            g["value"],
            g["page"],
        )
    return rows


@cache
def budget(name: str) -> Disclosure:
    return read(BUDGET / name)


GOLDEN_ROWS = by_row()


@pytest.mark.parametrize("key", sorted(GOLDEN_ROWS), ids=lambda k: "-".join(k)[-60:])
def test_key_row_reads_exactly(key: tuple[str, str, str, str]) -> None:
    name, table_id, section, row_key = key
    table = budget(name).table(table_id)
    assert table is not None
    row = table.row(row_key, section)
    assert row is not None, f"{table_id} {section} {row_key}"
    printed = {c.column: (c.value, c.source.page) for c in row.cells if c.value is not None}
    expected = {
        column: (Decimal(value), int(page)) for column, (value, page) in GOLDEN_ROWS[key].items()
    }
    assert printed == expected


def test_the_golden_names_each_cell_once() -> None:
    cells = [
        (g["file"], g["table"], g["section"], g["row_key"], g["column"]) for g in golden_rows()
    ]
    assert len(cells) == len(set(cells))


def test_the_golden_covers_every_budget_table_file() -> None:
    files = {g["file"] for g in golden_rows()}
    assert len(files) == 18
    assert {g["table"] for g in golden_rows()} >= {"B01", "B02", "B03", "B04", "B05", "B06", "B07"}
