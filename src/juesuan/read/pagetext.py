"""Page text: ``=== page N ===`` markers, cells separated by spaces (pdfplumber extract_text)."""

from __future__ import annotations

import re

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.read.textdecode import decode_text

PAGE_MARK = re.compile(r"^=+\s*page\s+(\d+)\s*=+\s*$", re.IGNORECASE)


def is_pagetext(text: str) -> bool:
    return any(PAGE_MARK.match(line.strip()) for line in text.splitlines()[:50])


def pagetext_to_grid(path: str, data: bytes) -> DocumentGrid:
    text = decode_text(path, data)
    lines: list[GridLine] = []
    page: int | None = None
    pages = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        mark = PAGE_MARK.match(raw.strip())
        if mark:
            page = int(mark.group(1))
            pages = max(pages, page)
            lines.append(GridLine(LineKind.BREAK, (), Source(path, page=page, line=number)))
            continue
        if not raw.strip():
            continue
        source = Source(path, page=page, line=number)
        cells = tuple(GridCell(token, source) for token in raw.split())
        lines.append(GridLine(LineKind.TEXT, cells, source, aligned=False))
    return DocumentGrid(path=path, format="pagetext", lines=tuple(lines), pages=pages or None)
