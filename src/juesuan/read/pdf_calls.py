"""PDFium's C functions, declared here from its public headers, taking pointers as plain ints.

The library is the one the pypdfium2 wheel ships (``pypdfium2_raw/libpdfium.so``), loaded
without importing pypdfium2: its package builds ctypes bindings of PDFium's whole API and
imports ``logging`` (~0.1 s a process), where the reader calls some forty functions. Each is
declared as in fpdfview.h, fpdf_text.h, fpdf_edit.h and fpdf_transformpage.h, with every
pointer ``void *``: ctypes then passes an int through (pypdfium2's typed pointers cost a
check and a conversion per call, and the reader makes a few calls per character). Output
parameters go into small ctypes arrays made once (``Scratch``), passed by address.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from typing import Any

PTR = ctypes.c_void_p  # every handle (FPDF_DOCUMENT, FPDF_PAGE, …) and every out-parameter
INT = ctypes.c_int  # int and FPDF_BOOL


def library_file() -> str:
    """libpdfium as pypdfium2_raw ships it, found as an import would find the package, but
    without running it (the package imports pypdfium2's bindings)."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise ImportError("PDFium not found: the package pypdfium2 (pypdfium2_raw) is missing")
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    return os.path.join(folders[0], name)


LIBRARY = ctypes.CDLL(library_file())
#: C name → its declaration here (typed, and bare), for the test against pypdfium2's bindings
DECLARED: dict[str, Any] = {}
BARE: dict[str, Any] = {}


def _declare(name: str, restype: Any, *argtypes: Any) -> Any:
    function = DECLARED[name] = ctypes.CFUNCTYPE(restype, *argtypes)((name, LIBRARY))
    return function


class LibraryConfig(ctypes.Structure):
    """FPDF_LIBRARY_CONFIG (fpdfview.h) as far as version 2: PDFium reads no further."""

    _fields_ = (
        ("version", INT),
        ("m_pUserFontPaths", PTR),
        ("m_pIsolate", PTR),
        ("m_v8EmbedderSlot", ctypes.c_uint),
    )


def initialise() -> None:
    """Start PDFium with a version-2 config, as pypdfium2 does. PDFium ignores a second start,
    so pypdfium2 imported in the same process (the web pages render with it) shares this one.
    Never destroyed: the process's end frees it, and a pypdfium2 may still hold documents."""
    start = _declare("FPDF_InitLibraryWithConfig", None, ctypes.POINTER(LibraryConfig))
    start(LibraryConfig(version=2))


initialise()


class Handle(ctypes.c_void_p):
    """A PDFium pointer kept as a ctypes object (ctypes turns a ``c_void_p`` result into an
    int, never a subclass of it), to be passed on to bare calls as it is."""


# fpdfview.h: documents and pages
LoadMemDocument = _declare("FPDF_LoadMemDocument64", PTR, PTR, ctypes.c_size_t, ctypes.c_char_p)
GetLastError = _declare("FPDF_GetLastError", ctypes.c_ulong)
GetPageCount = _declare("FPDF_GetPageCount", INT, PTR)
CloseDocument = _declare("FPDF_CloseDocument", None, PTR)
LoadPage = _declare("FPDF_LoadPage", PTR, PTR, INT)
ClosePage = _declare("FPDF_ClosePage", None, PTR)
# fpdf_transformpage.h: the page's box; a page object's clip
GetMediaBox = _declare("FPDFPage_GetMediaBox", INT, PTR, PTR, PTR, PTR, PTR)
# a text object (an int) → its clip, kept as a ctypes object for the bare clip calls
ObjectClip = _declare("FPDFPageObj_GetClipPath", Handle, PTR)
ClipCountPaths = _declare("FPDFClipPath_CountPaths", INT, PTR)
ClipCountSegments = _declare("FPDFClipPath_CountPathSegments", INT, PTR, INT)
ClipGetSegment = _declare("FPDFClipPath_GetPathSegment", PTR, PTR, INT, INT)
# fpdf_text.h: the text page and its characters
TextLoadPage = _declare("FPDFText_LoadPage", PTR, PTR)
TextClosePage = _declare("FPDFText_ClosePage", None, PTR)
CountChars = _declare("FPDFText_CountChars", INT, PTR)
GetText = _declare("FPDFText_GetText", INT, PTR, INT, INT, PTR)
GetUnicode = _declare("FPDFText_GetUnicode", ctypes.c_uint, PTR, INT)
# fpdf_edit.h: page objects, paths and their segments
GetRotation = _declare("FPDFPage_GetRotation", INT, PTR)
CountObjects = _declare("FPDFPage_CountObjects", INT, PTR)
FormCountObjects = _declare("FPDFFormObj_CountObjects", INT, PTR)
FormGetObject = _declare("FPDFFormObj_GetObject", PTR, PTR, ctypes.c_ulong)
GetType = _declare("FPDFPageObj_GetType", INT, PTR)
GetBounds = _declare("FPDFPageObj_GetBounds", INT, PTR, PTR, PTR, PTR, PTR)
GetObjectMatrix = _declare("FPDFPageObj_GetMatrix", INT, PTR, PTR)
PathCountSegments = _declare("FPDFPath_CountSegments", INT, PTR)
PathGetDrawMode = _declare("FPDFPath_GetDrawMode", INT, PTR, PTR, PTR)
SegmentGetPoint = _declare("FPDFPathSegment_GetPoint", INT, PTR, PTR, PTR)
GetFillColor = _declare("FPDFPageObj_GetFillColor", INT, PTR, PTR, PTR, PTR, PTR)
GetStrokeColor = _declare("FPDFPageObj_GetStrokeColor", INT, PTR, PTR, PTR, PTR, PTR)


def _bare(name: str, restype: Any) -> Any:
    """PDFium's ``name`` with no argument types declared: ctypes then converts nothing, and a
    call takes about a third less time. Only for the calls made per character: every pointer
    passed must be a ctypes object (``c_void_p`` or an array), every number a Python int."""
    function = BARE[name] = ctypes.CFUNCTYPE(restype)((name, LIBRARY))
    return function


CharMapError = _bare("FPDFText_HasUnicodeMapError", INT)
CharTextObject = _bare("FPDFText_GetTextObject", PTR)
CharMatrix = _bare("FPDFText_GetMatrix", INT)
CharFontSize = _bare("FPDFText_GetFontSize", ctypes.c_double)
CharLooseBox = _bare("FPDFText_GetLooseCharBox", INT)
CharOrigin = _bare("FPDFText_GetCharOrigin", INT)
PageObject = _bare("FPDFPage_GetObject", Handle)
ObjectType = _bare("FPDFPageObj_GetType", INT)
PathSegment = _bare("FPDFPath_GetPathSegment", Handle)
SegmentType = _bare("FPDFPathSegment_GetType", INT)
SegmentPoint = _bare("FPDFPathSegment_GetPoint", INT)
SegmentClose = _bare("FPDFPathSegment_GetClose", INT)
ClipPaths = _bare("FPDFClipPath_CountPaths", INT)
ClipPathStart = _bare("FPDFClipPath_GetPathSegment", PTR)  # an int: a clip's name


def addresses(*functions: Any) -> tuple[int, ...]:
    """The functions' addresses in the library, in order: what the compiled loops
    (read/_charloop.c) call instead of going through ctypes."""
    return tuple(ctypes.cast(function, ctypes.c_void_p).value or 0 for function in functions)


# page object types and path segment types (fpdf_edit.h)
TEXT, PATH, IMAGE, FORM = 1, 2, 3, 5
BEZIERTO, MOVETO = 1, 2


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
