"""The budget rules on two real budgets, their tables typed from the rendered pages: no error on
documents that have none, and the checks that should run do run.

- 上海市普陀区财政局 2025年部门预算 (`budget/putuo_caizhengju_dept_2025_budget.pdf`, pages 9–21):
  nine tables in 元, the 三公 table in 万元; no 本年收入合计 line; B08/B09 declared empty.
- 中共江苏省委办公厅 2019年度部门预算公开表格 (`budget/jiangsu/…2019年度部门预算公开表格.pdf`, pages
  1–9): in 万元; 支出 by function class and by use side by side; 支出预算总表 with only its 合计
  line; 一般公共预算 tables with one 金额 column; 三公 with 会议费 and 培训费 in its 合计.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from tablekit import code_row, cols, row, table

from juesuan.model import CodeKind, Disclosure, Metadata, MoneyUnit, Severity, Table
from juesuan.report.model import Status
from juesuan.rules.budget import printed_precision
from juesuan.rules.engine import run_rules
from juesuan.rules.registry import Defect

IN, OUT = "收入", "支出"
A = ("预算数",)
E = CodeKind.ECONOMIC


def budget(unit_name: str, year: int, unit: MoneyUnit, *tables: Table) -> Disclosure:
    return Disclosure(
        path="typed.pdf",
        format="pdf",
        sha256="b" * 64,
        meta=Metadata(unit_name=unit_name, year=year, money_unit=unit, kind="预算"),
        tables=tables,
    )


def coded(
    table_id: str,
    columns: tuple[str, ...],
    lines: Sequence[tuple[str, ...]],
    unit: MoneyUnit,
    kind: CodeKind = CodeKind.FUNCTION,
) -> Table:
    """A code table from (code or 合计, amounts…) lines; '' is a blank cell."""
    rows = [
        row("合计", cols(columns, *(v or None for v in values)))
        if key == "合计"
        else code_row(key, cols(columns, *(v or None for v in values)), kind)
        for key, *values in lines
    ]
    return replace(table(table_id, columns, rows), unit=unit)


def two_sided(table_id: str, lines: list[tuple[str, str, str]], unit: MoneyUnit) -> Table:
    """A one-column 总表 from (section, key, amount) lines."""
    rows = [row(key, cols(A, value or None), section) for section, key, value in lines]
    return replace(table(table_id, A, rows), unit=unit)


# --------------------------------------------------------------------------- 上海 普陀区财政局 2025

YUAN, WAN = MoneyUnit.YUAN, MoneyUnit.WAN
SH_CLASSES = [
    ("一般公共服务支出", "22,186,440.80"),
    ("社会保障和就业支出", "3,508,644.00"),
    ("卫生健康支出", "782,164.00"),
    ("住房保障支出", "4,736,957.00"),
]
SH_TOTAL = "31,214,205.80"

SH_B01 = two_sided(
    "B01",
    [
        (IN, "财政拨款收入", SH_TOTAL),
        (IN, "一般公共预算资金", SH_TOTAL),
        (IN, "政府性基金", ""),
        (IN, "国有资本经营预算", ""),
        (IN, "事业收入", ""),
        (IN, "事业单位经营收入", ""),
        (IN, "其他收入", ""),
        (IN, "总计", SH_TOTAL),
        *((OUT, name, value) for name, value in SH_CLASSES),
        (OUT, "总计", SH_TOTAL),
    ],
    YUAN,
)
SH_FUNCTIONS: list[tuple[str, str, str]] = [
    # code, 合计, 基本支出 (项目支出 = 合计 − 基本支出 where printed, typed below)
    ("201", "22,186,440.80", "16,093,326.00"),
    ("20106", "22,186,440.80", "16,093,326.00"),
    ("2010601", "16,231,840.80", "16,093,326.00"),
    ("2010602", "100,000.00", ""),
    ("2010607", "1,666,600.00", ""),
    ("2010608", "4,188,000.00", ""),
    ("208", "3,508,644.00", "3,508,644.00"),
    ("20805", "3,508,644.00", "3,508,644.00"),
    ("2080501", "877,080.00", "877,080.00"),
    ("2080505", "1,748,327.00", "1,748,327.00"),
    ("2080506", "873,617.00", "873,617.00"),
    ("2080599", "9,620.00", "9,620.00"),
    ("210", "782,164.00", "782,164.00"),
    ("21011", "782,164.00", "782,164.00"),
    ("2101101", "782,164.00", "782,164.00"),
    ("221", "4,736,957.00", "4,736,957.00"),
    ("22102", "4,736,957.00", "4,736,957.00"),
    ("2210201", "2,049,197.00", "2,049,197.00"),
    ("2210203", "2,687,760.00", "2,687,760.00"),
]
SH_PROJECTS = {
    "201": "6,093,114.80",
    "20106": "6,093,114.80",
    "2010601": "138,514.80",
    "2010602": "100,000.00",
    "2010607": "1,666,600.00",
    "2010608": "4,188,000.00",
}
SPENDING = ("合计", "基本支出", "项目支出")
SH_SPENDING_LINES = [
    (code, total, basic, SH_PROJECTS.get(code, "")) for code, total, basic in SH_FUNCTIONS
] + [("合计", SH_TOTAL, "25,121,091.00", "6,093,114.80")]
SH_B02 = coded(
    "B02",
    ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
    [(code, total, total, "", "", "") for code, total, _ in SH_FUNCTIONS]
    + [("合计", SH_TOTAL, SH_TOTAL, "", "", "")],
    YUAN,
)
SH_B03 = coded("B03", SPENDING, SH_SPENDING_LINES, YUAN)
SH_B05 = coded("B05", SPENDING, SH_SPENDING_LINES, YUAN)
SH_B04 = replace(
    table(
        "B04",
        ("预算数", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"),
        [
            row("一般公共预算资金", cols(A, SH_TOTAL), IN),
            row("政府性基金", cols(A, None), IN),
            row("国有资本经营预算", cols(A, None), IN),
            row("总计", cols(A, SH_TOTAL), IN),
            *(
                row(name, cols(("合计", "一般公共预算"), value, value), OUT)
                for name, value in SH_CLASSES
            ),
            row("总计", cols(("合计", "一般公共预算"), SH_TOTAL, SH_TOTAL), OUT),
        ],
    ),
    unit=YUAN,
)
SH_ECONOMIC = [
    ("301", "22,109,516.00", "22,109,516.00", "0.00"),
    ("30101", "2,642,448.00", "2,642,448.00", "0.00"),
    ("30102", "13,012,070.00", "13,012,070.00", "0.00"),
    ("30108", "1,748,327.00", "1,748,327.00", "0.00"),
    ("30109", "873,617.00", "873,617.00", "0.00"),
    ("30110", "782,164.00", "782,164.00", "0.00"),
    ("30112", "28,428.00", "28,428.00", "0.00"),
    ("30113", "2,049,197.00", "2,049,197.00", "0.00"),
    ("30199", "973,265.00", "973,265.00", "0.00"),
    ("302", "2,204,335.00", "0.00", "2,204,335.00"),
    ("30201", "170,000.00", "0.00", "170,000.00"),
    ("30202", "120,000.00", "0.00", "120,000.00"),
    ("30204", "1,000.00", "0.00", "1,000.00"),
    ("30207", "50,000.00", "0.00", "50,000.00"),
    ("30211", "20,000.00", "0.00", "20,000.00"),
    ("30213", "50,000.00", "0.00", "50,000.00"),
    ("30215", "10,000.00", "0.00", "10,000.00"),
    ("30216", "30,000.00", "0.00", "30,000.00"),
    ("30217", "9,500.00", "0.00", "9,500.00"),
    ("30226", "30,000.00", "0.00", "30,000.00"),
    ("30227", "100,000.00", "0.00", "100,000.00"),
    ("30228", "258,915.00", "0.00", "258,915.00"),
    ("30229", "436,320.00", "0.00", "436,320.00"),
    ("30239", "506,480.00", "0.00", "506,480.00"),
    ("30299", "412,120.00", "0.00", "412,120.00"),
    ("303", "717,240.00", "717,240.00", "0.00"),
    ("30302", "717,240.00", "717,240.00", "0.00"),
    ("310", "90,000.00", "0.00", "90,000.00"),
    ("31002", "90,000.00", "0.00", "90,000.00"),
    ("合计", "25,121,091.00", "22,826,756.00", "2,294,335.00"),
]
SH_B06 = coded("B06", ("合计", "人员经费", "公用经费"), SH_ECONOMIC, YUAN, E)
SH_B07 = replace(
    table(
        "B07",
        A,
        [
            row("合计", cols(A, "0.95")),
            row("因公出国（境）费", cols(A, None)),
            row("公务接待费", cols(A, "0.95")),
            row("公务用车购置及运行费", cols(A, None)),
            row("公务用车购置费", cols(A, None)),
            row("公务用车运行维护费", cols(A, None)),
        ],
    ),
    unit=WAN,
)


def empty_fund_table(table_id: str, unit: MoneyUnit) -> Table:
    t = coded(table_id, SPENDING, [("合计", "", "", "")], unit)
    return replace(
        t,
        declared_empty=True,
        empty_statement="本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。",
    )


SHANGHAI = budget(
    "上海市普陀区财政局",
    2025,
    YUAN,
    SH_B01,
    SH_B02,
    SH_B03,
    SH_B04,
    SH_B05,
    SH_B06,
    SH_B07,
    empty_fund_table("B08", YUAN),
    empty_fund_table("B09", YUAN),
)


# --------------------------------------------------------------------------- 江苏 省委办公厅 2019

JS_TOTAL = "27,664.22"
JS_B01 = two_sided(
    "B01",
    [
        (IN, "财政拨款", JS_TOTAL),
        (IN, "一般公共预算", JS_TOTAL),
        (IN, "政府性基金预算", ""),
        (IN, "财政专户管理资金", ""),
        (IN, "其他资金", ""),
        (IN, "本年收入合计", JS_TOTAL),
        (IN, "上年结转资金", ""),
        (IN, "总计", JS_TOTAL),
        (OUT, "一般公共服务支出", "22,395.50"),
        (OUT, "外交支出", ""),
        (OUT, "社会保障和就业支出", "1,374.63"),
        (OUT, "住房保障支出", "3,894.09"),
        (OUT, "其他支出", ""),
        (OUT, "基本支出", "11,700.63"),
        (OUT, "项目支出", "13,025.38"),
        (OUT, "单位预留机动经费", "2,938.21"),
        (OUT, "本年支出合计", JS_TOTAL),
        (OUT, "结转下年资金", ""),
        (OUT, "总计", JS_TOTAL),
    ],
    WAN,
)
#: Its 收入预算总表 lists sources of money, not function codes: 收入总计 and the one line printed.
JS_B02 = replace(
    table(
        "B02",
        ("合计",),
        [
            row("合计", cols(("合计",), JS_TOTAL), label="收入总计"),
            row("公共财政拨款(补助)资金", cols(("合计",), JS_TOTAL)),
        ],
    ),
    unit=WAN,
)
JS_B03 = coded(
    "B03",
    ("合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"),
    [("合计", JS_TOTAL, "11,700.63", "13,025.38", "2,938.21", "")],
    WAN,
)
JS_B04 = two_sided(
    "B04",
    [
        (IN, "一般公共预算", JS_TOTAL),
        (IN, "政府性基金预算", ""),
        (IN, "总计", JS_TOTAL),
        (OUT, "基本支出", "11,700.63"),
        (OUT, "项目支出", "13,025.38"),
        (OUT, "单位预留机动经费", "2,938.21"),
        (OUT, "总计", JS_TOTAL),
    ],
    WAN,
)
JS_B05 = coded(
    "B05",
    ("合计",),
    [
        ("合计", JS_TOTAL),
        ("201", "22,395.50"),
        ("20131", "22,395.50"),
        ("2013101", "9,370.12"),
        ("2013102", "13,025.38"),
        ("208", "1,374.63"),
        ("20805", "1,374.63"),
        ("2080504", "275.54"),
        ("2080505", "785.06"),
        ("2080506", "314.03"),
        ("221", "3,894.09"),
        ("22102", "3,894.09"),
        ("2210201", "965.87"),
        ("2210202", "2,928.22"),
    ],
    WAN,
)
JS_B06 = coded(
    "B06",
    ("合计",),
    [
        ("合计", "11,700.63"),
        ("301", "8,300.32"),
        ("30101", "1,581.26"),
        ("30102", "4,292.67"),
        ("30103", "124.14"),
        ("30107", "163.26"),
        ("30108", "785.06"),
        ("30109", "314.03"),
        ("30112", "1.31"),
        ("30113", "965.87"),
        ("30114", "65.28"),
        ("30199", "7.44"),
        ("302", "2,232.91"),
        ("30201", "450.00"),
        ("30205", "50.00"),
        ("30206", "100.00"),
        ("30207", "150.00"),
        ("30211", "350.00"),
        ("30213", "130.00"),
        ("30215", "50.00"),
        ("30216", "25.00"),
        ("30217", "27.00"),
        ("30218", "50.00"),
        ("30228", "60.00"),
        ("30229", "20.00"),
        ("30231", "411.20"),
        ("30239", "309.71"),
        ("30299", "50.00"),
        ("303", "1,167.40"),
        ("30301", "301.05"),
        ("30302", "864.75"),
        ("30309", "1.60"),
    ],
    WAN,
    E,
)
JS_B07 = two_sided(
    "B07",
    [
        ("", "合计", "1,471.70"),
        ("", "因公出国（境）费", "70.00"),
        ("", "公务用车购置及运行费", "411.20"),
        ("", "公务用车购置费", ""),
        ("", "公务用车运行维护费", "411.20"),
        ("", "公务接待费", "27.00"),
        ("", "会议费", "933.50"),
        ("", "培训费", "30.00"),
    ],
    WAN,
)
#: 财政拨款政府性基金支出预算表 (page 10): only its 合计 line, "注：本部门无相关收支项目".
JS_B08 = replace(
    coded("B08", ("合计",), [("合计", "")], WAN),
    declared_empty=True,
    empty_statement="注：本部门无相关收支项目",
)
JIANGSU = budget(
    "中共江苏省委办公厅", 2019, WAN, JS_B01, JS_B02, JS_B03, JS_B04, JS_B05, JS_B06, JS_B07, JS_B08
)


# --------------------------------------------------------------------------- the checks


def statuses(source: Disclosure) -> tuple[dict[str, Status], list]:
    report = run_rules(source, select=frozenset({"budget"}))
    return {o.rule: o.status for o in report.checked}, list(report.findings)


def test_shanghai_budget_has_no_error_and_its_identities_run() -> None:
    ran, findings = statuses(SHANGHAI)
    assert [f for f in findings if f.severity is Severity.ERROR] == [], [
        f.message for f in findings
    ]
    assert findings == []
    passed = {code for code, status in ran.items() if status is Status.PASS}
    assert {
        "b01.income_total",
        "b01.expense_total",
        "b01.appropriation",
        "b01.grand_totals_equal",
        "b02.row_total",
        "b02.classes_total",
        "b02.hierarchy",
        "b03.row_total",
        "b03.classes_total",
        "b03.hierarchy",
        "b04.row_total",
        "b04.expense_total",
        "b05.hierarchy",
        "b06.row_total",
        "b06.classes_total",
        "b06.hierarchy",
        "b07.total",
        "budget.cross.b01_b02.total",
        "budget.cross.b01_b02.income",
        "budget.cross.b01_b03.class",
        "budget.cross.b01_b04.fund",
        "budget.cross.b04_b05.total",
        "budget.cross.b04_b05.class",
        "budget.cross.b04_b08.total",
        "budget.cross.b04_b09.total",
        "budget.cross.b05_b03.ceiling",
        "budget.cross.b05_b06.basic",
        "budget.cross.b06_b07.sangong",
        "budget.document.tables_present",
    } <= passed
    # B06 in 元 against B07 in 万元 runs (30217 9,500.00 元 against 公务接待费 0.95 万元);
    # the others refuse to compare B07 with tables in 元.
    assert ran["budget.document.money_unit"] is Status.PASS


def test_jiangsu_budget_has_no_error_and_its_identities_run() -> None:
    ran, findings = statuses(JIANGSU)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert errors == [], [f.message for f in errors]
    passed = {code for code, status in ran.items() if status is Status.PASS}
    assert {
        "b01.income_total",
        "b01.expense_total",
        "b01.appropriation",
        "b01.income_grand_total",
        "b01.expense_grand_total",
        "b03.row_total",
        "b04.expense_total",
        "b04.grand_totals_equal",
        "b05.classes_total",
        "b05.hierarchy",
        "b06.classes_total",
        "b06.hierarchy",
        "b07.total",
        "b07.vehicles",
        "budget.cross.b01_b03.total",
        "budget.cross.b01_b03.use",
        "budget.cross.b01_b04.fund",
        "budget.cross.b04_b01.ceiling",
        "budget.cross.b05_b03.ceiling",
        "budget.cross.b06_b07.sangong",
    } <= passed
    # Its 支出预算总表 lists no class, so classes are not paired with it; 一般公共预算 tables
    # print one 金额 column, so B05 基本支出 = B06 合计 cannot be checked.
    assert ran["budget.cross.b01_b03.class"] is Status.NOT_APPLICABLE
    assert ran["budget.cross.b05_b06.basic"] is Status.INSUFFICIENT_DATA
    assert ran["budget.cross.b01_b02.total"] is Status.PASS
    # Its template has no 国有资本经营预算 table: a warning, not an error.
    missing = {
        (f.table, f.severity) for f in findings if f.rule == "budget.document.tables_present"
    }
    assert missing == {("B09", Severity.WARNING)}


def test_a_seeded_error_in_the_real_table_is_found() -> None:
    # 301 工资福利支出 printed 1.00 万元 too high: its 款 no longer add up, nor the 合计 row.
    rows = tuple(
        replace(r, cells=tuple(replace(c, value=c.value + 1) for c in r.cells))
        if r.key == "301"
        else r
        for r in JS_B06.rows
    )
    seeded = replace(
        JIANGSU, tables=tuple(replace(t, rows=rows) if t.id == "B06" else t for t in JIANGSU.tables)
    )
    _, findings = statuses(seeded)
    assert {f.rule for f in findings if f.severity is Severity.ERROR} == {
        "b06.classes_total",
        "b06.hierarchy",
    }


def test_a_summary_table_with_spending_columns_adds_up_by_row_and_column() -> None:
    # 上海市普陀区社会福利院 2024年预算单位财务收支预算总表 (budget/putuo_shehuifuliyuan_unit_2024_budget.pdf,
    # page 5): the 支出 side in 合计, 基本支出 (人员经费, 公用经费) and 项目支出; amounts in 元 without decimals.
    s = ("合计", "人员经费", "公用经费", "项目支出")
    b01 = replace(
        table(
            "B01",
            ("预算数", *s),
            [
                row("财政拨款收入", cols(A, "9,501,164"), IN),
                row("一般公共预算资金", cols(A, "9,501,164"), IN),
                row("政府性基金", cols(A, None), IN),
                row("国有资本经营预算", cols(A, None), IN),
                row("事业收入", cols(A, "2,620,000"), IN),
                row("事业单位经营收入", cols(A, None), IN),
                row("其他收入", cols(A, None), IN),
                row("总计", cols(A, "12,121,164"), IN),
                row("一般公共服务支出", cols(s, None, None, None, None), OUT),
                row(
                    "社会保障和就业支出",
                    cols(s, "11,281,624", "6,540,674", "2,120,950", "2,620,000"),
                    OUT,
                ),
                row("医疗卫生与计划生育支出", cols(s, "503,724", "503,724", None, None), OUT),
                row("住房保障支出", cols(s, "335,816", "335,816", None, None), OUT),
                row("总计", cols(s, "12,121,164", "7,380,214", "2,120,950", "2,620,000"), OUT),
            ],
        ),
        unit=YUAN,
    )
    ran, findings = statuses(budget("上海市普陀区社会福利院", 2024, YUAN, b01))
    assert [f for f in findings if f.rule.startswith("b01")] == []
    for code in (
        "b01.row_total",
        "b01.income_total",
        "b01.expense_total",
        "b01.grand_totals_equal",
    ):
        assert ran[code] is Status.PASS, code
    # 人员经费 of 社会保障和就业支出 printed 1 元 too high: its row no longer adds up.
    seeded = with_value_in(b01, "社会保障和就业支出", "人员经费", "6,540,675")
    _, findings = statuses(budget("上海市普陀区社会福利院", 2024, YUAN, seeded))
    assert {(f.rule, f.row_key) for f in findings if f.rule.startswith("b01")} == {
        ("b01.row_total", "社会保障和就业支出"),
        ("b01.expense_total", "总计"),
    }


def with_value_in(t: Table, key: str, column: str, raw: str) -> Table:
    from tablekit import with_value

    return with_value(budget("x", 2024, YUAN, t), "B01", key, column, raw, OUT).tables[0]


# --------------------------------------------------------------------------- regressions (Putuo layouts)


def test_a_heading_over_the_funds_is_not_an_income_line() -> None:
    # 普陀区财政局 2025 财政拨款收支预算总表 (page 14): "财政拨款收入" heads the 收入 side and prints
    # nothing; the funds below it are the items. 支出 side's 合计 column is read as 预算数.
    s = ("预算数", "一般公共预算", "政府性基金预算", "国有资本经营预算")
    b04 = replace(
        table(
            "B04",
            s,
            [
                row("财政拨款收入", {}, IN),
                row("一般公共预算资金", cols(A, SH_TOTAL), IN),
                row("政府性基金", cols(A, None), IN),
                row("国有资本经营预算", cols(A, None), IN),
                row("总计", cols(A, SH_TOTAL), IN),
                row("财政拨款支出", {}, OUT),
                *(row(n, cols(s, v, v, None, None), OUT) for n, v in SH_CLASSES),
                row("总计", cols(s, SH_TOTAL, SH_TOTAL, None, None), OUT),
            ],
        ),
        unit=YUAN,
    )
    ran, findings = statuses(budget("上海市普陀区财政局", 2025, YUAN, b04))
    assert [f for f in findings if f.rule.startswith("b04")] == []
    assert ran["b04.income_total"] is Status.PASS and ran["b04.row_total"] is Status.PASS


def test_blank_heading_rows_of_a_use_group_are_not_parts() -> None:
    # 普陀区商务委 2025 单位预算 (财务收支预算总表): the column headings 基本支出 and 项目支出 are read as
    # rows without amounts; they are no use-of-money lines printing 0.00.
    b01 = two_sided(
        "B01",
        [
            (OUT, "基本支出", ""),
            (OUT, "项目支出", ""),
            (OUT, "一般公共服务支出", "21,601,733.00"),
            (OUT, "科学技术支出", "17,200,000.00"),
            (OUT, "总计", "38,801,733.00"),
        ],
        YUAN,
    )
    b03 = coded(
        "B03", SPENDING, [("合计", "38,801,733.00", "20,000,000.00", "18,801,733.00")], YUAN
    )
    ran, findings = statuses(budget("上海市普陀区商务委员会", 2025, YUAN, b01, b03))
    assert [f for f in findings if f.rule.startswith(("b01", "budget.cross"))] == []
    assert ran["b01.expense_total"] is Status.PASS
    assert ran["budget.cross.b01_b03.use"] is Status.NOT_APPLICABLE


def test_an_economic_code_named_otherwise_is_no_sangong_line() -> None:
    # 普陀区社会福利院 2024 (部门预算经济分类): 30212 is 机关事业单位退休人员活动费, 7,020 元, while the
    # unit plans no 因公出国 money at all.
    b06 = coded(
        "B06", ("合计",), [("302", "7,020"), ("30212", "7,020"), ("合计", "7,020")], YUAN, E
    )
    b06 = replace(
        b06,
        rows=tuple(
            replace(r, label="机关事业单位退休人员活动费") if r.key == "30212" else r
            for r in b06.rows
        ),
    )
    b07 = replace(
        table("B07", A, [row("合计", cols(A, None)), row("因公出国（境）费", cols(A, None))]),
        unit=WAN,
    )
    _, findings = statuses(budget("上海市普陀区社会福利院", 2024, YUAN, b06, b07))
    assert [f for f in findings if f.rule == "budget.cross.b06_b07.sangong"] == []


def test_a_table_printed_in_whole_yuan_has_the_envelope_of_whole_yuan() -> None:
    # 万里街道 2025 收入预算总表 (page 8): 212 城乡社区支出 154,369,326 against its 款 94,995,790 +
    # 2,191,300 + 4,833,300 + 52,348,937 = 154,369,327: amounts rounded to the 元, four parts,
    # tolerance (4+1) × 0.5 = 2.5 元: a 尾差 (info), not an error.
    lines = [
        ("212", "154,369,326"),
        ("21201", "94,995,790"),
        ("21203", "2,191,300"),
        ("21205", "4,833,300"),
        ("21299", "52,348,937"),
    ]
    b02 = coded("B02", ("合计",), lines, YUAN)
    _, findings = statuses(budget("上海市普陀区人民政府万里街道办事处", 2025, YUAN, b02))
    (finding,) = [f for f in findings if f.rule == "b02.hierarchy"]
    assert finding.severity is Severity.INFO
    assert (finding.difference, finding.tolerance) == (-1, Decimal("2.5"))
    # Three 元 more is beyond it.
    wrong = coded("B02", ("合计",), [("212", "154,369,330"), *lines[1:]], YUAN)
    _, findings = statuses(budget("万里街道", 2025, YUAN, wrong))
    (finding,) = [f for f in findings if f.rule == "b02.hierarchy"]
    assert finding.severity is Severity.ERROR and "超出舍入误差范围（±2.5）" in finding.message


def test_a_defect_leaving_its_severity_to_the_rule_gets_the_whole_unit_envelope() -> None:
    # The comparison helpers yield Defects (issue 15); one that leaves its severity to @rule is
    # a budget rule's error, so a 1 元 difference between tables printed to the 元 is judged
    # against (1+1) × 0.5 = 1.0 元, a 尾差. The same Defect about a table printed to the cent
    # passes untouched.
    def defect() -> Defect:
        return Defect(
            "212 与其下各款之和相差 1，超出舍入误差范围（±0.010），数据不一致。",
            table="B02",
            row_key="212",
            expected=Decimal("154369327"),
            actual=Decimal("154369326"),
            difference=Decimal("-1"),
            tolerance=Decimal("0.010"),
        )

    whole = coded("B02", ("合计",), [("212", "154,369,326"), ("21201", "154,369,327")], YUAN)
    cents = coded("B02", ("合计",), [("212", "154,369,326.00"), ("21201", "154,369,327.01")], YUAN)
    (judged,) = printed_precision(lambda _: [defect()], __name__)(budget("街道", 2025, YUAN, whole))
    assert isinstance(judged, Defect) and judged.severity is Severity.INFO
    assert judged.where["tolerance"] == Decimal("1.0")
    assert judged.message == "212 与其下各款之和相差 1，在舍入误差范围（±1.0）内，属尾差。"
    untouched = defect()
    (same,) = printed_precision(lambda _: [untouched], __name__)(budget("街道", 2025, YUAN, cents))
    assert same is untouched and same.severity is None
