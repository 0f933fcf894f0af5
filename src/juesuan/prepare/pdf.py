"""The outline → a PDF with reportlab (BSD): an embedded CJK TrueType font and a real text layer.

Tables are drawn with full rulings (every cell boxed, merged cells spanned) as the template
prints them, so the PDF reads back as ruled tables; tables with many columns are printed on
landscape pages as in the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from juesuan.prepare.fonts import register_cjk_font
from juesuan.prepare.layout import CENTRED_LABELS, TableLayout, cell_text
from juesuan.prepare.outline import Block, Kind, Outline

MARGIN = 56.0  # points (about 2 cm)


def outline_to_pdf(outline: Outline, path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    font = register_cjk_font()
    styles = Styles(font)
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        title=f"{outline.unit_name}{outline.cover_title}",
        author=outline.unit_name,
        creator="juesuan prepare",
        initialFontName=font,
    )
    portrait_frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="p")
    wide = landscape(A4)
    landscape_frame = Frame(MARGIN, MARGIN, wide[0] - 2 * MARGIN, wide[1] - 2 * MARGIN, id="l")
    doc.addPageTemplates(
        [
            PageTemplate(id="portrait", frames=[portrait_frame], pagesize=A4),
            PageTemplate(id="landscape", frames=[landscape_frame], pagesize=wide),
        ]
    )
    doc.build(story(outline, styles, A4[0] - 2 * MARGIN, wide[0] - 2 * MARGIN))


class Styles:
    def __init__(self, font: str) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        base = ParagraphStyle(
            "base", fontName=font, bulletFontName=font, fontSize=10.5, leading=16, wordWrap="CJK"
        )
        self.font = font
        self.cover = ParagraphStyle("cover", base, fontSize=26, leading=40, alignment=TA_CENTER)
        self.part = ParagraphStyle(
            "part", base, fontSize=16, leading=26, alignment=TA_CENTER, spaceAfter=12
        )
        self.heading = ParagraphStyle("heading", base, fontSize=12, leading=20, spaceBefore=6)
        self.subheading = ParagraphStyle("sub", base, fontSize=11, leading=18, leftIndent=10)
        self.body = ParagraphStyle("body", base, firstLineIndent=21, spaceAfter=2)
        self.title = ParagraphStyle("title", base, fontSize=14, leading=22, alignment=TA_CENTER)
        self.right = ParagraphStyle("right", base, fontSize=9, alignment=TA_RIGHT)
        self.left = ParagraphStyle("left", base, fontSize=9, alignment=TA_LEFT)
        self.center = ParagraphStyle("center", base, fontSize=9, alignment=TA_CENTER)
        self.cell = ParagraphStyle("cell", base, fontSize=8, leading=10)
        self.cell_center = ParagraphStyle("cellc", self.cell, alignment=TA_CENTER)
        self.note = ParagraphStyle("note", base, fontSize=9, leading=14)
        self.contents = ParagraphStyle("contents", base, fontSize=11, leading=20, leftIndent=20)
        self.contents_part = ParagraphStyle("contentsp", base, fontSize=12, leading=22)


def para(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def story(outline: Outline, styles: Styles, narrow: float, wide: float) -> list[Any]:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

    flow: list[Any] = [
        Spacer(1, 180),
        para(outline.unit_name, styles.cover),
        para(outline.cover_title, styles.cover),
        PageBreak(),
        para("目录", styles.part),
    ]
    for entry in outline.contents:
        style = styles.contents_part if entry.kind is Kind.PART else styles.contents
        flow.append(para(entry.text, style))
    flow.append(PageBreak())
    flow += blocks(outline.overview, styles)
    flow.append(PageBreak())
    flow.append(para(outline.tables_part.text, styles.part))
    current = "portrait"
    for index, layout in enumerate(outline.tables):
        wanted = "landscape" if layout.landscape else "portrait"
        if wanted != current:
            # the page template changes at the next page break, so it is named before it
            if index:
                flow.insert(len(flow) - 1, NextPageTemplate(wanted))
            else:
                flow += [NextPageTemplate(wanted), PageBreak()]
            current = wanted
        flow += table_flow(layout, styles, wide if layout.landscape else narrow)
        flow.append(PageBreak())
    if current != "portrait":
        flow.insert(len(flow) - 1, NextPageTemplate("portrait"))
    flow += blocks(outline.explanation, styles)
    flow.append(PageBreak())
    flow += blocks(outline.glossary, styles)
    return flow


def blocks(items: tuple[Block, ...], styles: Styles) -> list[Any]:
    style = {
        Kind.PART: styles.part,
        Kind.HEADING: styles.heading,
        Kind.SUBHEADING: styles.subheading,
        Kind.PARAGRAPH: styles.body,
    }
    return [para(block.text, style[block.kind]) for block in items]


def table_flow(layout: TableLayout, styles: Styles, width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    head = Table(
        [
            [para(layout.title, styles.title)],
        ],
        colWidths=[width],
    )
    meta = Table(
        [
            ["", "", para(layout.label, styles.right)],
            [
                para(f"编制单位：{layout.unit_name}", styles.left),
                para(f"{layout.year}年度" if layout.year else "", styles.center),
                para(f"单位：{layout.money_unit}", styles.right),
            ],
        ],
        colWidths=[width * 0.5, width * 0.2, width * 0.3],
    )
    for plain in (head, meta):  # blank cells are drawn in the table's font too
        plain.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), styles.font, 9)]))
    flow: list[Any] = [KeepTogether([head, meta]), Spacer(1, 4), grid_table(layout, styles, width)]
    flow.append(para(layout.note, styles.note))
    if layout.empty_statement:
        flow.append(para(f"说明：{layout.empty_statement}", styles.note))
    return flow


def column_widths(layout: TableLayout, width: float) -> list[float]:
    """Label columns wider than amount columns; codes narrow."""
    weights = []
    for col in range(layout.width):
        texts = [cell_text(row[col]) for row in layout.plan.rows[layout.header_rows :]]
        longest = max((len(t) for t in texts), default=0)
        if col in layout.amount_columns:
            weights.append(1.0)
        elif all(t.isdigit() or not t for t in texts):
            weights.append(0.9)
        else:
            weights.append(max(1.6, min(3.2, longest / 6)))
    total = sum(weights)
    return [width * w / total for w in weights]


def grid_table(layout: TableLayout, styles: Styles, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    rows: list[list[Any]] = []
    for index, row in enumerate(layout.plan.rows):
        header = index < layout.header_rows
        cells: list[Any] = []
        for col, value in enumerate(row):
            text = cell_text(value)
            if header or text in CENTRED_LABELS:
                cells.append(para(text, styles.cell_center) if text else "")
            elif col in layout.amount_columns and text and not isinstance(value, str):
                cells.append(text)
            else:
                cells.append(para(text, styles.cell) if text else "")
        rows.append(cells)
    table = Table(rows, colWidths=column_widths(layout, width), repeatRows=layout.header_rows)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), styles.font, 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, layout.header_rows), (-1, -1), "RIGHT"),
    ]
    for r0, c0, r1, c1 in layout.plan.merges:
        commands.append(("SPAN", (c0 - 1, r0 - 1), (c1 - 1, r1 - 1)))
    table.setStyle(TableStyle(commands))
    return table
