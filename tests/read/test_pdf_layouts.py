"""Table layouts the corpus PDFs do not show, made here with reportlab: an open frame (no
outer side rulings), a three-line table (horizontal rulings only), a table with no rulings
at all, one ruled between columns but not between rows, one whose header alone is ruled, and
one framed by a double border. The expected rows are the tables' own data, written below before being typeset."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from juesuan.read import file_to_grid
from juesuan.read.grid import LineKind

FONT = "STSong-Light"
DATA = [
    ["项目", "合计", "基本支出", "项目支出"],
    ["一般公共服务支出", "2,106.66", "1,503.52", "603.14"],
    ["行政运行", "1,511.89", "1,503.52", "8.37"],
    ["一般行政管理事务", "10.00", "", "10.00"],
    ["合计", "2,940.05", "1,503.52", "1,436.53"],
]
NARRATIVE = "本年支出合计2940.05万元，其中：基本支出2336.91万元，项目支出603.14万元。"

STYLES = {
    "open frame": [
        ("INNERGRID", (0, 0), (-1, -1), 0.5, "black"),
        ("LINEABOVE", (0, 0), (-1, 0), 1, "black"),
        ("LINEBELOW", (0, -1), (-1, -1), 1, "black"),
    ],
    "three lines": [
        ("LINEABOVE", (0, 0), (-1, 0), 1, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black"),
        ("LINEBELOW", (0, -1), (-1, -1), 1, "black"),
    ],
    "no rulings": [],
    "column rulings only": [
        ("BOX", (0, 0), (-1, -1), 0.5, "black"),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black"),
    ],
    "ruled header only": [
        ("BOX", (0, 0), (-1, 0), 0.5, "black"),
        ("INNERGRID", (0, 0), (-1, 0), 0.5, "black"),
    ],
    "double frame": [
        ("INNERGRID", (0, 0), (-1, -1), 0.5, "black"),
        ("BOX", (0, 0), (-1, -1), 0.5, "black", None, None, None, 2, 2),
    ],
}


def typeset(path: Path, style: list[tuple[object, ...]]) -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    text = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    table = Table(DATA, colWidths=[150, 80, 80, 80])
    table.setStyle(
        TableStyle(
            [("FONT", (0, 0), (-1, -1), FONT, 10), ("ALIGN", (1, 0), (-1, -1), "RIGHT"), *style]
        )
    )
    story = [
        Paragraph("一般公共预算财政拨款支出决算表", text),
        Paragraph("单位：万元", text),
        table,
        Spacer(1, 20),
        Paragraph(NARRATIVE, text),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


@pytest.mark.parametrize("layout", list(STYLES))
def test_table_rows_whatever_the_rulings(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "table.pdf"
    typeset(path, STYLES[layout])
    grid = file_to_grid(path)
    lines = [line for line in grid.lines if line.kind != LineKind.BREAK]
    assert [line.kind for line in lines] == [LineKind.TEXT] * 2 + [LineKind.ROW] * 5 + [
        LineKind.TEXT
    ]
    assert [line.texts for line in lines[2:7]] == [tuple(row) for row in DATA]
    assert lines[0].text == "一般公共预算财政拨款支出决算表"
    assert lines[-1].text == NARRATIVE
    amounts = [line.cells[1] for line in lines[3:7]]
    assert all(
        cell.x0 is not None and cell.x1 is not None and cell.x0 < 260 < cell.x1 for cell in amounts
    )


def test_amount_wrapped_in_a_narrow_cell_is_joined(tmp_path: Path) -> None:
    """A Word-style table whose amount column is too narrow: "1,503,520." / "00" in one cell."""
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    path = tmp_path / "narrow.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    for x in (100, 250, 300):
        page.line(x, 700, x, 740)
    for y in (700, 720, 740):
        page.line(100, y, 300, y)
    page.setFont(FONT, 9)
    page.drawString(104, 727, "项目")
    page.drawString(254, 727, "金额")
    page.drawString(104, 707, "基本支出")
    page.drawString(254, 712, "1,503,")
    page.drawString(254, 703, "520.00")
    page.showPage()
    page.save()
    lines = [line for line in file_to_grid(path).lines if line.kind == LineKind.ROW]
    assert [line.texts for line in lines] == [("项目", "金额"), ("基本支出", "1,503,520.00")]
