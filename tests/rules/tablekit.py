"""Tiny inline tables for rule tests, built directly from the model.

``consistent()`` is a small disclosure whose nine tables satisfy every within-table identity
exactly (typed by hand, sums checked by hand); ``with_value`` changes one cell of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from juesuan.model import Cell, CodeKind, Disclosure, Metadata, MoneyUnit, Row, Source, Table
from juesuan.model.money import parse_amount

PATH = "inline.txt"
_lines = itertools.count(1)

Values = dict[str, str | None]


def row(key: str, values: Values, section: str = "", label: str | None = None) -> Row:
    """An item row (合计, 总计, 本年收入合计 …): values are printed texts, None for a blank."""
    line = next(_lines)
    cells = tuple(
        Cell(
            column=column,
            value=parse_amount(raw or ""),
            raw=raw or "",
            source=Source(PATH, line=line),
        )
        for column, raw in values.items()
    )
    return Row(
        key=key, label=label or key, cells=cells, source=Source(PATH, line=line), section=section
    )


def code_row(
    code: str, values: Values, kind: CodeKind = CodeKind.FUNCTION, section: str = ""
) -> Row:
    """A row keyed by a function or economic code."""
    base = row(code, values, section=section, label=f"科目{code}")
    return replace(base, code=code, code_kind=kind)


def table(table_id: str, columns: Iterable[str], rows: Iterable[Row], label: str = "") -> Table:
    return Table(
        id=table_id,
        title="",
        columns=tuple(columns),
        rows=tuple(rows),
        source=Source(PATH, line=next(_lines)),
        label=label or f"公开{table_id[1:]}表",
        unit=MoneyUnit.WAN,
    )


def disclosure(*tables: Table) -> Disclosure:
    return Disclosure(
        path=PATH,
        format="celltext",
        sha256="0" * 64,
        meta=Metadata(unit_name="测试局", year=2023, money_unit=MoneyUnit.WAN),
        tables=tuple(tables),
    )


def cols(columns: tuple[str, ...], *raw: str | None) -> Values:
    return dict(zip(columns, raw, strict=True))


T02_COLUMNS = ("本年收入合计", "财政拨款收入", "事业收入")
T03_COLUMNS = ("本年支出合计", "基本支出", "项目支出")
T04_SPENDING = (
    "合计",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
)
T05_COLUMNS = ("合计", "基本支出", "项目支出")
T07_COLUMNS = ("预算数", "决算数")
T08_COLUMNS = (
    "年初结转和结余",
    "本年收入",
    "本年支出合计",
    "基本支出",
    "项目支出",
    "年末结转和结余",
)
AMOUNT = ("决算数",)


def t01() -> Table:
    income = "收入"
    spend = "支出"
    return table(
        "T01",
        AMOUNT,
        [
            row("一般公共预算财政拨款收入", cols(AMOUNT, "100.00"), income),
            row("政府性基金预算财政拨款收入", cols(AMOUNT, None), income),
            row("事业收入", cols(AMOUNT, "20.00"), income),
            row("本年收入合计", cols(AMOUNT, "120.00"), income),
            row("使用非财政拨款结余", cols(AMOUNT, None), income),
            row("年初结转和结余", cols(AMOUNT, "5.00"), income),
            row("总计", cols(AMOUNT, "125.00"), income),
            row("一般公共服务支出", cols(AMOUNT, "90.00"), spend),
            row("教育支出", cols(AMOUNT, "25.00"), spend),
            row("本年支出合计", cols(AMOUNT, "115.00"), spend),
            row("结余分配", cols(AMOUNT, None), spend),
            row("年末结转和结余", cols(AMOUNT, "10.00"), spend),
            row("总计", cols(AMOUNT, "125.00"), spend),
        ],
    )


def t02() -> Table:
    c = T02_COLUMNS
    return table(
        "T02",
        c,
        [
            row("合计", cols(c, "120.00", "100.00", "20.00")),
            code_row("201", cols(c, "90.00", "80.00", "10.00")),
            code_row("20101", cols(c, "90.00", "80.00", "10.00")),
            code_row("2010101", cols(c, "60.00", "50.00", "10.00")),
            code_row("2010102", cols(c, "30.00", "30.00", None)),
            code_row("205", cols(c, "30.00", "20.00", "10.00")),
            code_row("20502", cols(c, "30.00", "20.00", "10.00")),
        ],
    )


def t03() -> Table:
    c = T03_COLUMNS
    return table(
        "T03",
        c,
        [
            row("合计", cols(c, "115.00", "70.00", "45.00")),
            code_row("201", cols(c, "90.00", "60.00", "30.00")),
            code_row("20101", cols(c, "90.00", "60.00", "30.00")),
            code_row("2010101", cols(c, "60.00", "60.00", None)),
            code_row("2010102", cols(c, "30.00", None, "30.00")),
            code_row("205", cols(c, "25.00", "10.00", "15.00")),
            code_row("20502", cols(c, "25.00", "10.00", "15.00")),
        ],
    )


def t04() -> Table:
    income, spend, s = "收入", "支出", T04_SPENDING
    return table(
        "T04",
        ("决算数", *T04_SPENDING),
        [
            row("一般公共预算财政拨款", cols(AMOUNT, "100.00"), income),
            row("政府性基金预算财政拨款", cols(AMOUNT, None), income),
            row("国有资本经营预算财政拨款", cols(AMOUNT, None), income),
            row("本年收入合计", cols(AMOUNT, "100.00"), income),
            row("年初财政拨款结转和结余", cols(AMOUNT, "5.00"), income),
            row("年初财政拨款结转和结余/一般公共预算财政拨款", cols(AMOUNT, "5.00"), income),
            row("年初财政拨款结转和结余/政府性基金预算财政拨款", cols(AMOUNT, None), income),
            row("年初财政拨款结转和结余/国有资本经营预算财政拨款", cols(AMOUNT, None), income),
            row("总计", cols(AMOUNT, "105.00"), income),
            row("一般公共服务支出", cols(s, "80.00", "80.00", None, None), spend),
            row("教育支出", cols(s, "15.00", "15.00", None, None), spend),
            row("本年支出合计", cols(s, "95.00", "95.00", None, None), spend),
            row("年末财政拨款结转和结余", cols(s, "10.00", "10.00", None, None), spend),
            row("总计", cols(s, "105.00", "105.00", None, None), spend),
        ],
    )


def t05() -> Table:
    c = T05_COLUMNS
    return table(
        "T05",
        c,
        [
            row("合计", cols(c, "95.00", "60.00", "35.00")),
            code_row("201", cols(c, "80.00", "50.00", "30.00")),
            code_row("20101", cols(c, "80.00", "50.00", "30.00")),
            code_row("2010101", cols(c, "50.00", "50.00", None)),
            code_row("2010102", cols(c, "30.00", None, "30.00")),
            code_row("205", cols(c, "15.00", "10.00", "5.00")),
            code_row("20502", cols(c, "15.00", "10.00", "5.00")),
        ],
    )


def t06() -> Table:
    e = CodeKind.ECONOMIC
    return table(
        "T06",
        AMOUNT,
        [
            code_row("301", cols(AMOUNT, "40.00"), e),
            code_row("30101", cols(AMOUNT, "30.00"), e),
            code_row("30102", cols(AMOUNT, "10.00"), e),
            code_row("302", cols(AMOUNT, "15.00"), e),
            code_row("30201", cols(AMOUNT, "15.00"), e),
            code_row("303", cols(AMOUNT, "5.00"), e),
            code_row("30302", cols(AMOUNT, "5.00"), e),
            code_row("310", cols(AMOUNT, None), e),
            row("人员经费合计", cols(AMOUNT, "45.00")),
            row("公用经费合计", cols(AMOUNT, "15.00")),
        ],
    )


def t07() -> Table:
    c = T07_COLUMNS
    return table(
        "T07",
        c,
        [
            row("合计", cols(c, "3.00", "2.50")),
            row("因公出国（境）费", cols(c, None, None)),
            row("公务接待费", cols(c, "1.00", "0.50")),
            row("公务用车购置及运行费", cols(c, "2.00", "2.00")),
            row("公务用车购置费", cols(c, None, None)),
            row("公务用车运行维护费", cols(c, "2.00", "2.00")),
        ],
    )


def fund_table(table_id: str, class_code: str) -> Table:
    c = T08_COLUMNS
    values = cols(c, "1.00", "10.00", "8.00", "3.00", "5.00", "3.00")
    return table(
        table_id,
        c,
        [
            row("合计", values),
            code_row(class_code, values),
            code_row(f"{class_code}08", values),
            code_row(f"{class_code}0801", values),
        ],
    )


def consistent() -> Disclosure:
    """All nine tables, every within-table identity exact."""
    return disclosure(
        t01(),
        t02(),
        t03(),
        t04(),
        t05(),
        t06(),
        t07(),
        fund_table("T08", "212"),
        fund_table("T09", "223"),
    )


def with_value(
    source: Disclosure, table_id: str, key: str, column: str, raw: str | None, section: str = ""
) -> Disclosure:
    """A copy of ``source`` with one cell's printed text replaced (None: made blank)."""
    tables = []
    for t in source.tables:
        if t.id == table_id:
            rows = tuple(
                replace(r, cells=tuple(set_cell(c, column, raw) for c in r.cells))
                if r.key == key and r.section == section
                else r
                for r in t.rows
            )
            t = replace(t, rows=rows)
        tables.append(t)
    return replace(source, tables=tuple(tables))


def set_cell(cell: Cell, column: str, raw: str | None) -> Cell:
    if cell.column != column:
        return cell
    return replace(cell, raw=raw or "", value=parse_amount(raw or ""))


def without_table(source: Disclosure, table_id: str) -> Disclosure:
    return replace(source, tables=tuple(t for t in source.tables if t.id != table_id))


def value(raw: str) -> Decimal:
    return Decimal(raw)


# --------------------------------------------------------------------------- a budget (预算)

B_AMOUNT = ("预算数",)
B02_COLUMNS = ("合计", "财政拨款收入", "一般公共预算拨款", "政府性基金", "事业收入")
B04_SPENDING = ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")
B06_COLUMNS = ("合计", "人员经费", "公用经费")


def b01() -> Table:
    """收支预算总表: 财政拨款收入 with its funds below it; on the 支出 side classes and uses,
    in 合计, 基本支出 and 项目支出 columns (Shanghai's unit budgets print them so)."""
    income, spend, a, s = "收入", "支出", B_AMOUNT, T05_COLUMNS
    return table(
        "B01",
        (*a, *s),
        [
            row("财政拨款收入", cols(a, "150.00"), income),
            row("一般公共预算资金", cols(a, "140.00"), income, label="1.一般公共预算资金"),
            row("政府性基金", cols(a, "10.00"), income, label="2.政府性基金"),
            row("国有资本经营预算", cols(a, None), income, label="3.国有资本经营预算"),
            row("事业收入", cols(a, "10.00"), income),
            row("其他收入", cols(a, None), income),
            row("本年收入合计", cols(a, "160.00"), income),
            row("上年结转", cols(a, "5.00"), income),
            row("总计", cols(a, "165.00"), income),
            row("一般公共服务支出", cols(s, "110.00", "70.00", "40.00"), spend),
            row("城乡社区支出", cols(s, "10.00", None, "10.00"), spend),
            row("住房保障支出", cols(s, "40.00", "30.00", "10.00"), spend),
            row("基本支出", cols(s, "100.00", "100.00", None), spend),
            row("项目支出", cols(s, "60.00", None, "60.00"), spend),
            row("本年支出合计", cols(s, "160.00", "100.00", "60.00"), spend),
            row("结转下年", cols(s, "5.00", "5.00", None), spend),
            row("总计", cols(s, "165.00", "105.00", "60.00"), spend),
        ],
    )


def b02() -> Table:
    c = B02_COLUMNS
    return table(
        "B02",
        c,
        [
            row("合计", cols(c, "160.00", "150.00", "140.00", "10.00", "10.00")),
            code_row("201", cols(c, "110.00", "100.00", "100.00", None, "10.00")),
            code_row("20101", cols(c, "110.00", "100.00", "100.00", None, "10.00")),
            code_row("2010101", cols(c, "80.00", "70.00", "70.00", None, "10.00")),
            code_row("2010102", cols(c, "30.00", "30.00", "30.00", None, None)),
            code_row("212", cols(c, "10.00", "10.00", None, "10.00", None)),
            code_row("21208", cols(c, "10.00", "10.00", None, "10.00", None)),
            code_row("221", cols(c, "40.00", "40.00", "40.00", None, None)),
            code_row("22102", cols(c, "40.00", "40.00", "40.00", None, None)),
        ],
    )


def b03() -> Table:
    c = T05_COLUMNS
    return table(
        "B03",
        c,
        [
            row("合计", cols(c, "160.00", "100.00", "60.00")),
            code_row("201", cols(c, "110.00", "70.00", "40.00")),
            code_row("20101", cols(c, "110.00", "70.00", "40.00")),
            code_row("2010101", cols(c, "80.00", "70.00", "10.00")),
            code_row("2010102", cols(c, "30.00", None, "30.00")),
            code_row("212", cols(c, "10.00", None, "10.00")),
            code_row("21208", cols(c, "10.00", None, "10.00")),
            code_row("221", cols(c, "40.00", "30.00", "10.00")),
            code_row("22102", cols(c, "40.00", "30.00", "10.00")),
        ],
    )


def b04() -> Table:
    income, spend, s, a = "收入", "支出", B04_SPENDING, B_AMOUNT
    return table(
        "B04",
        (*a, *s),
        [
            row("一般公共预算", cols(a, "140.00"), income),
            row("政府性基金", cols(a, "10.00"), income),
            row("国有资本经营预算", cols(a, None), income),
            row("本年收入合计", cols(a, "150.00"), income),
            row("上年结转", cols(a, "5.00"), income),
            row("总计", cols(a, "155.00"), income),
            row("一般公共服务支出", cols(s, "100.00", "100.00", None, None), spend),
            row("城乡社区支出", cols(s, "10.00", None, "10.00", None), spend),
            row("住房保障支出", cols(s, "40.00", "40.00", None, None), spend),
            row("本年支出合计", cols(s, "150.00", "140.00", "10.00", None), spend),
            row("结转下年", cols(s, "5.00", "5.00", None, None), spend),
            row("总计", cols(s, "155.00", "145.00", "10.00", None), spend),
        ],
    )


def b05() -> Table:
    c = T05_COLUMNS
    return table(
        "B05",
        c,
        [
            row("合计", cols(c, "140.00", "100.00", "40.00")),
            code_row("201", cols(c, "100.00", "70.00", "30.00")),
            code_row("20101", cols(c, "100.00", "70.00", "30.00")),
            code_row("2010101", cols(c, "70.00", "70.00", None)),
            code_row("2010102", cols(c, "30.00", None, "30.00")),
            code_row("221", cols(c, "40.00", "30.00", "10.00")),
            code_row("22102", cols(c, "40.00", "30.00", "10.00")),
        ],
    )


def b06() -> Table:
    c, e = B06_COLUMNS, CodeKind.ECONOMIC
    return table(
        "B06",
        c,
        [
            row("合计", cols(c, "100.00", "80.00", "20.00")),
            code_row("301", cols(c, "75.00", "75.00", None), e),
            code_row("30101", cols(c, "50.00", "50.00", None), e),
            code_row("30102", cols(c, "25.00", "25.00", None), e),
            code_row("302", cols(c, "20.00", None, "20.00"), e),
            code_row("30201", cols(c, "10.00", None, "10.00"), e),
            named(code_row("30212", cols(c, "1.00", None, "1.00"), e), "因公出国（境）费用"),
            named(code_row("30215", cols(c, "2.00", None, "2.00"), e), "会议费"),
            named(code_row("30216", cols(c, "3.00", None, "3.00"), e), "培训费"),
            named(code_row("30217", cols(c, "1.50", None, "1.50"), e), "公务接待费"),
            named(code_row("30231", cols(c, "2.50", None, "2.50"), e), "公务用车运行维护费"),
            code_row("303", cols(c, "5.00", "5.00", None), e),
            code_row("30302", cols(c, "5.00", "5.00", None), e),
        ],
    )


def named(source: Row, label: str) -> Row:
    return replace(source, label=label)


def b07(meetings: bool = False) -> Table:
    """三公 in 预算数; with ``meetings`` the Jiangsu variant whose 合计 adds 会议费 and 培训费."""
    a = B_AMOUNT
    rows = [
        row("合计", cols(a, "11.00" if meetings else "6.00")),
        row("因公出国（境）费", cols(a, "1.00")),
        row("公务接待费", cols(a, "2.00")),
        row("公务用车购置及运行费", cols(a, "3.00")),
        row("公务用车购置费", cols(a, None)),
        row("公务用车运行维护费", cols(a, "3.00")),
    ]
    if meetings:
        rows += [row("会议费", cols(a, "2.00")), row("培训费", cols(a, "3.00"))]
    return table("B07", a, rows)


def budget_fund_table(table_id: str, class_code: str, filled: bool = True) -> Table:
    """B08/B09: one class of fund spending (10.00 of 项目支出), or a table declared empty."""
    c = T05_COLUMNS
    if not filled:
        empty = table(table_id, c, [row("合计", cols(c, None, None, None))])
        return replace(empty, declared_empty=True, empty_statement="本表无数据")
    values = cols(c, "10.00", None, "10.00")
    return table(
        table_id,
        c,
        [
            row("合计", values),
            code_row(class_code, values),
            code_row(f"{class_code}08", values),
            code_row(f"{class_code}0801", values),
        ],
    )


def budget_consistent(meetings: bool = False) -> Disclosure:
    """A budget (kind 预算) whose nine tables satisfy every within- and cross-table identity
    exactly: 160.00 of this year's money (财政拨款 150.00 = 一般公共预算 140.00 + 政府性基金 10.00,
    事业收入 10.00) plus 5.00 carried over; spent on 201 110.00, 212 10.00, 221 40.00 (基本支出
    100.00, 项目支出 60.00). B09 is declared empty (no 国有资本经营预算 money)."""
    source = disclosure(
        b01(),
        b02(),
        b03(),
        b04(),
        b05(),
        b06(),
        b07(meetings),
        budget_fund_table("B08", "212"),
        budget_fund_table("B09", "223", filled=False),
    )
    return replace(source, meta=replace(source.meta, kind="预算"))


def with_filled_b09(source: Disclosure) -> Disclosure:
    """A copy whose B09 holds numbers (for B09's within-table rules)."""
    tables = tuple(budget_fund_table("B09", "223") if t.id == "B09" else t for t in source.tables)
    return replace(source, tables=tables)
