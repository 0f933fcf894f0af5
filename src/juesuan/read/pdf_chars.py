"""Characters and ruling segments of one PDF page, read with PDFium (pdf_calls).

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
import struct
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from juesuan.read import pdf_calls
from juesuan.read.pdf_calls import Scratch
from juesuan.read.pdf_document import Page

try:  # the per-character and per-object loops compiled, where a C compiler was at install
    from juesuan.read._charloop import (
        page_graphics,
        path_points,
        place_chars,
        scan_page,
        upright_chars,
    )
except ImportError:  # then CHAR_LOOP, UPRIGHT_CHARS, SCAN_OBJECTS, GRAPHICS are Python's
    place_chars = upright_chars = None  # type: ignore[assignment]
    scan_page = path_points = page_graphics = None  # type: ignore[assignment]


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
    top: float | None = None  # the glyph box, for the page box of a cell or line
    bottom: float | None = None

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
    code: form
    for code in [*range(0x2F00, 0x2FD6), *range(0x2E80, 0x2EF4), *range(0xF900, 0xFADA)]
    if len(form := unicodedata.normalize("NFKC", chr(code))) == 1 and form != chr(code)
}  # one normalisation per code point: this runs at every start of a PDF read


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


def page_to_content(page: Page, number: int) -> PageContent:
    left, bottom, right, top = page.media_box()
    scratch = Scratch()
    objects = scan_objects(page.handle, scratch)
    inner = inner_box((left, bottom, right, top))
    placed, bad = page_to_placed_chars(page, objects.text, inner, scratch)
    rotation = upright_rotation(placed, page.rotation() % 360)
    view = View(left, bottom, right - left, top - bottom, rotation)
    width, height = view.size
    chars = placed_to_chars(placed, view)
    segments, image_area, curves = objects_to_graphics(objects, view, scratch)
    return PageContent(number, width, height, chars, bad, segments, image_area, curves)


#: A character as PDFium places it, in user space (before the page view): text, its box
#: (left, bottom, right, top), its origin (x, y), its size, and its writing direction in
#: degrees counter-clockwise, rounded to 90.
PlacedChar = tuple[str, float, float, float, float, float, float, float, int]


def page_to_placed_chars(
    page: Page,
    top_level: set[int],
    inner: Box,
    scratch: Scratch,
    by_object: bool | None = None,
) -> tuple[list[PlacedChar], int]:
    """The page's characters, by a handful of PDFium calls each (CHAR_LOOP: this loop is most
    of the reader's time), and the count of those without a Unicode value.

    ``by_object``: ask each character for its text object first, and size and direction once
    per object (True), or each character for them (False); None: whichever takes fewer calls
    on this page. Both give the same characters."""
    textpage = page.text_page()
    raw = ctypes.c_void_p(textpage.handle)
    try:
        count = pdf_calls.CountChars(raw.value)
        # where most characters are text objects of their own, asking for the object first
        # costs a call more per character than it saves: the object is then asked only for a
        # clip test (size and direction are the object's either way)
        if by_object is None:
            by_object = 2 * len(top_level) <= count
        codes = page_codes(textpage.handle, count)
        if codes is None:  # surrogate pairs: each character asked for its own
            codes = [pdf_calls.GetUnicode(raw.value, index) for index in range(count)]
        return CHAR_LOOP(textpage.handle, codes, inner, by_object, top_level, scratch)
    finally:
        textpage.close()


#: The per-character loop: (text page, its code points, inner box, by_object, the page's own
#: text objects, scratch) → (placed characters, characters without a Unicode value).
CharLoop = Callable[
    [int, list[int], "Box", bool, set[int], Scratch],
    tuple[list[PlacedChar], int],
]


def python_char_loop(
    textpage: int,
    codes: list[int],
    inner: Box,
    by_object: bool,
    top_level: set[int],
    scratch: Scratch,
) -> tuple[list[PlacedChar], int]:
    """The per-character loop in Python: the reference for compiled_char_loop, and the loop
    where the extension is not built (its calls are bound to local names and its outputs read
    in one go). Outputs go into the page's scratch, whose values a failed call leaves."""
    # the per-character calls take no argument types: pointers go as ctypes objects
    raw = ctypes.c_void_p(textpage)
    box_at = floats = scratch.floats
    doubles_at, origin_y_at = scratch.doubles, ctypes.c_void_p(scratch.doubles_at[1])
    doubles = scratch.doubles
    read_box, read_origin = BOX.unpack_from, ORIGIN.unpack_from
    get_box, get_origin = pdf_calls.CharLooseBox, pdf_calls.CharOrigin
    get_object, map_error = pdf_calls.CharTextObject, pdf_calls.CharMapError
    get_matrix, get_size, read_matrix = (
        pdf_calls.CharMatrix,
        pdf_calls.CharFontSize,
        MATRIX.unpack_from,
    )
    in_left, in_bottom, in_right, in_top = (inner[0] - 1, inner[1] - 1, inner[2] + 1, inner[3] + 1)
    text_of, whitespace = TEXT_OF, WHITESPACE
    chars: list[PlacedChar] = []
    append = chars.append
    shared: dict[int, tuple[float, int, bool]] = {}  # text object → size, angle, slanted
    by_matrix: dict[tuple[tuple[float, ...], float], tuple[float, int, bool]] = {}
    clip_of = Clips(top_level, scratch).box_of
    bad = 0
    for index, code in enumerate(codes):
        # spaces and line ends (also those PDFium generates) carry no text: positions do
        if code in whitespace:
            continue
        text = text_of.get(code)
        if text is None:
            text = text_of[code] = code_text(code)
        if not text or map_error(raw, index):
            bad += 1
            text = "\ufffd"
        obj = get_object(raw, index) or 0 if by_object else -1
        known = shared.get(obj) if obj > 0 else None
        if known is None:  # a new text object (in some PDFs, every character is one)
            get_matrix(raw, index, box_at)
            key = (read_matrix(floats), get_size(raw, index))  # a pair: no list made
            known = by_matrix.get(key) or by_matrix.setdefault(key, size_and_angle(*key))
            if obj > 0:
                shared[obj] = known
        if known[2]:
            continue  # slanted text is a watermark or a stamp, not part of the layout
        get_box(raw, index, box_at)
        left, top, right, bottom = read_box(floats)
        if not (in_left <= left and right <= in_right and in_bottom <= bottom and top <= in_top):
            if obj < 0:
                obj = get_object(raw, index) or 0
            clip = clip_of(obj) if obj else None
            # the character's middle outside its clip (with 1 pt to spare): not shown on
            # the page (a word processor's overflow)
            if clip is not None and not (
                clip[0] - 1 <= (left + right) / 2 <= clip[2] + 1
                and clip[1] - 1 <= (bottom + top) / 2 <= clip[3] + 1
            ):
                continue
        get_origin(raw, index, doubles_at, origin_y_at)
        origin_x, origin_y = read_origin(doubles)
        size = known[0]
        append(
            (text, left, bottom, right, top, origin_x, origin_y, size or (top - bottom), known[1])
        )
    return chars, bad


#: The addresses of the PDFium functions python_char_loop calls per character (and Clips per
#: text object), in the order _charloop.place_chars takes them.
CHAR_CALLS = pdf_calls.addresses(
    pdf_calls.CharMapError,
    pdf_calls.CharTextObject,
    pdf_calls.CharMatrix,
    pdf_calls.CharFontSize,
    pdf_calls.CharLooseBox,
    pdf_calls.CharOrigin,
    pdf_calls.ObjectClip,
    pdf_calls.ClipPaths,
    pdf_calls.ClipPathStart,
)


def compiled_char_loop(
    textpage: int,
    codes: list[int],
    inner: Box,
    by_object: bool,
    top_level: set[int],
    scratch: Scratch,
) -> tuple[list[PlacedChar], int]:
    """python_char_loop compiled (read/_charloop.c): the same calls into the same scratch,
    the same Python functions and dicts asked for text, size and direction; Clips.box_of's
    calls and dicts for clips, clip_box for a clip's box."""
    assert place_chars is not None, "the compiled loop is not built"
    return place_chars(
        CHAR_CALLS,
        textpage,
        codes,
        WHITESPACE,
        TEXT_OF,
        code_text,
        inner,
        {},  # matrix and size → size, angle, slanted
        size_and_angle,
        {},  # text object → size, angle, slanted
        by_object,
        top_level,
        {},  # text object → its clip box (or None)
        {},  # a clip's name → its box
        lambda clip: clip_box(clip, scratch),
        scratch.floats_address,
        scratch.doubles_at[0],
    )


#: Code point → its text (the ordinary ideograph for a compatibility form; empty for a code
#: point carrying no text), filled as met.
TEXT_OF: dict[int, str] = {}


def code_text(code: int) -> str:
    return "" if is_bad_codepoint(code) else COMPATIBILITY_FORMS.get(code) or chr(code)


BOX = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
ORIGIN = struct.Struct("2d")


MATRIX = struct.Struct("4f")  # a b c d of FS_MATRIX


def size_and_angle(matrix: tuple[float, ...], font_size: float) -> tuple[float, int, bool]:
    """The size (0: unknown), direction and slant of a character drawn with this text matrix
    (a b c d) and font size. PDFium takes them from the character's text object (its angle is
    that of the object's matrix), so they are asked once per object."""
    a, b, c, d = matrix
    # the nominal size ignores the text matrix (209 pt drawn at 0.05 scale): apply it
    scale = abs(a * d - b * c) ** 0.5 or 1.0
    degrees = math.degrees(math.atan2(-b, a)) % 360  # as FPDFText_GetCharAngle
    angle = round(degrees / 90) * 90 % 360
    return font_size * scale, angle, abs(degrees % 90 - 45) < 43


Box = tuple[float, float, float, float]  # left, bottom, right, top


def inner_box(media: Box) -> Box:
    """The page without its outer fifth on each side: word processors clip a page's overflow
    at its margins, so a character lying wholly inside this box is never tested for a clip."""
    page_left, page_bottom, page_right, page_top = media
    margin_x, margin_y = (page_right - page_left) / 5, (page_top - page_bottom) / 5
    return (
        page_left + margin_x,
        page_bottom + margin_y,
        page_right - margin_x,
        page_top - margin_y,
    )


class Clips:
    """The clip boxes of the page's own text objects (a form's objects are clipped in the
    form's space, and not tested). Objects painted under the same clip share its path in
    PDFium, so a clip is read once per page, known by the addresses of its paths' first
    points."""

    def __init__(self, top_level: set[int], scratch: Scratch) -> None:
        self.top_level = top_level
        self.scratch = scratch
        self.of_object: dict[int, Box | None] = {}
        self.by_path: dict[int | tuple[int, ...], Box | None] = {}
        self.object_clip = pdf_calls.ObjectClip
        self.clip_paths = pdf_calls.ClipPaths
        self.clip_path_start = pdf_calls.ClipPathStart

    def box_of(self, obj: int) -> Box | None:
        """The clip box of a text object (asked for each character outside the page's middle:
        its calls are bound once); None where nothing clips it, or it lies in a form."""
        clip = self.of_object.get(obj, UNKNOWN)
        if clip is not UNKNOWN:
            return clip  # type: ignore[return-value]
        clip = None
        path = self.object_clip(obj) if obj in self.top_level else None
        if path:
            paths = self.clip_paths(path)
            first_point = self.clip_path_start
            # the usual clip is one path: its first point alone names it (an int, never a
            # tuple); two paths (a page's clip and a cell's) are named without a list
            key: int | tuple[int, ...]
            if paths == 1:
                key = first_point(path, 0, 0) or 0
            elif paths == 2:
                key = (first_point(path, 0, 0) or 0, first_point(path, 1, 0) or 0)
            else:
                key = tuple([first_point(path, k, 0) or 0 for k in range(paths)])
            clip = self.by_path.get(key, UNKNOWN)
            if clip is UNKNOWN:
                clip = self.by_path[key] = clip_box(path.value or 0, self.scratch)
        self.of_object[obj] = clip  # type: ignore[assignment]
        return clip  # type: ignore[return-value]


UNKNOWN = object()  # not yet looked up (None is a known answer: no clip)


def clip_box(clip: int, scratch: Scratch) -> Box | None:
    box: Box | None = None
    x_at, y_at = scratch.float_at[0], scratch.float_at[1]
    floats = scratch.floats
    for path in range(pdf_calls.ClipCountPaths(clip)):
        xs, ys = [], []
        for index in range(pdf_calls.ClipCountSegments(clip, path)):
            segment = pdf_calls.ClipGetSegment(clip, path, index)
            pdf_calls.SegmentGetPoint(segment, x_at, y_at)
            xs.append(floats[0])
            ys.append(floats[1])
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


WHITESPACE = frozenset((0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0xFEFF, 0x200B))


def page_codes(textpage: int, count: int) -> list[int] | None:
    """Every character's code point in one call; None when UTF-16 surrogates would shift the
    indexes (then each character is asked for its own)."""
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = pdf_calls.GetText(textpage, 0, count, buffer)
    units = memoryview(buffer.raw[: 2 * max(written - 1, 0)]).cast("H").tolist()
    if len(units) != count or any(0xD800 <= unit <= 0xDFFF for unit in units):
        return None
    return units


def upright_rotation(chars: list[PlacedChar], page_rotation: int) -> int:
    """The view that sets most of the text upright: the page's /Rotate, unless the text of a
    page turned sideways without /Rotate (a landscape table on a portrait page) says otherwise."""
    if not chars:
        return page_rotation
    angle, count = Counter([c[8] for c in chars]).most_common(1)[0]
    if count < 0.6 * len(chars):
        return page_rotation
    return (360 - angle) % 360


def is_on_page(char: Char, width: float, height: float) -> bool:
    """Text placed outside the page is not shown (and not part of the document)."""
    return -2 <= char.mid_x <= width + 2 and -2 <= char.base - 0.5 * char.size <= height + 2


def placed_to_chars(placed: list[PlacedChar], view: View) -> list[Char]:
    """The characters shown on the page, in the page's view."""
    width, height = view.size
    if view.rotation not in (0, 90, 180, 270):
        chars = (placed_to_char(p, view) for p in placed)
        return [c for c in chars if is_on_page(c, width, height)]
    if view.rotation != 0:
        return turned_chars(placed, view)
    return UPRIGHT_CHARS(placed, view)


def python_upright_chars(placed: list[PlacedChar], view: View) -> list[Char]:
    """placed_to_chars of the upright page, as View computes it without a call per point (the
    reference for compiled_upright_chars, and the loop where the extension is not built)."""
    width, height = view.size
    page_left, page_bottom = view.left, view.bottom
    out: list[Char] = []
    for text, left, bottom, right, top, _, origin_y, size, _ in placed:
        ax, bx = left - page_left, right - page_left
        ay, by = height - (bottom - page_bottom), height - (top - page_bottom)
        base = height - (origin_y - page_bottom)
        x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
        if -2 <= (x0 + x1) / 2 <= width + 2 and -2 <= base - 0.5 * size <= height + 2:
            # min(ay, by) and max(ay, by) as comparisons (a builtin call costs more), same
            # choice: the first unless the second is smaller (larger)
            out.append(Char(text, x0, x1, base, size, by if by < ay else ay, by if by > ay else ay))
    return out


def compiled_upright_chars(placed: list[PlacedChar], view: View) -> list[Char]:
    """python_upright_chars compiled (read/_charloop.c): the same arithmetic, the same Chars."""
    assert upright_chars is not None, "the compiled loop is not built"
    width, height = view.size
    return upright_chars(placed, view.left, view.bottom, width, height, Char)


def turned_chars(placed: list[PlacedChar], view: View) -> list[Char]:
    """placed_to_chars of a page turned by 90, 180 or 270 degrees: View's arithmetic written
    out per turn (a landscape table's page has thousands of characters)."""
    width, height = view.size
    page_left, page_bottom, media_width, media_height = (
        view.left,
        view.bottom,
        view.width,
        view.height,
    )
    rotation = view.rotation
    out: list[Char] = []
    for text, left, bottom, right, top, origin_x, origin_y, size, _ in placed:
        u_left, v_bottom = left - page_left, bottom - page_bottom
        u_right, v_top = right - page_left, top - page_bottom
        if rotation == 90:
            ax, ay, bx, by = v_bottom, u_left, v_top, u_right
            base = origin_x - page_left
        elif rotation == 180:
            ax, ay, bx, by = media_width - u_left, v_bottom, media_width - u_right, v_top
            base = origin_y - page_bottom
        else:
            ax, ay = media_height - v_bottom, media_width - u_left
            bx, by = media_height - v_top, media_width - u_right
            base = media_width - (origin_x - page_left)
        x0, x1 = bx if bx < ax else ax, bx if bx > ax else ax  # min and max, as above
        if -2 <= (x0 + x1) / 2 <= width + 2 and -2 <= base - 0.5 * size <= height + 2:
            out.append(Char(text, x0, x1, base, size, by if by < ay else ay, by if by > ay else ay))
    return out


def placed_to_char(placed: PlacedChar, view: View) -> Char:
    text, left, bottom, right, top, origin_x, origin_y, size, _ = placed
    ax, ay = view(left, bottom)
    bx, by = view(right, top)
    _, base = view(origin_x, origin_y)
    return Char(text, min(ax, bx), max(ax, bx), base, size, min(ay, by), max(ay, by))


@dataclass(slots=True)
class PageObjects:
    """One pass over the page's objects: its own text objects (their clips may cut them), and
    the paths and images also inside form XObjects, with the matrix to page space."""

    text: set[int]
    drawn: list[tuple[int, int, Matrix]]  # (object, kind, matrix)


def scan_objects(page: int, scratch: Scratch) -> PageObjects:
    """The page's objects, by SCAN_OBJECTS: compiled where built, as the scan makes two
    PDFium calls per object, and some PDFs draw each character as an object of its own."""
    return SCAN_OBJECTS(page, scratch)


def python_scan_objects(page: int, scratch: Scratch) -> PageObjects:
    """The object scan in Python: the reference for compiled_scan_objects, and the scan where
    the extension is not built."""
    objects = PageObjects(set(), [])
    add_text, add_drawn = objects.text.add, objects.drawn.append
    get_object, get_type = pdf_calls.PageObject, pdf_calls.ObjectType
    text, form, path, image = pdf_calls.TEXT, pdf_calls.FORM, pdf_calls.PATH, pdf_calls.IMAGE
    handle = ctypes.c_void_p(page)
    for index in range(pdf_calls.CountObjects(page)):  # the page's own objects, in order
        obj = get_object(handle, index)
        kind = get_type(obj)
        if kind == text:
            add_text(obj.value)
        elif kind in (path, image):
            add_drawn((obj.value, kind, IDENTITY))
        elif kind == form:
            scan_form(obj.value, IDENTITY, objects, scratch)
    return objects


def scan_form(form: int, parent: Matrix, objects: PageObjects, scratch: Scratch) -> None:
    """The paths and images of a form XObject (and of the forms in it, 8 deep), in order."""
    stack = [(form, parent, 0)]
    while stack:
        obj, parent, depth = stack.pop()
        kind = pdf_calls.GetType(obj)
        if kind == pdf_calls.FORM and depth < 8:
            inner = compose(object_matrix(obj, scratch), parent)
            count = pdf_calls.FormCountObjects(obj)
            stack.extend(
                (pdf_calls.FormGetObject(obj, i), inner, depth + 1) for i in reversed(range(count))
            )
        elif kind in (pdf_calls.PATH, pdf_calls.IMAGE):
            objects.drawn.append((obj, kind, parent))


#: The addresses of the PDFium functions python_scan_objects, scan_form and
#: python_objects_to_graphics call, in the order _charloop's scan_page, path_points and
#: page_graphics take them.
OBJECT_CALLS = pdf_calls.addresses(
    pdf_calls.CountObjects,
    pdf_calls.PageObject,
    pdf_calls.GetType,
    pdf_calls.FormCountObjects,
    pdf_calls.FormGetObject,
    pdf_calls.GetObjectMatrix,
    pdf_calls.PathCountSegments,
    pdf_calls.PathSegment,
    pdf_calls.SegmentType,
    pdf_calls.SegmentPoint,
    pdf_calls.SegmentClose,
    pdf_calls.PathGetDrawMode,
    pdf_calls.GetFillColor,
    pdf_calls.GetStrokeColor,
)


def compiled_scan_objects(page: int, scratch: Scratch) -> PageObjects:
    """python_scan_objects with scan_form compiled (read/_charloop.c): the same calls, the
    forms' matrices in the same scratch, the same objects in the same order."""
    assert scan_page is not None, "the compiled loop is not built"
    text, drawn = scan_page(OBJECT_CALLS, page, IDENTITY, scratch.floats_address)
    return PageObjects(text, drawn)


def objects_to_graphics(
    objects: PageObjects, view: View, scratch: Scratch
) -> tuple[list[Segment], float, int]:
    """Ruling segments (stroked lines, thin filled rectangles, rectangle outlines), image
    cover, curves: by GRAPHICS, compiled where built (a page of a table has hundreds of
    paths, each a handful of PDFium calls and points)."""
    return GRAPHICS(objects, view, scratch)


def python_objects_to_graphics(
    objects: PageObjects, view: View, scratch: Scratch
) -> tuple[list[Segment], float, int]:
    """objects_to_graphics in Python: the reference for compiled_objects_to_graphics, and the
    loop where the extension is not built."""
    segments: list[Segment] = []
    image_area = 0.0
    curves = 0
    page_area = view.width * view.height
    for obj, kind, matrix in objects.drawn:
        if kind == pdf_calls.IMAGE:
            image_area += image_cover(obj, matrix, scratch) / page_area
        elif not is_invisible(obj, scratch):
            # white cell backgrounds exported from spreadsheets are not rulings
            points, path_curves = python_path_to_points(obj, matrix, scratch)
            curves += path_curves
            shown = [[view(x, y) if x == x else (x, y) for x, y in sub] for sub in points]
            segments.extend(points_to_segments(shown))
    return segments, image_area, curves


def compiled_objects_to_graphics(
    objects: PageObjects, view: View, scratch: Scratch
) -> tuple[list[Segment], float, int]:
    """python_objects_to_graphics compiled (read/_charloop.c): the same calls into the same
    scratch, the same arithmetic, the same Segments; image_cover asked for each image."""
    assert page_graphics is not None, "the compiled loop is not built"
    return page_graphics(
        OBJECT_CALLS,
        objects.drawn,
        (view.left, view.bottom, view.width, view.height, view.rotation),
        THIN,
        Segment,
        lambda obj, matrix: image_cover(obj, matrix, scratch),
        scratch.floats_address,
        scratch.ints_at[0],
        scratch.uints_at[0],
    )


def object_matrix(obj: int, scratch: Scratch) -> Matrix:
    if not pdf_calls.GetObjectMatrix(obj, scratch.floats_address):
        return IDENTITY
    m = scratch.floats
    return (m[0], m[1], m[2], m[3], m[4], m[5])


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


def image_cover(obj: int, parent: Matrix, scratch: Scratch) -> float:
    """Area of an image on the page: its bounds are in its container's space."""
    at = scratch.float_at
    pdf_calls.GetBounds(obj, at[0], at[1], at[2], at[3])
    left, bottom, right, top = (scratch.floats[i] for i in range(4))
    corners = [apply(parent, x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def is_invisible(obj: int, scratch: Scratch) -> bool:
    """A path painted only in white (or fully transparent) draws no ruling."""
    fill_at, stroke_at = scratch.ints_at
    modes = scratch.ints
    modes[0] = modes[1] = 0
    pdf_calls.PathGetDrawMode(obj, fill_at, stroke_at)
    filled, stroked = modes[0], modes[1]
    # every paint used is white (the fill's asked first); a path painting nothing is invisible
    if filled and not is_white(pdf_calls.GetFillColor, obj, scratch):
        return False
    return not stroked or is_white(pdf_calls.GetStrokeColor, obj, scratch)


def is_white(getter: Callable[..., int], obj: int, scratch: Scratch) -> bool:
    r, g, b, a = scratch.uints_at
    if not getter(obj, r, g, b, a):
        return False
    rgba = scratch.uints
    return rgba[3] == 0 or (rgba[0] >= 245 and rgba[1] >= 245 and rgba[2] >= 245)


Subpaths = list[list[tuple[float, float]]]


def python_path_to_points(obj: int, parent: Matrix, scratch: Scratch) -> tuple[Subpaths, int]:
    """The path's subpaths as lists of points in user space; curves counted, not followed.
    The reference for compiled_path_to_points, and the loop where the extension is not built."""
    matrix = compose(object_matrix(obj, scratch), parent)
    m0, m1, m2, m3, m4, m5 = matrix
    floats = scratch.floats
    subpaths: Subpaths = []
    curves = 0
    handle = ctypes.c_void_p(obj)  # as bare calls take pointers
    x_at, y_at = floats, ctypes.c_void_p(scratch.float_at[1])
    get_segment, get_type = pdf_calls.PathSegment, pdf_calls.SegmentType
    get_point, get_close = pdf_calls.SegmentPoint, pdf_calls.SegmentClose
    for index in range(pdf_calls.PathCountSegments(obj)):
        seg = get_segment(handle, index)
        kind = get_type(seg)
        get_point(seg, x_at, y_at)
        x, y = floats[0], floats[1]
        point = (m0 * x + m2 * y + m4, m1 * x + m3 * y + m5)
        if kind == pdf_calls.MOVETO or not subpaths:
            subpaths.append([point])
        elif kind == pdf_calls.BEZIERTO:
            curves += 1
            subpaths[-1].append((float("nan"), float("nan")))  # breaks the straight run
            subpaths[-1].append(point)
        else:
            subpaths[-1].append(point)
        if get_close(seg):
            subpaths[-1].append(subpaths[-1][0])
    return subpaths, curves


def compiled_path_to_points(obj: int, parent: Matrix, scratch: Scratch) -> tuple[Subpaths, int]:
    """python_path_to_points compiled (read/_charloop.c): the same calls into the same
    scratch, the same arithmetic, the same points. compiled_objects_to_graphics works from
    these points without making them Python objects; the tests compare them."""
    assert path_points is not None, "the compiled loop is not built"
    return path_points(OBJECT_CALLS, obj, parent, scratch.floats_address)


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
        # abs(d) < 0.5 and min()/max() written as comparisons (exact, NaN never passing)
        for (ax, ay), (bx, by) in pairwise(points):
            dx, dy = ax - bx, ay - by
            if -0.5 < dy < 0.5 and (dx >= 0.5 or dx <= -0.5):
                y = (ay + by) / 2
                out.append(Segment(bx if bx < ax else ax, y, bx if bx > ax else ax, y))
            elif -0.5 < dx < 0.5 and (dy >= 0.5 or dy <= -0.5):
                x = (ax + bx) / 2
                out.append(Segment(x, by if by < ay else ay, x, by if by > ay else ay))
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


#: The compiled loops where the extension is built (pip install builds it), else Python's.
CHAR_LOOP: CharLoop = python_char_loop if place_chars is None else compiled_char_loop
UPRIGHT_CHARS: Callable[[list[PlacedChar], View], list[Char]] = (
    python_upright_chars if upright_chars is None else compiled_upright_chars
)
SCAN_OBJECTS: Callable[[int, Scratch], PageObjects] = (
    python_scan_objects if scan_page is None else compiled_scan_objects
)
GRAPHICS: Callable[[PageObjects, View, Scratch], tuple[list[Segment], float, int]] = (
    python_objects_to_graphics if page_graphics is None else compiled_objects_to_graphics
)
