"""A sample disclosure that juesuan makes itself, for a clone without the shared corpus.

The numbers are invented (a fictitious 示例局), typed here once and consistent by construction:
every leaf amount is stated, and every total is computed from its parts in exact decimals.
The sample is written as an XLSX workbook in the official nine-table layout (the export's own
writer), so ``juesuan check`` reads it back like any published workbook.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

UNIT_NAME = "示例市示例区示例局（样例）"  # invented: no such unit exists
YEAR = 2024
MONEY_UNIT = "万元"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Leaf:
    """A 项 of the function classification with what it received and spent (万元)."""

    code: str
    name: str
    appropriation: Decimal  # 财政拨款 (一般公共预算)
    other_income: Decimal  # 其他收入
    basic: Decimal  # 基本支出
    project: Decimal  # 项目支出


CLASS_NAMES = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
}
LEAVES = (
    Leaf("2010301", "行政运行", Decimal("300.00"), ZERO, Decimal("300.00"), ZERO),
    Leaf("2010302", "一般行政管理事务", Decimal("70.00"), Decimal("10.00"), ZERO, Decimal("80.00")),
    Leaf(
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        Decimal("36.00"),
        ZERO,
        Decimal("36.00"),
        ZERO,
    ),
    Leaf("2210201", "住房公积金", Decimal("27.00"), ZERO, Decimal("27.00"), ZERO),
)
#: 基本支出 by economic classification (款 → amount); the 类 are their sums.
ECONOMIC = {
    "30101": ("基本工资", Decimal("150.00")),
    "30102": ("津贴补贴", Decimal("80.00")),
    "30108": ("机关事业单位基本养老保险缴费", Decimal("36.00")),
    "30113": ("住房公积金", Decimal("27.00")),
    "30201": ("办公费", Decimal("30.00")),
    "30211": ("差旅费", Decimal("10.00")),
    "30217": ("公务接待费", Decimal("5.00")),
    "30231": ("公务用车运行维护费", Decimal("15.00")),
    "30305": ("生活补助", Decimal("10.00")),
}
ECONOMIC_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}
#: 三公: (预算数, 决算数) of each item; the two sums are computed.
SANGONG = {
    "因公出国（境）费": (Decimal("5.00"), ZERO),
    "公务接待费": (Decimal("6.00"), Decimal("5.00")),
    "公务用车购置费": (ZERO, ZERO),
    "公务用车运行维护费": (Decimal("16.00"), Decimal("15.00")),
}
CARRIED_IN = Decimal("20.00")  # 年初财政拨款结转和结余, all 一般公共预算, none used this year
EMPTY_NOTE = "本单位{year}年度没有{what}，故本表无数据。"


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def codes_of(leaves: Iterable[Leaf]) -> list[tuple[str, str, list[Leaf]]]:
    """类, 款 and 项 in printed order, each with the leaves below it."""
    rows: list[tuple[str, str, list[Leaf]]] = []
    leaves = list(leaves)
    for code in sorted({leaf.code[:3] for leaf in leaves} | {leaf.code[:5] for leaf in leaves}):
        rows.append((code, CLASS_NAMES[code], [x for x in leaves if x.code.startswith(code)]))
    for leaf in leaves:
        rows.append((leaf.code, leaf.name, [leaf]))
    return sorted(rows, key=lambda r: r[0])


class FactSheet:
    """Collects sample facts in the columns of ``juesuan facts``."""

    def __init__(self) -> None:
        self.facts: list[dict[str, Any]] = []
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def add(
        self, table: str, key: str, label: str, values: dict[str, Decimal], section: str = ""
    ) -> None:
        code = key if key.isdigit() else None
        self.rows.setdefault(table, []).append(
            {"key": key, "label": label, "section": section, "code": code}
        )
        for column, value in values.items():
            self.facts.append(
                {
                    "table": table,
                    "section": section,
                    "row_key": key,
                    "column": column,
                    "value": str(value),
                    "unit": MONEY_UNIT,
                    "label": label,
                }
            )


def code_tables(sheet: FactSheet) -> None:
    """T02, T03 and T05: one row per 类/款/项 and the 合计 row."""
    everything = [("合计", "合计", list(LEAVES))]
    rows = everything + codes_of(LEAVES)
    for key, label, leaves in rows:
        appropriation = total(x.appropriation for x in leaves)
        other = total(x.other_income for x in leaves)
        basic, project = total(x.basic for x in leaves), total(x.project for x in leaves)
        sheet.add(
            "T02",
            key,
            label,
            {"本年收入合计": appropriation + other, "财政拨款收入": appropriation}
            | ({"其他收入": other} if other else {}),
        )
        sheet.add(
            "T03",
            key,
            label,
            {"本年支出合计": basic + project, "基本支出": basic, "项目支出": project},
        )
    for key, label, leaves in rows:
        # 财政拨款 pays all basic spending; the rest of a project is paid from other income.
        basic = total(x.basic for x in leaves)
        funded_project = total(x.appropriation - x.basic for x in leaves)
        sheet.add(
            "T05",
            key,
            label,
            {"合计": basic + funded_project, "基本支出": basic, "项目支出": funded_project},
        )


def summary_tables(sheet: FactSheet) -> None:
    """T01 and T04, income on the left and expenditure by function class on the right."""
    appropriation = total(x.appropriation for x in LEAVES)
    other = total(x.other_income for x in LEAVES)
    spent = total(x.basic + x.project for x in LEAVES)
    classes = [(c, n, ls) for c, n, ls in codes_of(LEAVES) if len(c) == 3]
    income = appropriation + other
    sheet.add(
        "T01",
        "一般公共预算财政拨款收入",
        "一、一般公共预算财政拨款收入",
        {"决算数": appropriation},
        "收入",
    )
    sheet.add("T01", "其他收入", "八、其他收入", {"决算数": other}, "收入")
    sheet.add("T01", "本年收入合计", "本年收入合计", {"决算数": income}, "收入")
    sheet.add("T01", "年初结转和结余", "年初结转和结余", {"决算数": CARRIED_IN}, "收入")
    sheet.add("T01", "总计", "总计", {"决算数": income + CARRIED_IN}, "收入")
    for _code, name, leaves in classes:
        sheet.add("T01", name, name, {"决算数": total(x.basic + x.project for x in leaves)}, "支出")
    left = income + CARRIED_IN - spent
    sheet.add("T01", "本年支出合计", "本年支出合计", {"决算数": spent}, "支出")
    sheet.add("T01", "年末结转和结余", "年末结转和结余", {"决算数": left}, "支出")
    sheet.add("T01", "总计", "总计", {"决算数": spent + left}, "支出")

    sheet.add(
        "T04", "一般公共预算财政拨款", "一、一般公共预算财政拨款", {"决算数": appropriation}, "收入"
    )
    sheet.add("T04", "本年收入合计", "本年收入合计", {"决算数": appropriation}, "收入")
    sheet.add(
        "T04", "年初财政拨款结转和结余", "年初财政拨款结转和结余", {"决算数": CARRIED_IN}, "收入"
    )
    sheet.add(
        "T04",
        "年初财政拨款结转和结余/一般公共预算财政拨款",
        "一般公共预算财政拨款",
        {"决算数": CARRIED_IN},
        "收入",
    )
    sheet.add("T04", "总计", "总计", {"决算数": appropriation + CARRIED_IN}, "收入")
    for _code, name, leaves in classes:
        paid = total(x.appropriation for x in leaves)
        sheet.add("T04", name, name, {"合计": paid, "一般公共预算财政拨款": paid}, "支出")
    sheet.add(
        "T04",
        "本年支出合计",
        "本年支出合计",
        {"合计": appropriation, "一般公共预算财政拨款": appropriation},
        "支出",
    )
    sheet.add(
        "T04",
        "年末财政拨款结转和结余",
        "年末财政拨款结转和结余",
        {"合计": CARRIED_IN, "一般公共预算财政拨款": CARRIED_IN},
        "支出",
    )
    sheet.add(
        "T04",
        "总计",
        "总计",
        {"合计": appropriation + CARRIED_IN, "一般公共预算财政拨款": appropriation + CARRIED_IN},
        "支出",
    )


def basic_and_sangong_tables(sheet: FactSheet) -> None:
    """T06 by economic code (人员经费 = 301 + 303) and T07."""
    for klass, name in ECONOMIC_CLASSES.items():
        parts = {code: item for code, item in ECONOMIC.items() if code.startswith(klass)}
        sheet.add("T06", klass, name, {"决算数": total(v for _n, v in parts.values())})
        for code, (item_name, value) in parts.items():
            sheet.add("T06", code, item_name, {"决算数": value})
    staff = total(v for c, (_n, v) in ECONOMIC.items() if c.startswith(("301", "303")))
    office = total(v for c, (_n, v) in ECONOMIC.items() if c.startswith("302"))
    sheet.add("T06", "人员经费合计", "人员经费合计", {"决算数": staff})
    sheet.add("T06", "公用经费合计", "公用经费合计", {"决算数": office})

    def pair(*items: str) -> dict[str, Decimal]:
        return {
            "预算数": total(SANGONG[i][0] for i in items),
            "决算数": total(SANGONG[i][1] for i in items),
        }

    car = ("公务用车购置费", "公务用车运行维护费")
    sheet.add("T07", "合计", "合计", pair(*SANGONG))
    sheet.add("T07", "因公出国（境）费", "1、因公出国（境）费", pair("因公出国（境）费"))
    sheet.add("T07", "公务接待费", "2、公务接待费", pair("公务接待费"))
    sheet.add("T07", "公务用车购置及运行费", "3、公务用车购置及运行费", pair(*car))
    sheet.add(
        "T07", "公务用车运行维护费", "其中：（1）公务用车运行维护费", pair("公务用车运行维护费")
    )
    sheet.add("T07", "公务用车购置费", "（2）公务用车购置费", pair("公务用车购置费"))


def sample_facts() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sample's facts (``juesuan facts`` columns) and its tables' rows and notes."""
    sheet = FactSheet()
    summary_tables(sheet)
    code_tables(sheet)
    basic_and_sangong_tables(sheet)
    tables = [{"table_id": t, "rows": rows} for t, rows in sheet.rows.items()]
    empty = {
        "T08": "政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出",
        "T09": "国有资本经营预算财政拨款收入，也没有使用国有资本经营预算财政拨款安排的支出",
    }
    for table_id, what in empty.items():
        tables.append(
            {"table_id": table_id, "rows": [], "notes": [EMPTY_NOTE.format(year=YEAR, what=what)]}
        )
    return sheet.facts, tables


def write_sample(path: Path) -> Path:
    """Write the sample disclosure as an XLSX workbook of the nine tables."""
    from juesuan.export.xlsx import disclosure_to_workbook

    facts, tables = sample_facts()
    document = {"unit_name": UNIT_NAME, "year": YEAR, "money_unit": MONEY_UNIT}
    disclosure_to_workbook(document, tables, facts, path)
    return path
