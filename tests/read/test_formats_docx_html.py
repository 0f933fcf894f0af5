"""DOCX and HTML readers on small documents written here with python-docx and plain strings."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.read.docx import docx_to_grid
from juesuan.read.grid import DocumentGrid, LineKind, UnreadableError
from juesuan.read.html import html_to_grid
from juesuan.read.xlsx import xlsx_to_grid


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def shape(grid: DocumentGrid) -> list[tuple[str, tuple[str, ...]]]:
    return [(line.kind.value, line.texts) for line in grid.lines]


def spans(grid: DocumentGrid) -> list[list[int]]:
    return [[c.span for c in line.cells] for line in grid.lines if line.kind is LineKind.ROW]


# --- DOCX --------------------------------------------------------------------------------------


def small_document() -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("支出决算表")
    document.add_paragraph("公开03表")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"  # gridSpan
    table.cell(0, 2).merge(table.cell(1, 2)).text = "本年支出合计"  # vMerge
    table.cell(0, 3).merge(table.cell(1, 3)).text = "基本支出"
    table.cell(1, 0).text = "功能分类科目编码"
    table.cell(1, 1).text = "科目名称"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "合计"
    table.cell(2, 2).text = "1,081.09"
    table.cell(2, 3).text = "75.20"
    table.cell(3, 0).text = "201"
    cell = table.cell(3, 1)
    cell.text = "一般公共"
    cell.add_paragraph("服务支出")  # a label wrapped onto two paragraphs
    table.cell(3, 2).text = "91.97"
    document.add_paragraph("注：本表反映部门本年度各项支出情况。")
    # the table continued after a page break: a second Word table, no header repeated
    document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    second = document.add_table(rows=1, cols=4)
    for col, text in enumerate(["206", "科学技术支出", "100.00", ""]):
        second.cell(0, col).text = text
    return document


def test_docx_merged_cells_paragraphs_and_split_tables_in_document_order() -> None:
    grid = docx_to_grid("t.docx", docx_bytes(small_document()))
    assert shape(grid) == [
        ("text", ("支出决算表",)),
        ("text", ("公开03表",)),
        ("break", ()),
        ("row", ("项目", "本年支出合计", "基本支出")),
        ("row", ("功能分类科目编码", "科目名称", "", "")),
        ("row", ("合计", "1,081.09", "75.20")),
        ("row", ("201", "一般公共服务支出", "91.97", "")),
        ("text", ("注：本表反映部门本年度各项支出情况。",)),
        ("break", ()),
        ("row", ("206", "科学技术支出", "100.00", "")),
    ]
    assert spans(grid)[0] == [2, 1, 1] and spans(grid)[2] == [2, 1, 1]
    total = grid.lines[5]
    assert total.cells[1].source.table == 1 and (
        total.cells[1].source.row,
        total.cells[1].source.col,
    ) == (3, 3)
    assert grid.lines[8].source.table == 2


def test_damaged_docx_is_unreadable() -> None:
    data = docx_bytes(small_document())
    with pytest.raises(UnreadableError):
        docx_to_grid("t.docx", data[: len(data) // 3])


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>决算</title><script>var x = "<table>";</script><style>td {}</style></head>
<body><div class="nav">首页 &gt; 决算公开</div>
<h3>财政拨款“三公”经费支出决算表</h3><p>公开07表</p>
<p>单位：某局&nbsp;&nbsp;&nbsp;金额单位：万元</p>
<table border="1">
 <thead><tr><th rowspan="2">项&nbsp;&nbsp;目</th><th colspan="2">金额</th></tr>
 <tr><th>预算数</th><th>决算数</th></tr></thead>
 <tbody>
 <tr><td><p><span>合</span><span>计</span></p></td><td>1.50</td><td><b>1.50</b></td></tr>
 <tr><td>1、因公出国（境）费</td><td>&nbsp;</td></tr>
 <tr><td>3、公务用车购置<br>及运行费</td><td>1.50</td><td>1.50</td></tr>
 </tbody>
</table>
<p>注：本表反映部门本年度“三公”经费支出预决算情况。</p>
</body></html>"""


def test_html_table_markup_with_spans_nested_markup_and_nbsp() -> None:
    grid = html_to_grid("t.html", PAGE.encode("gb18030"))
    assert shape(grid) == [
        ("text", ("首页 > 决算公开",)),
        ("text", ("财政拨款“三公”经费支出决算表",)),
        ("text", ("公开07表",)),
        ("text", ("单位：某局 金额单位：万元",)),
        ("break", ()),
        ("row", ("项  目", "金额")),  # spaces kept as printed, as the seed keeps 项    目
        ("row", ("", "预算数", "决算数")),
        ("row", ("合计", "1.50", "1.50")),
        ("row", ("1、因公出国（境）费", "", "")),  # a short row padded to the table's width
        ("row", ("3、公务用车购置及运行费", "1.50", "1.50")),
        ("text", ("注：本表反映部门本年度“三公”经费支出预决算情况。",)),
    ]
    assert spans(grid)[0] == [1, 2]
    cell = grid.lines[7].cells[2]
    assert (cell.source.table, cell.source.row, cell.source.col) == (1, 3, 3)


def test_html_cells_merged_2x2_read_as_the_single_cells_they_print() -> None:
    """A short row is padded by printed columns, not by grid columns (defect 18)."""
    cell = '<td colspan="2" rowspan="2">{}</td>'
    rows = [("项目", "预算数", "决算数"), ("合计", "3.00"), ("1、因公出国（境）费", "1.00", "2.00")]
    body = "".join(
        "<tr>" + "".join(cell.format(text) for text in row) + "</tr><tr></tr>" for row in rows
    )
    grid = html_to_grid("t.html", f"<html><body><table>{body}</table></body></html>".encode())
    assert [texts for kind, texts in shape(grid) if any(texts)] == [
        ("项目", "预算数", "决算数"),
        ("合计", "3.00", ""),  # one blank as wide as the column, not two halves of it
        ("1、因公出国（境）费", "1.00", "2.00"),
    ]
    assert spans(grid)[2] == [2, 2, 2]


def test_html_layout_tables_are_read_as_page_not_as_data() -> None:
    page = (
        "<html><body><table><tr><td>导航</td><td><p>收入决算表</p>"
        "<table><tr><td>合计</td><td>3.00</td></tr></table></td></tr></table></body></html>"
    )
    grid = html_to_grid("t.html", page.encode())
    assert shape(grid) == [
        ("text", ("导航",)),
        ("text", ("收入决算表",)),
        ("break", ()),
        ("row", ("合计", "3.00")),
    ]


def test_html_rowspan_in_the_middle_of_a_row() -> None:
    page = (
        "<table><tr><td>a</td><td rowspan=3>b</td><td>c</td></tr>"
        "<tr><td>d</td><td>e</td></tr><tr><td>f</td><td>g</td></tr></table>"
    )
    grid = html_to_grid("t.html", page.encode())
    assert [line.texts for line in grid.lines[1:]] == [
        ("a", "b", "c"),
        ("d", "", "e"),
        ("f", "", "g"),
    ]


# --- property: merged cells land at their columns in every format ------------------------------


@st.composite
def merged_grids(draw: st.DrawFn) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """A table of rows × cols whose columns from 2 on carry random non-overlapping merges."""
    rows, cols = draw(st.integers(2, 5)), draw(st.integers(3, 6))
    taken: set[tuple[int, int]] = set()
    merges = []
    for _ in range(draw(st.integers(0, 4))):
        r, c = draw(st.integers(0, rows - 1)), draw(st.integers(2, cols - 1))
        h, w = draw(st.integers(1, rows - r)), draw(st.integers(1, cols - c))
        area = {(r + i, c + j) for i in range(h) for j in range(w)}
        if (h, w) != (1, 1) and not area & taken:
            taken |= area
            merges.append((r, c, h, w))
    return rows, cols, merges


def expected_cells(
    rows: int, cols: int, merges: list[tuple[int, int, int, int]]
) -> list[dict[int, str]]:
    """Per row: grid column → text the reader must put there ('' under a tall cell)."""
    covered = {(r + i, c + j): i > 0 for r, c, h, w in merges for i in range(h) for j in range(w)}
    out = []
    for r in range(rows):
        row = {}
        for c in range(cols):
            if (r, c) not in covered or (r, c) in {(m[0], m[1]) for m in merges}:
                row[c] = f"r{r}c{c}"
            elif covered[(r, c)]:
                row[c] = ""
        out.append(row)
    return out


def read_cells(grid: DocumentGrid) -> list[dict[int, str]]:
    out = []
    for line in grid.lines:
        if line.kind is LineKind.ROW:
            row, col = {}, 0
            for cell in line.cells:
                row[col] = cell.text
                col += cell.span
            out.append(row)
    return out


def grid_html(rows: int, cols: int, merges: list[tuple[int, int, int, int]]) -> bytes:
    starts = {(r, c): (h, w) for r, c, h, w in merges}
    covered = {(r + i, c + j) for r, c, h, w in merges for i in range(h) for j in range(w)}
    body = []
    for r in range(rows):
        cells = []
        for c in range(cols):
            if (r, c) in starts:
                h, w = starts[(r, c)]
                cells.append(f'<td rowspan="{h}" colspan="{w}">r{r}c{c}</td>')
            elif (r, c) not in covered:
                cells.append(f"<td>r{r}c{c}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return ("<html><body><table>" + "".join(body) + "</table></body></html>").encode()


@settings(max_examples=40, deadline=None)
@given(merged_grids())
def test_merged_cells_land_at_their_columns_in_html_and_xlsx(
    table: tuple[int, int, list[tuple[int, int, int, int]]],
) -> None:
    rows, cols, merges = table
    expected = expected_cells(rows, cols, merges)
    assert read_cells(html_to_grid("t.html", grid_html(rows, cols, merges))) == expected
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(expected):
        for c, text in row.items():
            if text:
                sheet.cell(row=r + 1, column=c + 1, value=text)
    for r, c, h, w in merges:
        sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + h, end_column=c + w)
    out = io.BytesIO()
    workbook.save(out)
    assert read_cells(xlsx_to_grid("t.xlsx", out.getvalue())) == expected


@settings(max_examples=10, deadline=None)
@given(merged_grids())
def test_merged_cells_land_at_their_columns_in_docx(
    table: tuple[int, int, list[tuple[int, int, int, int]]],
) -> None:
    rows, cols, merges = table
    expected = expected_cells(rows, cols, merges)
    document = docx.Document()
    word = document.add_table(rows=rows, cols=cols)
    for r, c, h, w in merges:
        word.cell(r, c).merge(word.cell(r + h - 1, c + w - 1))
    for r, row in enumerate(expected):
        for c, text in row.items():
            if text:
                word.cell(r, c).text = text
    assert read_cells(docx_to_grid("t.docx", docx_bytes(document))) == expected
