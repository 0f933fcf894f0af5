"""Table blocks → Table objects: choose the row parser by table id and by how rows are laid out."""

from __future__ import annotations

from juesuan.model.findings import Finding, Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.tables import CodeKind, Table
from juesuan.read.grid import LineKind
from juesuan.recognise import aligned, flow, generic
from juesuan.recognise.blocks import TableBlock, block_meta
from juesuan.recognise.cells import RowBuilder
from juesuan.recognise.vocab import TABLE_COLUMNS

CODE_TABLES = ("T02", "T03", "T05", "T08", "T09")


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
        and _ends_in_data(block)
        and not _has_closing_row(table_id, builder)
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
        year=meta.year,
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
    if table_id.startswith("X"):
        return generic.generic_to_rows(lines, builder)
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


#: Rows printed last in a complete table: a table that ends the file with them was not cut off.
CLOSING_ROWS = {
    "T01": {"总计"},
    "T04": {"总计"},
    "T06": {"人员经费合计", "公用经费合计"},
    "T07": {"合计"},
}


def _has_closing_row(table_id: str, builder: RowBuilder) -> bool:
    closing = CLOSING_ROWS.get(table_id)
    keys = {row.key for row in builder.rows}
    if table_id == "T07":
        return len(keys) >= 6
    return bool(closing and closing & keys)


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


__all__ = ["CODE_TABLES", "CodeKind", "block_to_table", "unit_of_tables"]
