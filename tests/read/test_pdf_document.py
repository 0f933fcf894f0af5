"""The reader's own PDFium handles give what pypdfium2's helpers gave, without importing it.

pdf_calls declares PDFium's functions itself and pdf_document opens documents, pages and text
pages with them. Checked here against pypdfium2 on the same bytes: the declarations against
its generated bindings, page boxes and rotations, the error messages of files that do not
open, and a process that reads with juesuan, then with pypdfium2, then with juesuan again.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

import juesuan
from juesuan.read import pdf_calls
from juesuan.read.pdf_document import Document, PdfiumError
from pdf_bytes import pdf_file

#: Each page's own entries: MediaBox offset or inherited from /Pages, every /Rotate value.
PAGES = [
    "/MediaBox [0 0 300 400]",
    "/MediaBox [10 20 310 420] /Rotate 90",
    "/MediaBox [0 0 300 400] /Rotate 270",
    "/Rotate 180",  # the MediaBox of /Pages
    "/MediaBox [0 0 300 400] /Rotate -90",
    "/MediaBox [0 0 300 400] /Rotate 450",
]
TEXT = "Budget 2024 total 1234.50"


def small_pdf(pages: list[str] = PAGES) -> bytes:
    """A PDF written out by hand: one line of Helvetica text on each page."""
    stream = f"BT /F1 12 Tf 40 200 Td ({TEXT}) Tj ET".encode()
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} /MediaBox [0 0 200 250] >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, entries in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R {entries} /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return pdf_file(objects, version=b"1.7")


def pointer_or_type(ctype: object) -> object:
    """A declaration's type, every kind of pointer as one (pypdfium2 types its pointers)."""
    if ctype in (ctypes.c_void_p, ctypes.c_char_p) or (
        isinstance(ctype, type) and issubclass(ctype, (ctypes._Pointer, ctypes.c_void_p))
    ):
        return "pointer"
    return ctype


def test_declarations_match_pypdfium2s_bindings_of_the_same_library() -> None:
    assert len(pdf_calls.DECLARED) > 20 and pdf_calls.BARE
    declarations = [*pdf_calls.DECLARED.items(), *pdf_calls.BARE.items()]
    for name, ours in declarations:
        theirs = getattr(pdfium_c, name)
        assert address(ours) == address(theirs), name  # one library, loaded once
        assert pointer_or_type(ours.restype) == pointer_or_type(theirs.restype), name
    for name, ours in pdf_calls.DECLARED.items():  # the bare calls declare no argument types
        theirs = getattr(pdfium_c, name)
        assert list(map(pointer_or_type, ours.argtypes)) == list(
            map(pointer_or_type, theirs.argtypes)
        ), name


def address(function: object) -> int | None:
    return ctypes.cast(function, ctypes.c_void_p).value


def test_pages_have_pypdfium2s_boxes_rotations_and_text() -> None:
    data = small_pdf()
    theirs = pdfium.PdfDocument(data)
    with Document(data) as ours:
        assert len(ours) == len(theirs) == len(PAGES)
        rotations = []
        for index in range(len(ours)):
            page, their_page = ours.page(index), theirs[index]
            assert page.media_box() == their_page.get_mediabox()
            assert page.rotation() == their_page.get_rotation()
            rotations.append(page.rotation())
            with page.text_page() as text_page:
                assert pdf_calls.CountChars(text_page.handle) == len(TEXT)
            page.close()
            their_page.close()
    theirs.close()
    assert rotations == [0, 90, 270, 180, 270, 90]


def damaged_inputs() -> dict[str, bytes]:
    locked = pymupdf.open(stream=small_pdf(), filetype="pdf")
    encrypted = locked.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    return {
        "garbage": b"no pdf at all " * 50,
        "empty": b"",
        "header only": b"%PDF-1.7\n%%EOF\n",
        "encrypted": encrypted,
        "cut": small_pdf()[:300],
    }


@pytest.mark.parametrize("name", list(damaged_inputs()))
def test_a_file_that_does_not_open_fails_with_pypdfium2s_message(name: str) -> None:
    data = damaged_inputs()[name]
    with pytest.raises(pdfium.PdfiumError) as theirs:
        pdfium.PdfDocument(data)
    with pytest.raises(PdfiumError) as ours:
        Document(data)
    assert str(ours.value) == str(theirs.value)
    assert str(ours.value).startswith("Failed to load document (PDFium: ")


def test_a_missing_page_fails_as_in_pypdfium2_and_handles_close_once() -> None:
    document = Document(small_pdf())
    with pytest.raises(PdfiumError, match=r"^Failed to load page\.$"):
        document.page(len(PAGES))
    page = document.page(0)
    page.close()
    page.close()  # a second close does nothing
    assert page.handle == 0
    document.close()
    document.close()
    assert document.handle == 0


AFTER_PYPDFIUM2 = """
import sys
from juesuan.read.pdf import pdf_to_grid
path = sys.argv[1]
data = open(path, "rb").read()
first = repr(pdf_to_grid(path, data).lines)
print("imported before:", "pypdfium2" in sys.modules)
import pypdfium2 as pdfium
document = pdfium.PdfDocument(data)
page = document[1]
bitmap = page.render(scale=0.5)
textpage = page.get_textpage()
print("pypdfium2 text:", textpage.get_text_range())
print("pypdfium2 bitmap:", bitmap.width, bitmap.height)
textpage.close()
page.close()
print("juesuan again:", repr(pdf_to_grid(path, data).lines) == first, "Budget" in first)
document.close()
"""


def test_pypdfium2_imported_after_a_read_works_and_the_reader_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "small.pdf"
    path.write_bytes(small_pdf())
    source = str(Path(juesuan.__file__).resolve().parents[1])
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", AFTER_PYPDFIUM2, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "imported before: False",
        f"pypdfium2 text: {TEXT}",
        "pypdfium2 bitmap: 200 150",  # page 2: 300 × 400 turned by /Rotate 90, at half scale
        "juesuan again: True True",
    ]
