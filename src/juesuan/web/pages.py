"""The original PDF's pages as images, and the cell boxes to draw on them."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

RENDER_SCALE = 1.5  # 108 dpi: table text stays legible


_RENDERED: OrderedDict[tuple[str, int], tuple[bytes, float, float]] = OrderedDict()
_LOCK = threading.Lock()
CACHED_PAGES = 64


def render_page(
    sha256: str, load: Callable[[], bytes | None], number: int
) -> tuple[bytes, float, float] | None:
    """PNG of page ``number`` (1-based) and the page's width and height in points; the last
    pages rendered are kept, by content hash and page, so the file is loaded only once. None
    when there is no file."""
    key = (sha256, number)
    with _LOCK:
        if key in _RENDERED:
            _RENDERED.move_to_end(key)
            return _RENDERED[key]
    data = load()
    if data is None:
        return None
    rendered = render_uncached(data, number)
    with _LOCK:
        _RENDERED[key] = rendered
        while len(_RENDERED) > CACHED_PAGES:
            _RENDERED.popitem(last=False)
    return rendered


def render_uncached(data: bytes, number: int) -> tuple[bytes, float, float]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if not 1 <= number <= len(document):
            raise IndexError(number)
        page = document[number - 1]
        width, height = page.get_size()
        image = page.render(scale=RENDER_SCALE).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue(), width, height
    finally:
        document.close()


def finding_boxes(
    finding: dict[str, Any], boxes: dict[str, list[float]]
) -> dict[int, list[list[float]]]:
    """Page → boxes [x0, top, x1, bottom] of the cells a finding names (its own cell first)."""
    from juesuan.web.process import cell_key

    keys = [cell_key(finding["table"], finding["section"], finding["row_key"], finding["column"])]
    keys += [
        cell_key(c["table"], c["section"], c["row_key"], c["column"]) for c in finding["cells"]
    ]
    pages: dict[int, list[list[float]]] = {}
    for key in dict.fromkeys(keys):
        if key in boxes:
            page, *box = boxes[key]
            pages.setdefault(int(page), []).append(box)
    return pages
