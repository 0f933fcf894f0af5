"""Pages that cannot be read are reported per page; the rest of the document is read.

The damaged files are made here from the real PDF: a page whose fonts lose their ToUnicode
map (PyMuPDF edits the font dictionaries), a page replaced by a picture of itself (rendered
with pypdfium2, saved as an image-only PDF by Pillow), files cut short, an encrypted copy.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pymupdf
import pypdfium2 as pdfium
import pytest

from juesuan.pipeline import read
from juesuan.read import file_to_grid
from juesuan.read.grid import DocumentGrid, LineKind, UnreadableError
from juesuan.read.pdf import RULE_UNREADABLE, unreadable_reason
from juesuan.read.pdf_chars import Char, PageContent

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"


def one_page(number: int, strip_tounicode: bool = False) -> bytes:
    """Page ``number`` of the real PDF as a document of its own (its own font objects)."""
    source = pymupdf.open(CAIZHENGJU)
    single = pymupdf.open()
    single.insert_pdf(source, from_page=number - 1, to_page=number - 1)
    if strip_tounicode:
        for xref in {font[0] for font in single.get_page_fonts(0)}:
            single.xref_set_key(xref, "ToUnicode", "null")
            for descendant in descendant_fonts(single, xref):
                single.xref_set_key(descendant, "ToUnicode", "null")
    return single.tobytes()


def descendant_fonts(doc: pymupdf.Document, xref: int) -> list[int]:
    kind, value = doc.xref_get_key(xref, "DescendantFonts")
    if kind != "array":
        return []
    return [int(part) for part in value.strip("[]").split() if part.isdigit() and part != "0"][:1]


def image_page(number: int) -> bytes:
    """Page ``number`` rendered to pixels and wrapped as a PDF page with no text layer."""
    document = pdfium.PdfDocument(CAIZHENGJU)
    image = document[number - 1].render(scale=1).to_pil().convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=72)
    return out.getvalue()


def join_pages(*parts: bytes) -> bytes:
    joined = pymupdf.open()
    for part in parts:
        joined.insert_pdf(pymupdf.open(stream=part, filetype="pdf"))
    return joined.tobytes()


def rows_of(grid: DocumentGrid, page: int) -> list[tuple[str, ...]]:
    return [
        line.texts for line in grid.lines if line.source.page == page and line.kind == LineKind.ROW
    ]


def texts_of(grid: DocumentGrid, page: int) -> list[str]:
    return [
        line.text for line in grid.lines if line.source.page == page and line.kind == LineKind.TEXT
    ]


def test_page_without_unicode_map_is_reported_and_others_intact(tmp_path: Path) -> None:
    path = tmp_path / "no_tounicode.pdf"
    path.write_bytes(join_pages(one_page(6), one_page(8, strip_tounicode=True), one_page(7)))
    grid = file_to_grid(path)
    assert grid.pages == 3
    assert grid.missing == ("page 2",)
    [finding] = grid.findings
    assert finding.rule == RULE_UNREADABLE and finding.severity == "error"
    assert "第 2 页" in finding.message and "Unicode" in finding.message
    assert finding.source == "page 2"
    # nothing of the unreadable page leaks into the grid: no garbage numbers
    assert [line.kind for line in grid.lines if line.source.page == 2] == [LineKind.BREAK]
    assert ("本年收入合计", "2,946.25", "本年支出合计", "2,940.05") in rows_of(grid, 1)
    assert rows_of(grid, 3)[-1] == ("总计", "2,995.39", "总计", "2,995.39")


def test_image_only_page_is_reported_and_others_intact(tmp_path: Path) -> None:
    path = tmp_path / "scanned_page.pdf"
    path.write_bytes(join_pages(one_page(21), image_page(8), one_page(23)))
    grid = file_to_grid(path)
    assert grid.missing == ("page 2",)
    [finding] = grid.findings
    assert (
        finding.rule == RULE_UNREADABLE
        and "扫描图像" in finding.message
        and "第 2 页" in finding.message
    )
    assert "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他" in texts_of(
        grid, 1
    )
    assert texts_of(grid, 3)[1].startswith("一般公共预算财政拨款基本支出2336.91万元。")


def test_all_pages_unreadable_is_unreadable_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_page(6))
    with pytest.raises(UnreadableError, match="扫描图像"):
        file_to_grid(path)


def test_pdf_cut_inside_its_header_is_unreadable_with_a_one_line_reason(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(CAIZHENGJU.read_bytes()[:3000])
    with pytest.raises(UnreadableError) as caught:
        file_to_grid(path)
    assert "截断" in caught.value.reason and "\n" not in caught.value.reason


@pytest.mark.parametrize("share", [0.5, 0.999])
def test_truncated_pdf_gives_the_pages_still_complete(tmp_path: Path, share: float) -> None:
    """A file cut short is read as far as its objects are complete; every page read is exactly
    the page of the whole file, every other page is reported, and the cut itself too."""
    data = CAIZHENGJU.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    cut = file_to_grid(path)
    whole = file_to_grid(CAIZHENGJU)
    assert cut.pages == 25 and cut.findings[0].rule == "read.pdf_truncated"
    missing = {int(page.split()[1]) for page in cut.missing}
    assert missing and len(missing) < 25
    assert {f.source for f in cut.findings[1:]} == {f"page {n}" for n in missing}
    for page in set(range(1, 26)) - missing:
        assert rows_of(cut, page) == rows_of(whole, page), page
        assert texts_of(cut, page) == texts_of(whole, page), page
    if share > 0.99:
        assert missing <= {14}  # the page holding only an empty table row looks lost


def test_cli_reports_a_truncated_pdf_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(CAIZHENGJU.read_bytes()[:3000])
    done = subprocess.run(
        [sys.executable, "-c", "from juesuan.cli import main; main()", "facts", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "截断" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_encrypted_pdf_says_it_needs_a_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    locked = pymupdf.open(CAIZHENGJU)
    path.write_bytes(
        locked.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    )
    with pytest.raises(UnreadableError, match="加密"):
        file_to_grid(path)


def test_kangxi_radicals_read_as_ordinary_ideographs() -> None:
    from juesuan.read.pdf_chars import COMPATIBILITY_FORMS

    assert (
        "".join(COMPATIBILITY_FORMS.get(ord(c), c) for c in "⼀般公共预算⽀出（万元）")
        == "一般公共预算支出（万元）"
    )


def content_with(chars: int, bad: int, image_area: float = 0.0, curves: int = 0) -> PageContent:
    glyphs = [Char("字", 10.0 * i, 10.0 * i + 10, 100.0, 10.0) for i in range(chars)]
    return PageContent(1, 595, 842, glyphs, bad, [], image_area, curves)


@pytest.mark.parametrize(
    ("content", "verdict"),
    [
        (content_with(400, 0), ""),
        (content_with(400, 3), ""),  # a stray symbol: read, with a warning
        (content_with(400, 21), "Unicode"),
        (content_with(40, 3), "Unicode"),  # over 5 % of a short page
        (content_with(0, 0, image_area=0.9), "扫描图像"),
        (content_with(2, 0, image_area=0.9), "扫描图像"),
        (content_with(0, 0, image_area=0.1), ""),  # a blank page with a logo
        (content_with(0, 0, curves=5000), "曲线"),
        (content_with(0, 0, curves=20), ""),
    ],
)
def test_unreadable_reason_thresholds(content: PageContent, verdict: str) -> None:
    reason = unreadable_reason(content)
    assert (verdict in reason) if verdict else reason == ""


def test_a_page_that_fails_to_parse_costs_only_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import juesuan.read.pdf as reader

    real = reader.page_to_grid_lines

    def failing_on_page_2(content: PageContent, path: str) -> list[object]:
        if content.number == 2:
            raise ValueError("damaged content stream")
        return real(content, path)  # type: ignore[return-value]

    monkeypatch.setattr(reader, "page_to_grid_lines", failing_on_page_2)
    path = tmp_path / "three.pdf"
    path.write_bytes(join_pages(one_page(6), one_page(8), one_page(7)))
    grid = file_to_grid(path)
    assert grid.missing == ("page 2",)
    assert "damaged content stream" in grid.findings[0].message
    assert rows_of(grid, 3)[-1] == ("总计", "2,995.39", "总计", "2,995.39")


def golden_t01() -> set[tuple[str, str, str, str]]:
    """T01's facts (pages 6 and 7 of the original) from the golden file typed from the pages."""
    golden = Path(__file__).resolve().parents[1] / "golden" / "caizhengju_2024_facts.csv"
    with golden.open(encoding="utf-8", newline="") as handle:
        return {
            (r["section"], r["row_key"], r["column"], r["value"])
            for r in csv.DictReader(handle)
            if r["table"] == "T01"
        }


@pytest.mark.parametrize("damage", ["no unicode map", "scanned"])
def test_facts_of_the_other_pages_are_intact(tmp_path: Path, damage: str) -> None:
    """T01 (pages 6 and 7) with T02's page 8 between them made unreadable: every T01 fact is
    read exactly as the golden file has it, and nothing is read from the damaged page."""
    bad = one_page(8, strip_tounicode=True) if damage == "no unicode map" else image_page(8)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(join_pages(one_page(6), bad, one_page(7)))
    disclosure = read(path)
    facts = [f.as_dict() for f in disclosure.facts()]
    assert {(f["section"], f["row_key"], f["column"], f["value"]) for f in facts} == golden_t01()
    assert {f["source"] for f in facts} == {"page 1", "page 3"}
    assert "page 2" in disclosure.missing
