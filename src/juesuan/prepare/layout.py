"""The nine tables in the layout of the official template (上海市部门决算公开样张), format-neutral.

Each table becomes a ``TableLayout``: its head (title, 公开0N表, 编制单位, year, money unit), a
grid of header and body rows with merged ranges (the ``SheetPlan`` of the XLSX export), which
columns hold amounts, the template's note and the statement for an empty table. The PDF and Word
writers draw the same layout, so both print exactly the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from juesuan.export.xlsx import SheetPlan
from juesuan.model.disclosure import Disclosure
from juesuan.model.source import Source
from juesuan.model.tables import STANDARD_TITLES, Row, Table
from juesuan.template.final import (
    FUNCTION_CLASS_NAMES,
    T01_EXPENDITURE_EXTRA,
    T01_INCOME,
    T04_EXPENDITURE_COLUMNS,
    T04_FUNDS,
    TABLE_COLUMNS,
    TEMPLATE_CLASSES,
)

#: The template's note under each table.
NOTES = {
    "T01": "注：本表反映部门本年度的总收支和年末结转结余情况。",
    "T02": "注：本表反映部门本年度取得的各项收入情况。",
    "T03": "注：本表反映部门本年度各项支出情况。",
    "T04": "注：本表反映部门本年度财政拨款总收支和结转结余情况。",
    "T05": "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
    "T06": "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
    "T07": "注：本表反映部门本年度“三公”经费支出预决算情况。",
    "T08": "注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。",
    "T09": "注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。",
}

#: What a table without any amount says it has none of (本单位无…，故本表无数据。).
EMPTY_SUBJECTS = {
    "T01": "收入和支出",
    "T02": "收入",
    "T03": "支出",
    "T04": "财政拨款收入和支出",
    "T05": "一般公共预算财政拨款支出",
    "T06": "一般公共预算财政拨款基本支出",
    "T07": "财政拨款“三公”经费支出",
    "T08": "政府性基金预算财政拨款收入和支出",
    "T09": "国有资本经营预算财政拨款收入和支出",
}

#: Columns printed under one 本年支出 heading.
SPENDING_GROUPS: dict[str, tuple[str, ...]] = {
    "T08": ("本年支出合计", "基本支出", "项目支出"),
    "T09": ("本年支出合计", "基本支出", "项目支出"),
}

#: Tables printed on a landscape page in the template (many columns).
LANDSCAPE = frozenset({"T02", "T03", "T04", "T07", "T08", "T09"})

CN_ORDINALS = "一二三四五六七八九十"
#: Labels the template centres in their cell (the totals).
CENTRED_LABELS = frozenset({"合计", "总计", "本年收入合计", "本年支出合计"})
PERSONNEL_CLASSES = ("301", "303")  # 人员经费 = 工资福利支出 + 对个人和家庭的补助
#: The template's order of the T07 column groups (the six keys of interface.md).
T07_ORDER = (
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
)


@dataclass(frozen=True)
class TableLayout:
    table_id: str
    title: str
    label: str
    unit_name: str
    year: int | None
    money_unit: str
    plan: SheetPlan
    header_rows: int
    amount_columns: frozenset[int]  # 0-based
    landscape: bool
    note: str
    empty_statement: str | None = None

    @property
    def width(self) -> int:
        return self.plan.width


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 24 → 二十四 (the ordinals of the template's rows and headings)."""
    if n <= 10:
        return CN_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_ORDINALS[tens - 1]
    return head + "十" + (CN_ORDINALS[ones - 1] if ones else "")


def empty_statement(table_id: str, unit_name: str = "") -> str:
    """说明：上海市XX局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"""
    return f"{unit_name or '本单位'}本年度没有{EMPTY_SUBJECTS[table_id]}，故本表无数据。"


def disclosure_layouts(disclosure: Disclosure) -> list[TableLayout]:
    """The layouts of the nine tables, T01 to T09 (a table the data lack prints as empty)."""
    meta = disclosure.meta
    unit = meta.money_unit.value if meta.money_unit else "万元"
    layouts = []
    for table_id in STANDARD_TITLES:
        table = disclosure.table(table_id) or Table(
            table_id,
            STANDARD_TITLES[table_id],
            TABLE_COLUMNS[table_id],
            (),
            Source(disclosure.path),
        )
        layouts.append(table_layout(table, meta.unit_name or "", meta.year, unit))
    return layouts


def table_layout(table: Table, unit_name: str, year: int | None, unit: str) -> TableLayout:
    builder = BUILDERS.get(table.id, code_table)
    plan, header_rows, amounts = builder(table)
    return TableLayout(
        table_id=table.id,
        title=STANDARD_TITLES[table.id],
        label=f"公开{table.id[1:]}表",
        unit_name=unit_name,
        year=year,
        money_unit=(table.unit.value if table.unit else unit),
        plan=plan,
        header_rows=header_rows,
        amount_columns=frozenset(amounts),
        landscape=table.id in LANDSCAPE,
        note=NOTES[table.id],
        empty_statement=None
        if table.has_amounts
        else (table.empty_statement or empty_statement(table.id, unit_name)),
    )


Built = tuple[SheetPlan, int, Iterable[int]]


def values(row: Row | None, columns: Sequence[str]) -> list[Decimal | None]:
    return [None if row is None else row.value(c) for c in columns]


# --- T01 and T04: income on the left, expenditure on the right ------------------------------


def class_rows(table: Table) -> list[tuple[str, Row | None]]:
    """The template's 类 rows (blank where the data have none), then any other 支出 row of the
    data that is no total, each with its printed label."""
    extra_keys = set(T01_EXPENDITURE_EXTRA) | {"年末财政拨款结转和结余"}
    data = [r for r in table.rows_in("支出") if r.key not in extra_keys and "/" not in r.key]
    known = set(TEMPLATE_CLASSES)
    names = list(TEMPLATE_CLASSES)
    for row in data:
        if row.key not in known:
            # a class the template omits goes where the national list puts it
            names.insert(class_position(names, row.key), row.key)
            known.add(row.key)
    by_key = {r.key: r for r in data}
    return [(f"{cn_number(i)}、{name}", by_key.get(name)) for i, name in enumerate(names, start=1)]


def class_position(names: list[str], name: str) -> int:
    if name not in FUNCTION_CLASS_NAMES:
        return len(names)
    rank = FUNCTION_CLASS_NAMES.index(name)
    for index, other in enumerate(names):
        if other in FUNCTION_CLASS_NAMES and FUNCTION_CLASS_NAMES.index(other) > rank:
            return index
    return len(names)


def two_sided(
    table: Table,
    income_items: Sequence[str],
    right_columns: Sequence[str],
    right_heads: Sequence[str],
) -> SheetPlan:
    """The two header rows and the item lines: income items beside the expenditure classes."""
    width = 2 + 1 + len(right_columns)
    plan = SheetPlan(width=width)
    plan.add(["收入", None, "支出"], [(1, 2), (3, width)])
    plan.add(["项目", "决算数", "项目", *right_heads])
    income = [
        (f"{cn_number(i)}、{key}", table.row(key, "收入"))
        for i, key in enumerate(income_items, start=1)
    ]
    for line_left, line_right in zip_longest(income, class_rows(table)):
        cells: list[Any] = [None, None, None] + [None] * len(right_columns)
        if line_left is not None:
            cells[0], cells[1] = line_left[0], values(line_left[1], ["决算数"])[0]
        if line_right is not None:
            cells[2] = line_right[0]
            cells[3:] = values(line_right[1], right_columns)
        plan.add(cells)
    return plan


def pair_line(
    table: Table,
    plan: SheetPlan,
    left: tuple[str, str] | None,
    right: tuple[str, str] | None,
    right_columns: Sequence[str],
) -> None:
    """One line of two named items: (label, key) on each side; a label alone spans nothing."""
    cells: list[Any] = [None, None, None] + [None] * len(right_columns)
    if left is not None:
        cells[0] = left[0]
        cells[1] = values(table.row(left[1], "收入"), ["决算数"])[0] if left[1] else None
    if right is not None:
        cells[2] = right[0]
        cells[3:] = (
            values(table.row(right[1], "支出"), right_columns)
            if right[1]
            else [None] * len(right_columns)
        )
    plan.add(cells)


def t01(table: Table) -> Built:
    plan = two_sided(table, T01_INCOME[:8], ["决算数"], ["决算数"])
    for left, right in (
        ("本年收入合计", "本年支出合计"),
        ("使用非财政拨款结余", "结余分配"),
        ("年初结转和结余", "年末结转和结余"),
        ("总计", "总计"),
    ):
        pair_line(table, plan, (left, left), (right, right), ["决算数"])
    return plan, 2, (1, 3)


def t04(table: Table) -> Built:
    columns = T04_EXPENDITURE_COLUMNS
    heads = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    plan = two_sided(table, T04_FUNDS, columns, heads)
    pair_line(
        table, plan, ("本年收入合计", "本年收入合计"), ("本年支出合计", "本年支出合计"), columns
    )
    carry_in, carry_out = "年初财政拨款结转和结余", "年末财政拨款结转和结余"
    pair_line(table, plan, (carry_in, carry_in), (carry_out, carry_out), columns)
    for index, fund in enumerate(T04_FUNDS, start=1):
        # the fund lines: 年初 on the left; a number on the right is that fund's 年末 (interface.md)
        pair_line(
            table,
            plan,
            (f"{cn_number(index)}、{fund}", f"{carry_in}/{fund}"),
            ("", f"{carry_out}/{fund}"),
            columns,
        )
    pair_line(table, plan, ("总计", "总计"), ("总计", "总计"), columns)
    return plan, 2, (1, *range(3, 3 + len(columns)))


# --- code tables: T02, T03, T05, T08, T09 ----------------------------------------------------


def code_table(table: Table) -> Built:
    columns = TABLE_COLUMNS[table.id]
    plan = SheetPlan(width=2 + len(columns))
    code_header(plan, table.id, columns)
    total = table.row("合计")
    codes = sorted((r for r in table.rows if r.code or r.key.isdigit()), key=lambda r: r.key)
    others = [r for r in table.rows if r is not total and r not in codes]
    total_line = (["合计", None, *values(total, columns)], [(1, 2)])
    if table.id != "T05":  # the template prints T05's 合计 last, the others' first
        plan.add(*total_line)
    for row in codes:
        plan.add([row.key, row.label or None, *values(row, columns)])
    for row in others:
        plan.add([row.label or row.key, None, *values(row, columns)], [(1, 2)])
    if table.id == "T05":
        plan.add(*total_line)
    return plan, 2, range(2, 2 + len(columns))


def code_header(plan: SheetPlan, table_id: str, columns: Sequence[str]) -> None:
    """项目 over 功能分类科目编码 | 科目名称; each column spans both header rows, except T08/T09's
    本年支出 over 合计 | 基本支出 | 项目支出 (T05's three columns stand alone, as the template)."""
    top = plan.add(["项目", None])
    below = plan.add(["功能分类科目编码", "科目名称"])
    plan.merges.append((top, 1, top, 2))
    grouped: tuple[str, ...] = SPENDING_GROUPS.get(table_id, ())
    for index, column in enumerate(columns, start=3):
        if column in grouped:
            plan.rows[below - 1][index - 1] = "合计" if column == grouped[0] else column
            if column == grouped[0]:
                plan.rows[top - 1][index - 1] = "本年支出"
                plan.merges.append((top, index, top, index + len(grouped) - 1))
        else:
            plan.rows[top - 1][index - 1] = column
            plan.merges.append((top, index, below, index))


# --- T06: 人员经费 on the left, 公用经费 on the right -----------------------------------------


def t06(table: Table) -> Built:
    plan = SheetPlan(width=6)
    plan.add(["经济分类科目编码", "科目名称", "决算数"] * 2)
    codes = sorted((r for r in table.rows if r.code or r.key.isdigit()), key=lambda r: r.key)
    personnel = [r for r in codes if r.key.startswith(PERSONNEL_CLASSES)]
    public = [r for r in codes if r not in personnel]
    for left, right in zip_longest(personnel, public):
        cells: list[Any] = []
        for row in (left, right):
            cells += (
                [None] * 3 if row is None else [row.key, row.label or None, row.value("决算数")]
            )
        plan.add(cells)
    staff, office = table.row("人员经费合计"), table.row("公用经费合计")
    plan.add(
        [
            "人员经费合计",
            None,
            values(staff, ["决算数"])[0],
            "公用经费合计",
            None,
            values(office, ["决算数"])[0],
        ],
        [(1, 2), (4, 5)],
    )
    return plan, 1, (2, 5)


# --- T07: the column groups of the template --------------------------------------------------


def t07(table: Table) -> Built:
    plan = SheetPlan(width=12)
    plan.add(["财政拨款“三公”经费"], [(1, 12)])
    second = plan.add(
        [
            "合计",
            None,
            "因公出国（境）费",
            None,
            "公务用车购置及运行维护费",
            *[None] * 5,
            "公务接待费",
        ],
        [(5, 10)],
    )
    plan.add(
        [None] * 4 + ["小计", None, "公务用车购置费", None, "公务用车运行维护费", None],
        [(5, 6), (7, 8), (9, 10)],
    )
    for first in (1, 3, 11):
        plan.merges.append((second, first, second + 1, first + 1))
    plan.add(["预算数", "决算数"] * 6)
    cells: list[Any] = []
    for key in T07_ORDER:
        cells += values(table.row(key), ["预算数", "决算数"])
    plan.add(cells)
    return plan, 4, range(12)


BUILDERS = {"T01": t01, "T04": t04, "T06": t06, "T07": t07}


def format_amount(value: Decimal) -> str:
    """An amount as the tables print it: thousands separators, its own precision (1,081.09)."""
    return f"{value:,}"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)
