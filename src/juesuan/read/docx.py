"""DOCX documents: paragraphs and tables in document order → grid lines.

Read from the WordprocessingML itself (through python-docx's parser) because python-docx's cell
API repeats a merged cell in every grid column it covers. The layout follows the seed document:

* each paragraph is a TEXT line (source ``line N`` = the N-th paragraph of the body);
* each table starts with a BREAK (source ``table N``), as a page starts a PDF page: a table split
  by a page break into consecutive tables is a table continued on the next page;
* each table row is an aligned ROW of one cell per grid column: a horizontally merged cell
  (``gridSpan``) is one cell with ``span``; a cell continuing a vertical merge (``vMerge``) is a
  blank per grid column, as the seed prints the rows under a tall header cell; cells a row leaves
  out of the grid (``gridBefore``/``gridAfter``, short rows) are blanks.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind, UnreadableError
from juesuan.read.workbook import clean_text, compact_meta_row

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_grid(path: str, data: bytes) -> DocumentGrid:
    body = _open_body(path, data)
    lines: list[GridLine] = []
    paragraphs = 0
    tables = 0
    for element in _body_blocks(body):
        if element.tag == f"{W}p":
            paragraphs += 1
            lines.extend(_paragraph_lines(path, element, paragraphs))
        elif element.tag == f"{W}tbl":
            tables += 1
            lines.extend(_table_lines(path, element, tables))
    return DocumentGrid(path=path, format="docx", lines=tuple(lines))


def _open_body(path: str, data: bytes) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx raises many kinds for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableError(path, f"无法读取 DOCX 文档 ({reason})") from exc


def _body_blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, looking inside content controls and custom XML."""
    for child in parent.iterchildren():
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _body_blocks(child)


def paragraph_text(paragraph: Any) -> str:
    """The printed text of a paragraph: runs, tabs and line breaks; deleted text left out."""
    parts: list[str] = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _paragraph_lines(path: str, paragraph: Any, number: int) -> list[GridLine]:
    source = Source(path, line=number)
    lines = []
    for text in paragraph_text(paragraph).split("\n"):
        text = text.replace("\xa0", " ").strip()
        if text:
            lines.append(GridLine(LineKind.TEXT, (GridCell(text, source),), source))
    return lines


def _cell_text(cell: Any) -> str:
    return clean_text("\n".join(paragraph_text(p) for p in cell.iter(f"{W}p")))


def _int_attr(element: Any, path: str, default: int) -> int:
    node = element.find(path)
    if node is None:
        return default
    try:
        return int(node.get(f"{W}val", default))
    except ValueError:
        return default


def _grid_width(table: Any) -> int:
    grid = table.find(f"{W}tblGrid")
    return 0 if grid is None else len(grid.findall(f"{W}gridCol"))


def _row_cells(row: Any) -> Iterator[Any]:
    for child in row.iterchildren():
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _row_cells(child)


def _table_lines(path: str, table: Any, number: int) -> list[GridLine]:
    lines = [GridLine(LineKind.BREAK, (), Source(path, table=number))]
    rows = table.findall(f"{W}tr")
    width = max([_grid_width(table)] + [_row_width(row) for row in rows])
    for row_number, row in enumerate(rows, start=1):
        cells = _row_to_cells(path, row, number, row_number, width)
        if cells:
            lines.append(compact_meta_row(GridLine(LineKind.ROW, tuple(cells), cells[0].source)))
    return lines


def _row_width(row: Any) -> int:
    before = _int_attr(row, f"{W}trPr/{W}gridBefore", 0)
    return before + sum(_int_attr(tc, f"{W}tcPr/{W}gridSpan", 1) for tc in _row_cells(row))


def _row_to_cells(path: str, row: Any, table: int, row_number: int, width: int) -> list[GridCell]:
    def blank(col: int) -> GridCell:
        return GridCell("", Source(path, table=table, row=row_number, col=col))

    col = 1
    cells = [blank(c) for c in range(col, col + _int_attr(row, f"{W}trPr/{W}gridBefore", 0))]
    col += len(cells)
    for tc in _row_cells(row):
        span = max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1))
        if _continues_vertical_merge(tc):
            cells.extend(blank(c) for c in range(col, col + span))
        elif _continues_horizontal_merge(tc) and cells:
            last = cells[-1]
            cells[-1] = GridCell(last.text, last.source, span=last.span + span)
        else:
            source = Source(path, table=table, row=row_number, col=col)
            cells.append(GridCell(_cell_text(tc), source, span=span))
        col += span
    cells.extend(blank(c) for c in range(col, width + 1))
    return cells


def _continues_vertical_merge(tc: Any) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val", "continue") == "continue"


def _continues_horizontal_merge(tc: Any) -> bool:
    merge = tc.find(f"{W}tcPr/{W}hMerge")
    return merge is not None and merge.get(f"{W}val", "continue") == "continue"
