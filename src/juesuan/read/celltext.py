"""Cell-per-line text, the format of the seed document.

Each cell is a line ``TAB + text``; a blank line ends a row; a line without a leading TAB is a
title or heading, even where no blank line precedes it.
"""

from __future__ import annotations

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.read.textdecode import decode_text


def celltext_to_grid(path: str, data: bytes) -> DocumentGrid:
    text = decode_text(path, data)
    return DocumentGrid(path=path, format="celltext", lines=tuple(lines_to_grid_lines(path, text)))


def lines_to_grid_lines(path: str, text: str) -> list[GridLine]:
    lines: list[GridLine] = []
    row: list[GridCell] = []

    def end_row() -> None:
        if row:
            lines.append(GridLine(LineKind.ROW, tuple(row), row[0].source))
            row.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        source = Source(path, line=number)
        if raw.startswith("\t"):
            row.append(GridCell(raw[1:].strip(), source))
        elif raw.strip():
            end_row()
            lines.append(GridLine(LineKind.TEXT, (GridCell(raw.strip(), source),), source))
        else:
            end_row()
    end_row()
    return lines
