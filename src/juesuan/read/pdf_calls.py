"""PDFium's C functions as pypdfium2 binds them, but taking and giving pointers as plain ints.

pypdfium2's bindings check and convert a typed pointer on every call; the page reader makes
tens of thousands of calls per document (a few per character), where that conversion and the
``byref`` wrappers cost more than PDFium's work. The same C functions, with every pointer
argument and result declared ``void *``, take about half the time per call. Output
parameters go into small ctypes arrays made once (``Scratch``), passed by address.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


def address(pointer: Any) -> int:
    """The address a pypdfium2 handle (a typed ctypes pointer) points to; 0 for NULL."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


def _plain(ctype: Any) -> Any:
    if ctype is not None and issubclass(ctype, ctypes._Pointer):
        return ctypes.c_void_p
    return ctype


def _fast(name: str) -> Any:
    """PDFium's ``name`` with pointer arguments and result as ints."""
    typed = getattr(pdfium_c, name)
    prototype = ctypes.CFUNCTYPE(_plain(typed.restype), *map(_plain, typed.argtypes))
    return prototype(address(typed))


CountChars = _fast("FPDFText_CountChars")
GetUnicode = _fast("FPDFText_GetUnicode")
HasUnicodeMapError = _fast("FPDFText_HasUnicodeMapError")
GetLooseCharBox = _fast("FPDFText_GetLooseCharBox")
GetCharOrigin = _fast("FPDFText_GetCharOrigin")
GetTextObject = _fast("FPDFText_GetTextObject")
GetFontSize = _fast("FPDFText_GetFontSize")
GetMatrix = _fast("FPDFText_GetMatrix")
CountObjects = _fast("FPDFPage_CountObjects")
GetObject = _fast("FPDFPage_GetObject")
FormCountObjects = _fast("FPDFFormObj_CountObjects")
FormGetObject = _fast("FPDFFormObj_GetObject")
GetType = _fast("FPDFPageObj_GetType")
GetBounds = _fast("FPDFPageObj_GetBounds")
GetObjectMatrix = _fast("FPDFPageObj_GetMatrix")
GetClipPath = _fast("FPDFPageObj_GetClipPath")
ClipCountPaths = _fast("FPDFClipPath_CountPaths")
ClipCountSegments = _fast("FPDFClipPath_CountPathSegments")
ClipGetSegment = _fast("FPDFClipPath_GetPathSegment")
PathCountSegments = _fast("FPDFPath_CountSegments")
PathGetSegment = _fast("FPDFPath_GetPathSegment")
PathGetDrawMode = _fast("FPDFPath_GetDrawMode")
SegmentGetPoint = _fast("FPDFPathSegment_GetPoint")
SegmentGetType = _fast("FPDFPathSegment_GetType")
SegmentGetClose = _fast("FPDFPathSegment_GetClose")
GetFillColor = _fast("FPDFPageObj_GetFillColor")
GetStrokeColor = _fast("FPDFPageObj_GetStrokeColor")


def _bare(name: str, restype: Any) -> Any:
    """PDFium's ``name`` with no argument types declared: ctypes then converts nothing, and a
    call takes about a third less time. Only for the calls made per character: every pointer
    passed must be a ctypes object (``c_void_p`` or an array), every number a Python int."""
    return ctypes.CFUNCTYPE(restype)(address(getattr(pdfium_c, name)))


class Handle(ctypes.c_void_p):
    """A PDFium pointer kept as a ctypes object (ctypes turns a ``c_void_p`` result into an
    int, never a subclass of it), to be passed on to bare calls as it is."""


CharMapError = _bare("FPDFText_HasUnicodeMapError", ctypes.c_int)
CharTextObject = _bare("FPDFText_GetTextObject", ctypes.c_void_p)
CharMatrix = _bare("FPDFText_GetMatrix", ctypes.c_int)
CharFontSize = _bare("FPDFText_GetFontSize", ctypes.c_double)
CharLooseBox = _bare("FPDFText_GetLooseCharBox", ctypes.c_int)
CharOrigin = _bare("FPDFText_GetCharOrigin", ctypes.c_int)
PageObject = _bare("FPDFPage_GetObject", Handle)
ObjectType = _bare("FPDFPageObj_GetType", ctypes.c_int)
PathSegment = _bare("FPDFPath_GetPathSegment", Handle)
SegmentType = _bare("FPDFPathSegment_GetType", ctypes.c_int)
SegmentPoint = _bare("FPDFPathSegment_GetPoint", ctypes.c_int)
SegmentClose = _bare("FPDFPathSegment_GetClose", ctypes.c_int)
ObjectClip = _bare("FPDFPageObj_GetClipPath", Handle)
ClipPaths = _bare("FPDFClipPath_CountPaths", ctypes.c_int)
ClipPathStart = _bare("FPDFClipPath_GetPathSegment", ctypes.c_void_p)  # an int: a clip's name

TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
PATH = pdfium_c.FPDF_PAGEOBJ_PATH
IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
FORM = pdfium_c.FPDF_PAGEOBJ_FORM
MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO


class Scratch:
    """Output parameters, made once per page and read after each call."""

    def __init__(self) -> None:
        self.floats = (ctypes.c_float * 6)()  # a box (4) or a matrix (6)
        self.doubles = (ctypes.c_double * 2)()
        self.uints = (ctypes.c_uint * 4)()
        self.ints = (ctypes.c_int * 2)()
        base = ctypes.addressof(self.floats)
        self.float_at = [base + 4 * i for i in range(6)]
        self.floats_address = base
        self.doubles_at = [ctypes.addressof(self.doubles) + 8 * i for i in range(2)]
        self.uints_at = [ctypes.addressof(self.uints) + 4 * i for i in range(4)]
        self.ints_at = [ctypes.addressof(self.ints) + 4 * i for i in range(2)]
