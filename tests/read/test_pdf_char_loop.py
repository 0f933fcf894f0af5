"""The compiled loops (read/_charloop.c) give exactly what the Python loops give.

Both loops run on every page of every corpus PDF and of the damaged and hand-written PDFs the
other reader tests make, in both ways of asking for size and direction (by text object, by
character), from the same scratch state: the same characters, floats equal to the bit, the
same count of characters without a Unicode value; and the same characters placed on the
upright page. The reader takes the compiled loops when they are built (``pip install -e .``
builds them), and a whole read with the Python loops forced gives the same grid.
"""

from __future__ import annotations

import math
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from test_pdf_document import small_pdf
from test_pdf_unreadable import image_page, join_pages, one_page

from juesuan.read import file_to_grid, pdf_chars
from juesuan.read.pdf_calls import Scratch
from juesuan.read.pdf_chars import (
    CharLoop,
    PlacedChar,
    View,
    compiled_char_loop,
    compiled_upright_chars,
    inner_box,
    page_to_placed_chars,
    python_char_loop,
    python_upright_chars,
    scan_objects,
)
from juesuan.read.pdf_document import Document, Page

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CORPUS_PDFS = sorted((CORPUS / "final").glob("*.pdf")) + sorted((CORPUS / "budget").rglob("*.pdf"))
PER_CHARACTER_OBJECTS = CORPUS / "budget" / "putuo_wanli_jiedao_2023_budget_with_performance.pdf"
WORD_OBJECTS = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"

needs_compiled = pytest.mark.skipif(
    pdf_chars.place_chars is None,
    reason="the compiled loop is not built (no C compiler at install: pip install -e . builds it)",
)


def exactly(result: tuple[list[PlacedChar], int]) -> tuple[list[tuple[str, ...]], int]:
    """The loop's result with every value as its repr: floats compared to the bit (0.0 is not
    -0.0, NaN equals NaN), an int never equal to a float."""
    placed, bad = result
    return [tuple(repr(value) for value in char) for char in placed], bad


def placed_by(
    loop: CharLoop, page: Page, by_object: bool, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[str, ...]], int]:
    """One page read by ``loop`` from a fresh scratch, as the reader reads it (the object scan
    leaves its values in the scratch first)."""
    scratch = Scratch()
    objects = scan_objects(page.handle, scratch)
    monkeypatch.setattr(pdf_chars, "CHAR_LOOP", loop)
    inner = inner_box(page.media_box())
    return exactly(page_to_placed_chars(page, objects.text, inner, scratch, by_object))


def assert_loops_agree(data: bytes, monkeypatch: pytest.MonkeyPatch) -> int:
    """Both loops on every page of the PDF, both ways; the characters compared."""
    document = Document(data)
    compared = 0
    try:
        for index in range(len(document)):
            page = document.page(index)
            try:
                for by_object in (True, False):
                    python = placed_by(python_char_loop, page, by_object, monkeypatch)
                    compiled = placed_by(compiled_char_loop, page, by_object, monkeypatch)
                    assert compiled == python, f"page {index + 1}, by_object={by_object}"
                    compared += len(python[0])
                assert_upright_chars_agree(page, monkeypatch)
            finally:
                page.close()
    finally:
        document.close()
    return compared


def assert_upright_chars_agree(page: Page, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's characters placed on it upright (whatever its text's direction) by both
    ways: the same Chars, floats to the bit."""
    scratch = Scratch()
    objects = scan_objects(page.handle, scratch)
    left, bottom, right, top = page.media_box()
    monkeypatch.setattr(pdf_chars, "CHAR_LOOP", compiled_char_loop)
    placed, _ = page_to_placed_chars(page, objects.text, inner_box(page.media_box()), scratch)
    view = View(left, bottom, right - left, top - bottom, 0)
    python = python_upright_chars(placed, view)
    assert repr(compiled_upright_chars(placed, view)) == repr(python)


@needs_compiled
@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.name)
def test_compiled_loop_places_every_corpus_character_as_python(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assert_loops_agree(pdf.read_bytes(), monkeypatch) > 0


DAMAGED: dict[str, Callable[[], bytes]] = {
    # every character without a Unicode value: map errors counted, U+FFFD placed
    "no unicode map": lambda: join_pages(one_page(6), one_page(8, strip_tounicode=True)),
    "scanned": lambda: join_pages(image_page(8), one_page(7)),
    "rotated and offset media boxes": small_pdf,
}


@needs_compiled
@pytest.mark.parametrize("name", DAMAGED)
def test_compiled_loop_agrees_on_damaged_and_hand_written_pdfs(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_loops_agree(DAMAGED[name](), monkeypatch)


@needs_compiled
def test_unicode_map_errors_are_counted_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    data = one_page(8, strip_tounicode=True)
    document = Document(data)
    try:
        page = document.page(0)
        python = placed_by(python_char_loop, page, False, monkeypatch)
        compiled = placed_by(compiled_char_loop, page, False, monkeypatch)
        page.close()
    finally:
        document.close()
    assert compiled == python
    assert python[1] > 0  # the page's characters have no Unicode value: the count was tested


@needs_compiled
def test_upright_chars_agree_on_and_off_the_page() -> None:
    """Characters all over and beyond a media box at (10, 20), NaN and -0.0 among them."""
    placed: list[PlacedChar] = [
        ("字", x, y, x + 9.5, y + 10.25, x, y + 1.5, 10.0, 0)
        for x in (-60.0, -0.0, 15.0, 300.0, 605.0, 640.0, math.nan)
        for y in (-50.0, 25.0, 400.0, 815.0, 850.0, math.inf)
    ]
    view = View(10.0, 20.0, 600.0, 800.0, 0)
    python = python_upright_chars(placed, view)
    assert 0 < len(python) < len(placed)
    assert repr(compiled_upright_chars(placed, view)) == repr(python)
    with pytest.raises(TypeError):
        compiled_upright_chars([("字", 1.0)], view)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        compiled_upright_chars([("字", *["1"] * 8)], view)  # type: ignore[list-item]


@needs_compiled
def test_the_reader_takes_the_compiled_loops_when_built() -> None:
    assert pdf_chars.CHAR_LOOP is compiled_char_loop
    assert pdf_chars.UPRIGHT_CHARS is compiled_upright_chars


@needs_compiled
@pytest.mark.parametrize("pdf", [PER_CHARACTER_OBJECTS, WORD_OBJECTS], ids=lambda p: p.name)
def test_a_whole_read_with_the_python_loop_gives_the_same_grid(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = file_to_grid(pdf)
    monkeypatch.setattr(pdf_chars, "CHAR_LOOP", python_char_loop)
    monkeypatch.setattr(pdf_chars, "UPRIGHT_CHARS", python_upright_chars)
    python = file_to_grid(pdf)
    assert repr(python) == repr(compiled)
    assert python == compiled


def table_page_loop(
    clip_box: Callable[[int], object],
    code_text: Callable[[int], str] = pdf_chars.code_text,
    text_of: dict[int, str] | None = None,
) -> tuple[list[PlacedChar], int]:
    """The compiled loop on a table page of WORD_OBJECTS with a zero inner box (every character
    is tested against its clip) and the given clip_box (a clip's address → its box), code_text
    and text table (a new one: code_text is asked for every code point)."""
    assert pdf_chars.place_chars is not None
    document = Document(WORD_OBJECTS.read_bytes())
    try:
        page = document.page(5)  # T01: some 450 characters
        scratch = Scratch()
        top_level = scan_objects(page.handle, scratch).text
        textpage = page.text_page()
        try:
            count = pdf_chars.pdf_calls.CountChars(textpage.handle)
            codes = pdf_chars.page_codes(textpage.handle, count)
            assert codes
            return pdf_chars.place_chars(
                pdf_chars.CHAR_CALLS,
                textpage.handle,
                codes,
                pdf_chars.WHITESPACE,
                {} if text_of is None else text_of,
                code_text,
                (0.0, 0.0, 0.0, 0.0),
                {},
                pdf_chars.size_and_angle,
                {},
                False,
                top_level,
                {},
                {},
                clip_box,  # type: ignore[arg-type]
                scratch.floats_address,
                scratch.doubles_at[0],
            )
        finally:
            textpage.close()
            page.close()
    finally:
        document.close()


@needs_compiled
def test_errors_in_the_python_calls_propagate() -> None:
    def failing_clip(clip: int) -> None:
        raise LookupError(f"no box for clip {clip}")

    def failing_text(code: int) -> str:
        raise UnicodeError(f"no text for {code}")

    with pytest.raises(LookupError, match="no box"):
        table_page_loop(failing_clip)
    with pytest.raises(UnicodeError, match="no text"):
        table_page_loop(lambda clip: None, failing_text)
    with pytest.raises(IndexError):  # as clip[2] in Python
        table_page_loop(lambda clip: (0.0, 0.0))  # a clip of two numbers
    with pytest.raises(TypeError):
        pdf_chars.place_chars(*[None] * 17)  # type: ignore[arg-type]


@needs_compiled
def test_the_compiled_loop_keeps_no_reference_it_does_not_hand_out() -> None:
    """Objects the loop is given or hands out return to their reference counts once the
    result is dropped, and many runs hold no more memory than one (a leak would show)."""
    everywhere = (-1e9, -1e9, 1e9, 1e9)  # a clip hiding nothing: every character kept
    text_of: dict[int, str] = {}
    table_page_loop(lambda clip: everywhere, text_of=text_of)  # fills the text table
    counts = {code: sys.getrefcount(text) for code, text in text_of.items()}
    clip_count = sys.getrefcount(everywhere)
    tracemalloc.start()
    try:
        table_page_loop(lambda clip: everywhere, text_of=text_of)
        after_one = tracemalloc.get_traced_memory()[0]
        for _ in range(20):
            placed, _bad = table_page_loop(lambda clip: everywhere, text_of=text_of)
            assert len(placed) > 400
            del placed
        after_many = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert sys.getrefcount(everywhere) == clip_count
    assert {code: sys.getrefcount(text) for code, text in text_of.items()} == counts
    assert after_many - after_one < 20_000  # a page's characters are ~100 kB
