"""Generate realistic disclosures for the batch benchmark: consistent variants of real ones.

Each variant starts from a real disclosure of the corpus (the seed, 南芬区工业和信息化局 2023, or
普陀区生态环境局 2025), read with juesuan. Every leaf amount is scaled by a factor of its own
(one factor per function code, so a code's row agrees across T02/T03/T05; one per economic
code), rounded to the cent, and every total is then recomputed exactly from its parts, with
the template's identities written out here (independently of juesuan's rules):

- T02/T03/T05: a row's total column = Σ its other columns; 款 = Σ 项, 类 = Σ 款, 合计 = Σ 类;
- T06: the 款 lines share out T05's 基本支出 total in proportion to their scaled amounts
  (largest remainder, so the sum is exact); 类 = Σ 款; 人员经费合计 = 301 + 303; 公用经费合计 = the rest;
- T07: items scaled by one factor, never below the matching T06 line; 购置及运行 = 购置 + 运行维护;
  合计 = 出国 + 接待 + 购置及运行;
- T01: income items = the T02 合计 row's columns; expenditure classes = the T03 类 rows;
  本年收入合计, 本年支出合计, 年末结转和结余 (what is left) and the two 总计 recomputed;
- T04: appropriations = T01's; expenditure classes = T05's 类 rows; totals and carry-over likewise.

Rounding differences (尾差) of the original therefore disappear: a variant's identities hold to
the cent. The unit's name and the year are varied too. Each variant is written as cell-per-line
text (TAB + cell, a blank line between rows, like the seed), as XLSX (openpyxl, one sheet per
table) or as PDF (reportlab, CJK font STSong-Light, ruled tables), in the official layout of the
nine tables (the layout of juesuan's own XLSX export).

Run: ``python bench/generate.py OUT --text 100 --xlsx 100 --pdf 20 [--seed 1] [--verify 5]``
``--verify N`` reads N variants of each format back with juesuan and compares every fact with
what was generated, and runs the rules (a consistent variant has no arithmetic finding).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from juesuan.export.xlsx import disclosure_to_workbook, table_data, table_plan
from juesuan.model.disclosure import Disclosure
from juesuan.model.tables import STANDARD_TABLE_IDS, CodeKind, Table
from juesuan.pipeline import check, read
from juesuan.store.rows import disclosure_to_rows

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SOURCES = {
    "seed": CORPUS / "seed" / "000_1e6faaba2ab46285.txt",
    "shengtai": CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt",
}
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

PLACES = (
    "东城区",
    "西湖区",
    "南芬区",
    "普陀区",
    "江北区",
    "高新区",
    "城关镇",
    "临江市",
    "清河县",
    "青山区",
)
BODIES = (
    "工业和信息化局",
    "生态环境局",
    "财政局",
    "教育局",
    "卫生健康委员会",
    "民政局",
    "司法局",
    "统计局",
    "商务委员会",
    "交通运输局",
    "农业农村局",
    "市场监督管理局",
    "审计局",
    "文化旅游局",
)
T01_INCOME_FROM_T02 = {
    "一般公共预算财政拨款收入": "财政拨款收入",
    "上级补助收入": "上级补助收入",
    "事业收入": "事业收入",
    "经营收入": "经营收入",
    "附属单位上缴收入": "附属单位上缴收入",
    "其他收入": "其他收入",
}
ROW_TOTAL = {"T02": "本年收入合计", "T03": "本年支出合计", "T05": "合计"}
T04_FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
PERSONNEL = ("301", "303")

Key = tuple[str, str, str, str]  # table, section, row_key, column


# --- the source: a real disclosure as values and structure ------------------------------------


@dataclass
class SourceDoc:
    name: str
    disclosure: Disclosure
    values: dict[Key, Decimal | None]
    document: dict[str, Any]
    tables: list[dict[str, Any]]

    def table(self, table_id: str) -> Table | None:
        return self.disclosure.table(table_id)


def load_source(name: str, path: Path) -> SourceDoc:
    disclosure = read(path)
    values: dict[Key, Decimal | None] = {}
    for table in disclosure.standard_tables:
        for row in table.rows:
            for cell in row.cells:
                values[(table.id, row.section, row.key, cell.column)] = cell.value
    for table_id in ("T08", "T09"):
        if any(v for k, v in values.items() if k[0] == table_id):
            raise SystemExit(f"{path}: {table_id} has amounts; this generator keeps it empty")
    rows = disclosure_to_rows(disclosure, None)
    return SourceDoc(name, disclosure, values, rows.document, rows.tables)


# --- one variant: leaves scaled, totals recomputed --------------------------------------------


@dataclass
class Variant:
    source: SourceDoc
    rng: random.Random
    values: dict[Key, Decimal | None] = field(default_factory=dict)
    factors: dict[str, Decimal] = field(default_factory=dict)

    def factor(self, name: str) -> Decimal:
        """One factor per leaf (function code, economic code, item group), 0.40–1.60."""
        if name not in self.factors:
            self.factors[name] = Decimal(self.rng.randint(40, 160)) / 100
        return self.factors[name]

    def old(self, key: Key) -> Decimal | None:
        return self.source.values.get(key)

    def set_sum(self, key: Key, parts: Iterable[Decimal | None]) -> Decimal:
        """A total: the sum of its printed parts; printed if the original printed it or any part."""
        printed = [p for p in parts if p is not None]
        total = sum(printed, ZERO)
        if key in self.source.values:
            self.values[key] = total if (printed or self.old(key) is not None) else None
        return total

    def put(self, key: Key, value: Decimal | None) -> Decimal | None:
        """Set a cell the original has; a zero stays blank where the original left it blank."""
        if key not in self.source.values:
            return None
        if not value and self.old(key) is None:
            value = None
        self.values[key] = value
        return value

    def new(self, key: Key) -> Decimal:
        value = self.values.get(key)
        return ZERO if value is None else value


def scaled(value: Decimal | None, factor: Decimal) -> Decimal | None:
    if value is None:
        return None
    return (value * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def code_rows(table: Table) -> list[str]:
    return [row.code for row in table.rows if row.code and row.code_kind is not CodeKind.ECONOMIC]


def children_of(code: str, codes: list[str]) -> list[str]:
    longer = [c for c in codes if c.startswith(code) and len(c) > len(code)]
    if not longer:
        return []
    depth = min(len(c) for c in longer)
    return [c for c in longer if len(c) == depth]


def code_table_to_variant(variant: Variant, table_id: str) -> None:
    """T02/T03/T05: leaves scaled per code, then row totals, code hierarchy and 合计."""
    table = variant.source.table(table_id)
    if table is None:
        return
    total_column = ROW_TOTAL[table_id]
    parts = [c for c in table.columns if c != total_column]
    codes = code_rows(table)
    for code in sorted(codes, key=len, reverse=True):
        row = table.row(code)
        assert row is not None
        kids = children_of(code, codes)
        for column in parts:
            key = (table_id, "", row.key, column)
            if kids:
                variant.set_sum(key, (variant.values.get((table_id, "", k, column)) for k in kids))
            elif key in variant.source.values:
                variant.values[key] = scaled(variant.old(key), variant.factor(code[:7]))
        total_parts = [variant.values.get((table_id, "", row.key, c)) for c in parts]
        variant.set_sum((table_id, "", row.key, total_column), total_parts)
    classes = [c for c in codes if len(c) == 3]
    for column in table.columns:
        variant.set_sum(
            (table_id, "", "合计", column),
            (variant.values.get((table_id, "", c, column)) for c in classes),
        )


def share_out(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """total split in proportion to weights, in cents, summing exactly (largest remainder)."""
    cents = int((total / CENT).to_integral_value())
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        return {name: ZERO for name in weights}
    raw = {name: cents * w / weight_sum for name, w in weights.items()}
    floor = {name: int(value) for name, value in raw.items()}
    left = cents - sum(floor.values())
    for name in sorted(raw, key=lambda n: raw[n] - floor[n], reverse=True)[:left]:
        floor[name] += 1
    return {name: Decimal(value) * CENT for name, value in floor.items()}


def t06_to_variant(variant: Variant) -> None:
    table = variant.source.table("T06")
    if table is None:
        return
    target = variant.new(("T05", "", "合计", "基本支出"))
    codes = [r.code for r in table.rows if r.code]
    leaves = [c for c in codes if not children_of(c, codes)]
    weights = {}
    for code in leaves:
        old = variant.old(("T06", "", code, "决算数"))
        if old:
            weights[code] = old * variant.factor(f"econ{code}")
    shares = share_out(target, weights)
    for code in leaves:
        key = ("T06", "", code, "决算数")
        if key in variant.source.values:
            variant.values[key] = shares.get(code, variant.old(key))
    for code in [c for c in codes if len(c) == 3]:
        kids = children_of(code, codes)
        if kids:
            variant.set_sum(
                ("T06", "", code, "决算数"),
                (variant.values.get(("T06", "", k, "决算数")) for k in kids),
            )
    classes = [c for c in codes if len(c) == 3]
    personnel = [variant.values.get(("T06", "", c, "决算数")) for c in classes if c in PERSONNEL]
    public = [variant.values.get(("T06", "", c, "决算数")) for c in classes if c not in PERSONNEL]
    variant.set_sum(("T06", "", "人员经费合计", "决算数"), personnel)
    variant.set_sum(("T06", "", "公用经费合计", "决算数"), public)


def t07_to_variant(variant: Variant) -> None:
    factor = variant.factor("三公")
    floors = {"公务接待费": "30217", "公务用车运行维护费": "30231"}
    for column in ("预算数", "决算数"):
        leaves = {}
        for item in ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费"):
            key = ("T07", "", item, column)
            value = scaled(variant.old(key), factor)
            floor = variant.values.get(("T06", "", floors.get(item, ""), "决算数"))
            if column == "决算数" and floor is not None and (value or ZERO) < floor:
                value = floor
            if key in variant.source.values:
                variant.values[key] = value
            leaves[item] = value
        vehicles = variant.set_sum(
            ("T07", "", "公务用车购置及运行费", column),
            (leaves["公务用车购置费"], leaves["公务用车运行维护费"]),
        )
        variant.set_sum(
            ("T07", "", "合计", column),
            (leaves["因公出国（境）费"], leaves["公务接待费"], vehicles),
        )


def class_totals_by_name(variant: Variant, table_id: str, column: str) -> dict[str, Decimal]:
    table = variant.source.table(table_id)
    if table is None:
        return {}
    return {
        row.label.replace(" ", ""): variant.new((table_id, "", row.key, column))
        for row in table.rows
        if row.code and len(row.code) == 3
    }


def t01_items_to_variant(variant: Variant) -> None:
    """T01's income items from the T02 合计 row, its expenditure classes from T03's 类 rows."""
    income: list[Decimal | None] = []
    for item, column in T01_INCOME_FROM_T02.items():
        value = variant.new(("T02", "", "合计", column))
        income.append(variant.put(("T01", "收入", item, "决算数"), value))
    for item in ("政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入"):
        income.append(variant.put(("T01", "收入", item, "决算数"), ZERO))
    variant.set_sum(("T01", "收入", "本年收入合计", "决算数"), income)
    spending = class_totals_by_name(variant, "T03", "本年支出合计")
    classes = [
        variant.put(("T01", "支出", row.key, "决算数"), spending[row.key])
        for row in source_table(variant, "T01").rows_in("支出")
        if row.key in spending
    ]
    variant.set_sum(("T01", "支出", "本年支出合计", "决算数"), classes)


def t01_totals_to_variant(variant: Variant, least_opening: Decimal) -> None:
    """Carry-in covers any shortfall; 年末结转和结余 is what is left; the two 总计 agree."""
    year_income = variant.new(("T01", "收入", "本年收入合计", "决算数"))
    year_spending = variant.new(("T01", "支出", "本年支出合计", "决算数"))
    reserve = scaled(
        variant.old(("T01", "收入", "使用非财政拨款结余", "决算数")), variant.factor("结转")
    )
    distributed = scaled(variant.old(("T01", "支出", "结余分配", "决算数")), variant.factor("结转"))
    opening = scaled(
        variant.old(("T01", "收入", "年初结转和结余", "决算数")), variant.factor("结转")
    )
    shortfall = (
        year_spending + (distributed or ZERO) - year_income - (reserve or ZERO) - (opening or ZERO)
    )
    opening = max(opening or ZERO, least_opening, (opening or ZERO) + shortfall)
    reserve = variant.put(("T01", "收入", "使用非财政拨款结余", "决算数"), reserve)
    opening = variant.put(("T01", "收入", "年初结转和结余", "决算数"), opening)
    grand = variant.set_sum(("T01", "收入", "总计", "决算数"), (year_income, reserve, opening))
    distributed = variant.put(("T01", "支出", "结余分配", "决算数"), distributed)
    closing = grand - year_spending - (distributed or ZERO)
    closing_value = variant.put(("T01", "支出", "年末结转和结余", "决算数"), closing)
    variant.set_sum(("T01", "支出", "总计", "决算数"), (year_spending, distributed, closing_value))


def source_table(variant: Variant, table_id: str) -> Table:
    table = variant.source.table(table_id)
    if table is None:
        raise SystemExit(f"{variant.source.name}: no {table_id}")
    return table


def t04_to_variant(variant: Variant) -> Decimal:
    """T04 from T01's appropriations and T05's classes; returns its carry-in total."""
    funds_in = {
        "一般公共预算财政拨款": variant.new(("T01", "收入", "一般公共预算财政拨款收入", "决算数")),
        "政府性基金预算财政拨款": ZERO,
        "国有资本经营预算财政拨款": ZERO,
    }
    for fund, value in funds_in.items():
        variant.put(("T04", "收入", fund, "决算数"), value)
    year_income = variant.set_sum(("T04", "收入", "本年收入合计", "决算数"), funds_in.values())
    general = class_totals_by_name(variant, "T05", "合计")
    class_keys = [r.key for r in source_table(variant, "T04").rows_in("支出") if r.key in general]
    for key in class_keys:
        variant.put(("T04", "支出", key, "一般公共预算财政拨款"), general[key])
        for fund in T04_FUNDS[1:]:
            variant.put(("T04", "支出", key, fund), ZERO)
        variant.set_sum(
            ("T04", "支出", key, "合计"),
            (variant.values.get(("T04", "支出", key, f)) for f in T04_FUNDS),
        )
    for column in ("合计", *T04_FUNDS):
        variant.set_sum(
            ("T04", "支出", "本年支出合计", column),
            (variant.values.get(("T04", "支出", k, column)) for k in class_keys),
        )
    opening: dict[str, Decimal | None] = {}
    for fund in T04_FUNDS:
        key = ("T04", "收入", f"年初财政拨款结转和结余/{fund}", "决算数")
        value = scaled(variant.old(key), variant.factor("结转")) or ZERO
        spent = variant.new(("T04", "支出", "本年支出合计", fund))
        value = max(value, spent - funds_in[fund])  # carry-in covers any shortfall
        opening[fund] = variant.put(key, value)
    opening_total = variant.set_sum(
        ("T04", "收入", "年初财政拨款结转和结余", "决算数"), opening.values()
    )
    grand = variant.set_sum(("T04", "收入", "总计", "决算数"), (year_income, opening_total))
    for fund in T04_FUNDS:
        left = (
            funds_in[fund]
            + (opening[fund] or ZERO)
            - variant.new(("T04", "支出", "本年支出合计", fund))
        )
        variant.put(("T04", "支出", "年末财政拨款结转和结余", fund), left)
        variant.put(("T04", "支出", f"年末财政拨款结转和结余/{fund}", "合计"), left)
    variant.set_sum(
        ("T04", "支出", "年末财政拨款结转和结余", "合计"),
        (variant.values.get(("T04", "支出", "年末财政拨款结转和结余", f)) for f in T04_FUNDS),
    )
    for column in ("合计", *T04_FUNDS):
        variant.set_sum(
            ("T04", "支出", "总计", column),
            (
                variant.values.get(("T04", "支出", "本年支出合计", column)),
                variant.values.get(("T04", "支出", "年末财政拨款结转和结余", column)),
            ),
        )
    assert variant.new(("T04", "支出", "总计", "合计")) == grand
    return opening_total


def source_to_variant(source: SourceDoc, rng: random.Random) -> Variant:
    variant = Variant(source, rng)
    for table_id in ("T03", "T02", "T05"):
        code_table_to_variant(variant, table_id)
    t06_to_variant(variant)
    t07_to_variant(variant)
    t01_items_to_variant(variant)
    appropriations_carried_in = t04_to_variant(variant)
    t01_totals_to_variant(variant, appropriations_carried_in)
    for key, value in source.values.items():  # T08/T09 and anything not derived: as printed
        variant.values.setdefault(key, value)
    return variant


# --- writing: the official layout as text, XLSX or PDF ----------------------------------------


@dataclass(frozen=True)
class Identity:
    unit_name: str
    year: int


def variant_facts(variant: Variant) -> list[dict[str, Any]]:
    """The variant's facts in the shape juesuan's XLSX export lays out."""
    facts = []
    for table in variant.source.disclosure.standard_tables:
        for row in table.rows:
            for cell in row.cells:
                value = variant.values.get((table.id, row.section, row.key, cell.column))
                if value is not None:
                    facts.append(
                        {
                            "table": table.id,
                            "section": row.section,
                            "row_key": row.key,
                            "column": cell.column,
                            "value": str(value),
                            "unit": "万元",
                            "label": row.label,
                        }
                    )
    return facts


def plans(variant: Variant, who: Identity) -> list[Any]:
    facts = variant_facts(variant)
    by_id = {t["table_id"]: t for t in variant.source.tables}
    result = []
    for table_id in STANDARD_TABLE_IDS:
        table_facts = [f for f in facts if f["table"] == table_id]
        if table_id not in by_id and not table_facts:
            continue
        data = table_data(by_id.get(table_id), table_id, table_facts, "万元")
        result.append(table_plan(data, who.unit_name, who.year))
    return result


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def write_text(variant: Variant, who: Identity, path: Path) -> None:
    """Cell-per-line text like the seed: a title on its own line, then TAB + cell per line."""
    lines = [f" {who.unit_name}{who.year}年度部门决算", ""]
    for plan in plans(variant, who):
        lines.append(f" {plan.rows[0][0]}")
        covered = {
            (r, c)
            for r0, c0, r1, c1 in plan.merges
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if (r, c) != (r0, c0)
        }
        for r, row in enumerate(plan.rows[1:], start=2):
            # A merged cell is printed once, as the published text dumps do.
            heading = r <= 3  # 公开0N表 and 单位/年度/金额单位: only what is printed
            lines.extend(
                "\t" + cell_text(value)
                for c, value in enumerate(row, start=1)
                if (r, c) not in covered and not (heading and value is None)
            )
            lines.append("")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def write_xlsx(variant: Variant, who: Identity, path: Path) -> None:
    document = {"unit_name": who.unit_name, "year": who.year, "money_unit": "万元"}
    disclosure_to_workbook(document, variant.source.tables, variant_facts(variant), path)


def write_pdf(variant: Variant, who: Identity, path: Path) -> None:
    """A ruled table per disclosure table: title lines above, the grid with its merges."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=13, leading=18, alignment=1)
    small = ParagraphStyle("s", fontName="STSong-Light", fontSize=8, leading=11)
    story: list[Any] = [Paragraph(f"{who.unit_name}{who.year}年度部门决算", title), PageBreak()]
    for plan in plans(variant, who):
        head = 3  # title, 公开0N表, 单位/年度/金额单位: printed above the grid
        story.append(Paragraph(str(plan.rows[0][0]), title))
        story.append(Paragraph(cell_text(plan.rows[1][-1]), small))
        story.append(
            Paragraph("　　".join(cell_text(v) for v in plan.rows[2] if v is not None), small)
        )
        story.append(Spacer(1, 4))
        grid = [[cell_text(v) for v in row] for row in plan.rows[head:]]
        widths = column_widths(plan.rows[head:], 770)
        spans = [
            ("SPAN", (c0 - 1, r0 - 1 - head), (c1 - 1, r1 - 1 - head))
            for r0, c0, r1, c1 in plan.merges
            if r0 > head
        ]
        table = RLTable(grid, colWidths=widths, repeatRows=0)
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), "STSong-Light", 7),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *spans,
            ]
        )
        story.extend([table, PageBreak()])
    document = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=36,
        rightMargin=36,
        topMargin=30,
        bottomMargin=30,
    )
    document.build(story)


def column_widths(rows: list[list[Any]], total: float) -> list[float]:
    """Wider columns where the text is longer (labels), all within the page."""
    width = max(len(r) for r in rows)
    longest = [
        max((len(cell_text(r[c])) for r in rows if c < len(r)), default=1) for c in range(width)
    ]
    weights = [max(4, min(n, 22)) for n in longest]
    return [total * w / sum(weights) for w in weights]


WRITERS: dict[str, tuple[str, Callable[[Variant, Identity, Path], None]]] = {
    "text": (".txt", write_text),
    "xlsx": (".xlsx", write_xlsx),
    "pdf": (".pdf", write_pdf),
}


# --- the run ----------------------------------------------------------------------------------


def identity_for(rng: random.Random, source: SourceDoc) -> Identity:
    year = int(source.document.get("year") or 2023) + rng.randint(-6, 2)
    return Identity(f"{rng.choice(PLACES)}{rng.choice(BODIES)}", year)


def generate(out: Path, counts: dict[str, int], seed: int) -> list[tuple[Path, Variant, Identity]]:
    rng = random.Random(seed)
    sources = [load_source(name, path) for name, path in SOURCES.items()]
    made = []
    for fmt, count in counts.items():
        suffix, write = WRITERS[fmt]
        folder = out / fmt
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(count):
            source = sources[number % len(sources)]
            variant = source_to_variant(source, rng)
            who = identity_for(rng, source)
            path = folder / f"{source.name}_{number:05d}{suffix}"
            write(variant, who, path)
            made.append((path, variant, who))
    return made


def verify(made: list[tuple[Path, Variant, Identity]], per_format: int) -> bool:
    """Read variants back: every generated fact found, and no arithmetic finding."""
    ok = True
    seen: dict[str, int] = {}
    for path, variant, _who in made:
        fmt = path.parent.name
        if seen.get(fmt, 0) >= per_format:
            continue
        seen[fmt] = seen.get(fmt, 0) + 1
        disclosure = read(path)
        got = {(f.table, f.section, f.row_key, f.column): f.value for f in disclosure.facts()}
        want = {
            (f["table"], f["section"], f["row_key"], f["column"]): Decimal(f["value"])
            for f in variant_facts(variant)
        }
        missing = {k: v for k, v in want.items() if got.get(k) != v}
        arithmetic = [
            f
            for f in check(disclosure).findings
            if f.difference is not None and (f.rule.startswith("t0") or f.rule.startswith("x."))
        ]
        status = "ok" if not missing and not arithmetic else "MISMATCH"
        ok = ok and status == "ok"
        print(
            f"{status} {path.name}: {len(want)} facts generated, {len(want) - len(missing)} read back exactly, "
            f"{len(arithmetic)} arithmetic findings"
        )
        for key, value in list(missing.items())[:5]:
            print(f"   {key}: generated {value}, read {got.get(key)}")
        for finding in arithmetic[:5]:
            print(
                f"   {finding.rule} {finding.table} {finding.row_key} {finding.column}: {finding.message[:80]}"
            )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--text", type=int, default=0)
    parser.add_argument("--xlsx", type=int, default=0)
    parser.add_argument("--pdf", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verify", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    started = time.monotonic()
    counts = {"text": args.text, "xlsx": args.xlsx, "pdf": args.pdf}
    made = generate(args.out, {k: v for k, v in counts.items() if v}, args.seed)
    print(f"{len(made)} documents in {args.out} ({time.monotonic() - started:.1f} s)")
    if args.verify and not verify(made, args.verify):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
