"""Done-when 3: data with a broken identity → exit 1, errors listed, no file; with --force the
file is written and the errors are still reported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from prepare_kit import GOLDEN, SEED_UNIT, run_prepare

from juesuan import pipeline


@pytest.fixture
def broken_facts(tmp_path: Path) -> Path:
    """The seed's typed facts with T01 收入 本年收入合计 1081.09 changed to 1181.09."""
    rows = list(csv.DictReader((GOLDEN / "seed_facts.csv").open(encoding="utf-8")))
    [target] = [
        r
        for r in rows
        if (r["table"], r["section"], r["row_key"]) == ("T01", "收入", "本年收入合计")
    ]
    assert target["value"] == "1081.09"
    target["value"] = "1181.09"
    path = tmp_path / "broken.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def args(facts: Path, out: Path, fmt: str = "xlsx") -> list[str]:
    return [
        str(facts),
        "--unit",
        SEED_UNIT,
        "--year",
        "2023",
        "--money-unit",
        "万元",
        "--format",
        fmt,
        "-o",
        str(out),
    ]


def test_broken_identity_exits_1_lists_the_errors_and_writes_nothing(
    broken_facts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    result = run_prepare(*args(broken_facts, out, "pdf"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert "[t01.income_total]" in stderr
    assert "1,181.09" in stderr and "1,081.09" in stderr
    assert "未写出" in stderr
    assert not out.exists()
    assert list(tmp_path.glob(".prepare-*")) == []  # no temporary file left behind


def test_force_writes_and_still_reports(broken_facts: Path, tmp_path: Path) -> None:
    out = tmp_path / "forced.xlsx"
    result = run_prepare(*args(broken_facts, out), "--force")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "[t01.income_total]" in result.stderr  # type: ignore[attr-defined]
    assert out.exists()
    disclosure, report = pipeline.load(out)
    table = disclosure.table("T01")
    assert table is not None
    row = table.row("本年收入合计", "收入")
    assert row is not None and str(row.value("决算数")) == "1181.09"
    assert any(f.rule == "t01.income_total" for f in report.findings)


def test_the_source_of_an_error_is_the_facts_file_line(broken_facts: Path, tmp_path: Path) -> None:
    line = next(
        n
        for n, text in enumerate(broken_facts.read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("T01,收入,本年收入合计,")
    )
    result = run_prepare(*args(broken_facts, tmp_path / "x.xlsx"))
    assert f"line {line}" in result.stderr  # type: ignore[attr-defined]
