"""Acceptance on the seed document (issue 3, "Done when").

Expected values are typed from the document (see tests/golden/known_defects.md, derived without
juesuan); the cells changed by the mutation test come from tests/golden/seed_facts.csv, whose line
numbers were found by a separate script, not by juesuan's recogniser.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.model import STANDARD_TABLE_IDS, Severity
from juesuan.pipeline import read
from juesuan.report.model import Report, Status
from juesuan.rules.engine import load_rule_modules, run_rules

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_1e6faaba2ab46285.txt"
GOLDEN_FACTS = REPO / "tests" / "golden" / "seed_facts.csv"
#: The forms after the nine tables belong to the performance rules; they do not bear on these tests.
NOT_TABLES = frozenset({"perf.*"})

#: The seed's 尾差, typed from the document: (table, section, row_key, column, expected, actual).
TAILS = [
    ("T01", "支出", "本年支出合计", "决算数", "1081.08", "1081.09"),
    ("T02", "", "合计", "本年收入合计", "1081.08", "1081.09"),
    ("T02", "", "合计", "财政拨款收入", "1081.08", "1081.09"),
    ("T03", "", "合计", "本年支出合计", "1081.08", "1081.09"),
    ("T03", "", "合计", "基本支出", "75.19", "75.20"),
    ("T04", "支出", "本年支出合计", "合计", "1081.08", "1081.09"),
    ("T04", "支出", "本年支出合计", "一般公共预算财政拨款", "1081.08", "1081.09"),
    ("T05", "", "合计", "合计", "1081.08", "1081.09"),
    ("T05", "", "合计", "基本支出", "75.19", "75.20"),
    ("T06", "", "301", "决算数", "61.92", "61.93"),
]


@pytest.fixture(scope="module")
def seed_report(corpus: Path) -> Report:
    return run_rules(read(SEED))


def test_no_error_in_the_nine_tables(seed_report: Report) -> None:
    errors = [
        f
        for f in seed_report.findings
        if f.severity is Severity.ERROR and f.table in STANDARD_TABLE_IDS
    ]
    assert errors == []


@pytest.mark.parametrize(("table", "section", "row_key", "column", "expected", "actual"), TAILS)
def test_each_tail_is_an_info(
    seed_report: Report,
    table: str,
    section: str,
    row_key: str,
    column: str,
    expected: str,
    actual: str,
) -> None:
    found = [
        f
        for f in seed_report.findings
        if (f.table, f.section, f.row_key, f.column) == (table, section, row_key, column)
        and f.rule.startswith(table.lower())
    ]
    assert len(found) == 1, found
    [finding] = found
    assert finding.severity is Severity.INFO
    assert (finding.expected, finding.actual) == (Decimal(expected), Decimal(actual))
    assert finding.difference == Decimal("0.01")
    assert "尾差" in finding.message


def test_no_other_within_table_finding(seed_report: Report) -> None:
    rules = load_rule_modules()
    within = {
        (f.table, f.section, f.row_key, f.column)
        for f in seed_report.findings
        if f.rule in rules and "within" in rules[f.rule].tags
    }
    assert within == {t[:4] for t in TAILS}


def test_every_rule_has_an_outcome(seed_report: Report) -> None:
    assert [o.rule for o in seed_report.checked] == sorted(load_rule_modules())
    statuses = {o.rule: o.status for o in seed_report.checked}
    assert statuses["t06.hierarchy"] is Status.PASS  # an info is not a failure
    assert statuses["t08.balance"] is Status.NOT_APPLICABLE  # T08 prints no amounts
    assert Status.ERROR not in statuses.values()


def golden_cells() -> list[dict[str, str]]:
    with GOLDEN_FACTS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_golden_cells_cover_the_nine_tables(corpus: Path) -> None:
    cells = golden_cells()
    assert len(cells) == 232
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for cell in cells:
        printed = lines[int(cell["where"]) - 1].strip().replace(",", "")
        assert Decimal(printed) == Decimal(cell["value"]), cell


def test_any_amount_changed_by_010_gives_an_error_naming_its_table(corpus: Path) -> None:
    """Every printed amount of the nine tables, one at a time, +0.10 and −0.10 alternately."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    missed: list[str] = []
    for index, cell in enumerate(golden_cells()):
        at = int(cell["where"]) - 1
        old = Decimal(cell["value"])
        new = old + (
            Decimal("0.10") if index % 2 == 0 or old < Decimal("0.10") else Decimal("-0.10")
        )
        mutated = list(lines)
        mutated[at] = lines[at].replace(lines[at].strip(), f"{new:,}")
        data = "\n".join(mutated).encode("utf-8")
        report = run_rules(read("mutated.txt", data=data), ignore=NOT_TABLES)
        if not any(
            f.severity is Severity.ERROR and f.table == cell["table"] for f in report.findings
        ):
            missed.append(
                f"{cell['table']}/{cell['section']}/{cell['row_key']}/{cell['column']} {old}→{new}"
            )
    assert missed == []


# --------------------------------------------------------------------------- 生态环境局 2025 page text

SHENGTAI = (
    REPO.parent / "shared" / "corpus" / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
)

#: Its within-table 尾差, typed from tests/golden/known_defects.md §2 (derived without juesuan).
SHENGTAI_TAILS = {
    ("T03", "211", "本年支出合计", "3742.46", "3742.47"),
    ("T03", "21111", "本年支出合计", "1576.18", "1576.19"),
    ("T03", "2111101", "本年支出合计", "1493.38", "1493.39"),
    ("T03", "合计", "项目支出", "1367.75", "1367.76"),
    ("T05", "211", "合计", "3742.46", "3742.47"),
    ("T05", "21111", "合计", "1576.18", "1576.19"),
    ("T05", "2111101", "合计", "1493.38", "1493.39"),
    ("T05", "合计", "合计", "4733.13", "4733.14"),
    ("T06", "310", "决算数", "14.43", "14.44"),
    ("T06", "公用经费合计", "决算数", "416.37", "416.36"),
}


def test_shengtai_within_table_findings_are_exactly_its_tails(corpus: Path) -> None:
    report = run_rules(read(SHENGTAI), select=frozenset({"within"}))
    assert all(f.severity is Severity.INFO for f in report.findings)
    found = {
        (f.table, f.row_key, f.column, str(f.expected), str(f.actual)) for f in report.findings
    }
    assert found == SHENGTAI_TAILS
