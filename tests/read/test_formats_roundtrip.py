"""Acceptance: the seed document and the 生态环境局 tables, written by independent writers
(openpyxl, xlwt, python-docx, plain HTML) in the layout of the published tables, read back with
``juesuan.pipeline.read`` into exactly the golden facts (typed by hand, not juesuan's output)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import roundtrip_layouts as layouts

from juesuan.pipeline import read

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
DOCUMENTS = {
    "seed": (
        GOLDEN / "seed_facts.csv",
        layouts.Style("辽宁省本溪市南芬区工业和信息化局（本级）", 2023, liaoning=True),
    ),
    "shengtai": (
        GOLDEN / "shengtai_2025_facts.csv",
        layouts.Style("上海市普陀区生态环境局", 2025, liaoning=False),
    ),
}
WRITERS = {
    "xlsx": layouts.write_xlsx,
    "xls": layouts.write_xls,
    "docx": layouts.write_docx,
    "html": layouts.write_html,
}


def facts_of(path: Path) -> set[tuple[str, str, str, str, str]]:
    return {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in read(path).facts()}


@functools.cache
def document_bytes(document: str, fmt: str) -> bytes:
    golden_path, style = DOCUMENTS[document]
    return WRITERS[fmt](layouts.document_blocks(layouts.read_golden(golden_path), style))


def written(tmp_path: Path, document: str, fmt: str, suffix: str | None = None) -> Path:
    path = tmp_path / f"{document}.{suffix or fmt}"
    path.write_bytes(document_bytes(document, fmt))
    return path


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_written_tables_read_back_into_the_golden_facts(
    tmp_path: Path, document: str, fmt: str
) -> None:
    golden_path, _ = DOCUMENTS[document]
    expected = layouts.golden_keys(layouts.read_golden(golden_path))
    disclosure = read(written(tmp_path, document, fmt))
    got = {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in disclosure.facts()}
    assert sorted(expected - got) == []  # nothing lost
    assert sorted(got - expected) == []  # nothing invented
    assert disclosure.missing == ()  # T08/T09 are printed empty: found, not missing
    assert disclosure.read_findings == ()


def test_amounts_stored_as_text_read_like_numbers(tmp_path: Path) -> None:
    golden_path, style = DOCUMENTS["shengtai"]
    golden = layouts.read_golden(golden_path)
    blocks = layouts.document_blocks(golden, style)
    path = tmp_path / "text_amounts.xlsx"
    path.write_bytes(layouts.write_xlsx(blocks, text_tables=frozenset({"T02", "T06", "T07"})))
    assert facts_of(path) == layouts.golden_keys(golden)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_format_is_found_from_content_whatever_the_name(tmp_path: Path, fmt: str) -> None:
    golden_path, _ = DOCUMENTS["seed"]
    path = written(tmp_path, "seed", fmt, suffix="bin")
    assert facts_of(path) == layouts.golden_keys(layouts.read_golden(golden_path))


@pytest.mark.parametrize("repeat_header", [True, False])
def test_docx_tables_split_by_page_breaks_read_as_one_table(
    tmp_path: Path, repeat_header: bool
) -> None:
    golden_path, style = DOCUMENTS["seed"]
    golden = layouts.read_golden(golden_path)
    blocks = layouts.document_blocks(golden, style)
    path = tmp_path / "split.docx"
    path.write_bytes(layouts.write_docx(blocks, split_every=9, repeat_header=repeat_header))
    assert facts_of(path) == layouts.golden_keys(golden)


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_html_with_title_and_unit_as_rows_of_the_table(tmp_path: Path, document: str) -> None:
    golden_path, style = DOCUMENTS[document]
    golden = layouts.read_golden(golden_path)
    path = tmp_path / "exported.html"
    path.write_bytes(
        layouts.write_html(layouts.document_blocks(golden, style), title_in_table=True)
    )
    assert facts_of(path) == layouts.golden_keys(golden)
