"""The compiled object scan, path points and graphics (read/_charloop.c) give exactly what
Python gives.

Both ways run on every page of every corpus PDF, of the damaged PDFs the character loop's
test makes, and of a hand-written PDF that draws paths, curves, images and text inside form
XObjects nested past the scan's depth: the same text objects, the same drawn objects in the
same order with the same matrices, the same subpaths and curve counts, the same ruling
segments and image cover in each of the four page views, floats equal to the bit (NaN gaps
included), and the same values left in the page's scratch. The reader takes the compiled
ways when they are built, and a whole read with the Python ways forced gives the same grid.
"""

from __future__ import annotations

import struct
import sys
import tracemalloc
from pathlib import Path

import pytest
from test_pdf_char_loop import CORPUS_PDFS, DAMAGED, PER_CHARACTER_OBJECTS, WORD_OBJECTS

from juesuan.read import file_to_grid, pdf_calls, pdf_chars
from juesuan.read.pdf_calls import Scratch
from juesuan.read.pdf_chars import (
    IDENTITY,
    Matrix,
    PageObjects,
    Segment,
    View,
    compiled_objects_to_graphics,
    compiled_path_to_points,
    compiled_scan_objects,
    python_objects_to_graphics,
    python_path_to_points,
    python_scan_objects,
)
from juesuan.read.pdf_document import Document
from pdf_bytes import pdf_file

needs_compiled = pytest.mark.skipif(
    None in (pdf_chars.scan_page, pdf_chars.path_points, pdf_chars.page_graphics),
    reason="the compiled loop is not built (no C compiler at install: pip install -e . builds it)",
)


def exactly(value: object) -> object:
    """The value with every float as its bits (0.0 is not -0.0, NaNs of other signs or
    payloads differ), an int never equal to a float, a list never equal to a tuple."""
    if isinstance(value, float):
        return ("float", struct.pack("<d", value).hex())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [exactly(item) for item in value])
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(value))
    if isinstance(value, Segment):
        return ("Segment", exactly((value.x0, value.top, value.x1, value.bottom)))
    return (type(value).__name__, value)


def scan_exactly(objects: PageObjects) -> object:
    return exactly(objects.text), exactly(objects.drawn)


def same_scratch(one: Scratch, other: Scratch) -> bool:
    arrays = ("floats", "doubles", "ints", "uints")
    return all(bytes(getattr(one, name)) == bytes(getattr(other, name)) for name in arrays)


def assert_scans_agree(data: bytes) -> tuple[int, int, int]:
    """Both scans, both ways to each path's points, and both ways to the graphics in each
    page view, on every page of the PDF, each from its own fresh scratch; the scratches
    compared after every step. Returns the counts of objects, of path points and of
    segments compared."""
    objects = points = segments = 0
    document = Document(data)
    try:
        for index in range(len(document)):
            page = document.page(index)
            try:
                python_scratch, compiled_scratch = Scratch(), Scratch()
                python = python_scan_objects(page.handle, python_scratch)
                compiled = compiled_scan_objects(page.handle, compiled_scratch)
                where = f"page {index + 1}"
                assert scan_exactly(compiled) == scan_exactly(python), where
                assert same_scratch(compiled_scratch, python_scratch), where
                objects += len(python.text) + len(python.drawn)
                for obj, kind, matrix in python.drawn:
                    if kind == pdf_calls.PATH:
                        points += assert_points_agree(
                            obj, matrix, python_scratch, compiled_scratch, where
                        )
                left, bottom, right, top = page.media_box()
                for rotation in (0, 90, 180, 270):
                    view = View(left, bottom, right - left, top - bottom, rotation)
                    graphics = python_objects_to_graphics(python, view, python_scratch)
                    same = compiled_objects_to_graphics(python, view, compiled_scratch)
                    assert exactly(same) == exactly(graphics), f"{where}, view {rotation}"
                    assert same_scratch(compiled_scratch, python_scratch), where
                    segments += len(graphics[0])
            finally:
                page.close()
    finally:
        document.close()
    return objects, points, segments


def assert_points_agree(
    obj: int, matrix: Matrix, python_scratch: Scratch, compiled_scratch: Scratch, where: str
) -> int:
    python = python_path_to_points(obj, matrix, python_scratch)
    compiled = compiled_path_to_points(obj, matrix, compiled_scratch)
    assert exactly(compiled) == exactly(python), f"{where}, path {obj:#x}"
    assert same_scratch(compiled_scratch, python_scratch), where
    return sum(len(subpath) for subpath in python[0])


@needs_compiled
@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.name)
def test_compiled_scan_finds_every_corpus_object_and_point_as_python(pdf: Path) -> None:
    objects, _points, _segments = assert_scans_agree(pdf.read_bytes())
    assert objects > 0


@needs_compiled
@pytest.mark.parametrize("name", DAMAGED)
def test_compiled_scan_agrees_on_damaged_pdfs(name: str) -> None:
    assert_scans_agree(DAMAGED[name]())


def form(content: bytes, matrix: str, resources: str = "") -> bytes:
    return b"<< /Type /XObject /Subtype /Form /BBox [-500 -500 1000 1000] /Matrix [%s] " % (
        matrix.encode()
    ) + b"/Resources << %s >> /Length %d >>\nstream\n%s\nendstream" % (
        resources.encode(),
        len(content),
        content,
    )


CHAIN = 10  # forms nested in each other, past the scan's depth of 8


def forms_pdf() -> bytes:
    """One page drawing lines, boxes (one white), a curve, an inline image and text, and the
    same in form XObjects: one drawn twice, turned and scaled, holding a second; and a chain
    of CHAIN forms, each drawing a line and the next form."""
    font = "/Font << /F1 3 0 R >>"
    page = (
        b"q 0.5 0 0 0.5 0 0 cm 0 0 m 100 0 l S Q 10 10 200 0.5 re f 1 1 1 rg 0 0 50 50 re f "
        b"0 g 5 5 m 30 40 50 60 70 5 c h S 3 3 m S BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI "
        b"BT /F1 12 Tf 40 200 Td (Budget) Tj ET /Fm1 Do q -1 0 0 1 300 0 cm /Fm1 Do Q /C0 Do"
    )
    outer = (
        b"0 0 m 0 100 l S 20 20 40 40 re S /Fm2 Do BI /W 1 /H 1 /CS /G /BPC 8 ID \x40 EI "
        b"BT /F1 9 Tf 5 5 Td (inside) Tj ET"
    )
    inner = b"0 0 m 50 0 l 50 50 l h S 10 10 m 20 30 40 50 60 70 c 80 90 l h f 1 2 3 4 re S"
    chain = [
        form(
            b"0 0 m 10 %d l S%s" % (k + 1, b" /C Do" if k + 1 < CHAIN else b""),
            "1.1 0.3 -0.2 0.9 3 -4",
            f"/XObject << /C {8 + k} 0 R >>" if k + 1 < CHAIN else "",
        )
        for k in range(CHAIN)
    ]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources "
        b"<< /Font << /F1 3 0 R >> /XObject << /Fm1 6 0 R /C0 8 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page),
        form(outer, "0.5 0 0 2 10 20", f"{font} /XObject << /Fm2 7 0 R >>"),
        form(inner, "0 1 -1 0 100 0.1"),
        *chain,
    ]
    return pdf_file(objects)


@needs_compiled
def test_compiled_scan_agrees_inside_nested_forms() -> None:
    data = forms_pdf()
    objects, points, segments = assert_scans_agree(data)
    document = Document(data)
    try:
        page = document.page(0)
        scanned = python_scan_objects(page.handle, Scratch())
        kinds = [kind for _obj, kind, _matrix in scanned.drawn]
        matrices = {matrix for _obj, _kind, matrix in scanned.drawn}
        curves = sum(python_path_to_points(obj, m, Scratch())[1] for obj, _k, m in scanned.drawn)
        page.close()
    finally:
        document.close()
    # 4 paths and an image on the page (a lone point is no path); 2 paths, 3 paths and an
    # image in each Fm1 drawn; the chain's forms at depth 0 to 7 opened, a path each
    assert kinds.count(pdf_calls.PATH) == 4 + 2 * (2 + 3) + 8
    assert kinds.count(pdf_calls.IMAGE) == 1 + 2
    assert len(matrices) >= 1 + 2 + 7  # the page's, Fm1's turned, the chain's nested
    assert len(scanned.text) == 1  # the text inside a form is not one of the page's own
    assert curves == 3 * 3  # a curve's two control points and end are three segments
    assert objects > 0 and points > 40 and segments > 4 * 15


@needs_compiled
def test_the_reader_takes_the_compiled_scan_when_built() -> None:
    assert pdf_chars.SCAN_OBJECTS is compiled_scan_objects
    assert pdf_chars.GRAPHICS is compiled_objects_to_graphics


@needs_compiled
@pytest.mark.parametrize("pdf", [PER_CHARACTER_OBJECTS, WORD_OBJECTS], ids=lambda p: p.name)
def test_a_whole_read_with_the_python_scan_gives_the_same_grid(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = file_to_grid(pdf)
    monkeypatch.setattr(pdf_chars, "SCAN_OBJECTS", python_scan_objects)
    monkeypatch.setattr(pdf_chars, "GRAPHICS", python_objects_to_graphics)
    python = file_to_grid(pdf)
    assert repr(python) == repr(compiled)
    assert python == compiled


def first_path(data: bytes) -> tuple[Document, int, Matrix]:
    """The document open (to be closed), a path of its first page in a form, its matrix."""
    document = Document(data)
    page = document.page(0)
    drawn = python_scan_objects(page.handle, Scratch()).drawn
    obj, _kind, matrix = next(d for d in drawn if d[1] == pdf_calls.PATH and d[2] != IDENTITY)
    return document, obj, matrix


@needs_compiled
def test_bad_arguments_fail_as_python_does_or_with_a_reason() -> None:
    assert pdf_chars.scan_page is not None and pdf_chars.path_points is not None
    document, obj, matrix = first_path(forms_pdf())
    scratch = Scratch()
    try:
        bad_matrix = (*matrix[:5], "x")
        with pytest.raises(TypeError):  # as the Python arithmetic on a str
            python_path_to_points(obj, bad_matrix, scratch)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            compiled_path_to_points(obj, bad_matrix, scratch)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            compiled_path_to_points(obj, matrix[:5], scratch)  # type: ignore[arg-type]
        calls = pdf_chars.OBJECT_CALLS
        with pytest.raises(TypeError, match="fourteen"):
            pdf_chars.path_points(calls[:10], obj, matrix, scratch.floats_address)
        with pytest.raises(ValueError, match="address is 0"):
            pdf_chars.path_points((0, *calls[1:]), obj, matrix, scratch.floats_address)
        with pytest.raises(ValueError, match="scratch"):
            pdf_chars.path_points(calls, obj, matrix, 0)
        with pytest.raises(OverflowError):
            pdf_chars.scan_page((-1, *calls[1:]), 0, IDENTITY, scratch.floats_address)
        with pytest.raises(TypeError):
            pdf_chars.scan_page(calls, 0, list(IDENTITY), scratch.floats_address)
        with pytest.raises(ValueError, match="scratch"):
            pdf_chars.scan_page(calls, 0, IDENTITY, 0)
        with pytest.raises(TypeError):
            pdf_chars.scan_page(*[None] * 4)
    finally:
        document.close()


def graphics_both_ways(
    objects: PageObjects, view: View, scratch: Scratch
) -> list[tuple[str, BaseException]]:
    """The error each way to the graphics raises, by name of the way."""
    errors = []
    for way in (python_objects_to_graphics, compiled_objects_to_graphics):
        with pytest.raises(Exception) as raised:
            way(objects, view, scratch)
        errors.append((way.__name__, raised.value))
    return errors


@needs_compiled
def test_errors_in_the_graphics_propagate_as_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document(forms_pdf())
    page = document.page(0)
    scratch = Scratch()
    try:
        objects = python_scan_objects(page.handle, scratch)
        empty_page = View(0.0, 0.0, 0.0, 595.0, 0)  # an image's share of no area
        for _way, error in graphics_both_ways(objects, empty_page, scratch):
            assert type(error) is ZeroDivisionError

        def no_cover(obj: int, matrix: Matrix, scratch: Scratch) -> float:
            raise LookupError(f"no cover for {obj}")

        monkeypatch.setattr(pdf_chars, "image_cover", no_cover)
        view = View(0.0, 0.0, 595.0, 842.0, 0)
        for _way, error in graphics_both_ways(objects, view, scratch):
            assert type(error) is LookupError and "no cover" in str(error)
        monkeypatch.undo()
        bad_matrix = PageObjects(set(), [(o, k, (*m[:5], "x")) for o, k, m in objects.drawn])
        for _way, error in graphics_both_ways(bad_matrix, view, scratch):  # type: ignore[arg-type]
            assert type(error) is TypeError
        assert pdf_chars.page_graphics is not None
        with pytest.raises(TypeError, match="object, kind, matrix"):
            pdf_chars.page_graphics(
                pdf_chars.OBJECT_CALLS,
                [(1, 2)],  # type: ignore[list-item]
                (0.0, 0.0, 1.0, 1.0, 0),
                pdf_chars.THIN,
                Segment,
                lambda obj, matrix: 0.0,
                scratch.floats_address,
                scratch.ints_at[0],
                scratch.uints_at[0],
            )
    finally:
        page.close()
        document.close()


@needs_compiled
def test_the_compiled_scan_keeps_no_reference_it_does_not_hand_out() -> None:
    """The matrices given return to their reference counts once the results are dropped, and
    many runs hold no more memory than one (a leak would show)."""
    data = forms_pdf()
    document, obj, matrix = first_path(data)
    page = document.page(0)
    scratch = Scratch()
    identity_count, matrix_count = sys.getrefcount(IDENTITY), sys.getrefcount(matrix)

    view = View(0.0, 0.0, 595.0, 842.0, 0)

    def run() -> None:
        objects = compiled_scan_objects(page.handle, scratch)
        assert len(objects.drawn) > 20
        subpaths, curves = compiled_path_to_points(obj, matrix, scratch)
        assert subpaths and curves >= 0
        segments, image_area, curves = compiled_objects_to_graphics(objects, view, scratch)
        assert segments and image_area > 0 and curves > 0

    tracemalloc.start()
    try:
        run()
        after_one = tracemalloc.get_traced_memory()[0]
        for _ in range(200):
            run()
        after_many = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        page.close()
        document.close()
    assert sys.getrefcount(IDENTITY) == identity_count
    assert sys.getrefcount(matrix) == matrix_count
    assert after_many - after_one < 5_000  # a run's objects are ~10 kB
