"""HTML pages: text outside tables as TEXT lines, ``<table>`` markup as aligned rows.

* Text outside tables becomes one TEXT line per block (``<p>``, ``<div>``, ``<br>``, headings …),
  with the source line of the element that holds it.
* Each data table starts with a BREAK (source ``table N``); each ``<tr>`` is an aligned ROW of one
  cell per grid column: ``colspan`` is one cell with ``span``, a cell covered by a ``rowspan``
  from above is a blank per column (as the seed prints the rows under a tall header cell), short
  rows are padded with blanks, one per column that other rows start a cell in. Cell text is the
  cell's whole text (nested ``<p>``, ``<span>``, ``<br>`` …) on one line, ``&nbsp;`` as a space.
* A table whose cells hold tables is page layout, not data: its contents are read as a page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind, UnreadableError
from juesuan.read.textdecode import decode_text
from juesuan.read.workbook import clean_text, compact_meta_row

SKIPPED = {"script", "style", "noscript", "head", "template", "iframe", "object", "svg", "select"}
BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "tr", "td", "th", "table", "thead", "tbody", "tfoot", "caption", "section", "article",
    "header", "footer", "nav", "aside", "main", "blockquote", "pre", "center", "form", "hr",
    "address", "figure", "figcaption", "body", "html",
}  # fmt: skip
MAX_SPAN = 200  # a colspan/rowspan beyond any real table is a markup error, not a layout
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def html_to_grid(path: str, data: bytes) -> DocumentGrid:
    root = _parse(path, data)
    page = _PageWalker(path)
    page.walk(root)
    page.flush(None)
    return DocumentGrid(
        path=path, format="html", lines=tuple(page.lines), missing=_lost_tables(data, root)
    )


def _lost_tables(data: bytes, root: Any) -> tuple[str, ...]:
    """Tables in the markup that the parser dropped (libxml2 stops at its nesting limit)."""
    printed = len(re.findall(rb"<table[\s>]", data, re.IGNORECASE))
    parsed = sum(1 for _ in root.iter("table"))
    if parsed >= printed:
        return ()
    return (f"{printed - parsed} 个表格（HTML 嵌套过深，解析器未读入）",)


def html_text(path: str, data: bytes) -> str:
    """The page as text: byte-order mark, else the declared charset, else UTF-8 or GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(path, data)


#: Elements that only wrap others (a line break at most): dropped when a page nests too deep.
WRAPPERS = (
    "div",
    "span",
    "font",
    "center",
    "section",
    "article",
    "main",
    "b",
    "i",
    "strong",
    "em",
    "u",
)
#: Nesting the walk follows (Python's own recursion limit is 1000 frames).
MAX_DEPTH = 400


def _parse(path: str, data: bytes) -> Any:
    import lxml.etree
    import lxml.html

    text = _XML_DECLARATION.sub("", html_text(path, data), count=1)
    # huge_tree: libxml2 otherwise silently drops everything below 255 levels of nesting
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:  # no content at all
        raise UnreadableError(path, f"无法解析 HTML 页面 ({exc})") from exc
    if _depth(root) > MAX_DEPTH:
        lxml.etree.strip_tags(root, *WRAPPERS)
        depth = _depth(root)
        if depth > MAX_DEPTH:
            raise UnreadableError(path, f"HTML 页面嵌套 {depth} 层，超过上限 {MAX_DEPTH} 层")
    return root


def _depth(root: Any) -> int:
    """The deepest nesting of the tree, counted without recursion."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


@dataclass
class _Placed:
    col: int  # 1-based grid column
    text: str
    span: int = 1
    covered: bool = False  # under a rowspan from above


class _PageWalker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[GridLine] = []
        self.buffer: list[str] = []
        self.buffer_line: int | None = None
        self.tables = 0

    def flush(self, element: Any) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        source = Source(self.path, line=self.buffer_line)
        self.buffer_line = None
        for line in text.replace("\xa0", " ").split("\n"):
            line = " ".join(line.split())
            if line:
                self.lines.append(GridLine(LineKind.TEXT, (GridCell(line, source),), source))

    def add(self, text: str | None, element: Any) -> None:
        if text:
            if self.buffer_line is None and text.strip():
                self.buffer_line = getattr(element, "sourceline", None)
            self.buffer.append(text)

    def walk(self, element: Any) -> None:
        tag = _tag(element)
        if tag in SKIPPED or not tag:
            return
        if tag == "table" and not _is_layout_table(element):
            self.flush(element)
            self.tables += 1
            self.lines.extend(table_lines(self.path, element, self.tables))
            return
        block = tag in BLOCKS
        if block:
            self.flush(element)
        self.add(element.text, element)
        for child in element:
            self.walk(child)
            self.add(child.tail, element)
        if block:
            self.flush(element)


def _is_layout_table(table: Any) -> bool:
    return any(_tag(node) == "table" for node in table.iterdescendants())


def _own_rows(table: Any) -> list[Any]:
    return list(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"))


def _span(cell: Any, name: str) -> int:
    match = re.match(r"\s*(\d+)", cell.get(name, "") or "")
    return min(MAX_SPAN, max(1, int(match.group(1)))) if match else 1


def cell_text(cell: Any) -> str:
    parts: list[str] = []

    def collect(node: Any) -> None:
        tag = _tag(node)
        if tag in SKIPPED:
            return
        if tag in BLOCKS and parts:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            if _tag(child):  # comments and processing instructions print nothing
                collect(child)
            parts.append(child.tail or "")

    collect(cell)
    return clean_text("".join(parts))


def place_rows(rows: list[Any]) -> list[list[_Placed]]:
    """Each <tr>'s cells at their grid columns, honouring colspan and rowspan from above."""
    below: dict[tuple[int, int], bool] = {}
    placed_rows: list[list[_Placed]] = []
    for r, row in enumerate(rows):
        placed: list[_Placed] = []
        col = 1
        for cell in row.xpath("./td | ./th"):
            while below.pop((r, col), False):
                placed.append(_Placed(col, "", covered=True))
                col += 1
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            placed.append(_Placed(col, cell_text(cell), span))
            for extra in range(1, down):
                for c in range(col, col + span):
                    below[(r + extra, c)] = True
            col += span
        for c in sorted(c for (rr, c) in below if rr == r and c >= col):
            placed.append(_Placed(c, "", covered=True))
            below.pop((r, c))
        placed_rows.append(placed)
    return placed_rows


def table_lines(path: str, table: Any, number: int) -> list[GridLine]:
    lines = [GridLine(LineKind.BREAK, (), Source(path, table=number))]
    placed_rows = place_rows(_own_rows(table))
    width = max((p.col + p.span - 1 for row in placed_rows for p in row), default=0)
    starts = {p.col for row in placed_rows for p in row if not p.covered}
    for r, placed in enumerate(placed_rows, start=1):
        cells = _row_cells(path, (number, r), placed, width, starts)
        if cells:
            lines.append(compact_meta_row(GridLine(LineKind.ROW, tuple(cells), cells[0].source)))
    return lines


def _row_cells(
    path: str, where: tuple[int, int], placed: list[_Placed], width: int, starts: set[int]
) -> list[GridCell]:
    """The row's cells with the columns it leaves out as blanks.

    A blank reaches to where the next cell of the table starts, so a short row is padded by
    printed columns: when every cell spans two grid columns (merged 2×2), one blank, not two.
    """
    table, row = where
    by_col = {p.col: p for p in placed}
    cells: list[GridCell] = []
    col = 1
    while col <= width:
        source = Source(path, table=table, row=row, col=col)
        found = by_col.get(col)
        if found is None:
            end = min((c for c in (*starts, *by_col) if c > col), default=width + 1)
            cells.append(GridCell("", source, span=end - col))
            col = end
            continue
        cells.append(GridCell(found.text, source, span=found.span))
        col += found.span
    return cells
