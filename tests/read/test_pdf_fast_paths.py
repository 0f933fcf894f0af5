"""The PDF reader's fast paths give what the plain ones give (issue 14).

Each fast path is checked against a second, independent way to the same result: the
per-character and per-object ways of asking PDFium for size and direction, on every page of
two corpus PDFs (one with a text object per character, one with words as objects); the
turned-page arithmetic against ``View``; the assignment of characters to table cells against
a plain scan over the cells.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from juesuan.read.pdf_calls import Scratch
from juesuan.read.pdf_chars import (
    Char,
    PlacedChar,
    Segment,
    View,
    inner_box,
    is_on_page,
    page_to_placed_chars,
    placed_to_char,
    placed_to_chars,
    scan_objects,
)
from juesuan.read.pdf_document import Document
from juesuan.read.pdf_layout import chars_into_tables
from juesuan.read.pdf_tables import Table, segments_to_tables

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PER_CHARACTER_OBJECTS = CORPUS / "budget" / "putuo_wanli_jiedao_2023_budget_with_performance.pdf"
WORD_OBJECTS = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"


@pytest.mark.parametrize("pdf", [PER_CHARACTER_OBJECTS, WORD_OBJECTS], ids=lambda p: p.name)
def test_asking_per_object_or_per_character_gives_the_same_characters(pdf: Path) -> None:
    document = Document(pdf.read_bytes())
    try:
        compared = 0
        for index in range(len(document)):
            page = document.page(index)
            scratch = Scratch()
            objects = scan_objects(page.handle, scratch)
            inner = inner_box(page.media_box())
            per_object = page_to_placed_chars(page, objects.text, inner, scratch, by_object=True)
            per_char = page_to_placed_chars(page, objects.text, inner, scratch, by_object=False)
            chosen = page_to_placed_chars(page, objects.text, inner, scratch)
            page.close()
            assert per_object == per_char == chosen, f"page {index + 1}"
            compared += len(per_char[0])
    finally:
        document.close()
    assert compared > 5000  # the pages were read, not skipped


def placed_grid() -> list[PlacedChar]:
    """Characters all over a 600 × 800 media box at (10, 20), some off the page."""
    placed: list[PlacedChar] = []
    for x, y, angle in itertools.product(
        (-40, 15, 300, 590, 640), (-30, 25, 400, 790, 850), (0, 90)
    ):
        left, bottom = 10.0 + x, 20.0 + y
        placed.append(
            ("字", left, bottom, left + 9.5, bottom + 10.25, left, bottom + 1.5, 10.0, angle)
        )
    return placed


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turned_pages_place_characters_as_view_does(rotation: int) -> None:
    view = View(10.0, 20.0, 600.0, 800.0, rotation)
    width, height = view.size
    by_view = [placed_to_char(p, view) for p in placed_grid()]
    expected = [c for c in by_view if is_on_page(c, width, height)]
    assert 0 < len(expected) < len(by_view)  # some characters are off the turned page
    assert placed_to_chars(placed_grid(), view) == expected


def two_tables() -> list[Table]:
    """A 2 × 3 grid whose top row's last two cells are merged, and a 1 × 2 grid below it."""
    rulings = [
        Segment(100, 100, 400, 100),
        Segment(100, 150, 400, 150),
        Segment(100, 200, 400, 200),
        Segment(100, 100, 100, 200),
        Segment(200, 100, 200, 200),
        Segment(300, 150, 300, 200),  # the top row has no ruling here: a merged cell
        Segment(400, 100, 400, 200),
        Segment(100, 300, 300, 300),
        Segment(100, 340, 300, 340),
        Segment(100, 300, 100, 340),
        Segment(200, 300, 200, 340),
        Segment(300, 300, 300, 340),
    ]
    tables = segments_to_tables(rulings)
    assert [len(t.regions) for t in tables] == [5, 2]
    return tables


def char_at(x: float, y: float) -> Char:
    """A character whose middle (mid_x, mid_y) is the point (x, y)."""
    return Char("字", x - 4, x + 4, y + 3.5, 10.0)


def cell_by_scan(tables: list[Table], x: float, y: float) -> tuple[int, int] | None:
    """(table, region) holding the point: every cell tried, the last whose lines enclose it."""
    for t, table in enumerate(tables):
        if not (table.xs[0] <= x <= table.xs[-1] and table.ys[0] <= y <= table.ys[-1]):
            continue
        cols = [c for c in range(len(table.xs) - 1) if table.xs[c] <= x]
        rows = [r for r in range(len(table.ys) - 1) if table.ys[r] <= y]
        return t, table.cell_region[rows[-1]][cols[-1]]
    return None


def test_characters_go_into_the_table_cell_holding_their_middle() -> None:
    tables = two_tables()
    points = [
        (x, y)
        for x in (50, 100, 150, 200, 250, 300, 350, 400, 450)
        for y in (80, 100, 125, 150, 175, 200, 250, 300, 320, 340, 400)
    ]
    chars = [char_at(x, y) for x, y in points]
    loose = chars_into_tables(chars, tables)
    for char, (x, y) in zip(chars, points, strict=True):
        found = cell_by_scan(tables, char.mid_x, char.mid_y)
        holders = [
            (t, r)
            for t, table in enumerate(tables)
            for r, region in enumerate(table.regions)
            if any(c is char for c in region.chars)
        ]
        if found is None:
            assert holders == [] and any(c is char for c in loose), (x, y)
        else:
            assert holders == [found] and all(c is not char for c in loose), (x, y)
