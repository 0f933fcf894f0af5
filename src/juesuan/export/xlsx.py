"""A stored disclosure → an XLSX workbook in the official nine-table layout (公开01–09表).

One sheet per table, laid out as the published tables print them: title, 公开0N表, the
单位/年度/金额单位 line, header rows with column names and 栏次 numbers, then the rows with
their codes and names. Amounts are real numbers formatted with their printed precision, so
juesuan's own spreadsheet reader reads the very same facts back. Nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import Any

from juesuan.model.money import decimals_of
from juesuan.model.tables import STANDARD_TABLE_IDS, STANDARD_TITLES
from juesuan.template.final import (
    T01_EXPENDITURE_EXTRA,
    T01_INCOME,
    T04_EXPENDITURE_COLUMNS,
    T04_EXPENDITURE_EXTRA,
    T04_INCOME,
    T07_KEYS,
    TABLE_COLUMNS,
)

#: The template's columns of each table, in printed order (interface.md).
TEMPLATE_COLUMNS = TABLE_COLUMNS
T04_EXPENDITURE = T04_EXPENDITURE_COLUMNS
#: Columns printed under one 本年支出 heading, and what the sub-heading says for the total.
SPENDING_GROUP = {
    "T05": ("合计", "基本支出", "项目支出"),
    "T08": ("本年支出合计", "基本支出", "项目支出"),
}
SPENDING_GROUP["T09"] = SPENDING_GROUP["T08"]
SUBTOTAL_HEADING = {"合计": "小计", "本年支出合计": "小计"}
#: Where the two sides of T01/T04 line up, income key → expenditure key.
TWO_SIDED_PARTNERS = {
    "本年收入合计": "本年支出合计",
    "使用非财政拨款结余": "结余分配",
    "年初结转和结余": "年末结转和结余",
    "年初财政拨款结转和结余": "年末财政拨款结转和结余",
    "总计": "总计",
}
T04_CARRY_IN = "年初财政拨款结转和结余"
T04_CARRY_OUT = "年末财政拨款结转和结余"
PERSONNEL_CLASSES = ("301", "303")  # 人员经费 = 工资福利支出 + 对个人和家庭的补助
#: Item rows of the templates (interface.md) printed even when blank, for the official look.
TEMPLATE_ITEMS = frozenset(
    {
        *T01_INCOME,
        *T01_EXPENDITURE_EXTRA,
        *T04_INCOME,
        *T04_EXPENDITURE_EXTRA,
        *T07_KEYS,
        "人员经费合计",
        "公用经费合计",
    }
)


@dataclass
class SheetPlan:
    """Rows of cell values (str, Decimal or None) and merged ranges (r0, c0, r1, c1), 1-based."""

    width: int
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def add(self, cells: Sequence[Any], spans: Sequence[tuple[int, int]] = ()) -> int:
        """Append a row; spans are (first, last) columns merged on this row."""
        self.rows.append(list(cells) + [None] * (self.width - len(cells)))
        row = len(self.rows)
        self.merges.extend((row, c0, row, c1) for c0, c1 in spans if c1 > c0)
        return row


@dataclass(frozen=True)
class TableData:
    """One stored table and its printed amounts: (section, row_key, column) → Decimal."""

    table_id: str
    title: str
    label: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]  # key, label, section, code
    values: dict[tuple[str, str, str], Decimal]
    notes: tuple[str, ...] = ()

    def value(self, row: dict[str, Any] | None, column: str) -> Decimal | None:
        if row is None:
            return None
        return self.values.get((row.get("section", ""), row["key"], column))


def table_data(
    stored: dict[str, Any] | None, table_id: str, facts: list[dict[str, Any]], unit: str
) -> TableData:
    """The stored table's rows in printed order; rows known only from facts are added after."""
    values = {(f["section"], f["row_key"], f["column"]): Decimal(f["value"]) for f in facts}
    with_amounts = {(f["section"], f["row_key"]) for f in facts}
    rows = [
        dict(r)
        for r in (stored or {}).get("rows") or []
        if (r.get("section", ""), r["key"]) in with_amounts or is_template_row(r)
    ]
    known = {(r.get("section", ""), r["key"]) for r in rows}
    for fact in facts:
        if (fact["section"], fact["row_key"]) not in known:
            known.add((fact["section"], fact["row_key"]))
            rows.append(
                {"key": fact["row_key"], "label": fact["label"], "section": fact["section"]}
            )
    return TableData(
        table_id=table_id,
        title=(stored or {}).get("title") or STANDARD_TITLES[table_id],
        label=f"公开{table_id[1:]}表",
        unit=next((f["unit"] for f in facts if f["unit"]), unit),
        columns=tuple((stored or {}).get("columns") or ()),
        rows=tuple(rows),
        values=values,
        notes=tuple((stored or {}).get("notes") or ()),
    )


def is_template_row(row: dict[str, Any]) -> bool:
    """A row the template prints even without amounts: a code, a template item, a function class."""
    key = str(row["key"])
    if "".join(key.split()) in ("收入", "支出", "项目"):  # a side's heading, not a row
        return False
    if row.get("code") or key.isdigit() or key.split("/")[0] in TEMPLATE_ITEMS:
        return True
    return key.endswith("支出") and len(key) <= 16 and not any(ch in key for ch in "：:，。")


# --- the common head of every table ---------------------------------------------------------


def head_to_plan(plan: SheetPlan, data: TableData, unit_name: str, year: int | None) -> None:
    plan.add([STANDARD_TITLES[data.table_id]], [(1, plan.width)])
    plan.add([None] * (plan.width - 1) + [data.label])
    # Three merged cells, as the tables print the line: 单位 | 年度 | 金额单位.
    middle = max(2, (plan.width + 1) // 2)
    meta: list[Any] = [None] * plan.width
    meta[0] = f"单位：{unit_name}"
    meta[middle - 1] = f"{year}年度" if year else ""
    meta[plan.width - 1] = f"金额单位：{data.unit or '万元'}"
    plan.add(meta, [(1, middle - 1), (middle, plan.width - 1)])


def notes_to_plan(plan: SheetPlan, data: TableData) -> None:
    for note in data.notes:
        plan.add([note])


def present(columns: Sequence[str], template: Sequence[str]) -> tuple[str, ...]:
    """The template's columns the stored table has (all of them when it names none)."""
    chosen = tuple(c for c in template if c in columns)
    return chosen or tuple(template)


# --- code tables: T02, T03, T05, T08, T09 --------------------------------------------------


def code_table_plan(data: TableData, unit_name: str, year: int | None) -> SheetPlan:
    columns = present(data.columns, TEMPLATE_COLUMNS[data.table_id])
    plan = SheetPlan(width=2 + len(columns))
    head_to_plan(plan, data, unit_name, year)
    code_header_to_plan(plan, data.table_id, columns)
    plan.add(["栏次", None, *range(1, len(columns) + 1)], [(1, 2)])
    for row in data.rows:
        amounts = [data.value(row, c) for c in columns]
        if row.get("code") or str(row["key"]).isdigit():
            # A code printed without its name spans the name column, as such a row prints.
            spans = [] if row["label"] else [(1, 2)]
            plan.add([row.get("code") or row["key"], row["label"] or None, *amounts], spans)
        else:
            plan.add([row["label"] or row["key"], None, *amounts], [(1, 2)])
    return plan


def code_header_to_plan(plan: SheetPlan, table_id: str, columns: Sequence[str]) -> None:
    group = [c for c in SPENDING_GROUP.get(table_id, ()) if c in columns]
    top: list[Any] = ["项目", None]
    below: list[Any] = ["功能分类科目编码", "科目名称"]
    first = plan.add(top)
    second = plan.add(below)
    plan.merges.append((first, 1, first, 2))
    for index, column in enumerate(columns, start=3):
        if len(group) > 1 and column in group:
            plan.rows[second - 1][index - 1] = SUBTOTAL_HEADING.get(column, column)
            if column == group[0]:
                plan.rows[first - 1][index - 1] = "本年支出"
                plan.merges.append((first, index, first, index + len(group) - 1))
        else:
            plan.rows[first - 1][index - 1] = column
            plan.merges.append((first, index, second, index))


# --- T06: three column groups, as 公开06表 prints them --------------------------------------


def t06_plan(data: TableData, unit_name: str, year: int | None) -> SheetPlan:
    plan = SheetPlan(width=9)
    head_to_plan(plan, data, unit_name, year)
    plan.add(["人员经费", None, None, "公用经费"], [(1, 3), (4, 9)])
    plan.add(["科目编码", "科目名称", "决算数"] * 3)
    code_rows = [r for r in data.rows if r.get("code") or str(r["key"]).isdigit()]
    personnel = [r for r in code_rows if str(r["key"]).startswith(PERSONNEL_CLASSES)]
    running = [r for r in code_rows if r not in personnel]
    middle = [r for r in running if str(r["key"]).startswith("302")]
    rest = [r for r in running if r not in middle]
    if not rest and len(middle) > 1:  # spread over both groups so no column is wasted
        middle, rest = middle[: (len(middle) + 1) // 2], middle[(len(middle) + 1) // 2 :]
    for trio in zip_longest(personnel, middle, rest):
        cells: list[Any] = []
        spans: list[tuple[int, int]] = []
        for group, row in enumerate(trio):
            if row is not None and not row["label"]:  # code without a name: span the name column
                spans.append((3 * group + 1, 3 * group + 2))
            cells += (
                [None] * 3
                if row is None
                else [row["key"], row["label"] or None, data.value(row, "决算数")]
            )
        plan.add(cells, spans)
    totals = {r["key"]: r for r in data.rows if not (r.get("code") or str(r["key"]).isdigit())}
    staff, office = totals.get("人员经费合计"), totals.get("公用经费合计")
    plan.add(
        [
            "人员经费合计",
            None,
            data.value(staff, "决算数"),
            "公用经费合计",
            None,
            None,
            None,
            None,
            data.value(office, "决算数"),
        ],
        [(1, 2), (4, 8)],
    )
    return plan


# --- T07 -------------------------------------------------------------------------------------


def t07_plan(data: TableData, unit_name: str, year: int | None) -> SheetPlan:
    columns = present(data.columns, TEMPLATE_COLUMNS["T07"])
    plan = SheetPlan(width=1 + len(columns))
    head_to_plan(plan, data, unit_name, year)
    plan.add(["项目", *columns])
    for row in data.rows:
        plan.add([row["label"] or row["key"], *(data.value(row, c) for c in columns)])
    return plan


# --- T01 and T04: income on the left, expenditure on the right -----------------------------


def two_sided_plan(data: TableData, unit_name: str, year: int | None) -> SheetPlan:
    right_columns = ("决算数",) if data.table_id == "T01" else T04_EXPENDITURE
    plan = SheetPlan(width=3 + 2 + len(right_columns))
    head_to_plan(plan, data, unit_name, year)
    income, spending = ("收入", "支出") if data.table_id == "T01" else ("收     入", "支     出")
    plan.add([income, None, None, spending], [(1, 3), (4, plan.width)])
    right_heads = ["金额"] if data.table_id == "T01" else list(right_columns)
    plan.add(["项目", "行次", "金额", "项目", "行次", *right_heads])
    plan.add(["栏次", None, 1, "栏次", None, *range(2, 2 + len(right_columns))])
    lines = two_sided_lines(data)
    for number, (left, right) in enumerate(lines, start=1):
        cells: list[Any] = [label_of(left), number, data.value(left, "决算数")]
        cells += [
            label_of(right),
            len(lines) + number,
            *(data.value(right, c) for c in right_columns),
        ]
        plan.add(cells)
    return plan


def label_of(row: dict[str, Any] | None) -> str | None:
    if row is None:
        return None
    return str(row.get("label") or row["key"].split("/")[-1])


Line = tuple[dict[str, Any] | None, dict[str, Any] | None]


def two_sided_lines(data: TableData) -> list[Line]:
    """Pair the two sides line by line: the items side by side, then the totals with their partners."""
    left = [r for r in data.rows if r.get("section") == "收入"]
    right = [r for r in data.rows if r.get("section") == "支出"]
    left_body, left_tail = split_at(left, "本年收入合计")
    right_body, right_tail = split_at(right, "本年支出合计")
    lines: list[Line] = list(zip_longest(left_body, right_body))
    return lines + tail_lines(left_tail, right_tail)


def split_at(
    rows: list[dict[str, Any]], key: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    for index, row in enumerate(rows):
        if row["key"] == key:
            return rows[:index], rows[index:]
    return rows, []


def tail_lines(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> list[Line]:
    by_key = {r["key"]: r for r in right}
    used: set[str] = set()
    lines: list[Line] = []
    for row in left:
        partner_key = partner_of(row["key"])
        partner = by_key.get(partner_key) if partner_key else None
        if partner is not None:
            used.add(partner["key"])
        if row["key"] == "总计":
            lines += orphan_lines(right, used)
        lines.append((row, partner))
    if not any(r["key"] == "总计" for r in left):
        lines += orphan_lines(right, used)
    return lines


def partner_of(key: str) -> str | None:
    if key.startswith(T04_CARRY_IN + "/"):
        return T04_CARRY_OUT + key[len(T04_CARRY_IN) :]
    return TWO_SIDED_PARTNERS.get(key)


def orphan_lines(right: list[dict[str, Any]], used: set[str]) -> list[Line]:
    """Expenditure rows with no income partner; a 年末…/<fund> line gets its fund printed on the left."""
    lines: list[Line] = []
    for row in right:
        if row["key"] in used:
            continue
        used.add(row["key"])
        left: dict[str, Any] | None = None
        if row["key"].startswith(T04_CARRY_OUT + "/"):
            fund = row["key"].split("/", 1)[1]
            left = {"key": T04_CARRY_IN + "/" + fund, "label": fund, "section": "收入"}
        lines.append((left, row))
    return lines


# --- the workbook ----------------------------------------------------------------------------

PLANNERS = {"T01": two_sided_plan, "T04": two_sided_plan, "T06": t06_plan, "T07": t07_plan}


def table_plan(data: TableData, unit_name: str, year: int | None) -> SheetPlan:
    plan = PLANNERS.get(data.table_id, code_table_plan)(data, unit_name, year)
    notes_to_plan(plan, data)
    return plan


def disclosure_to_workbook(
    document: dict[str, Any],
    stored_tables: list[dict[str, Any]],
    facts: list[dict[str, Any]],
    path: Path,
) -> None:
    """Write one stored disclosure as a workbook of its nine tables (those it has)."""
    from openpyxl import Workbook

    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    by_id = {t["table_id"]: t for t in stored_tables}
    for table_id in STANDARD_TABLE_IDS:
        table_facts = [f for f in facts if f["table"] == table_id]
        if table_id not in by_id and not table_facts:
            continue
        data = table_data(
            by_id.get(table_id), table_id, table_facts, document.get("money_unit") or ""
        )
        plan = table_plan(data, document.get("unit_name") or "", document.get("year"))
        plan_to_sheet(workbook.create_sheet(data.label), plan)
    if not workbook.worksheets:
        workbook.create_sheet("公开01表")
    workbook.save(path)


def plan_to_sheet(sheet: Any, plan: SheetPlan) -> None:
    from openpyxl.styles import Alignment, Font

    for r, cells in enumerate(plan.rows, start=1):
        for c, value in enumerate(cells, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = amount_format(value)
            else:
                cell.value = value if isinstance(value, int) else str(value)
    for r0, c0, r1, c1 in plan.merges:
        sheet.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 28


def amount_format(value: Decimal) -> str:
    """The number format that prints the amount exactly as disclosed (1,081.09; 0.00; 12)."""
    places = decimals_of(value)
    return "#,##0" + ("." + "0" * places if places else "")
