"""Every amount cell of the real documents, checked cell by cell against golden files typed
independently of the parser (see tests/golden/README.md for how each was derived)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.pipeline import read

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
GOLDEN = REPO / "tests" / "golden"

CASES = [
    ("seed_facts.csv", CORPUS / "seed" / "000_1e6faaba2ab46285.txt"),
    (
        "shengtai_2025_facts.csv",
        CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt",
    ),
    ("caizhengju_2024_facts.csv", CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"),
    (
        "caizhengju_2024_seeded_facts.csv",
        CORPUS / "final" / "putuo_caizhengju_2024_final_seeded_errors.pdf",
    ),
]

Key = tuple[str, str, str, str]


def golden_facts(name: str) -> dict[Key, tuple[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8") as handle:
        return {
            (r["table"], r["section"], r["row_key"], r["column"]): (r["value"], r["where"])
            for r in csv.DictReader(handle)
        }


@pytest.mark.parametrize(("golden", "document"), CASES, ids=[c[0] for c in CASES])
def test_facts_match_golden_cell_by_cell(golden: str, document: Path) -> None:
    expected = golden_facts(golden)
    facts = list(read(document).facts())
    got = {(f.table, f.section, f.row_key, f.column): f for f in facts}
    assert len(got) == len(facts), "a cell was emitted twice"
    assert sorted(set(expected) - set(got)) == [], "cells the parser missed"
    assert sorted(set(got) - set(expected)) == [], "cells the parser invented"
    for key, (value, where) in expected.items():
        fact = got[key]
        assert str(fact.value) == value, key  # same digits as printed, 1,081.09 → 1081.09
        assert Decimal(value) == fact.value
        # provenance: the golden's line (text) or page (page text, PDF) is the fact's source
        kind = "line" if document.suffix == ".txt" and "pagetext" not in document.name else "page"
        assert f"{kind} {where}" in fact.source, (key, fact.source, where)


def test_every_fact_has_unit_path_and_label() -> None:
    for document in (CASES[0][1], CASES[1][1]):
        facts = list(read(document).facts())
        assert {f.unit for f in facts} == {"万元"}
        assert {f.path for f in facts} == {str(document)}
        assert all(f.label.strip() for f in facts)


def test_page_text_t06_names_wrapped_around_their_amounts_are_whole() -> None:
    # regression: names printed above and below their amount line (机关事业单位基本 / 301 08 229.67
    # / 养老保险缴费) were left blank; every T06 label now equals the one typed from the page
    golden = {
        r["row_key"]: r["label"]
        for r in csv.DictReader((GOLDEN / "shengtai_2025_facts.csv").open(encoding="utf-8"))
        if r["table"] == "T06"
    }
    t06 = read(CASES[1][1]).table("T06")
    assert t06 is not None
    assert {row.key: row.label for row in t06.rows} == golden
