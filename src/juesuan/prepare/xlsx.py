"""The outline → an XLSX workbook: one sheet per table (公开01表 …) in the template's layout, the
same grid the PDF and Word documents print, then the 情况说明 on a sheet of its own.

The sheets are written by the XLSX export's ``plan_to_sheet`` (real numbers in their printed
precision, merged cells, nothing hidden)."""

from __future__ import annotations

from pathlib import Path

from juesuan.export.xlsx import SheetPlan, plan_to_sheet
from juesuan.prepare.layout import TableLayout
from juesuan.prepare.outline import Outline

EXPLANATION_SHEET = "情况说明"
HEAD_ROWS = 3  # title, 公开0N表, 编制单位 / 年度 / 单位


def outline_to_xlsx(outline: Outline, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for layout in outline.tables:
        plan_to_sheet(workbook.create_sheet(layout.label), sheet_plan(layout))
    sheet = workbook.create_sheet(EXPLANATION_SHEET)
    sheet.column_dimensions["A"].width = 120
    for number, block in enumerate(outline.explanation, start=1):
        cell = sheet.cell(row=number, column=1, value=block.text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.title = f"{outline.unit_name}{outline.cover_title}"
    workbook.save(path)


def sheet_plan(layout: TableLayout) -> SheetPlan:
    """The table's head, its grid (merges moved down by the head) and its notes."""
    width = layout.width
    plan = SheetPlan(width=width)
    plan.add([layout.title], [(1, width)])
    plan.add([None] * (width - 1) + [layout.label])
    middle = max(2, (width + 1) // 2)
    meta: list[object] = [None] * width
    meta[0] = f"编制单位：{layout.unit_name}"
    meta[middle - 1] = f"{layout.year}年度" if layout.year else None
    meta[width - 1] = f"单位：{layout.money_unit}"
    plan.add(meta, [(1, middle - 1)] if middle > 2 else [])
    for row in layout.plan.rows:
        plan.rows.append(list(row))
    plan.merges += [
        (r0 + HEAD_ROWS, c0, r1 + HEAD_ROWS, c1) for r0, c0, r1, c1 in layout.plan.merges
    ]
    plan.add([layout.note], [(1, width)])
    if layout.empty_statement:
        plan.add([f"说明：{layout.empty_statement}"], [(1, width)])
    return plan
