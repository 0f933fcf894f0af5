"""Table blocks → Table objects: choose the row parser by table id and by how rows are laid out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from juesuan.model.envelope import compare_sum
from juesuan.model.findings import Finding, Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.tables import CodeKind, Row, Table
from juesuan.read.grid import LineKind
from juesuan.recognise import aligned, flow, generic
from juesuan.recognise.blocks import TableBlock, block_meta
from juesuan.recognise.budget import budget_to_rows
from juesuan.recognise.cells import RowBuilder, is_amount
from juesuan.template.budget import BUDGET_AMOUNT, BUDGET_COLUMN_KEYWORDS
from juesuan.template.codes import FUNCTION_TABLES, KIND_NAMES, TABLE_CODE_KIND, code_kind_of
from juesuan.template.final import T06_TOTALS, T07_KEYS, TABLE_COLUMNS

CODE_TABLES = FUNCTION_TABLES


def block_to_table(block: TableBlock, table_id: str) -> tuple[Table, list[Finding]]:
    """Recognise one block as table ``table_id`` (T01–T09 or X01 …)."""
    meta = block_meta(block)
    builder = RowBuilder(table_id)
    content = [
        line for line in block.lines if line.kind is not LineKind.BREAK and not line.is_blank
    ]
    is_flow = sum(1 for line in content if not line.aligned) > len(content) / 2
    columns = parse_rows(block, table_id, builder, is_flow)
    cut_off = (
        block.ends_document
        and not meta.notes
        and (_ends_in_data(block) or _ends_in_a_bare_row(builder))
        and not _has_closing_row(table_id, builder)
        and not closes_by_arithmetic(builder.rows)
    )
    complete = not cut_off and not builder.unread
    findings = list(builder.findings)
    if cut_off:
        findings.append(
            Finding(
                rule="recognise.table_cut_off",
                severity=Severity.ERROR,
                message=f"{table_id}（{block.title}）在文件结尾处中断，表格不完整。",
                table=table_id,
                source=block.title_line.source.label(),
            )
        )
    table = Table(
        id=table_id,
        title=block.title,
        columns=columns,
        rows=tuple(builder.rows),
        source=block.title_line.source,
        label=meta.label,
        unit=meta.money_unit,
        unit_name=meta.unit_name,
        year=meta.year or _title_year(block.title),
        declared_empty=meta.empty_statement is not None,
        empty_statement=meta.empty_statement,
        notes=meta.notes,
        complete=complete,
    )
    return table, findings


def parse_rows(
    block: TableBlock, table_id: str, builder: RowBuilder, is_flow: bool
) -> tuple[str, ...]:
    lines = block.lines
    if table_id.startswith("X") or (table_id.startswith("B") and is_flow):
        return generic.generic_to_rows(lines, builder)
    if table_id.startswith("B"):
        budget_to_rows(table_id, lines, builder)
        return _columns_read(builder) or tuple(
            BUDGET_COLUMN_KEYWORDS.get(table_id, (BUDGET_AMOUNT,))
        )
    if is_flow:
        return flow.flow_to_rows(table_id, lines, builder)
    if table_id in CODE_TABLES:
        return aligned.code_table_to_rows(table_id, lines, builder)
    if table_id == "T06":
        aligned.t06_to_rows(lines, builder)
    elif table_id in ("T01", "T04"):
        aligned.two_sided_to_rows(table_id, lines, builder)
    elif table_id == "T07":
        aligned.t07_to_rows(lines, builder)
    return TABLE_COLUMNS[table_id]


def _columns_read(builder: RowBuilder) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.column for row in builder.rows for c in row.cells))


#: Rows printed last in a complete table: a table that ends the file with them was not cut off.
CLOSING_ROWS = {
    "T01": {"总计"},
    "T04": {"总计"},
    "T06": set(T06_TOTALS),
    "T07": {"合计"},
    "B01": {"总计"},
    "B04": {"总计"},
}


def _has_closing_row(table_id: str, builder: RowBuilder) -> bool:
    closing = CLOSING_ROWS.get(table_id)
    keys = {row.key for row in builder.rows}
    if table_id in ("T07", "B07"):
        return len(keys & set(T07_KEYS)) >= 6
    if table_id in TABLE_CODE_KIND and builder.rows and builder.rows[-1].key == "合计":
        return True  # the 合计 printed below the code rows
    return bool(closing and closing & keys)


def _ends_in_a_bare_row(builder: RowBuilder) -> bool:
    """The last row read is a label without any amount (“五、经” where the file stops)."""
    return bool(builder.rows) and not any(cell.printed for cell in builder.rows[-1].cells)


_ORDINAL_LABEL = re.compile(r"^\s*[一二三四五六七八九十]+、")


def closes_by_arithmetic(rows: Sequence[Row]) -> bool:
    """The table's 合计/总计 equals the sum of its top-level rows (类 codes, or 一、二、 items):
    a table printed with its total first is whole when its parts add up to it."""
    total = next((r for r in rows if r.key in ("合计", "总计")), None)
    if total is None:
        return False
    first = next((c for c in total.cells if c.value is not None), None)
    parts = [
        r.value(first.column)
        for r in rows
        if first is not None and ((r.code and len(r.code) == 3) or _ORDINAL_LABEL.match(r.label))
    ]
    values = [v for v in parts if v is not None]
    if first is None or first.value is None or not values:
        return False
    return compare_sum(first.value, values).severity is not Severity.ERROR


def unfit_reason(table: Table, block: TableBlock) -> str | None:
    """Why a table does not fit the template its title named; None when it fits.

    Function codes belong in a function table and economic codes in an economic one; a budget
    table whose printed amounts could not be placed in the template's rows and columns, or a
    三公 table with none of the 三公 items, is not that table.
    """
    expected = TABLE_CODE_KIND.get(table.id)
    kinds = [code_kind_of(r.code) for r in table.rows if r.code]
    if expected and kinds and sum(k != expected for k in kinds) > sum(k == expected for k in kinds):
        return f"列的不是{KIND_NAMES[expected]}编码"
    if (
        table.id in ("T07", "B07")
        and table.rows
        and not {r.key for r in table.rows} & set(T07_KEYS)
    ):
        return "没有“三公”经费的项目"
    if table.id.startswith("B") and not table.has_amounts and _block_has_amounts(block):
        return "表中的金额无法按模板的行列读取"
    return None


def _block_has_amounts(block: TableBlock) -> bool:
    return any(
        is_amount(text) and "." in text
        for line in block.lines
        if line.kind is LineKind.ROW
        for text in line.texts
    )


def _title_year(title: str) -> int | None:
    """The year a title starts with (2019年政府采购预算表)."""
    match = re.match(r"^(?:\d+[、.．])?((?:19|20)\d{2})年", title)
    return int(match.group(1)) if match else None


def _ends_in_data(block: TableBlock) -> bool:
    """The last printed line of a block that runs to the end of the file holds an amount."""
    for line in reversed(block.lines):
        if line.kind is LineKind.BREAK or line.is_blank:
            continue
        from juesuan.recognise.cells import is_amount

        return any(is_amount(t) for t in line.texts)
    return True


def unit_of_tables(tables: list[Table]) -> MoneyUnit | None:
    units = [t.unit for t in tables if t.unit]
    return max(set(units), key=units.count) if units else None


__all__ = ["CODE_TABLES", "CodeKind", "block_to_table", "unfit_reason", "unit_of_tables"]
