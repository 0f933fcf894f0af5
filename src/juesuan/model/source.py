"""Where a value came from: file, page/sheet/line, row, column, raw text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """The place in a file that a value was read from.

    Exactly the fields a format has are set: text dumps have ``line``, PDFs ``page``,
    workbooks ``sheet`` and ``cell`` (A1 notation), HTML/DOCX ``table`` index and ``row``/``col``.
    """

    path: str
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points, page origin top-left

    def label(self) -> str:
        """Short human form used in facts and findings: ``line 512``, ``page 8``, ``sheet 表2!D7``."""
        if self.sheet is not None:
            return f"sheet {self.sheet}!{self.cell}" if self.cell else f"sheet {self.sheet}"
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None and self.line is None:
            parts.append(f"row {self.row}")
        if self.col is not None and self.line is None:
            parts.append(f"col {self.col}")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.label()
