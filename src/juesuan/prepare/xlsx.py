"""The disclosure → an XLSX workbook: the nine tables one sheet each, as the official workbook
(the layout of ``juesuan.export.xlsx``), then the 情况说明 on a sheet of its own."""

from __future__ import annotations

from pathlib import Path

from juesuan.export.xlsx import disclosure_to_workbook
from juesuan.model.disclosure import Disclosure
from juesuan.prepare.outline import Outline
from juesuan.store.rows import disclosure_to_rows

EXPLANATION_SHEET = "情况说明"


def disclosure_to_xlsx(disclosure: Disclosure, outline: Outline, path: Path) -> None:
    rows = disclosure_to_rows(disclosure)
    disclosure_to_workbook(rows.document, rows.tables, rows.facts, path)
    add_explanation(outline, path)


def add_explanation(outline: Outline, path: Path) -> None:
    """One paragraph a row, in column A, after the tables."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment

    workbook = load_workbook(path)
    sheet = workbook.create_sheet(EXPLANATION_SHEET)
    sheet.column_dimensions["A"].width = 120
    for number, block in enumerate(outline.explanation, start=1):
        cell = sheet.cell(row=number, column=1, value=block.text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
