"""Plain text (web pages saved as text): one line, one text line; tokens split on spaces."""

from __future__ import annotations

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.read.textdecode import decode_text


def plaintext_to_grid(path: str, data: bytes) -> DocumentGrid:
    text = decode_text(path, data)
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            source = Source(path, line=number)
            cells = tuple(GridCell(token, source) for token in raw.split())
            lines.append(GridLine(LineKind.TEXT, cells, source, aligned=False))
    return DocumentGrid(path=path, format="plaintext", lines=tuple(lines))
