"""Aligned rows (one cell per printed column, blanks kept) → typed rows of T01–T09."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal

from juesuan.model.envelope import compare_sum
from juesuan.model.findings import Severity
from juesuan.model.money import FULL_WIDTH, parse_amount
from juesuan.model.tables import CodeKind
from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.recognise.cells import (
    RowBuilder,
    SplitCodes,
    amount_or_blank,
    is_amount,
    is_code,
    is_header_row,
    join_code_parts,
    split_code_name,
    unread_row_note,
)
from juesuan.template.budget import (
    B04_EXPENDITURE_COLUMNS,
    BUDGET_AMOUNT,
    BUDGET_COLUMN_KEYWORDS,
    BUDGET_ITEM_SYNONYMS,
)
from juesuan.template.final import (
    COLUMN_KEYWORDS,
    FUNCTION_CLASS_NAMES,
    T04_EXPENDITURE_COLUMNS,
    T04_FUNDS,
    T07_KEYS,
    T07_VEHICLES_FIRST,
    TABLE_COLUMNS,
    canonical_item,
    t07_key,
)

TOTAL_LABELS = ("合计", "总计")
HEADER_LABELS = (
    *("收入", "支出", "项目", "栏次", "行次", "金额", "决算数", "预算数"),
    *("项目名称", "功能分类", "支出用途", "功能科目名称", "本年收入", "本年支出"),
)
EXPENDITURE_ONLY = ("本年支出合计", "结余分配", "年末结转和结余", "年末财政拨款结转和结余")


def compact(text: str) -> str:
    return "".join(text.split())


def table_rows(lines: Sequence[GridLine]) -> list[GridLine]:
    return [line for line in lines if line.kind is LineKind.ROW and not line.is_blank]


def header_text(lines: Sequence[GridLine], is_data: object) -> str:
    """All text printed above the first data row (the header block)."""
    parts: list[str] = []
    for line in lines:
        if line.kind is LineKind.BREAK:
            continue
        if callable(is_data) and is_data(line):
            break
        parts.append(compact(line.text))
    return " ".join(parts)


def present_columns(table_id: str, header: str) -> tuple[str, ...]:
    """The template's columns whose keywords the header prints, in template order."""
    keywords = COLUMN_KEYWORDS.get(table_id) or BUDGET_COLUMN_KEYWORDS.get(table_id)
    default = TABLE_COLUMNS.get(table_id, ("合计",))
    if not keywords:
        return default
    found = tuple(col for col, words in keywords.items() if any(w in header for w in words))
    return found or default


def amount_column(table_id: str) -> str:
    """The one amount column of a 决算 (决算数) or 预算 (预算数) item table."""
    return BUDGET_AMOUNT if table_id.startswith("B") else "决算数"


#: Item names a wrapped label may be joined into.
KNOWN_ITEMS = frozenset(
    (*FUNCTION_CLASS_NAMES, *BUDGET_ITEM_SYNONYMS.values(), *BUDGET_ITEM_SYNONYMS)
)


def item_key(table_id: str, label: str) -> str:
    """The canonical item name of a T01/T04/B01/B04 label."""
    key = canonical_item(label)
    return BUDGET_ITEM_SYNONYMS.get(key, key) if table_id.startswith("B") else key


# --- code tables: T02, T03, T05, T08, T09 ----------------------------------------------------


def lead_to_key(lead: Sequence[GridCell]) -> tuple[str, str] | None:
    """(key, label) from the cells before the amounts: a code and its name, or 合计."""
    texts = [c.text.strip() for c in lead if c.text.strip()]
    if not texts:
        return None
    first = compact(texts[0])
    if first in TOTAL_LABELS or (first.endswith("合计") and len(texts) == 1):
        return "合计", texts[0]
    digits: list[str] = []
    rest: list[str] = []
    for text in texts:
        if text.isdigit() and not rest:
            digits.append(text.translate(FULL_WIDTH))
        else:
            rest.append(text)
    code = join_code_parts(digits) if digits else None
    if code is None and not digits:
        split = split_code_name(texts[0])
        if split:
            code, name = split
            return code, " ".join([name, *texts[1:]]).strip()
    if code is None or not is_code(code):
        if rest and compact(rest[-1]) in TOTAL_LABELS:
            return "合计", rest[-1]
        return None
    return code, " ".join(rest)


def inherited_key(lead: Sequence[GridCell], split: SplitCodes) -> tuple[str, str] | None:
    """(code, name) of a row printing only its 款/项 under a 类 printed once above.

    Every row's code cells pass through ``split``, so it learns where the 类/款/项 columns stand.
    """
    texts = [(i, c) for i, c in enumerate(lead) if c.text.strip()]
    code = split.code_of(texts, aligned=True)
    if code is None or len(texts[0][1].text.strip()) != 2:
        return None  # no code, or a row printing its 类: lead_to_key's
    names = [c.text.strip() for _, c in texts if not c.text.strip().translate(FULL_WIDTH).isdigit()]
    return code, " ".join(names)


def looks_like_code_row(line: GridLine) -> bool:
    first = next((c.text.strip() for c in line.cells if c.text.strip()), "")
    return is_code(first) or compact(first) in TOTAL_LABELS or bool(split_code_name(first))


def code_table_to_rows(
    table_id: str,
    lines: Sequence[GridLine],
    builder: RowBuilder,
    code_kind: CodeKind = CodeKind.FUNCTION,
) -> tuple[str, ...]:
    columns = present_columns(table_id, header_text(lines, looks_like_code_row))
    width = len(columns)
    split = SplitCodes()
    for line in table_rows(lines):
        cells = line.cells
        split.learn_header(cells, aligned=True)
        if is_header_row(line.texts) or len(cells) < width + 1:
            continue
        amounts, lead = cells[-width:], cells[:-width]
        if not all(amount_or_blank(c.text) for c in amounts):
            continue
        inherited = inherited_key(lead, split)
        keyed = lead_to_key(lead) or inherited
        if keyed and keyed[0] != "合计":
            split.last = keyed[0]
        if keyed is None:
            if any(is_amount(c.text) for c in amounts):
                lead_texts = [c.text for c in lead]
                builder.note(unread_row_note(table_id, lead_texts, line.text), cells[0])
            continue
        key, label = keyed
        builder.add(
            key,
            label,
            list(zip(columns, amounts, strict=True)),
            lead[0] if lead else cells[0],
            code_kind=None if key == "合计" else code_kind,
        )
    return columns


# --- T06: economic codes in one to three column groups -------------------------------------

T06_TOTALS = {
    "人员经费合计": "人员经费合计",
    "人员经费": "人员经费合计",
    "公用经费合计": "公用经费合计",
    "公用经费": "公用经费合计",
    "合计": "合计",
}


def t06_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> None:
    for line in table_rows(lines):
        if is_header_row(line.texts):
            continue
        t06_line_to_rows(line.cells, builder)


def t06_line_to_rows(cells: Sequence[GridCell], builder: RowBuilder) -> None:
    """Walk a row's cells: (code[, 款], name, amount) triples and (total label, amount) pairs."""
    i = 0
    while i < len(cells):
        text = cells[i].text.strip()
        total = T06_TOTALS.get(compact(text))
        if total and i + 1 < len(cells) and _amount_or_blank(cells[i + 1]):
            builder.add(total, text, [("决算数", cells[i + 1])], cells[i])
            i += 2
            continue
        code, name, step = _t06_code_at(cells, i)
        if code:
            amount_index = i + step
            if amount_index < len(cells) and _amount_or_blank(cells[amount_index]):
                builder.add(
                    code,
                    name,
                    [("决算数", cells[amount_index])],
                    cells[i],
                    code_kind=CodeKind.ECONOMIC,
                )
                i = amount_index + 1
                continue
        i += 1


def _t06_code_at(cells: Sequence[GridCell], i: int) -> tuple[str | None, str, int]:
    """(code, name, cells used before the amount) for a code starting at cell i.

    The 款 may stand in a column of its own ("301", "01") or be blank on a class row
    ("301", "", "工资福利支出"); the name may be missing (the amount follows the code).
    """
    text = cells[i].text.strip().translate(FULL_WIDTH)  # ３０１ is 301
    split = split_code_name(text)
    if split and len(split[0]) in (3, 5):
        return split[0], split[1], 1
    if not (text.isascii() and text.isdigit() and len(text) in (3, 5)):
        return None, "", 0

    def at(k: int) -> str:
        return cells[k].text.strip().translate(FULL_WIDTH) if k < len(cells) else ""

    code, j = text, i + 1
    if len(text) == 3 and len(at(j)) == 2 and at(j).isdigit():
        code, j = text + at(j), j + 1
    elif len(text) == 3 and not at(j) and at(j + 1) and not is_amount(at(j + 1)):
        j += 1  # a blank 款 column on a class row
    if at(j) and not is_amount(at(j)):
        return code, at(j), j + 1 - i
    return code, "", j - i


def _amount_or_blank(cell: GridCell) -> bool:
    return amount_or_blank(cell.text)


# --- T01 and T04: two-sided tables ---------------------------------------------------------

_T04_COLUMN_WORDS = (
    ("一般公共预算", "一般公共预算财政拨款"),
    ("政府性基金", "政府性基金预算财政拨款"),
    ("国有资本经营", "国有资本经营预算财政拨款"),
    ("合计", "合计"),
)


def two_sided_layout(table_id: str, lines: Sequence[GridLine]) -> list[tuple[str, str]] | None:
    """Per cell position: (kind, column) with kind label/rowno/amount/skip and the side in column."""
    for line in table_rows(lines):
        texts = [compact(t) for t in line.texts]
        if texts.count("项目") < 1 or not any(
            t in ("行次", "金额", "决算数", "预算数", "合计") for t in texts
        ):
            continue
        layout: list[tuple[str, str]] = []
        side = -1
        for text in texts:
            if text == "项目":
                side += 1
                layout.append(("label", str(side)))
            elif text in ("行次", "栏次"):
                layout.append(("rowno", ""))
            elif side >= 1 and table_id in ("T04", "B04"):
                words = _T04_COLUMN_WORDS if table_id == "T04" else B04_EXPENDITURE_COLUMNS
                column = next((col for word, col in words if word in text), "")
                layout.append(("amount", column) if column else ("skip", ""))
            elif text in ("金额", "决算数", "预算数", "本年数") or "决算" in text:
                layout.append(("amount", amount_column(table_id)))
            else:
                layout.append(("skip", ""))
        if side >= 1:
            return layout
    return None


def two_sided_to_rows(table_id: str, lines: Sequence[GridLine], builder: RowBuilder) -> None:
    layout = two_sided_layout(table_id, lines)
    has_row_numbers = any("行次" in compact(line.text) for line in lines)
    state = TwoSidedState(table_id)
    for line in table_rows(lines):
        if is_header_row(line.texts) or any(compact(t) == "项目" for t in line.texts):
            continue
        if any(_META_CELL.search(t) for t in line.texts):
            continue  # 单位：… 2023年度 金额单位：万元 printed across the table's width
        if layout and len(line.cells) == len(layout):
            segments = _segments_by_layout(line.cells, layout)
        elif table_id.startswith("B") and _label_amount_pairs(line.cells):
            segments = _segments_by_pairs(line.cells)
            if _joins_wrapped_label(segments, builder):
                continue
        else:
            segments = _segments_by_labels(line.cells, has_row_numbers)
        state.add_line(segments, builder)


def _label_amount_pairs(cells: Sequence[GridCell]) -> bool:
    """A row printed as (label, amount) pairs side by side, blanks kept."""
    return (
        len(cells) >= 4
        and len(cells) % 2 == 0
        and all(is_amount(c.text) or not c.text.strip() for c in cells[1::2])
    )


def _segments_by_pairs(cells: Sequence[GridCell]) -> list[Segment]:
    """The first pair is 收入, the others 支出 (a budget prints 功能分类 and 支出用途 side by side)."""
    return [
        (0 if i == 0 else 1, cells[i], [("", cells[i + 1])])
        for i in range(0, len(cells), 2)
        if cells[i].text.strip() or cells[i + 1].text.strip()
    ]


def _joins_wrapped_label(segments: list[Segment], builder: RowBuilder) -> bool:
    """A row holding only the end of the label above it ("八、社会保障和就" / "业支出"): joined
    where the joined label is a name of the template's vocabulary."""
    if len(segments) != 1 or segments[0][2][0][1].text.strip():
        return False
    side, cell, _ = segments[0]
    section = "收入" if side == 0 else "支出"
    above = [r for r in builder.rows[-4:] if r.section == section]
    for row in reversed(above):
        label = row.label + (cell.text.strip() if cell else "")
        joined = item_key(builder.table_id, label)
        if joined in KNOWN_ITEMS:
            index = builder.rows.index(row)
            builder.rows[index] = dataclasses.replace(row, key=joined, label=label)
            return True
    return False


_META_CELL = re.compile(r"^(?:金额)?单位[:：]|^(?:19|20)\d{2}\s*年度?$|^公开\d+表$")


Segment = tuple[
    int, GridCell | None, list[tuple[str, GridCell]]
]  # side, label cell, (column, cell)


def _segments_by_layout(cells: Sequence[GridCell], layout: list[tuple[str, str]]) -> list[Segment]:
    segments: list[Segment] = []
    for cell, (kind, column) in zip(cells, layout, strict=True):
        if kind == "label":
            segments.append((int(column), cell, []))
        elif kind == "amount" and segments:
            segments[-1][2].append((column, cell))
    return segments


def _segments_by_labels(cells: Sequence[GridCell], has_row_numbers: bool = False) -> list[Segment]:
    """Without a usable header: a label starts a segment, the amounts after it belong to it.

    Where the table prints 行次, the bare integer right after a label is its row number.
    """
    segments: list[Segment] = []
    for cell in cells:
        text = cell.text.strip()
        if not text:
            continue
        if is_amount(text) and segments:
            row_number = has_row_numbers and not segments[-1][2] and text.isdigit()
            if not row_number:
                segments[-1][2].append(("", cell))
        elif not is_amount(text):
            segments.append((-1, cell, []))
    return segments


class TwoSidedState:
    """Keys the segments of T01/T04 lines, including T04's fund sub-rows below 年初/年末."""

    def __init__(self, table_id: str) -> None:
        self.table_id = table_id
        self.in_carry_over = False

    def add_line(self, segments: list[Segment], builder: RowBuilder) -> None:
        income_fund: str | None = None
        for position, (side, label_cell, amounts) in enumerate(segments):
            label = label_cell.text.strip() if label_cell else ""
            if compact(label) in HEADER_LABELS or "决算数" in label:
                continue  # a header cell (收入, 支出, 项目 …), not an item
            section = self.section_of(side, position, label, len(amounts))
            key = item_key(self.table_id, label) if label else ""
            if self.table_id == "T04":
                key, income_fund = self.t04_key(section, key, income_fund)
            if not key:
                if any(c.text.strip() for _, c in amounts):
                    builder.note(
                        f"{self.table_id} 一行有金额但没有项目名称，未读取。", amounts[0][1]
                    )
                continue
            pairs = self.columns_of(section, amounts)
            source = label_cell or amounts[0][1]
            builder.add(key, label, pairs, source, section=section)

    def section_of(self, side: int, position: int, label: str, n_amounts: int) -> str:
        """收入 or 支出: by the header's side where known, else by place and vocabulary."""
        if side in (0, 1):
            return "收入" if side == 0 else "支出"
        name = item_key(self.table_id, label)
        if position > 0 or (self.table_id in ("T04", "B04") and n_amounts > 1):
            return "支出"
        if name.endswith("支出") or name in EXPENDITURE_ONLY:
            return "支出"
        return "收入"

    def t04_key(self, section: str, key: str, income_fund: str | None) -> tuple[str, str | None]:
        if section == "收入":
            if key == "年初财政拨款结转和结余":
                self.in_carry_over = True
            elif key == "总计":
                self.in_carry_over = False
            elif self.in_carry_over and key in T04_FUNDS:
                return f"年初财政拨款结转和结余/{key}", key
            return key, None
        if not key and income_fund:
            return f"年末财政拨款结转和结余/{income_fund}", income_fund
        return key, income_fund

    def columns_of(
        self, section: str, amounts: list[tuple[str, GridCell]]
    ) -> list[tuple[str, GridCell | None]]:
        if self.table_id in ("T01", "B01") or section == "收入":
            return [(amount_column(self.table_id), amounts[0][1])] if amounts else []
        if all(col for col, _ in amounts):
            return [(col, cell) for col, cell in amounts]
        names = (
            T04_EXPENDITURE_COLUMNS
            if self.table_id == "T04"
            else tuple(col for _, col in B04_EXPENDITURE_COLUMNS)
        )
        return list(zip(names, (c for _, c in amounts), strict=False))


# --- T07 ----------------------------------------------------------------------------------

T07_ORDERS = (T07_KEYS, T07_VEHICLES_FIRST)  # national order; Shanghai puts 接待 last


def t07_columns_order(lines: Sequence[GridLine]) -> tuple[str, ...]:
    """The amount column names from the header: 预算数/决算数 in printed order.

    A header that prints only a 决算数 (or only a 预算数) column gives that one column: its
    numbers must not be read as the other.
    """
    for line in lines:
        texts = [compact(t) for t in line.texts]
        budget = next((i for i, t in enumerate(texts) if "预算" in t and "决算" not in t), None)
        final = next((i for i, t in enumerate(texts) if "决算" in t and "预算" not in t), None)
        if budget is not None and final is not None:
            return ("预算数", "决算数") if budget < final else ("决算数", "预算数")
        if any(is_amount(t) for t in texts if t):
            break  # past the header
        single = _t07_single_column(texts)
        if single:
            return (single,)
    return ("预算数", "决算数")


def _t07_single_column(texts: Sequence[str]) -> str | None:
    """决算数 or 预算数 when a header row (项目 …) names exactly one amount column."""
    if not any(t.startswith("项目") for t in texts):
        return None
    named = [t for t in texts if t in ("决算数", "决算", "预算数", "预算")]
    if len(named) == 1:
        return "决算数" if "决算" in named[0] else "预算数"
    return None


def t07_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> None:
    columns = t07_columns_order(lines)
    for line in table_rows(lines):
        texts = [c.text.strip() for c in line.cells]
        labels = [t for t in texts if t and not is_amount(t)]
        if not labels and len(texts) >= 4 and sum(1 for t in texts if t) >= 2:
            if len(columns) == 2:
                t07_across_to_rows(lines, line.cells, (columns[0], columns[1]), builder)
            else:
                builder.note(
                    "T07 横排且只印出一栏金额，无法确定各数所属项目，未读取。", line.cells[0]
                )
            continue
        if not labels:
            continue
        key = t07_key(labels[0])
        if key is None or is_header_row(texts):
            continue
        label_index = texts.index(labels[0])
        tail = line.cells[label_index + 1 :]
        if not tail or not all(_amount_or_blank(c) for c in tail[:2]):
            continue  # a header row naming the items as columns
        builder.add(key, labels[0], list(zip(columns, tail, strict=False)), line.cells[label_index])


def t07_across_to_rows(
    lines: Sequence[GridLine],
    amounts: Sequence[GridCell],
    columns: tuple[str, str],
    builder: RowBuilder,
) -> None:
    """Items laid out across as column groups with a (预算数, 决算数) pair under each."""
    pairs = [(amounts[i], amounts[i + 1]) for i in range(0, len(amounts) - 1, 2)]
    if len(pairs) != len(T07_ORDERS[0]):
        # blanks were lost or columns added: which number belongs where cannot be known
        builder.note(
            f"T07 横排的金额有 {len(amounts)} 个，与 6 组（预算数、决算数）对不上，无法确定各数所属项目，未读取。",
            amounts[0],
        )
        return
    order = t07_group_order(lines, pairs, columns)
    for key, (a, b) in zip(order, pairs, strict=False):
        builder.add(key, key, [(columns[0], a), (columns[1], b)], a)


def t07_group_order(
    lines: Sequence[GridLine], pairs: Sequence[tuple[GridCell, GridCell]], columns: tuple[str, str]
) -> tuple[str, ...]:
    """The template order whose identities the numbers satisfy; the header's order breaks ties."""
    values = [
        (parse_amount(a.text) or Decimal(0), parse_amount(b.text) or Decimal(0)) for a, b in pairs
    ]
    header = " ".join(compact(line.text) for line in lines)
    shanghai_first = header.rfind("接待") > header.rfind("运行") >= 0
    orders = T07_ORDERS[::-1] if shanghai_first else T07_ORDERS
    for order in orders:
        if len(order) == len(values) and _t07_identities_hold(order, values):
            return order
    return orders[0]


def _t07_identities_hold(order: Sequence[str], values: Sequence[tuple[Decimal, Decimal]]) -> bool:
    for side in (0, 1):
        v = {key: values[i][side] for i, key in enumerate(order)}
        parts = [v["因公出国（境）费"], v["公务接待费"], v["公务用车购置及运行费"]]
        if compare_sum(v["合计"], parts).severity is Severity.ERROR:
            return False
        cars = [v["公务用车购置费"], v["公务用车运行维护费"]]
        if compare_sum(v["公务用车购置及运行费"], cars).severity is Severity.ERROR:
            return False
    return True
