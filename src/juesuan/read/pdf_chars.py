"""Characters and ruling segments of one PDF page, read with pypdfium2 (Apache-2.0/BSD).

Coordinates are those of the page as a reader sees it: origin top-left, y growing down,
/Rotate applied — or, where most of the text runs sideways or upside down without /Rotate
(a landscape table printed on a portrait page), the turn that sets that text upright. Text
is taken character by character with its box and baseline, never in content-stream order:
these PDFs set digits in another font after the Chinese text, so the stream order puts
"2336.91" at the end of its line. Characters not shown (off the page, clipped away, slanted
watermarks) are left out; characters without a Unicode value are counted.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(slots=True)
class Char:
    """One character: its box across, its baseline (top-down) and font size.

    The baseline, not the glyph box, places a character on its line: digits set in Times New
    Roman and Chinese set in FangSong share a baseline but not a box.
    """

    text: str
    x0: float
    x1: float
    base: float
    size: float

    @property
    def mid_y(self) -> float:
        """The visual middle of a CJK glyph on this baseline."""
        return self.base - 0.35 * self.size

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Segment:
    """An axis-aligned ruling, top-down: horizontal when ``top == bottom``, else vertical."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.top == self.bottom


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    chars: list[Char]
    bad_chars: int  # characters without a usable Unicode value
    segments: list[Segment]
    image_area: float  # share of the page covered by images (0..1, overlaps counted twice)
    curve_segments: int  # Bézier segments: text drawn as outlines shows up here


#: Kangxi radicals and CJK compatibility ideographs that some PDF producers map glyphs to
#: ("⼀般公共预算") stand for the ordinary ideograph; other compatibility forms stay as printed
#: (full-width brackets and colons are part of the labels).
COMPATIBILITY_FORMS = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in [*range(0x2F00, 0x2FD6), *range(0x2E80, 0x2EF4), *range(0xF900, 0xFADA)]
    if len(unicodedata.normalize("NFKC", chr(code))) == 1
    and unicodedata.normalize("NFKC", chr(code)) != chr(code)
}


#: Characters that carry no text: replacement, private use, controls.
def is_bad_codepoint(code: int) -> bool:
    return code == 0xFFFD or 0xE000 <= code <= 0xF8FF or code < 0x20 or code >= 0xF0000


Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class View:
    """Maps PDF user space to the page as displayed: origin top-left, y down, /Rotate applied."""

    left: float
    bottom: float
    width: float  # of the media box, unrotated
    height: float
    rotation: int  # 0, 90, 180, 270 (clockwise, as /Rotate)

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, y - self.bottom
        if self.rotation == 90:
            return v, u
        if self.rotation == 180:
            return self.width - u, v
        if self.rotation == 270:
            return self.height - v, self.width - u
        return u, self.height - v

    @property
    def size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height


def page_to_content(page: pdfium.PdfPage, number: int) -> PageContent:
    left, bottom, right, top = page.get_mediabox()
    placed, bad = page_to_placed_chars(page)
    rotation = upright_rotation(placed, page.get_rotation() % 360)
    view = View(left, bottom, right - left, top - bottom, rotation)
    width, height = view.size
    chars = [c for c in (placed_to_char(p, view) for p in placed) if is_on_page(c, width, height)]
    segments, image_area, curves = page_to_graphics(page, view)
    return PageContent(number, width, height, chars, bad, segments, image_area, curves)


@dataclass(slots=True)
class PlacedChar:
    """A character as PDFium places it, in user space (before the page view)."""

    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top
    origin: tuple[float, float]
    size: float
    angle: int  # writing direction in degrees, counter-clockwise, rounded to 90


def page_to_placed_chars(page: pdfium.PdfPage) -> tuple[list[PlacedChar], int]:
    textpage = page.get_textpage()
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    origin_x_ref, origin_y_ref = ctypes.byref(origin_x), ctypes.byref(origin_y)
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    chars: list[PlacedChar] = []
    clipped = clipped_text_objects(page)
    bad = 0
    try:
        count = pdfium_c.FPDFText_CountChars(raw)
        codes = page_codes(raw, count)
        for index in range(count):
            # spaces and line ends (also those PDFium generates) carry no text: positions do
            code = codes[index] if codes else pdfium_c.FPDFText_GetUnicode(raw, index)
            if code in WHITESPACE:
                continue
            if is_bad_codepoint(code) or pdfium_c.FPDFText_HasUnicodeMapError(raw, index):
                bad += 1
                text = "\ufffd"
            else:
                text = chr(code) if code not in COMPATIBILITY_FORMS else COMPATIBILITY_FORMS[code]
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect_ref)
            pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x_ref, origin_y_ref)
            pdfium_c.FPDFText_GetMatrix(raw, index, matrix_ref)
            # the nominal size ignores the text matrix (209 pt drawn at 0.05 scale): apply it
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
            size = pdfium_c.FPDFText_GetFontSize(raw, index) * scale or (rect.top - rect.bottom)
            degrees = math.degrees(pdfium_c.FPDFText_GetCharAngle(raw, index))
            angle = round(degrees / 90) * 90 % 360
            if abs(degrees % 90 - 45) < 43:
                continue  # slanted text is a watermark or a stamp, not part of the layout
            box = (rect.left, rect.bottom, rect.right, rect.top)
            if clipped and is_clipped_away(raw, index, box, clipped):
                continue  # not shown on the page (a word processor's overflow)
            chars.append(PlacedChar(text, box, (origin_x.value, origin_y.value), size, angle))
    finally:
        textpage.close()
    return chars, bad


Box = tuple[float, float, float, float]  # left, bottom, right, top


def clipped_text_objects(page: pdfium.PdfPage) -> dict[int, Box]:
    """Text objects (by address) that their clip path cuts, with the box they are clipped to.

    Word processors clip a page's overflow at its margins, so only text reaching into the
    outer fifth of the page (or beyond it) is looked at; usually none is clipped."""
    out: dict[int, Box] = {}
    page_left, page_bottom, page_right, page_top = page.get_mediabox()
    margin_x, margin_y = (page_right - page_left) / 5, (page_top - page_bottom) / 5
    inner = (
        page_left + margin_x,
        page_bottom + margin_y,
        page_right - margin_x,
        page_top - margin_y,
    )
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        bounds = (left.value, bottom.value, right.value, top.value)
        if inside(inner, bounds[0], bounds[1]) and inside(inner, bounds[2], bounds[3]):
            continue
        clip = clip_box(pdfium_c.FPDFPageObj_GetClipPath(obj))
        if clip is None or (
            inside(clip, bounds[0], bounds[1]) and inside(clip, bounds[2], bounds[3])
        ):
            continue
        address = ctypes.cast(obj, ctypes.c_void_p).value
        if address:
            out[address] = clip
    return out


def is_clipped_away(raw: Any, index: int, box: Box, clipped: dict[int, Box]) -> bool:
    obj = pdfium_c.FPDFText_GetTextObject(raw, index)
    clip = clipped.get(ctypes.cast(obj, ctypes.c_void_p).value or 0)
    return clip is not None and not inside(clip, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def clip_box(clip: Any) -> Box | None:
    if not clip:
        return None
    box: Box | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            xs.append(x.value)
            ys.append(y.value)
        if not xs:
            continue
        part = (min(xs), min(ys), max(xs), max(ys))
        box = (
            part
            if box is None
            else (
                max(box[0], part[0]),
                max(box[1], part[1]),
                min(box[2], part[2]),
                min(box[3], part[3]),
            )
        )
    return box


def inside(box: Box, x: float, y: float) -> bool:
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


WHITESPACE = frozenset((0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0xFEFF, 0x200B))


def page_codes(raw: Any, count: int) -> list[int] | None:
    """Every character's code point in one call; None when UTF-16 surrogates would shift the
    indexes (then each character is asked for its own)."""
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = pdfium_c.FPDFText_GetText(
        raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    units = memoryview(buffer.raw[: 2 * max(written - 1, 0)]).cast("H").tolist()
    if len(units) != count or any(0xD800 <= unit <= 0xDFFF for unit in units):
        return None
    return units


def upright_rotation(chars: list[PlacedChar], page_rotation: int) -> int:
    """The view that sets most of the text upright: the page's /Rotate, unless the text of a
    page turned sideways without /Rotate (a landscape table on a portrait page) says otherwise."""
    if not chars:
        return page_rotation
    angle, count = Counter(c.angle for c in chars).most_common(1)[0]
    if count < 0.6 * len(chars):
        return page_rotation
    return (360 - angle) % 360


def is_on_page(char: Char, width: float, height: float) -> bool:
    """Text placed outside the page is not shown (and not part of the document)."""
    return -2 <= char.mid_x <= width + 2 and -2 <= char.base - 0.5 * char.size <= height + 2


def placed_to_char(placed: PlacedChar, view: View) -> Char:
    left, bottom, right, top = placed.box
    ax, _ = view(left, bottom)
    bx, _ = view(right, top)
    _, base = view(*placed.origin)
    return Char(placed.text, min(ax, bx), max(ax, bx), base, placed.size)


def page_to_graphics(page: pdfium.PdfPage, view: View) -> tuple[list[Segment], float, int]:
    """Ruling segments (stroked lines, thin filled rectangles, rectangle outlines), image cover."""
    segments: list[Segment] = []
    image_area = 0.0
    curves = 0
    page_area = view.width * view.height
    for obj, matrix in page_objects(page):
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image_area += image_cover(obj, matrix) / page_area
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and not is_invisible(obj):
            # white cell backgrounds exported from spreadsheets are not rulings
            points, path_curves = path_to_points(obj, matrix)
            curves += path_curves
            shown = [[view(x, y) if x == x else (x, y) for x, y in sub] for sub in points]
            segments.extend(points_to_segments(shown))
    return segments, image_area, curves


def page_objects(page: pdfium.PdfPage) -> Iterator[tuple[Any, Matrix]]:
    """Paths and images of the page, also inside form XObjects, with the matrix to page space."""
    raw = page.raw
    stack = [
        (pdfium_c.FPDFPage_GetObject(raw, i), IDENTITY, 0)
        for i in reversed(range(pdfium_c.FPDFPage_CountObjects(raw)))
    ]
    while stack:
        obj, parent, depth = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            inner = compose(object_matrix(obj), parent)
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            stack.extend(
                (pdfium_c.FPDFFormObj_GetObject(obj, i), inner, depth + 1)
                for i in reversed(range(count))
            )
        elif kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
            yield obj, parent


def object_matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def image_cover(obj: Any, parent: Matrix) -> float:
    """Area of an image on the page: its bounds are in its container's space."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
    corners = [apply(parent, x.value, y.value) for x in (left, right) for y in (bottom, top)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def is_invisible(obj: Any) -> bool:
    """A path painted only in white (or fully transparent) draws no ruling."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    painted: list[Callable[..., int]] = []
    if fill.value:
        painted.append(pdfium_c.FPDFPageObj_GetFillColor)
    if stroke.value:
        painted.append(pdfium_c.FPDFPageObj_GetStrokeColor)
    return all(is_white(getter, obj) for getter in painted)


def is_white(getter: Callable[..., int], obj: Any) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 245


def path_to_points(obj: Any, parent: Matrix) -> tuple[list[list[tuple[float, float]]], int]:
    """The path's subpaths as lists of points in user space; curves counted, not followed."""
    matrix = compose(object_matrix(obj), parent)
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    subpaths: list[list[tuple[float, float]]] = []
    curves = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x_ref, y_ref)
        point = apply(matrix, x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curves += 1
            subpaths[-1].append((float("nan"), float("nan")))  # breaks the straight run
            subpaths[-1].append(point)
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            subpaths[-1].append(subpaths[-1][0])
    return subpaths, curves


THIN = 2.5  # a filled rectangle thinner than this (pt) is drawn as a line


def points_to_segments(subpaths: list[list[tuple[float, float]]]) -> list[Segment]:
    """Axis-aligned straight pieces of the subpaths, in display coordinates (y down)."""
    out: list[Segment] = []
    for points in subpaths:
        xs = [p[0] for p in points if p[0] == p[0]]
        ys = [p[1] for p in points if p[1] == p[1]]
        if len(xs) >= 4 and len(xs) == len(points) and is_thin_box(xs, ys):
            # a filled hairline rectangle: one ruling along its middle
            out.extend(thin_box_to_segment(xs, ys))
            continue
        for (ax, ay), (bx, by) in pairwise(points):
            if abs(ay - by) < 0.5 and abs(ax - bx) >= 0.5:
                y = (ay + by) / 2
                out.append(Segment(min(ax, bx), y, max(ax, bx), y))
            elif abs(ax - bx) < 0.5 and abs(ay - by) >= 0.5:
                x = (ax + bx) / 2
                out.append(Segment(x, min(ay, by), x, max(ay, by)))
    return out


def is_thin_box(xs: list[float], ys: list[float]) -> bool:
    return min(max(xs) - min(xs), max(ys) - min(ys)) < THIN


def thin_box_to_segment(xs: list[float], ys: list[float]) -> list[Segment]:
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if x1 - x0 >= y1 - y0:
        if x1 - x0 < 0.5:
            return []
        y = (y0 + y1) / 2
        return [Segment(x0, y, x1, y)]
    x = (x0 + x1) / 2
    return [Segment(x, y0, x, y1)]
