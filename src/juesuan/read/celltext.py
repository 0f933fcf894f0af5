"""Cell-per-line text, the format of the seed document.

Each cell is a line ``TAB + text``; a blank line ends a row; a line without a leading TAB is a
title or heading, even where no blank line precedes it. A copy whose tabs became spaces is the
same format: a cell is then a line indented by two or more spaces (see ``is_spaced_celltext``).
"""

from __future__ import annotations

import re

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.read.textdecode import decode_text


def celltext_to_grid(path: str, data: bytes) -> DocumentGrid:
    text = decode_text(path, data)
    return DocumentGrid(path=path, format="celltext", lines=tuple(lines_to_grid_lines(path, text)))


_SPACE_INDENT = re.compile(r"^(?: {2,}|\u3000)")
MAX_CELL_CHARS = 40


def is_cell_line(raw: str) -> bool:
    return raw.startswith("\t") or bool(_SPACE_INDENT.match(raw))


def is_spaced_celltext(lines: list[str]) -> bool:
    """Cell-per-line text whose tabs became spaces: many short indented lines, rows of several
    cells ended by blank lines (indented prose paragraphs are long and not cut into rows)."""
    indented = [line.strip() for line in lines if _SPACE_INDENT.match(line) and line.strip()]
    if len(indented) < 20:
        return False
    short = sum(1 for text in indented if len(text) <= MAX_CELL_CHARS)
    return short >= 0.9 * len(indented) and len(indented) >= 0.5 * sum(
        1 for x in lines if x.strip()
    )


def lines_to_grid_lines(path: str, text: str) -> list[GridLine]:
    lines: list[GridLine] = []
    row: list[GridCell] = []

    def end_row() -> None:
        if row:
            lines.append(GridLine(LineKind.ROW, tuple(row), row[0].source))
            row.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        source = Source(path, line=number)
        if is_cell_line(raw):
            row.append(GridCell(raw.strip(), source))
        elif raw.strip():
            end_row()
            lines.append(GridLine(LineKind.TEXT, (GridCell(raw.strip(), source),), source))
        else:
            end_row()
    end_row()
    return lines
