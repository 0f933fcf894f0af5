"""The outline → a Word document (python-docx, MIT): the same cover, parts, tables and prose.

Each table is a real Word table with merged cells as the template draws them; landscape
sections for the wide tables, as the template prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan.prepare.layout import CENTRED_LABELS, TableLayout, cell_text
from juesuan.prepare.outline import Block, Kind, Outline

FONT = "宋体"


def outline_to_docx(outline: Outline, path: Path) -> None:
    import docx

    document = docx.Document()
    set_east_asian_font(document.styles["Normal"], FONT)
    for _ in range(6):
        document.add_paragraph()
    for text in (outline.unit_name, outline.cover_title):
        centred(document, text, size=26)
    page_break(document)
    centred(document, "目录", size=16)
    for entry in outline.contents:
        document.add_paragraph(entry.text).paragraph_format.left_indent = (
            None if entry.kind is Kind.PART else docx.shared.Pt(21)
        )
    page_break(document)
    add_blocks(document, outline.overview)
    page_break(document)
    add_blocks(document, (outline.tables_part,))
    landscape = False
    for layout in outline.tables:
        if layout.landscape != landscape:
            new_section(document, layout.landscape)
            landscape = layout.landscape
        else:
            page_break(document)
        add_table(document, layout)
    if landscape:
        new_section(document, False)
    else:
        page_break(document)
    add_blocks(document, outline.explanation)
    page_break(document)
    add_blocks(document, outline.glossary)
    document.core_properties.title = f"{outline.unit_name}{outline.cover_title}"
    document.core_properties.author = outline.unit_name
    document.save(str(path))


def set_east_asian_font(style: Any, name: str) -> None:
    from docx.oxml.ns import qn

    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def centred(document: Any, text: str, size: float = 0, bold: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


def page_break(document: Any) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def new_section(document: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((section.page_width, section.page_height))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def add_blocks(document: Any, blocks: tuple[Block, ...]) -> None:
    from docx.shared import Pt

    for block in blocks:
        if block.kind is Kind.PART:
            centred(document, block.text, size=16, bold=True)
        elif block.kind is Kind.HEADING:
            document.add_paragraph().add_run(block.text).bold = True
        elif block.kind is Kind.SUBHEADING:
            document.add_paragraph(block.text)
        else:
            document.add_paragraph(block.text).paragraph_format.first_line_indent = Pt(21)


def add_table(document: Any, layout: TableLayout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    centred(document, layout.title, size=14, bold=True)
    document.add_paragraph(layout.label).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    year = f"{layout.year}年度" if layout.year else ""
    document.add_paragraph(f"编制单位：{layout.unit_name}    {year}    单位：{layout.money_unit}")
    word_table(document, layout)
    document.add_paragraph(layout.note)
    if layout.empty_statement:
        document.add_paragraph(f"说明：{layout.empty_statement}")


def word_table(document: Any, layout: TableLayout) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    plan = layout.plan
    table = document.add_table(rows=len(plan.rows), cols=plan.width)
    table.style = "Table Grid"
    for r0, c0, r1, c1 in plan.merges:  # merge first: the merged cell keeps its first position
        table.cell(r0 - 1, c0 - 1).merge(table.cell(r1 - 1, c1 - 1))
    for index, (tr, row) in enumerate(zip(table._tbl.tr_lst, plan.rows, strict=True)):
        starts: dict[int, Any] = {}
        col = 0
        for tc in tr.tc_lst:  # the grid column each Word cell of the row starts at
            starts[col] = tc
            col += tc.grid_span
        for col, value in enumerate(row):
            text = cell_text(value)
            if not text or col not in starts:
                continue
            cell = docx.table._Cell(starts[col], table)
            cell.text = text
            paragraph = cell.paragraphs[0]
            if index < layout.header_rows or text in CENTRED_LABELS:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif not isinstance(value, str):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
