"""``juesuan export`` in every format, checked by reading the output back with other tools."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import frictionless
import openpyxl
import pyarrow.parquet as pq
import pytest
from store_helpers import FINAL, GOLDEN, SEED, juesuan

from juesuan.export.fdp import in_wan
from juesuan.pipeline import load, read
from juesuan.store import FACT_EXPORT_COLUMNS, open_store

FACT_IDENTITY = ("table", "section", "row_key", "column", "value", "unit", "label")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seed and the 决算 documents of final/, ingested once for every export test."""
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'juesuan.db'}"
    result = juesuan("ingest", str(SEED), str(FINAL), "--db", url)
    assert result.returncode == 0, result.stderr
    return url


def export(db: str, *options: str) -> str:
    result = juesuan("export", "--db", db, *options)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def stored_facts(db: str, **query: object) -> list[dict[str, object]]:
    with open_store(db) as store:
        return list(store.facts(**query))  # type: ignore[arg-type]


def identity(facts: list[dict[str, object]]) -> list[tuple[str, ...]]:
    return sorted(tuple(str(f[k]) for k in FACT_IDENTITY) for f in facts)


def test_xlsx_reads_back_to_identical_facts_for_every_stored_document(
    db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "workbooks"
    export(db, "--format", "xlsx", "--all-versions", "-o", str(folder))
    with open_store(db) as store:
        documents = store.documents(latest=False)
        expected = {
            d["sha256"]: list(store.facts(latest=False, document_id=d["id"])) for d in documents
        }
    workbooks = sorted(folder.glob("*.xlsx"))
    assert len(workbooks) == len(documents) == 5
    for document in documents:
        (workbook,) = [w for w in workbooks if document["sha256"][:8] in w.name]
        back = [f.as_dict() for f in read(workbook).facts()]
        assert identity(back) == identity(expected[document["sha256"]]), document["path"]
        assert_nothing_hidden(workbook)


def assert_nothing_hidden(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.sheet_state == "visible"
        assert not any(dim.hidden for dim in sheet.row_dimensions.values())
        assert not any(dim.hidden for dim in sheet.column_dimensions.values())


def test_xlsx_of_one_disclosure_prints_the_official_layout(db: str, tmp_path: Path) -> None:
    target = tmp_path / "seed.xlsx"
    export(db, "--format", "xlsx", "--unit", "南芬区", "-o", str(target))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [f"公开0{n}表" for n in range(1, 10)]
    t05 = book["公开05表"]
    rows = [[c for c in row if c is not None] for row in t05.iter_rows(values_only=True)]
    assert rows[0] == ["一般公共预算财政拨款支出决算表"]
    assert rows[1] == ["公开05表"]
    assert rows[2] == [
        "单位：辽宁省本溪市南芬区工业和信息化局（本级）",
        "2023年度",
        "金额单位：万元",
    ]
    assert rows[3] == ["项目", "本年支出"]
    assert rows[4] == ["功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"]
    assert rows[5] == ["栏次", 1, 2, 3]
    # The 合计 line as printed in the seed: 1,081.09 | 75.20 | 1,005.89, number format keeps 2 places.
    total = next(row for row in t05.iter_rows() if row[0].value == "合计")
    assert [Decimal(str(c.value)) for c in total[2:5]] == [
        Decimal("1081.09"),
        Decimal("75.20"),
        Decimal("1005.89"),
    ]
    assert all(c.number_format == "#,##0.00" for c in total[2:5])


def test_csv_jsonl_and_parquet_hold_the_stored_facts(db: str, tmp_path: Path) -> None:
    facts = stored_facts(db)
    as_text = [{k: "" if f[k] is None else str(f[k]) for k in FACT_EXPORT_COLUMNS} for f in facts]

    rows = list(csv.DictReader(io.StringIO(export(db, "--format", "csv"))))
    assert rows == as_text
    assert list(rows[0]) == list(FACT_EXPORT_COLUMNS)

    jsonl = tmp_path / "facts.jsonl"
    export(db, "--format", "jsonl", "-o", str(jsonl))
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [{k: str(v) for k, v in r.items()} for r in records] == as_text

    parquet = tmp_path / "facts.parquet"
    export(db, "--format", "parquet", "-o", str(parquet))
    table = pq.read_table(parquet)
    assert table.column_names == list(FACT_EXPORT_COLUMNS)
    assert table.column("value").to_pylist() == [Decimal(str(f["value"])) for f in facts]
    assert table.column("year").to_pylist() == [f["year"] for f in facts]


def test_filters_by_unit_year_and_table(db: str) -> None:
    with GOLDEN.joinpath("seed_facts.csv").open(encoding="utf-8") as handle:
        golden_t07 = sorted(
            (r["row_key"], r["column"], r["value"])
            for r in csv.DictReader(handle)
            if r["table"] == "T07"
        )
    out = export(db, "--format", "csv", "--year", "2023", "--table", "T07", "--unit", "南芬区")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted((r["row_key"], r["column"], r["value"]) for r in rows) == golden_t07
    assert export(db, "--format", "csv", "--year", "1999").strip() == ",".join(FACT_EXPORT_COLUMNS)


def test_fiscal_data_package_validates_and_adds_up(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "fdp"
    export(db, "--format", "fdp", "--unit", "南芬区", "-o", str(folder))
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])

    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    measure = descriptor["model"]["measures"]["expenditure"]
    assert (measure["currency"], measure["factor"], measure["phase"]) == ("CNY", 10000, "executed")
    assert (
        descriptor["model"]["dimensions"]["functional-classification"]["classificationType"]
        == "functional"
    )

    with (folder / "expenditure.csv").open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert {line["fiscal_year"] for line in lines} == {"2023"}
    assert {line["phase"] for line in lines} == {"executed"}
    # The 项 lines of T03 add up to its printed 合计 (1,081.09) inside the rounding envelope.
    t03 = [
        Decimal(line["amount"])
        for line in lines
        if line["source_table"] == "T03" and line["source_column"] == "本年支出合计"
    ]
    assert len(t03) == 11
    assert abs(sum(t03) - Decimal("1081.09")) <= (len(t03) + 1) * Decimal("0.005")
    # Economic classes: 30239 其他交通费用 0.33 under 302 商品和服务支出.
    (line,) = [x for x in lines if x["economic_l2_code"] == "30239"]
    assert (line["economic_l1_code"], line["economic_l1_label"], line["amount"]) == (
        "302",
        "商品和服务支出",
        "0.33",
    )


def test_amounts_in_yuan_are_shifted_exactly_to_wan() -> None:
    assert in_wan("12345.67", "元") == Decimal("1.234567")
    assert in_wan("1.5", "亿元") == Decimal("15000.0")
    assert in_wan("1081.09", "万元") == Decimal("1081.09")


def test_findings_export_holds_the_findings_of_check(db: str) -> None:
    disclosure, report = load(SEED)
    expected = [f.as_dict() for f in (*disclosure.read_findings, *report.findings)]
    out = export(db, "--format", "jsonl", "--findings", "--unit", "南芬区")
    records = [json.loads(line) for line in out.splitlines()]
    keys = (
        "rule",
        "severity",
        "message",
        "table",
        "row_key",
        "column",
        "expected",
        "actual",
        "difference",
        "tolerance",
        "source",
    )
    assert [tuple(r[k] for k in keys) for r in records] == [
        tuple(f[k] for k in keys) for f in expected
    ]
    with open_store(db) as store:
        assert {r["document"] for r in records} <= {d["sha256"] for d in store.documents()}


def test_findings_have_no_fiscal_data_package(db: str, tmp_path: Path) -> None:
    result = juesuan(
        "export", "--db", db, "--format", "fdp", "--findings", "-o", str(tmp_path / "x")
    )
    assert result.returncode == 2
    assert result.stderr.startswith("juesuan: 导出失败") and "Traceback" not in result.stderr
