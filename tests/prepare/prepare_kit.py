"""Inputs of the preparer tests and their hand-typed expected facts."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from juesuan.cli import main

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
GOLDEN = REPO / "tests" / "golden"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
SHENGTAI = CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
TEMPLATE = CORPUS / "final" / "shanghai_final_template_2024.pdf"
SEED_UNIT = "辽宁省本溪市南芬区工业和信息化局（本级）"

#: input name → (arguments of juesuan prepare before --format, golden facts, unit, year)
INPUTS: dict[str, tuple[list[str], str, str, int]] = {
    # the seed's amounts as typed by hand (tests/golden), given as a facts file
    "seed": (
        [
            str(GOLDEN / "seed_facts.csv"),
            "--unit",
            SEED_UNIT,
            "--year",
            "2023",
            "--money-unit",
            "万元",
        ],
        "seed_facts.csv",
        SEED_UNIT,
        2023,
    ),
    "caizhengju": ([str(CAIZHENGJU)], "caizhengju_2024_facts.csv", "上海市普陀区财政局", 2024),
    "shengtai": ([str(SHENGTAI)], "shengtai_2025_facts.csv", "上海市普陀区生态环境局", 2025),
}

FactKey = tuple[str, str, str, str, str]


def golden_keys(name: str) -> set[FactKey]:
    with (GOLDEN / name).open(encoding="utf-8") as handle:
        return {
            (r["table"], r["section"], r["row_key"], r["column"], r["value"])
            for r in csv.DictReader(handle)
        }


def run_prepare(*args: str) -> object:
    return CliRunner().invoke(main, ["prepare", *args], catch_exceptions=False)
