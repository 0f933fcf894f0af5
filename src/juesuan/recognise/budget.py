"""Aligned rows of the budget tables (B01–B09) → rows with the canonical keys and columns.

The code tables and the two-sided B01/B04 share the 决算 parsers (``aligned``); what is
budget-only is here: a 支出预算总表 printed as one row of totals under its column names (Jiangsu),
a 收入预算总表 listed by source of money instead of by code (Jiangsu), and the 三公 table laid out
across, with 机关运行经费 (Shanghai) or 会议费 and 培训费 (Jiangsu) beside the six 三公 keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from juesuan.model.envelope import compare_sum
from juesuan.model.findings import Severity
from juesuan.model.money import parse_amount
from juesuan.model.tables import CodeKind
from juesuan.read.grid import GridCell, GridLine
from juesuan.recognise import aligned
from juesuan.recognise.cells import RowBuilder, is_amount, is_code, split_code_name
from juesuan.template.budget import (
    B07_EXTRA_KEYS,
    B07_GRAND_TOTAL,
    BUDGET_AMOUNT,
    BUDGET_COLUMN_KEYWORDS,
)
from juesuan.template.codes import TABLE_CODE_KIND
from juesuan.template.final import T07_KEYS, T07_VEHICLES_FIRST, normalise_label

compact = aligned.compact


def budget_to_rows(table_id: str, lines: Sequence[GridLine], builder: RowBuilder) -> None:
    """Fill ``builder`` with the rows of budget table ``table_id`` (B01–B09)."""
    if table_id in ("B01", "B04"):
        aligned.two_sided_to_rows(table_id, lines, builder)
    elif table_id == "B07":
        b07_to_rows(lines, builder)
    elif any(_has_code(line) for line in aligned.table_rows(lines)):
        kind = CodeKind(TABLE_CODE_KIND[table_id])
        aligned.code_table_to_rows(table_id, lines, builder, kind)
    elif table_id == "B02":
        sources_to_rows(lines, builder)
    else:
        totals_row_to_rows(table_id, lines, builder)


def _has_code(line: GridLine) -> bool:
    first = next((c.text.strip() for c in line.cells if c.text.strip()), "")
    return is_code(first) or bool(split_code_name(first))


def totals_row_to_rows(table_id: str, lines: Sequence[GridLine], builder: RowBuilder) -> None:
    """A table printed as its column names and one row of totals under them (Jiangsu B03)."""
    keywords = BUDGET_COLUMN_KEYWORDS.get(table_id, {})
    header: list[str] | None = None
    for line in aligned.table_rows(lines):
        texts = [compact(t) for t in line.texts]
        if any(texts) and not any(is_amount(t) for t in texts):
            header = texts
            continue
        if header is None or len(header) != len(line.cells):
            continue
        pairs = []
        for name, cell in zip(header, line.cells, strict=True):
            column = next((col for col, words in keywords.items() if _names(name, words)), None)
            if column:
                pairs.append((column, cell))
        if pairs:
            builder.add("合计", "合计", pairs, line.cells[0])
        return


def _names(header: str, words: tuple[str, ...]) -> bool:
    return bool(header) and any(word in header for word in words)


def sources_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> None:
    """收入预算总表 by source of money: 收入总计, then each source's 小计 and its parts."""
    for line in aligned.table_rows(lines):
        labels = [t.text.strip() for t in line.cells if t.text.strip() and not is_amount(t.text)]
        amounts = [c for c in line.cells if is_amount(c.text)]
        if not labels or compact(labels[0]) in aligned.HEADER_LABELS:
            continue
        label = labels[1] if len(labels) > 1 and compact(labels[1]) != "小计" else labels[0]
        key = normalise_label(label)
        if key in ("收入总计", "总计", "合计"):
            key = "合计"
        cell = amounts[-1] if amounts else None
        source = next(c for c in line.cells if c.text.strip() == label)
        builder.add(key, label, [("合计", cell)], source)


# --- B07: the 三公 table, laid out across -----------------------------------------------------


def b07_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> None:
    """The amounts row of a 三公 table printed across, keyed by the header's order of items."""
    rows = aligned.table_rows(lines)
    header = " ".join(compact(line.text) for line in rows if not _amount_row(line))
    for line in rows:
        if not _amount_row(line):
            continue
        order = b07_order(header, line.cells)
        if order is None:
            builder.note(
                f"B07 横排的金额有 {len(line.cells)} 格，与表头的项目数对不上，无法确定各数所属项目，未读取。",
                line.cells[0],
            )
            return
        for key, cell in zip(order, line.cells, strict=True):
            builder.add(key, key, [(BUDGET_AMOUNT, cell)], cell)
        return
    aligned.t07_to_rows(lines, builder)  # items printed as rows
    _rename_t07_columns(builder)


def b07_order(header: str, cells: Sequence[GridCell]) -> tuple[str, ...] | None:
    """The keys of the amount cells: the items the header names, in the header's order unless
    only the other template order satisfies the table's identities."""
    reception, vehicles = header.find("接待"), header.find("公务用车")
    bases = (T07_KEYS, T07_VEHICLES_FIRST)
    if not 0 <= reception < vehicles:
        bases = bases[::-1]
    orders = [_with_extras(header, base) for base in bases]
    fitting = [order for order in orders if len(order) == len(cells)]
    for order in fitting:
        if b07_identities_hold({k: _value(c) for k, c in zip(order, cells, strict=True)}):
            return order
    return fitting[0] if fitting else None


def _with_extras(header: str, base: tuple[str, ...]) -> tuple[str, ...]:
    order = base
    if "会议费" in header and "培训费" in header:
        order = (B07_GRAND_TOTAL, *base, B07_EXTRA_KEYS[0], B07_EXTRA_KEYS[1])
    if "机关运行" in header:
        order = (*order, B07_EXTRA_KEYS[2])
    return order


def b07_identities_hold(values: dict[str, Decimal]) -> bool:
    """合计 = 出国 + 接待 + 用车, 用车 = 购置 + 运行 (blank = 0), within the envelope."""
    total, abroad, reception, cars, purchase, running = (
        values.get(k, Decimal(0)) for k in T07_KEYS
    )
    checks = [
        compare_sum(total, [abroad, reception, cars]),
        compare_sum(cars, [purchase, running]),
    ]
    return all(c.severity is not Severity.ERROR for c in checks)


def _amount_row(line: GridLine) -> bool:
    texts = [t.strip() for t in line.texts]
    filled = [t for t in texts if t]
    return len(texts) >= 6 and bool(filled) and all(is_amount(t) for t in filled)


def _rename_t07_columns(builder: RowBuilder) -> None:
    """Rows read by the 决算 parser name their first amount 预算数 already; drop any 决算数."""
    builder.rows[:] = [
        dataclasses.replace(row, cells=tuple(c for c in row.cells if c.column == BUDGET_AMOUNT))
        for row in builder.rows
    ]


def _value(cell: GridCell) -> Decimal:
    return parse_amount(cell.text) or Decimal(0) if is_amount(cell.text) else Decimal(0)
