"""``statements=False`` (``juesuan facts``) leaves out the narrative's statements and nothing else."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from juesuan.pipeline import read

SHENGTAI = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "corpus"
    / "final"
    / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
)


def test_without_statements_the_disclosure_is_otherwise_the_same() -> None:
    full = read(SHENGTAI)
    tables_only = read(SHENGTAI, statements=False)
    assert full.statements
    assert tables_only.statements == ()
    assert dataclasses.replace(full, statements=()) == tables_only
    assert list(full.facts()) == list(tables_only.facts())
