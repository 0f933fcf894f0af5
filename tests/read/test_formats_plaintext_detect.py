"""Flattened web-page tables (one cell per line) and format detection by content."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
import xlwt

from juesuan.pipeline import read
from juesuan.read import detect_format, file_to_grid
from juesuan.read.grid import DocumentGrid, LineKind, UnreadableError
from juesuan.read.plaintext import plaintext_to_grid

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def rows(grid: DocumentGrid) -> list[tuple[bool, tuple[str, ...]]]:
    return [(line.aligned, line.texts) for line in grid.lines if line.kind is LineKind.ROW]


def flattened(cells: list[str]) -> str:
    """As p021 prints a table: each cell then a blank line; an empty cell as one more blank."""
    return "".join(f"{cell}\n\n" if cell else "\n" for cell in cells)


def test_blank_separated_cells_with_a_numbering_row_become_aligned_rows() -> None:
    page = flattened(
        ["说明文字。", "收入支出决算总表", "公开01表", "金额单位：万元", "收入", "支出",
         "项目", "行次", "金额", "项目", "行次", "金额", "栏次", "", "1", "栏次", "", "2",
         "一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "423.20",
         "二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "30", "0.00"]
    )  # fmt: skip
    grid = plaintext_to_grid("p.txt", page.encode())
    assert rows(grid) == [
        (True, ("项目", "行次", "金额", "项目", "行次", "金额")),
        (True, ("栏次", "", "1", "栏次", "", "2")),
        (
            True,
            ("一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "423.20"),
        ),
        (True, ("二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "30", "0.00")),
    ]
    texts = [line.text for line in grid.lines if line.kind is LineKind.TEXT]
    assert texts[:4] == ["说明文字。", "收入支出决算总表", "公开01表", "金额单位：万元"]


def test_bar_separated_cells_without_numbering_start_rows_at_labels() -> None:
    cells = ["年度", "合计", "因公出国(境)经费", "公务接待费", "2015年", "2840", "90", "1400",
             "2016年", "2364", "12", "1356", "增减%", "-16.77", "-86.62", "-3.14"]  # fmt: skip
    page = "对比情况\n" + "\n|\n".join(cells) + "\n|\n"
    grid = plaintext_to_grid("p.txt", page.encode())
    assert rows(grid) == [
        (True, ("2015年", "2840", "90", "1400")),
        (True, ("2016年", "2364", "12", "1356")),
        (True, ("增减%", "-16.77", "-86.62", "-3.14")),
    ]


def test_code_rows_start_at_the_code_after_an_amount() -> None:
    cells = ["科目编码", "科目名称", "合计", "合计", "91.97", "201", "一般公共服务支出", "91.97",
             "20113", "商贸事务", "91.97", "2011308", "招商引资", "91.97"]  # fmt: skip
    grid = plaintext_to_grid("p.txt", "\n".join(cells).encode())
    assert [texts for _, texts in rows(grid)] == [
        ("合计", "91.97"),
        ("201", "一般公共服务支出", "91.97"),
        ("20113", "商贸事务", "91.97"),
        ("2011308", "招商引资", "91.97"),
    ]


def test_prose_pages_stay_text_lines() -> None:
    page = "一、收入支出决算总体情况说明\n\n2024年度收入总计3534.19万元，支出总计3534.19万元。\n\n二、收入\n"
    grid = plaintext_to_grid("p.txt", page.encode())
    assert all(line.kind is LineKind.TEXT for line in grid.lines)


def test_the_flattened_nanzhang_page_gives_its_t01_cells() -> None:
    """p021 prints the start of 公开01表 one cell per line; values typed from the page."""
    path = next((CORPUS / "pages").glob("p021_*.txt"))
    got = {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in read(path).facts()}
    assert got == {
        ("T01", "收入", "一般公共预算财政拨款收入", "决算数", "440.55"),
        ("T01", "支出", "一般公共服务支出", "决算数", "423.20"),
        ("T01", "收入", "政府性基金预算财政拨款收入", "决算数", "0.00"),
        ("T01", "支出", "外交支出", "决算数", "0.00"),
        ("T01", "收入", "上级补助收入", "决算数", "10.00"),
        ("T01", "支出", "国防支出", "决算数", "0.00"),
        ("T01", "收入", "事业收入", "决算数", "0.00"),
        ("T01", "支出", "公共安全支出", "决算数", "0.00"),
    }


def test_every_corpus_page_reads_without_error() -> None:
    for path in sorted((CORPUS / "pages").glob("*.txt")):
        grid = file_to_grid(path)
        assert grid.lines, path.name


# --- detection ---------------------------------------------------------------------------------


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "收入决算表"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xls() -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("表").write(0, 0, "收入决算表")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("收入决算表")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SAMPLES = {
    "xlsx": _xlsx,
    "xls": _xls,
    "docx": _docx,
    "html": lambda: (
        "\ufeff<!-- saved page -->\n<html><body><p>收入决算表</p></body></html>".encode()
    ),
    "celltext": lambda: (CORPUS / "seed" / "000_1e6faaba2ab46285.txt").read_bytes()[:4000],
    "pagetext": lambda: "=== page 1 ===\n收入决算表\n".encode("gb18030"),
    "plaintext": lambda: "收入决算表\n单位：万元\n".encode(),
}


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@pytest.mark.parametrize("name", ["doc.bin", "doc.txt", "doc.pdf", "doc.xlsx", "noext"])
def test_format_is_detected_from_content_not_name(fmt: str, name: str) -> None:
    data = SAMPLES[fmt]()
    assert detect_format(name, data) == fmt
    assert file_to_grid(name, data).lines  # and the reader chosen can read it


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"PK\x03\x04" + b"\x00" * 64, "压缩"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "XLS"),
        (bytes(range(256)) * 8, "不是文本文件"),
        (b"   \n\n", "空"),
    ],
)
def test_files_of_no_supported_format_give_a_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableError) as caught:
        file_to_grid("mystery.xlsx", data)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("mystery.xlsx: ")
    assert reason.lower() in message.lower()


def test_an_opendocument_spreadsheet_is_refused_by_name() -> None:
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnreadableError, match="OpenDocument"):
        file_to_grid("x.xlsx", out.getvalue())
