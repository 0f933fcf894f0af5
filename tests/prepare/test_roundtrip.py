"""Done-when 1: the written PDF, DOCX and XLSX read back to exactly the input's facts, unit and
year, and ``juesuan check`` on them finds no error in the tables or the narrative.

The expected facts are the hand-typed golden files (tests/golden), not juesuan's reading of the
inputs."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from prepare_kit import GOLDEN, INPUTS, SEED_UNIT, golden_keys, run_prepare

from juesuan import pipeline
from juesuan.model.findings import Severity

FORMATS = ("pdf", "docx", "xlsx")
CASES = [(name, fmt) for name in INPUTS for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_written_document_reads_back_to_the_same_facts(
    prepared: Callable[[str, str], Path], name: str, fmt: str
) -> None:
    _, golden, unit, year = INPUTS[name]
    disclosure, report = pipeline.load(prepared(name, fmt))
    back = {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in disclosure.facts()}
    expected = golden_keys(golden)
    assert back == expected, (sorted(expected - back)[:5], sorted(back - expected)[:5])
    assert disclosure.meta.unit_name == unit
    assert disclosure.meta.year == year
    assert disclosure.meta.money_unit is not None and disclosure.meta.money_unit.value == "万元"
    assert not disclosure.partial, disclosure.missing
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors == [], [f.message for f in errors]


def test_the_seeds_rounding_differences_stay_infos(prepared: Callable[[str, str], Path]) -> None:
    """The seed's 尾差 (classes 1,081.08 against 合计 1,081.09; T06 301 61.93 against 61.92)."""
    _, report = pipeline.load(prepared("seed", "pdf"))
    infos = {(f.rule, f.row_key) for f in report.findings if f.severity is Severity.INFO}
    assert ("t06.hierarchy", "301") in infos
    assert ("t01.expense_total", "本年支出合计") in infos


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_explanation_is_read_as_narrative(
    prepared: Callable[[str, str], Path], fmt: str
) -> None:
    disclosure = pipeline.read(prepared("caizhengju", fmt))
    text = "".join(s.title + s.text for s in disclosure.narrative)
    # 2,995.39 is the 总计 typed in the golden file (T01 收入 总计); the sentence is the template's
    assert "上海市普陀区财政局2024年度收入支出总计2995.39万元。" in text
    assert (
        "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.20万元，占0.21%。"
        in text
    )


def carry_over_facts(path: Path) -> set[tuple[str, str, str, str, str]]:
    """The seed's typed facts plus 5.00 carried over in 一般公共预算 money: 年初 in and 年末 out,
    with the fund's 年末 printed on its 年初 line (interface.md, T04 sub-rows)."""
    rows = list(csv.DictReader((GOLDEN / "seed_facts.csv").open(encoding="utf-8")))
    for row in rows:
        if (row["table"], row["row_key"]) == ("T04", "总计"):
            row["value"] = "1086.09"  # 1081.09 + 5.00
    fund = "一般公共预算财政拨款"
    added = [
        ("收入", "年初财政拨款结转和结余", "决算数"),
        ("收入", f"年初财政拨款结转和结余/{fund}", "决算数"),
        ("支出", "年末财政拨款结转和结余", "合计"),
        ("支出", "年末财政拨款结转和结余", fund),
        ("支出", f"年末财政拨款结转和结余/{fund}", "合计"),
        ("支出", f"年末财政拨款结转和结余/{fund}", fund),
    ]
    rows += [
        {
            "table": "T04",
            "section": s,
            "row_key": k,
            "column": c,
            "value": "5.00",
            "where": "",
            "label": "",
        }
        for s, k, c in added
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return {(r["table"], r["section"], r["row_key"], r["column"], r["value"]) for r in rows}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_funds_carry_over_reads_back_on_its_line(
    tmp_path: Path, fmt: str, cjk_font: None
) -> None:
    facts = tmp_path / "carry.csv"
    expected = carry_over_facts(facts)
    out = tmp_path / f"carry.{fmt}"
    result = run_prepare(
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
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    back = pipeline.read(out)
    assert {
        (f.table, f.section, f.row_key, f.column, str(f.value)) for f in back.facts()
    } == expected
