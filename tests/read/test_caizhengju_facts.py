"""The PDF read end to end (reader + recogniser) against the golden facts, cell by cell.

The golden files were derived without juesuan (poppler word boxes and a hand-made layout per
page) and checked against the rendered pages; see tests/golden/derive_caizhengju.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from juesuan.pipeline import read

REPO = Path(__file__).resolve().parents[2]
FINAL = REPO.parent / "shared" / "corpus" / "final"
GOLDEN = REPO / "tests" / "golden"

Key = tuple[str, str, str, str]


def golden_facts(name: str) -> dict[Key, dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    facts = {(r["table"], r["section"], r["row_key"], r["column"]): r for r in rows}
    assert len(facts) == len(rows), "golden keys are unique"
    return facts


def read_facts(pdf: Path) -> dict[Key, dict[str, str]]:
    out: dict[Key, dict[str, str]] = {}
    for fact in read(pdf).facts():
        row = fact.as_dict()
        assert row["unit"] == "万元" and row["path"] == str(pdf)
        key = (row["table"], row["section"], row["row_key"], row["column"])
        assert key not in out, f"fact read twice: {key}"
        out[key] = row
    return out


@pytest.mark.parametrize(
    ("pdf", "golden"),
    [
        ("putuo_caizhengju_2024_final.pdf", "caizhengju_2024_facts.csv"),
        ("putuo_caizhengju_2024_final_seeded_errors.pdf", "caizhengju_2024_seeded_facts.csv"),
    ],
)
def test_facts_match_golden_cell_by_cell(pdf: str, golden: str) -> None:
    expected = golden_facts(golden)
    actual = read_facts(FINAL / pdf)
    assert sorted(set(expected) - set(actual)) == [], "facts missing"
    assert sorted(set(actual) - set(expected)) == [], "facts that are not in the document"
    wrong = [
        (key, exp["value"], act["value"], exp["where"], act["source"], exp["label"], act["label"])
        for key, exp in expected.items()
        for act in [actual[key]]
        if (act["value"], act["source"], act["label"])
        != (exp["value"], f"page {exp['where']}", exp["label"])
    ]
    assert wrong == []


def test_seeded_copy_reports_its_missing_table_and_the_original_none() -> None:
    assert read(FINAL / "putuo_caizhengju_2024_final.pdf").missing == ()
    assert read(FINAL / "putuo_caizhengju_2024_final_seeded_errors.pdf").missing == (
        "T03 支出决算表",
    )
