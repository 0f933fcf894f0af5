"""The page layout's compiled loops (read/_layoutloop.c) give exactly what the Python loops give.

On every page of every corpus PDF: the characters put into the same table cells (the very
Char objects, in the same order) and the same left loose; the same lines of each cell, each
with the same text; the same lines of the loose characters, each in the same pieces with the
same text. The one-pass pieces and text (python_pieces_and_text) are those of a line cut at
its wide gaps, each piece's text made apart (line_to_pieces below), and python_line_to_text. Where a value is not a plain float or str, or a
baseline is NaN, the compiled loops leave the work to Python's; and a whole page laid out
with the Python loops forced gives the same grid lines, page boxes included.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from juesuan.read import pdf_layout
from juesuan.read.pdf import read_page, unreadable_reason
from juesuan.read.pdf_chars import Char, PageContent, Segment
from juesuan.read.pdf_document import Document
from juesuan.read.pdf_layout import (
    compiled_cell_lines,
    compiled_chars_into_cells,
    compiled_chars_to_lines,
    compiled_pieces_and_text,
    page_to_grid_lines,
    python_cell_lines,
    python_chars_into_cells,
    python_chars_to_lines,
    python_line_to_text,
    python_pieces_and_text,
    table_frame,
)
from juesuan.read.pdf_stream import GAP, Piece
from juesuan.read.pdf_tables import Table, segments_to_tables

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CORPUS_PDFS = sorted((CORPUS / "final").glob("*.pdf")) + sorted((CORPUS / "budget").rglob("*.pdf"))


def line_to_pieces(line: list[Char], to_text: Callable[[list[Char]], str]) -> list[Piece]:
    """A line cut at its wide gaps (the reader's definition, in two passes): the second method
    python_pieces_and_text is compared with."""
    pieces: list[list[Char]] = [[line[0]]]
    for previous, char in pairwise(line):
        if char.x0 - previous.x1 > GAP * max(char.size, previous.size):
            pieces.append([char])
        else:
            pieces[-1].append(char)
    return [Piece(to_text(chars), chars[0].x0, chars[-1].x1) for chars in pieces]


needs_compiled = pytest.mark.skipif(
    pdf_layout._layoutloop is None,
    reason="the compiled loops are not built (no C compiler at install: pip install -e . builds them)",
)


def corpus_pages(pdf: Path) -> list[PageContent]:
    """The pages the reader lays out (those it can read)."""
    document = Document(pdf.read_bytes())
    try:
        pages = [read_page(document, index) for index in range(len(document))]
    finally:
        document.close()
    return [page for page in pages if not unreadable_reason(page)]


def ruled_tables(page: PageContent) -> list[Table]:
    """The page's tables as page_to_grid_lines takes them, each call a fresh set."""
    return [t for t in segments_to_tables(page.segments) if len(t.regions) >= 2]


def ids(lines: list[list[Char]]) -> list[list[int]]:
    """Lines by the identity of their characters: the very objects, in order."""
    return [[id(char) for char in line] for line in lines]


def pieces_exactly(pieces: list[Piece]) -> list[tuple[str, str, str]]:
    """Pieces with their edges as repr: floats compared to the bit."""
    return [(p.text, repr(p.x0), repr(p.x1)) for p in pieces]


def assert_cells_agree(page: PageContent) -> tuple[list[Char], list[Table]]:
    """Both loops put the page's characters into cells alike; the loose characters and the
    filled tables are returned."""
    python_tables, compiled_tables = ruled_tables(page), ruled_tables(page)
    python_frames = [table_frame(t) for t in python_tables]
    compiled_frames = [table_frame(t) for t in compiled_tables]
    python_loose = python_chars_into_cells(page.chars, python_frames)
    compiled_loose = compiled_chars_into_cells(page.chars, compiled_frames)
    assert ids([compiled_loose]) == ids([python_loose])
    for python_table, compiled_table in zip(python_tables, compiled_tables, strict=True):
        python_cells = [region.chars for region in python_table.regions]
        compiled_cells = [region.chars for region in compiled_table.regions]
        assert ids(compiled_cells) == ids(python_cells)
    return python_loose, python_tables


def assert_lines_agree(loose: list[Char], tables: list[Table]) -> int:
    """Each cell's lines and texts, the loose lines, their pieces and texts: alike. The count
    of lines compared is returned."""
    compared = 0
    for table in tables:
        for region in table.regions:
            python_lines, python_texts = python_cell_lines(region.chars)
            compiled_lines, compiled_texts = compiled_cell_lines(region.chars)
            assert ids(compiled_lines) == ids(python_lines)
            assert compiled_texts == python_texts
            compared += len(python_lines)
    lines = python_chars_to_lines(loose)
    assert ids(compiled_chars_to_lines(loose)) == ids(lines)
    for line in lines:
        pieces, text = python_pieces_and_text(line)
        assert pieces_exactly(pieces) == pieces_exactly(line_to_pieces(line, python_line_to_text))
        assert text == python_line_to_text(line)
        compiled_pieces, compiled_text = compiled_pieces_and_text(line)
        assert pieces_exactly(compiled_pieces) == pieces_exactly(pieces)
        assert compiled_text == text
    return compared + len(lines)


@needs_compiled
@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.name)
def test_compiled_loops_lay_out_every_corpus_page_as_python(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared = 0
    for page in corpus_pages(pdf):
        loose, tables = assert_cells_agree(page)
        compared += assert_lines_agree(loose, tables)
        compiled = repr(page_to_grid_lines(page, str(pdf)))
        with monkeypatch.context() as patch:
            patch.setattr(pdf_layout, "CHARS_INTO_CELLS", python_chars_into_cells)
            patch.setattr(pdf_layout, "CHARS_TO_LINES", python_chars_to_lines)
            patch.setattr(pdf_layout, "CELL_LINES", python_cell_lines)
            patch.setattr(pdf_layout, "PIECES_AND_TEXT", python_pieces_and_text)
            assert repr(page_to_grid_lines(page, str(pdf))) == compiled
    assert compared > 0


def overprinted_line() -> list[Char]:
    """Fake bold (each character twice, a little apart), CJK and Latin, gaps wide and narrow,
    two characters on one left edge (the lower first: the baseline order breaks the tie), a
    note below: every branch of the loops."""
    chars = [
        Char("合", 10.0, 20.0, 100.0, 10.0),
        Char("合", 10.5, 20.5, 100.0, 10.0),
        Char("计", 20.0, 30.0, 100.2, 10.0),
        Char("1", 45.0, 50.0, 100.0, 10.0),
        Char("2", 50.0, 55.0, 99.9, 10.0),
        Char(".", 50.0, 52.0, 100.0, 10.0),
        Char("5", 58.0, 63.0, 100.0, 12.0),
        Char("元", 90.0, 100.0, 100.0, 10.0),
        Char("x", 101.0, 106.0, 100.0, 10.0),
        Char("注", 10.0, 20.0, 115.0, 10.0),
    ]
    return chars[::-1]  # out of order, as a page gives them


@needs_compiled
def test_compiled_loops_agree_on_overprint_and_ties() -> None:
    chars = overprinted_line()
    lines = python_chars_to_lines(chars)
    assert [len(line) for line in lines] == [8, 1]  # the overprint dropped, the note apart
    assert ids(compiled_chars_to_lines(chars)) == ids(lines)
    python_lines, python_texts = python_cell_lines(chars)
    compiled_lines, compiled_texts = compiled_cell_lines(chars)
    assert ids(compiled_lines) == ids(python_lines) and compiled_texts == python_texts
    assert python_pieces_and_text(lines[0])[1] == "合计 12. 5 元x"
    compiled_pieces, compiled_text = compiled_pieces_and_text(lines[0])
    assert compiled_text == "合计 12. 5 元x"
    python_pieces = python_pieces_and_text(lines[0])[0]
    assert pieces_exactly(compiled_pieces) == pieces_exactly(python_pieces)
    assert [p.text for p in python_pieces] == ["合计", "12. 5", "元x"]
    assert compiled_chars_to_lines([]) == [] and compiled_cell_lines([]) == ([], [])


@needs_compiled
@pytest.mark.parametrize(
    "odd",
    [
        Char("合", 10, 20, 100, 10),  # ints, not floats: Python's arithmetic decides
        Char("合", 10.0, 20.0, math.nan, 10.0),  # a NaN baseline: only Python's sort orders it
        Char("合", math.nan, 20.0, 100.0, 10.0),
    ],
    ids=["ints", "nan baseline", "nan left edge"],
)
def test_values_the_compiled_loops_do_not_take_go_to_python(odd: Char) -> None:
    chars = [*overprinted_line(), odd]
    loop = pdf_layout._layoutloop
    assert loop is not None
    assert loop.chars_to_lines(chars) is NotImplemented
    assert loop.cell_lines(chars) is NotImplemented
    assert ids(compiled_chars_to_lines(chars)) == ids(python_chars_to_lines(chars))
    python_lines, python_texts = python_cell_lines(chars)
    compiled_lines, compiled_texts = compiled_cell_lines(chars)
    assert ids(compiled_lines) == ids(python_lines) and compiled_texts == python_texts


@needs_compiled
def test_a_character_with_int_coordinates_leaves_every_cell_untouched() -> None:
    rulings = [  # a table of two cells side by side
        Segment(100.0, 100.0, 300.0, 100.0),
        Segment(100.0, 150.0, 300.0, 150.0),
        Segment(100.0, 100.0, 100.0, 150.0),
        Segment(200.0, 100.0, 200.0, 150.0),
        Segment(300.0, 100.0, 300.0, 150.0),
    ]
    frames = [table_frame(t) for t in segments_to_tables(rulings)]
    chars = [Char("字", 146.0, 154.0, 128.5, 10.0), Char("字", 246, 254, 128.5, 10)]
    loop = pdf_layout._layoutloop
    assert loop is not None
    assert loop.chars_into_cells(chars, frames) is NotImplemented
    assert all(cell == [] for frame in frames for row in frame[6] for cell in row)
    assert compiled_chars_into_cells(chars, frames) == []  # then Python placed both
    assert [len(cell) for row in frames[0][6] for cell in row] == [1, 1]
