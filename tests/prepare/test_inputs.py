"""Inputs: facts files (CSV, JSON lines) with what they do not say given on the command line,
and unreadable inputs (exit 2, one line naming the file)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from prepare_kit import GOLDEN, SEED, SEED_UNIT, golden_keys, run_prepare

from juesuan import pipeline
from juesuan.model.money import MoneyUnit
from juesuan.prepare.facts_input import facts_to_disclosure, is_facts_file
from juesuan.prepare.fonts import ENV, FontMissingError, find_cjk_font

SEED_FACTS = GOLDEN / "seed_facts.csv"


def test_a_facts_file_gives_tables_whose_cells_point_at_its_lines() -> None:
    data = SEED_FACTS.read_bytes()
    assert is_facts_file(data)
    disclosure = facts_to_disclosure(str(SEED_FACTS), data, "某单位", 2023, MoneyUnit.WAN)
    lines = SEED_FACTS.read_text(encoding="utf-8").splitlines()
    t06 = disclosure.table("T06")
    assert t06 is not None
    row = t06.row("301")
    assert row is not None and row.label == "工资福利支出"
    cell = row.cell("决算数")
    assert cell is not None and cell.source.path == str(SEED_FACTS)
    assert cell.source.line is not None
    assert lines[cell.source.line - 1].startswith("T06,,301,决算数,61.93,")
    assert {t.id for t in disclosure.tables} == {f"T0{n}" for n in range(1, 10)}


def test_json_lines_read_as_well(tmp_path: Path) -> None:
    rows = list(csv.DictReader(SEED_FACTS.open(encoding="utf-8")))
    path = tmp_path / "seed.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    out = tmp_path / "seed.xlsx"
    result = run_prepare(
        str(path),
        "--unit",
        SEED_UNIT,
        "--year",
        "2023",
        "--money-unit",
        "万元",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    back = pipeline.read(out)
    keys = {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in back.facts()}
    assert keys == golden_keys("seed_facts.csv")


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--year", "2023", "--money-unit", "万元"], "--unit"),
        (["--unit", "某局", "--money-unit", "万元"], "--year"),
        (["--unit", "某局", "--year", "2023"], "--money-unit"),
    ],
)
def test_what_a_facts_file_lacks_must_be_given(
    tmp_path: Path, options: list[str], says: str
) -> None:
    out = tmp_path / "x.xlsx"
    result = run_prepare(str(SEED_FACTS), *options, "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert says in result.stderr and str(SEED_FACTS) in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert not out.exists()


def test_a_bad_amount_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "table,section,row_key,column,value,unit,source,path,label\n"
        "T01,收入,总计,决算数,12x.5,万元,line 1,x,总计\n",
        encoding="utf-8",
    )
    result = run_prepare(
        str(path),
        "--unit",
        "某局",
        "--year",
        "2023",
        "--format",
        "pdf",
        "-o",
        str(tmp_path / "o.pdf"),
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "第 2 行" in result.stderr and "12x.5" in result.stderr  # type: ignore[attr-defined]


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\x01\x02 not a document")
    result = run_prepare(str(garbage), "--format", "pdf", "-o", str(tmp_path / "o.pdf"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert str(garbage) in result.stderr  # type: ignore[attr-defined]
    missing = run_prepare(
        str(tmp_path / "none.csv"), "--format", "pdf", "-o", str(tmp_path / "o.pdf")
    )
    assert missing.exit_code == 2  # type: ignore[attr-defined]


def test_without_a_cjk_font_the_pdf_is_refused_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "no-such-font.ttf"))
    with pytest.raises(FontMissingError):
        find_cjk_font()
    monkeypatch.delenv(ENV)
    monkeypatch.setattr("juesuan.prepare.fonts.CANDIDATES", ())
    monkeypatch.setattr("juesuan.prepare.fonts.FONT_NAME", "JuesuanCJKTestMissing")
    out = tmp_path / "o.pdf"
    result = run_prepare(
        str(SEED_FACTS),
        "--unit",
        SEED_UNIT,
        "--year",
        "2023",
        "--money-unit",
        "万元",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "fonts-wqy-microhei" in result.stderr  # type: ignore[attr-defined]
    assert not out.exists()


def test_a_document_with_performance_forms_is_prepared_and_the_forms_are_named(
    tmp_path: Path,
) -> None:
    """The seed document itself: its forms' errors are no table errors (exit 0), and the
    preparer says that the forms are not written."""
    out = tmp_path / "seed.xlsx"
    result = run_prepare(str(SEED), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "4 张绩效表未写出" in result.stderr  # type: ignore[attr-defined]
    back = pipeline.read(out)
    keys = {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in back.facts()}
    assert keys == golden_keys("seed_facts.csv")
    assert back.meta.unit_name == SEED_UNIT and back.meta.year == 2023


def test_a_filled_workbook_is_an_input(
    prepared: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """The official workbook (here the one written for the 财政局) → a Word document."""
    out = tmp_path / "from_workbook.docx"
    result = run_prepare(str(prepared("caizhengju", "xlsx")), "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    back = pipeline.read(out)
    keys = {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in back.facts()}
    assert keys == golden_keys("caizhengju_2024_facts.csv")


def test_one_cell_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "table,section,row_key,column,value,unit\n"
        "T07,,合计,决算数,1.00,万元\n"
        "T07,,合计,决算数,2.00,万元\n",
        encoding="utf-8",
    )
    result = run_prepare(
        str(path),
        "--unit",
        "某局",
        "--year",
        "2023",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "o.xlsx"),
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "第 3 行与第 2 行是同一单元格" in result.stderr  # type: ignore[attr-defined]


def test_a_money_unit_contradicting_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "yuan.csv"
    path.write_text(
        "table,section,row_key,column,value,unit\nT07,,合计,决算数,1.00,元\n", encoding="utf-8"
    )
    result = run_prepare(
        str(path),
        "--unit",
        "某局",
        "--year",
        "2023",
        "--money-unit",
        "万元",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "o.xlsx"),
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "--money-unit" in result.stderr  # type: ignore[attr-defined]
