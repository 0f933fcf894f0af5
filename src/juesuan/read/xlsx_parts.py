"""The parts of an XLSX package that a reader of printed cells needs, parsed straight from their
XML (lxml, in C): which sheets there are and which are hidden, the shared strings, each cell
style's number format, and each sheet's stored cells, merged ranges, hidden rows and columns
and formulas. Nothing else of the workbook (styles, charts, drawings) is built, which is what
makes this many times faster than loading the workbook with openpyxl.

Every part is read through ``member``, which stops at ``MAX_MEMBER_BYTES`` decompressed:
a small file that unpacks into gigabytes (a zip bomb) is refused, not read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from lxml import etree

MAX_MEMBER_BYTES = 200 * 2**20  # decompressed bytes of one part of the package

#: Number formats every workbook has without declaring them (ECMA-376 18.8.30, id → code).
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}  # fmt: skip

REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WORKSHEET = "/worksheet"  # the end of a worksheet relationship's type (not a chart sheet)


class PartError(Exception):
    """A part of the package is missing or not XML; the message says which."""


class PartTooLarge(PartError):
    """A part unpacks into more than MAX_MEMBER_BYTES: the whole file is refused."""


def member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part, decompressed, at most MAX_MEMBER_BYTES."""
    try:
        with archive.open(name) as stream:
            data = stream.read(MAX_MEMBER_BYTES + 1)
    except KeyError as exc:
        raise PartError(f"缺少部件 {name}") from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise PartTooLarge(
            f"部件 {name} 解压后超过 {MAX_MEMBER_BYTES // 2**20} MB，疑为压缩炸弹，不予读取"
        )
    return data


def xml_part(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return etree.fromstring(member(archive, name))
    except etree.XMLSyntaxError as exc:
        raise PartError(f"XML 损坏: {exc}") from exc


def local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def children(element: Any, name: str) -> Iterator[Any]:
    return (child for child in element if local(child.tag) == name)


# --- the workbook ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRef:
    name: str
    hidden: bool
    part: str  # e.g. xl/worksheets/sheet1.xml


@dataclass
class Book:
    sheets: list[SheetRef]
    date1904: bool = False
    strings: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)  # cell style index → number format


def read_book(archive: zipfile.ZipFile) -> Book:
    """The worksheets in workbook order, shared strings and number formats (PartError when
    the workbook part itself cannot be read)."""
    workbook_part = office_document(archive)
    workbook = xml_part(archive, workbook_part)
    folder = workbook_part.rpartition("/")[0]
    targets = relationships(archive, rels_name(workbook_part), folder)
    sheets: list[SheetRef] = []
    for sheet in workbook.iter("{*}sheet"):
        target, kind = targets.get(sheet.get(REL_ID, ""), ("", ""))
        if target and kind.endswith(WORKSHEET):
            hidden = sheet.get("state", "visible") != "visible"
            sheets.append(SheetRef(sheet.get("name", target), hidden, target))
    properties = next(workbook.iter("{*}workbookPr"), None)
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    strings_part = next((t for t, kind in targets.values() if kind.endswith("/sharedStrings")), "")
    styles_part = next((t for t, kind in targets.values() if kind.endswith("/styles")), "")
    return Book(
        sheets,
        date1904,
        shared_strings(archive, strings_part) if strings_part else [],
        number_formats(archive, styles_part) if styles_part else [],
    )


def office_document(archive: zipfile.ZipFile) -> str:
    """The workbook part, as the package's root relationships name it."""
    try:
        targets = relationships(archive, "_rels/.rels", "")
    except PartError:
        return "xl/workbook.xml"
    for target, kind in targets.values():
        if kind.endswith("/officeDocument"):
            return target
    return "xl/workbook.xml"


def rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def relationships(archive: zipfile.ZipFile, name: str, folder: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (part name, relationship type)."""
    out: dict[str, tuple[str, str]] = {}
    for rel in xml_part(archive, name):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        out[rel.get("Id", "")] = (resolve(folder, target), rel.get("Type", ""))
    return out


def resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as _xHHHH_ (_x000D_ for a carriage return)."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def string_item(item: Any) -> str:
    """The text of a shared or inline string: its plain text and its runs, not phonetic hints."""
    pieces: list[str] = []
    for part in item:
        name = local(part.tag)
        if name == "t":
            pieces.append(part.text or "")
        elif name == "r":
            pieces.extend(t.text or "" for t in children(part, "t"))
    return unescape("".join(pieces))


def shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    return [string_item(item) for item in children(xml_part(archive, name), "si")]


def number_formats(archive: zipfile.ZipFile, name: str) -> list[str]:
    """Each cell style's number format code, by the style's index."""
    styles = xml_part(archive, name)
    custom: dict[int, str] = {}
    for section in children(styles, "numFmts"):
        for fmt in children(section, "numFmt"):
            custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "General")
    formats: list[str] = []
    for section in children(styles, "cellXfs"):
        for xf in children(section, "xf"):
            number = int(xf.get("numFmtId", "0"))
            formats.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    return formats


# --- a worksheet -------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A worksheet's stored cells as printed, and what is merged, hidden or uncomputed."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    uncached: list[tuple[int, int]] = field(default_factory=list)  # formulas without a value


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def split_ref(ref: str) -> tuple[int, int]:
    """'AB12' → (12, 28)."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    column = COLUMNS.get(letters)
    if column is None:
        bare = letters.replace("$", "")
        if len(bare) > 3 or not (bare.isascii() and bare.isalpha()):
            raise PartError(f"单元格引用无效: {ref}")
        column = COLUMNS[letters] = column_number(bare)
    if not digits:
        raise PartError(f"单元格引用无效: {ref}")
    return int(digits), column


COLUMNS: dict[str, int] = {}  # column letters → number, as met


def read_sheet(archive: zipfile.ZipFile, part: str, book: Book) -> Sheet:
    """The sheet's cells, merges, hidden rows and columns, read by expat as the XML streams
    past: an lxml tree would hand Python an object for every element, and a sheet has
    several per cell."""
    reader = SheetReader(book)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    try:
        parser.Parse(member(archive, part), True)
    except expat.ExpatError as exc:
        raise PartError(f"XML 损坏: {exc}") from exc
    return reader.sheet


class SheetReader:
    """expat's handlers for a worksheet part (element names without their prefix)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.sheet = Sheet()
        self.row = 0
        self.col = 0
        self.kind = "n"
        self.style = "0"
        self.formula = False
        self.value: list[str] | None = None  # the <v> text, once a <v> has begun
        self.inline: list[str] | None = None  # the <is> text, once an <is> has begun
        self.text: list[str] | None = None  # where character data goes now
        self.phonetic = 0  # inside <rPh>: a reading aid, not text

    def start(self, name: str, attrs: dict[str, str]) -> None:
        name = name.rpartition(":")[2] if ":" in name else name
        if name == "c":
            ref = attrs.get("r")
            self.col = split_ref(ref)[1] if ref else self.col + 1
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s", "0")
            self.formula, self.value, self.inline = False, None, None
        elif name == "v":
            self.value = self.text = []
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.text = self.inline
        elif name == "is":
            self.inline = []
        elif name == "f":
            self.formula = True
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            self.row = int(attrs.get("r") or self.row + 1)
            self.col = 0
            if attrs.get("hidden") in ("1", "true"):
                self.sheet.hidden_rows.add(self.row)
        elif name == "mergeCell":
            first, _, last = attrs.get("ref", "").partition(":")
            r0, c0 = split_ref(first)
            r1, c1 = split_ref(last or first)
            self.sheet.merges.append((r0, c0, r1, c1))
        elif name == "col" and attrs.get("hidden") in ("1", "true"):
            low = int(attrs.get("min", "0"))
            high = int(attrs.get("max") or low)
            self.sheet.hidden_cols.update(range(low, max(low, high) + 1))

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        name = name.rpartition(":")[2] if ":" in name else name
        if name in ("v", "t"):
            self.text = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            self.end_cell()

    def end_cell(self) -> None:
        if self.kind == "inlineStr":
            inline = self.inline
            value = None if inline is None else unescape("".join(inline)).strip()
            formula = self.formula
        else:
            raw = "".join(self.value) if self.value else None
            value, formula = typed_value(
                self.kind, raw or None, self.style, self.book, self.formula
            )
        if value:
            self.sheet.cells[(self.row, self.col)] = value
        elif formula and value is None:
            self.sheet.uncached.append((self.row, self.col))


def typed_value(
    kind: str, raw: str | None, style: str, book: Book, formula: bool
) -> tuple[str | None, bool]:
    """A stored value (``raw``, None when missing) of type ``kind`` as printed."""
    if raw is None:
        return None, formula
    if kind == "s":
        return book.strings[int(raw)].strip(), False
    if kind in ("str", "e"):
        return raw.strip(), False
    fmt = style_format(style, book)
    if kind == "b":
        return number_text(bool(int(raw)), fmt), False
    if kind == "d":
        return moment_text(dt.datetime.fromisoformat(raw)), False
    number: int | float = float(raw) if any(ch in raw for ch in ".Ee") else int(raw)
    try:
        return number_as_printed(number, fmt, book.date1904), False
    except (OverflowError, ValueError):  # a date format on a number no date can hold
        return "#VALUE!", False


def style_format(style: str, book: Book) -> str:
    index = int(style or "0")
    return book.formats[index] if 0 <= index < len(book.formats) else "General"


def number_text(value: int | float | bool, fmt: str) -> str:
    from juesuan.read.workbook import number_to_text

    return number_to_text(value, fmt)


# --- dates -------------------------------------------------------------------------------------

LITERALS = re.compile(r'"[^"]*"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


def number_as_printed(number: int | float, fmt: str, date1904: bool) -> str:
    """A stored number as text: a date or time where its format is one, else as printed."""
    kind = format_kind(fmt)
    if kind == "duration":
        return str(serial_duration(number))
    if kind == "date":
        return moment_text(serial_moment(number, date1904))
    return number_text(number, fmt)


@functools.cache
def format_kind(fmt: str) -> str:
    """'duration' ([h]:mm), 'date' (a date or time of day) or 'number', by the first section."""
    section = fmt.split(";")[0]
    if DURATION.search(section):
        return "duration"
    return "date" if DATE_CODE.search(LITERALS.sub("", section)) else "number"


def serial_moment(serial: float, date1904: bool) -> dt.datetime | dt.time:
    """An Excel date serial as a date and time (a time of day alone below 1)."""
    day, fraction = divmod(serial, 1)
    clock = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and clock.days == 0:
        return (dt.datetime.min + clock).time()
    if 0 < serial < 60 and not date1904:
        day += 1  # Excel counts a 29 February 1900 that never was
    return (EPOCH_1904 if date1904 else EPOCH_1900) + dt.timedelta(days=day) + clock


def serial_duration(serial: float) -> dt.timedelta:
    duration = dt.timedelta(days=serial)
    if duration.microseconds:
        duration = dt.timedelta(
            seconds=duration.total_seconds() // 1, microseconds=round(duration.microseconds, -3)
        )
    return duration


def moment_text(value: dt.datetime | dt.time) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return value.isoformat()
