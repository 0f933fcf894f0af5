"""A PDF opened in PDFium, its pages and their text pages: thin handles over pdf_calls.

They stand in for pypdfium2's PdfDocument, PdfPage and PdfTextPage (importing pypdfium2 costs
~0.1 s a process) and give what those gave: the same calls in the same order, the same
fallbacks, and the same error messages, which a damaged page's finding prints. Every handle
is closed by its ``close`` (or its ``with`` block), never by the garbage collector.
"""

from __future__ import annotations

import ctypes
from types import TracebackType

from juesuan.read import pdf_calls as calls

#: FPDF_GetLastError's codes (fpdfview.h), worded as pypdfium2 words them.
ERROR_TEXTS = {
    0: "Success",
    1: "Unknown error",
    2: "File access error",
    3: "Data format error",
    4: "Incorrect password error",
    5: "Unsupported security scheme error",
    6: "Page not found or content error",
}

#: pypdfium2's MediaBox when a page has none of its own (US Letter).
LETTER = (0, 0, 612, 792)


class PdfiumError(RuntimeError):
    """A PDFium call failed. Named as pypdfium2's error: a page that cannot be read is reported
    with the error's class name and message ("PdfiumError: Failed to load page.")."""


class Closing:
    """A PDFium handle (an address; 0 once closed) closed by ``close`` or a ``with`` block."""

    handle: int

    def close(self) -> None:
        if self.handle:
            self._release(self.handle)
            self.handle = 0

    def _release(self, handle: int) -> None:
        raise NotImplementedError

    def __enter__(self) -> Closing:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class Document(Closing):
    """A PDF opened from bytes, which are kept: PDFium reads them in place while it is open."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        handle = calls.LoadMemDocument(data, len(data), None) or 0
        if calls.GetPageCount(handle) < 1:  # also a failed load: no document has no pages
            code = calls.GetLastError()
            if handle:
                calls.CloseDocument(handle)
            text = ERROR_TEXTS.get(code, f"Unhandled constant {code}")
            raise PdfiumError(f"Failed to load document (PDFium: {text}).")
        self.handle = handle

    def __len__(self) -> int:
        return calls.GetPageCount(self.handle)

    def page(self, index: int) -> Page:
        handle = calls.LoadPage(self.handle, index)
        if not handle:
            raise PdfiumError("Failed to load page.")
        return Page(handle)

    def _release(self, handle: int) -> None:
        calls.CloseDocument(handle)


class Page(Closing):
    def __init__(self, handle: int) -> None:
        self.handle = handle

    def media_box(self) -> tuple[float, float, float, float]:
        """left, bottom, right, top in PDF units; US Letter where the page names none."""
        box = (ctypes.c_float * 4)()
        at = ctypes.addressof(box)
        if not calls.GetMediaBox(self.handle, at, at + 4, at + 8, at + 12):
            return LETTER
        return box[0], box[1], box[2], box[3]

    def rotation(self) -> int:
        """The page's /Rotate in degrees clockwise: 0, 90, 180 or 270."""
        quarters = calls.GetRotation(self.handle)
        if quarters == -1:
            raise PdfiumError("Failed to get page rotation.")
        return 90 * quarters

    def text_page(self) -> TextPage:
        handle = calls.TextLoadPage(self.handle)
        if not handle:
            raise PdfiumError("Failed to load text page.")
        return TextPage(handle)

    def _release(self, handle: int) -> None:
        calls.ClosePage(handle)


class TextPage(Closing):
    def __init__(self, handle: int) -> None:
        self.handle = handle

    def _release(self, handle: int) -> None:
        calls.TextClosePage(handle)
