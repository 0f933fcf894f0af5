"""The page box (``Source.bbox``) of every PDF cell and text line, checked against the words
pdfplumber (pdfminer's own layout, no juesuan code) finds on the same pages."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from juesuan.model.source import Source
from juesuan.read import file_to_grid
from juesuan.read.grid import DocumentGrid, LineKind

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d\d$")
PAGES = (6, 8, 10)  # T01 收入支出决算总表, T03 支出决算表, T05 一般公共预算财政拨款支出决算表


@pytest.fixture(scope="module")
def grid() -> DocumentGrid:
    return file_to_grid(CAIZHENGJU)


@pytest.fixture(scope="module")
def words() -> dict[int, list[dict[str, object]]]:
    with pdfplumber.open(CAIZHENGJU) as pdf:
        return {page: pdf.pages[page - 1].extract_words() for page in PAGES}


def inside(box: tuple[float, float, float, float], word: dict[str, object], slack: float) -> bool:
    x = (float(word["x0"]) + float(word["x1"])) / 2  # type: ignore[arg-type]
    y = (float(word["top"]) + float(word["bottom"])) / 2  # type: ignore[arg-type]
    x0, top, x1, bottom = box
    return x0 - slack <= x <= x1 + slack and top - slack <= y <= bottom + slack


def test_every_pdf_cell_and_line_has_a_page_box(grid: DocumentGrid) -> None:
    for line in grid.lines:
        if line.kind == LineKind.BREAK:
            continue
        assert line.source.bbox is not None, line
        for cell in line.cells:
            box = cell.source.bbox
            assert box is not None, cell
            assert box[0] <= box[2] and box[1] <= box[3], cell


def test_amount_cells_box_the_words_pdfplumber_finds_there(
    grid: DocumentGrid, words: dict[int, list[dict[str, object]]]
) -> None:
    checked = 0
    for line in grid.lines:
        if line.kind != LineKind.ROW or line.source.page not in PAGES:
            continue
        page_words = words[line.source.page]
        for cell in line.cells:
            if not AMOUNT.match(cell.text):
                continue
            same = [w for w in page_words if w["text"] == cell.text]
            assert same, cell.text
            assert cell.source.bbox is not None
            assert any(inside(cell.source.bbox, w, 0.5) for w in same), (cell.text, cell.source)
            checked += 1
    assert checked >= 60


def test_a_title_line_boxes_its_words(
    grid: DocumentGrid, words: dict[int, list[dict[str, object]]]
) -> None:
    title = next(
        line
        for line in grid.lines
        if line.kind == LineKind.TEXT and line.source.page == 6 and line.text == "收入支出决算总表"
    )
    match = [w for w in words[6] if w["text"] == "收入支出决算总表"]
    assert len(match) == 1
    assert title.source.bbox is not None
    assert inside(title.source.bbox, match[0], 0.0)


def test_the_page_box_is_not_part_of_the_label() -> None:
    assert Source("a.pdf", page=3, bbox=(1.0, 2.0, 3.0, 4.0)).label() == "page 3"
