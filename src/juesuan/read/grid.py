"""What every reader produces: a document as a stream of lines of cells, with positions.

Reading a format (file → grid) is kept apart from recognising tables (grid → T01–T09), so
every format shares one recogniser. A grid keeps everything the file said, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from juesuan.model.findings import Finding
from juesuan.model.source import Source


class LineKind(StrEnum):
    ROW = "row"  # cells of one table row (or a metadata line printed as cells)
    TEXT = "text"  # a title, heading, note or paragraph line outside any grid
    BREAK = "break"  # a page or sheet boundary; its source names the new page or sheet


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a line as the reader found it: its text and where it came from."""

    text: str
    source: Source
    x0: float | None = None  # left edge, for positional formats (PDF)
    x1: float | None = None
    span: int = 1  # columns a merged cell covers, where the format says so
    unknown: bool = False  # the file holds a value it did not save (a formula without its result)


@dataclass(frozen=True, slots=True)
class GridLine:
    """One line of the document.

    ``aligned`` rows hold one cell per printed column, blanks kept (cell-per-line text,
    spreadsheets, DOCX, HTML, ruled PDF tables). Rows that are not aligned are a flow of
    whitespace-separated tokens (page text): blanks are lost and the recogniser must place
    numbers by the template's column order.
    """

    kind: LineKind
    cells: tuple[GridCell, ...]
    source: Source
    aligned: bool = True

    @property
    def texts(self) -> tuple[str, ...]:
        # a list made first: tuple() of a generator costs more (this is asked of every line)
        return tuple([cell.text for cell in self.cells])

    @property
    def text(self) -> str:
        return " ".join([t for t in self.texts if t.strip()])

    @property
    def is_blank(self) -> bool:
        return not any(t.strip() for t in self.texts)


@dataclass(frozen=True, slots=True)
class DocumentGrid:
    """A file read into lines of cells, before recognition (the reader's output)."""

    path: str
    format: str
    lines: tuple[GridLine, ...]
    findings: tuple[Finding, ...] = ()
    pages: int | None = None
    #: Parts the reader could not read (pages, sheets); non-empty makes the result partial.
    missing: tuple[str, ...] = ()


class UnreadableError(Exception):
    """Nothing at all could be read from the file; the message says why, in a line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
