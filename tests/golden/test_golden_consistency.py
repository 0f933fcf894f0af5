"""Internal sanity of the golden files (no juesuan): shape, unique keys, parseable values.

Also pins a few values read off the documents by eye, so that a re-run of a derive_*.py script
that drifted would be caught here, and re-derives the shengtai and seed files from their raw
text to prove the committed CSVs are what the standalone scripts produce.
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
HEADER = ["table", "section", "row_key", "column", "value", "where", "label"]

COLUMNS = {
    "T01": {"决算数"},
    "T02": {
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    },
    "T03": {
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    },
    "T04": {
        "决算数",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    },
    "T05": {"合计", "基本支出", "项目支出"},
    "T06": {"决算数"},
    "T07": {"预算数", "决算数"},
    "T08": {"年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"},
    "T09": {"年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"},
}
T07_KEYS = {
    "合计",
    "因公出国（境）费",
    "公务接待费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
}

# file -> (tables that must have rows, rows per table)
EXPECTED = {
    "seed_facts.csv": {"T01": 12, "T02": 56, "T03": 60, "T04": 21, "T05": 60, "T06": 17, "T07": 6},
    "shengtai_2025_facts.csv": {
        "T01": 40,
        "T02": 224,
        "T03": 192,
        "T04": 117,
        "T05": 96,
        "T06": 66,
        "T07": 12,
    },
    "caizhengju_2024_facts.csv": {
        "T01": 12,
        "T02": 45,
        "T03": 44,
        "T04": 19,
        "T05": 44,
        "T06": 29,
        "T07": 2,
    },
    "caizhengju_2024_seeded_facts.csv": {"T01": 12, "T02": 45, "T04": 19, "T05": 44, "T06": 29},
}


def read(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        return list(reader)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rows_per_table(name: str) -> None:
    counts = Counter(row["table"] for row in read(name))
    assert dict(counts) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_keys_unique_and_values_decimal(name: str) -> None:
    rows = read(name)
    keys = [(r["table"], r["section"], r["row_key"], r["column"]) for r in rows]
    assert len(keys) == len(set(keys)), [k for k, n in Counter(keys).items() if n > 1]
    for row in rows:
        value = Decimal(row["value"])
        assert value.as_tuple().exponent == -2, row  # printed with two decimals
        assert "," not in row["value"]
        assert int(row["where"]) > 0
        assert row["label"] == row["label"].strip() and row["label"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sections_columns_and_keys_are_canonical(name: str) -> None:
    for row in read(name):
        table, section, key = row["table"], row["section"], row["row_key"]
        assert row["column"] in COLUMNS[table], row
        if table in {"T01", "T04"}:
            assert section in {"收入", "支出"}, row
            assert key and not key[0].isdigit() and " " not in key, row
        else:
            assert section == "", row
        if table in {"T02", "T03", "T05", "T08", "T09"}:
            assert key == "合计" or (key.isdigit() and len(key) in {3, 5, 7}), row
        if table == "T06":
            assert key in {"人员经费合计", "公用经费合计"} or (
                key.isdigit() and len(key) in {3, 5}
            ), row
        if table == "T07":
            assert key in T07_KEYS, row
        if table == "T04" and section == "收入":
            assert row["column"] == "决算数", row
        if table == "T04" and section == "支出":
            assert row["column"] != "决算数", row


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rows_are_in_table_then_document_order(name: str) -> None:
    rows = read(name)
    tables = [r["table"] for r in rows]
    assert tables == sorted(tables)
    for table in set(tables):
        wheres = [int(r["where"]) for r in rows if r["table"] == table]
        assert wheres == sorted(wheres), table


# Values read off the documents by eye (line or page given), independent of the scripts.
PINNED = [
    ("seed_facts.csv", ("T01", "收入", "总计", "决算数"), "1081.09", "239"),
    ("seed_facts.csv", ("T06", "", "301", "决算数"), "61.93", "1524"),
    ("seed_facts.csv", ("T07", "", "公务用车运行维护费", "决算数"), "1.50", "1886"),
    ("shengtai_2025_facts.csv", ("T03", "", "2111101", "项目支出"), "391.60", "11"),
    ("shengtai_2025_facts.csv", ("T05", "", "合计", "项目支出"), "1367.75", "14"),
    ("shengtai_2025_facts.csv", ("T07", "", "公务接待费", "预算数"), "0.50", "17"),
    (
        "shengtai_2025_facts.csv",
        ("T04", "收入", "年初财政拨款结转和结余/国有资本经营预算财政拨款", "决算数"),
        "0.00",
        "13",
    ),
    ("caizhengju_2024_facts.csv", ("T02", "", "2010601", "其他收入"), "0.01", "8"),
    (
        "caizhengju_2024_facts.csv",
        ("T04", "收入", "年初财政拨款结转和结余/一般公共预算财政拨款", "决算数"),
        "21.63",
        "13",
    ),
    (
        "caizhengju_2024_facts.csv",
        ("T04", "支出", "年末财政拨款结转和结余", "一般公共预算财政拨款"),
        "21.63",
        "13",
    ),
    ("caizhengju_2024_facts.csv", ("T06", "", "30299", "决算数"), "11.53", "17"),
    ("caizhengju_2024_facts.csv", ("T07", "", "公务接待费", "预算数"), "0.95", "18"),
    ("caizhengju_2024_seeded_facts.csv", ("T06", "", "公用经费合计", "决算数"), "184.65", "14"),
]


@pytest.mark.parametrize(("name", "key", "value", "where"), PINNED)
def test_pinned_values(name: str, key: tuple[str, str, str, str], value: str, where: str) -> None:
    found = {(r["table"], r["section"], r["row_key"], r["column"]): r for r in read(name)}
    assert found[key]["value"] == value
    assert found[key]["where"] == where


def test_blank_cells_give_no_row() -> None:
    seed = {(r["table"], r["section"], r["row_key"], r["column"]) for r in read("seed_facts.csv")}
    assert ("T07", "", "公务用车购置费", "预算数") not in seed  # printed blank
    assert ("T03", "", "201", "基本支出") not in seed
    caizhengju = {(r["table"], r["row_key"]) for r in read("caizhengju_2024_facts.csv")}
    assert ("T06", "30231") not in caizhengju  # 公务用车运行维护费 printed blank


def test_seed_amount_lines_all_covered() -> None:
    """Every line of the seed's table part that holds an amount appears exactly once, same text."""
    lines = (CORPUS / "seed" / "000_1e6faaba2ab46285.txt").read_text(encoding="utf-8").splitlines()
    end = next(i for i, line in enumerate(lines) if "第五部分" in line)
    amount_lines = {
        i + 1
        for i, line in enumerate(lines[:end])
        if line.startswith("\t")
        and line.strip().replace(",", "").replace(".", "", 1).isdigit()
        and "." in line
    }
    rows = read("seed_facts.csv")
    assert sorted(int(r["where"]) for r in rows) == sorted(amount_lines)
    for row in rows:
        assert lines[int(row["where"]) - 1].strip().replace(",", "") == row["value"]


@pytest.mark.parametrize(
    ("script", "function", "source", "name"),
    [
        ("derive_seed", "seed_to_facts", ("seed", "000_1e6faaba2ab46285.txt"), "seed_facts.csv"),
        (
            "derive_shengtai",
            "shengtai_to_facts",
            ("final", "putuo_shengtaihuanjing_2025_final_pagetext.txt"),
            "shengtai_2025_facts.csv",
        ),
    ],
)
def test_committed_csv_is_what_the_script_derives(
    script: str, function: str, source: tuple[str, str], name: str, tmp_path: Path
) -> None:
    sys.path.insert(0, str(GOLDEN))
    try:
        module = __import__(script)
        common = __import__("derive_common")
    finally:
        sys.path.remove(str(GOLDEN))
    facts = getattr(module, function)(CORPUS.joinpath(*source))
    out = tmp_path / name
    common.write_facts(out, facts)
    assert out.read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)
@pytest.mark.parametrize(
    ("which", "name"),
    [("original", "caizhengju_2024_facts.csv"), ("seeded", "caizhengju_2024_seeded_facts.csv")],
)
def test_committed_pdf_csv_is_what_the_bbox_script_derives(
    which: str, name: str, tmp_path: Path
) -> None:
    sys.path.insert(0, str(GOLDEN))
    try:
        module = __import__("derive_caizhengju")
        common = __import__("derive_common")
    finally:
        sys.path.remove(str(GOLDEN))
    if which == "original":
        facts = module.pdf_to_facts(
            CORPUS / "final" / "putuo_caizhengju_2024_final.pdf",
            module.original_layouts(),
            18,
            module.T07_CENTRES_ORIGINAL,
        )
    else:
        facts = module.pdf_to_facts(
            CORPUS / "final" / "putuo_caizhengju_2024_final_seeded_errors.pdf",
            module.seeded_layouts(),
            15,
            module.T07_CENTRES_SEEDED,
        )
    out = tmp_path / name
    common.write_facts(out, facts)
    assert out.read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8")
