"""Cross-table rules: for every rule a tiny disclosure that passes and one that fails."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan.model import (
    Cell,
    CodeKind,
    Disclosure,
    Finding,
    Metadata,
    MoneyUnit,
    Row,
    Severity,
    Source,
    Table,
    parse_amount,
)
from juesuan.rules import cross
from juesuan.rules.registry import RULES, InsufficientData, NotApplicable

PATH = "inline.txt"
T02_COLUMNS = (
    "本年收入合计",
    "财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
T03_COLUMNS = (
    "本年支出合计",
    "基本支出",
    "项目支出",
    "上缴上级支出",
    "经营支出",
    "对附属单位补助支出",
)
T04_COLUMNS = (
    "决算数",
    "合计",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
)
T05_COLUMNS = ("合计", "基本支出", "项目支出")
T08_COLUMNS = (
    "年初结转和结余",
    "本年收入",
    "本年支出合计",
    "基本支出",
    "项目支出",
    "年末结转和结余",
)

_line = iter(range(1, 1_000_000))


# --------------------------------------------------------------------------- builders


def row(
    key: str,
    values: Mapping[str, str | None] | None = None,
    section: str = "",
    label: str = "",
    kind: CodeKind | None = None,
) -> Row:
    """A row; a key of digits is a code (function code unless ``kind`` says otherwise)."""
    line = next(_line)
    cells = tuple(
        Cell(column=c, value=parse_amount(raw or ""), raw=raw or "", source=Source(PATH, line=line))
        for c, raw in (values or {}).items()
    )
    code = key if key.isdigit() else None
    return Row(
        key=key,
        label=label or key,
        cells=cells,
        source=Source(PATH, line=line),
        section=section,
        code=code,
        code_kind=(kind or CodeKind.FUNCTION) if code else None,
    )


def table(table_id: str, columns: Iterable[str], rows: Iterable[Row], **extra: object) -> Table:
    return Table(
        id=table_id,
        title="",
        columns=tuple(columns),
        rows=tuple(rows),
        source=Source(PATH, line=next(_line)),
        unit=MoneyUnit.WAN,
        **extra,  # type: ignore[arg-type]
    )


def disclosure(*tables: Table, kind: str = "决算") -> Disclosure:
    meta = Metadata(unit_name="测试局", year=2023, money_unit=MoneyUnit.WAN, kind=kind)
    return Disclosure(path=PATH, format="text", sha256="0", meta=meta, tables=tables)


def t01(income: Mapping[str, str | None], spending: Mapping[str, str | None]) -> Table:
    rows = [row(k, {"决算数": v}, "收入") for k, v in income.items()]
    rows += [row(k, {"决算数": v}, "支出") for k, v in spending.items()]
    return table("T01", ["决算数"], rows)


def coded(
    table_id: str,
    columns: Iterable[str],
    spec: Mapping[str, Mapping[str, str | None]],
    **extra: object,
) -> Table:
    """A table keyed by 合计 or function codes; labels from a small name list."""
    rows = [row(key, values, label=NAMES.get(key, key)) for key, values in spec.items()]
    return table(table_id, columns, rows, **extra)


def t04(
    income: Mapping[str, str | None], spending: Mapping[str, Mapping[str, str | None]]
) -> Table:
    rows = [row(k, {"决算数": v}, "收入") for k, v in income.items()]
    rows += [row(k, v, "支出") for k, v in spending.items()]
    return table("T04", T04_COLUMNS, rows)


def t06(spec: Mapping[str, str | None]) -> Table:
    rows = [row(k, {"决算数": v}, kind=CodeKind.ECONOMIC) for k, v in spec.items()]
    return table("T06", ["决算数"], rows)


def t07(spec: Mapping[str, str | None]) -> Table:
    return table("T07", ["预算数", "决算数"], [row(k, {"决算数": v}) for k, v in spec.items()])


NAMES = {
    "201": "一般公共服务支出",
    "206": "科学技术支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "212": "城乡社区支出",
    "21208": "国有土地使用权出让收入安排的支出",
}


def run(code: str, doc: Disclosure) -> list[Finding]:
    spec = RULES[code]  # the findings as the engine stamps them (code and severity from @rule)
    return [spec.stamp(item) for item in spec.func(doc)]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# --------------------------------------------------------------------------- T01 ↔ T02


def t02_total(values: Mapping[str, str | None]) -> Table:
    return coded("T02", T02_COLUMNS, {"合计": values})


def test_t01_t02_appropriation_passes_on_the_sum_of_the_three() -> None:
    doc = disclosure(
        t01({"一般公共预算财政拨款收入": "100.00", "政府性基金预算财政拨款收入": "20.00"}, {}),
        t02_total({"本年收入合计": "120.00", "财政拨款收入": "120.00"}),
    )
    assert run("x.t01_t02.appropriation", doc) == []


def test_t01_t02_appropriation_fails_and_names_the_t02_cell() -> None:
    doc = disclosure(
        t01({"一般公共预算财政拨款收入": "100.00", "政府性基金预算财政拨款收入": "20.00"}, {}),
        t02_total({"财政拨款收入": "100.00"}),
    )
    found = only(run("x.t01_t02.appropriation", doc))
    assert found.severity is Severity.ERROR
    assert (found.table, found.row_key, found.column) == ("T02", "合计", "财政拨款收入")
    assert (found.expected, found.actual, found.difference) == (
        Decimal("120.00"),
        Decimal("100.00"),
        Decimal("-20.00"),
    )
    assert found.tolerance == Decimal("0.015")
    assert {c.table for c in found.cells} == {"T01", "T02"}
    assert "财政拨款收入" in found.message


def test_t01_t02_income_each_item_against_its_column() -> None:
    good = disclosure(
        t01({"事业收入": "5.00", "其他收入": "1.00", "经营收入": None}, {}),
        t02_total({"事业收入": "5.00", "其他收入": "1.00"}),
    )
    assert run("x.t01_t02.income", good) == []
    bad = disclosure(
        t01({"事业收入": "5.00", "其他收入": "1.00"}, {}),
        t02_total({"事业收入": "5.00", "其他收入": "1.20"}),
    )
    found = only(run("x.t01_t02.income", bad))
    assert (found.table, found.column, found.severity) == ("T02", "其他收入", Severity.ERROR)
    assert found.difference == Decimal("0.20")


def test_t01_t02_income_blank_against_a_printed_amount_is_an_error() -> None:
    doc = disclosure(t01({"上级补助收入": None}, {}), t02_total({"上级补助收入": "3.00"}))
    assert only(run("x.t01_t02.income", doc)).severity is Severity.ERROR


def test_t01_t02_total() -> None:
    good = disclosure(t01({"本年收入合计": "9.99"}, {}), t02_total({"本年收入合计": "9.99"}))
    assert run("x.t01_t02.total", good) == []
    tail = disclosure(t01({"本年收入合计": "9.99"}, {}), t02_total({"本年收入合计": "10.00"}))
    assert only(run("x.t01_t02.total", tail)).severity is Severity.INFO
    bad = disclosure(t01({"本年收入合计": "9.99"}, {}), t02_total({"本年收入合计": "10.09"}))
    found = only(run("x.t01_t02.total", bad))
    assert (found.severity, found.table, found.tolerance) == (
        Severity.ERROR,
        "T02",
        Decimal("0.01"),
    )


def test_missing_table_is_not_applicable_and_missing_total_row_insufficient() -> None:
    with pytest.raises(NotApplicable):
        run("x.t01_t02.total", disclosure(t01({"本年收入合计": "1.00"}, {})))
    no_total = coded("T02", T02_COLUMNS, {"201": {"本年收入合计": "1.00"}})
    with pytest.raises(InsufficientData):
        run("x.t01_t02.total", disclosure(t01({"本年收入合计": "1.00"}, {}), no_total))


def test_tables_in_different_units_are_not_compared() -> None:
    t02 = t02_total({"本年收入合计": "10000.00"})
    in_yuan = Table(
        **{**{f: getattr(t02, f) for f in t02.__dataclass_fields__}, "unit": MoneyUnit.YUAN}
    )
    with pytest.raises(InsufficientData):
        run("x.t01_t02.total", disclosure(t01({"本年收入合计": "1.00"}, {}), in_yuan))


def test_budget_documents_are_not_applicable() -> None:
    doc = disclosure(
        t01({"本年收入合计": "1.00"}, {}), t02_total({"本年收入合计": "1.00"}), kind="预算"
    )
    with pytest.raises(NotApplicable):
        run("x.t01_t02.total", doc)


# --------------------------------------------------------------------------- T01 ↔ T04


def test_t01_t04_income() -> None:
    income = {"一般公共预算财政拨款收入": "50.00", "政府性基金预算财政拨款收入": "0.00"}
    good = disclosure(
        t01(income, {}),
        t04({"一般公共预算财政拨款": "50.00", "政府性基金预算财政拨款": "0.00"}, {}),
    )
    assert run("x.t01_t04.income", good) == []
    bad = disclosure(
        t01(income, {}),
        t04({"一般公共预算财政拨款": "50.00", "政府性基金预算财政拨款": "7.00"}, {}),
    )
    found = only(run("x.t01_t04.income", bad))
    assert (found.table, found.section, found.row_key) == ("T04", "收入", "政府性基金预算财政拨款")


def test_t04_t01_ceiling_by_class() -> None:
    spending = {"一般公共服务支出": "10.00", "本年支出合计": "10.00"}
    good = disclosure(
        t01({}, spending),
        t04({}, {"一般公共服务支出": {"合计": "10.00"}, "本年支出合计": {"合计": "10.00"}}),
    )
    assert run("x.t04_t01.ceiling", good) == []
    bad = disclosure(
        t01({}, spending),
        t04({}, {"一般公共服务支出": {"合计": "10.01"}, "本年支出合计": {"合计": "10.00"}}),
    )
    found = only(run("x.t04_t01.ceiling", bad))
    assert (found.table, found.row_key, found.column) == ("T04", "一般公共服务支出", "合计")
    assert (found.difference, found.tolerance) == (Decimal("0.01"), Decimal(0))


def test_t04_t01_ceiling_class_missing_from_t01() -> None:
    doc = disclosure(t01({}, {"本年支出合计": "3.00"}), t04({}, {"科学技术支出": {"合计": "3.00"}}))
    found = only(run("x.t04_t01.ceiling", doc))
    assert found.row_key == "科学技术支出"


# --------------------------------------------------------------------------- T01 ↔ T03


def t03(spec: Mapping[str, Mapping[str, str | None]]) -> Table:
    return coded("T03", T03_COLUMNS, spec)


def test_t01_t03_class_by_name_and_code() -> None:
    spending = {"一般公共服务支出": "10.00", "科学技术支出": None, "社会保障和就业支出": "2.50"}
    good = disclosure(
        t01({}, spending),
        t03(
            {
                "合计": {"本年支出合计": "12.50"},
                "201": {"本年支出合计": "10.00"},
                "208": {"本年支出合计": "2.50"},
            }
        ),
    )
    assert run("x.t01_t03.class", good) == []
    bad = disclosure(
        t01({}, spending),
        t03({"201": {"本年支出合计": "10.00"}, "208": {"本年支出合计": "2.05"}}),
    )
    found = only(run("x.t01_t03.class", bad))
    assert (found.table, found.row_key, found.column) == ("T03", "208", "本年支出合计")
    assert found.expected == Decimal("2.50")


def test_t01_t03_class_printed_in_one_table_only() -> None:
    missing_in_t03 = disclosure(t01({}, {"一般公共服务支出": "10.00"}), t03({}))
    found = only(run("x.t01_t03.class", missing_in_t03))
    assert (found.table, found.row_key, found.actual) == ("T03", "201", Decimal(0))
    missing_in_t01 = disclosure(
        t01({}, {"一般公共服务支出": "10.00"}),
        t03({"201": {"本年支出合计": "10.00"}, "206": {"本年支出合计": "1.00"}}),
    )
    found = only(run("x.t01_t03.class", missing_in_t01))
    assert (found.table, found.row_key, found.actual) == ("T03", "206", Decimal("1.00"))


def test_t01_t03_class_old_names_map_to_codes() -> None:
    doc = disclosure(
        t01({}, {"医疗卫生与计划生育支出": "4.00", "债务付息支出": "1.00"}),
        t03({"210": {"本年支出合计": "4.00"}, "232": {"本年支出合计": "1.00"}}),
    )
    assert run("x.t01_t03.class", doc) == []


def test_t01_t03_unknown_class_name_is_a_warning() -> None:
    doc = disclosure(t01({}, {"奇怪的支出": "4.00"}), t03({}))
    assert only(run("x.t01_t03.class", doc)).severity is Severity.WARNING


def test_t01_t03_total() -> None:
    good = disclosure(t01({}, {"本年支出合计": "12.50"}), t03({"合计": {"本年支出合计": "12.50"}}))
    assert run("x.t01_t03.total", good) == []
    bad = disclosure(t01({}, {"本年支出合计": "12.50"}), t03({"合计": {"本年支出合计": "12.60"}}))
    assert only(run("x.t01_t03.total", bad)).table == "T03"


# --------------------------------------------------------------------------- T04 ↔ T05


def t05(spec: Mapping[str, Mapping[str, str | None]]) -> Table:
    return coded("T05", T05_COLUMNS, spec)


def test_t04_t05_class() -> None:
    t04_table = t04(
        {},
        {
            "一般公共服务支出": {"一般公共预算财政拨款": "8.00"},
            "科学技术支出": {"一般公共预算财政拨款": None},
        },
    )
    good = disclosure(t04_table, t05({"合计": {"合计": "8.00"}, "201": {"合计": "8.00"}}))
    assert run("x.t04_t05.class", good) == []
    bad = disclosure(t04_table, t05({"201": {"合计": "8.00"}, "206": {"合计": "0.50"}}))
    found = only(run("x.t04_t05.class", bad))
    assert (found.table, found.row_key, found.column) == ("T05", "206", "合计")


def test_t04_t05_total() -> None:
    t04_table = t04({}, {"本年支出合计": {"一般公共预算财政拨款": "8.00", "合计": "9.00"}})
    assert run("x.t04_t05.total", disclosure(t04_table, t05({"合计": {"合计": "8.00"}}))) == []
    found = only(run("x.t04_t05.total", disclosure(t04_table, t05({"合计": {"合计": "9.00"}}))))
    assert (found.table, found.row_key, found.column, found.expected) == (
        "T05",
        "合计",
        "合计",
        Decimal("8.00"),
    )


# --------------------------------------------------------------------------- T05 ≤ T03


def test_t05_t03_ceiling_code_by_code_and_column() -> None:
    all_funds = t03(
        {
            "合计": {"本年支出合计": "10.00", "基本支出": "6.00", "项目支出": "4.00"},
            "201": {"本年支出合计": "10.00", "基本支出": "6.00", "项目支出": "4.00"},
        }
    )
    good = t05(
        {
            "合计": {"合计": "9.00", "基本支出": "6.00", "项目支出": "3.00"},
            "201": {"合计": "9.00", "基本支出": "6.00", "项目支出": "3.00"},
        }
    )
    assert run("x.t05_t03.ceiling", disclosure(all_funds, good)) == []
    bad = t05(
        {"合计": {"合计": "9.00", "基本支出": "6.01", "项目支出": "3.00"}, "206": {"合计": "0.10"}}
    )
    found = run("x.t05_t03.ceiling", disclosure(all_funds, bad))
    assert {(f.table, f.row_key, f.column) for f in found} == {
        ("T05", "合计", "基本支出"),
        ("T05", "206", "合计"),
    }
    assert all(f.tolerance == 0 and f.severity is Severity.ERROR for f in found)


# --------------------------------------------------------------------------- T05 ↔ T06


def test_t05_t06_basic() -> None:
    appropriation = t05({"合计": {"合计": "9.00", "基本支出": "6.00"}})
    good = t06({"301": "4.00", "302": "2.00", "人员经费合计": "4.00", "公用经费合计": "2.00"})
    assert run("x.t05_t06.basic", disclosure(appropriation, good)) == []
    bad = t06({"301": "4.00", "302": "2.50", "人员经费合计": "4.00", "公用经费合计": "2.50"})
    found = only(run("x.t05_t06.basic", disclosure(appropriation, bad)))
    assert (found.table, found.row_key, found.severity) == ("T06", "人员经费合计", Severity.ERROR)
    assert (found.expected, found.actual, found.difference) == (
        Decimal("6.00"),
        Decimal("6.50"),
        Decimal("0.50"),
    )
    assert found.tolerance == Decimal("0.015")
    assert {c.table for c in found.cells} == {"T05", "T06"}


def test_t05_t06_basic_without_group_totals_sums_the_classes() -> None:
    appropriation = t05({"合计": {"合计": "9.00", "基本支出": "6.00"}})
    assert (
        run(
            "x.t05_t06.basic",
            disclosure(appropriation, t06({"301": "4.00", "302": "2.00", "30201": "2.00"})),
        )
        == []
    )
    assert run("x.t05_t06.basic", disclosure(appropriation, t06({"301": "4.00", "302": "1.00"})))


def test_t05_t06_basic_tail_is_info() -> None:
    appropriation = t05({"合计": {"合计": "9.00", "基本支出": "6.01"}})
    found = only(
        run(
            "x.t05_t06.basic",
            disclosure(appropriation, t06({"人员经费合计": "4.00", "公用经费合计": "2.00"})),
        )
    )
    assert found.severity is Severity.INFO


# --------------------------------------------------------------------------- T04 ↔ T08 / T09

FUND = "政府性基金预算财政拨款"


def fund_t04(amount: str | None, closing: str | None = "0.00") -> Table:
    return t04(
        {FUND: amount, "年初财政拨款结转和结余": "0.00", f"年初财政拨款结转和结余/{FUND}": "0.00"},
        {
            "城乡社区支出": {FUND: amount, "合计": amount},
            "本年支出合计": {FUND: amount, "合计": amount},
            "年末财政拨款结转和结余": {FUND: closing, "合计": closing},
        },
    )


def t08(spec: Mapping[str, Mapping[str, str | None]], **extra: object) -> Table:
    return coded("T08", T08_COLUMNS, spec, **extra)


def test_t04_t08_fund() -> None:
    good = t08(
        {
            "合计": {"本年收入": "5.00", "本年支出合计": "5.00", "年末结转和结余": "0.00"},
            "212": {"本年支出合计": "5.00"},
            "21208": {"本年支出合计": "5.00"},
        }
    )
    assert run("x.t04_t08.fund", disclosure(fund_t04("5.00"), good)) == []
    bad = t08(
        {
            "合计": {"本年收入": "5.00", "本年支出合计": "5.00", "年末结转和结余": "0.30"},
            "212": {"本年支出合计": "4.00"},
        }
    )
    found = run("x.t04_t08.fund", disclosure(fund_t04("5.00"), bad))
    assert {(f.table, f.row_key, f.column) for f in found} == {
        ("T08", "合计", "年末结转和结余"),
        ("T08", "212", "本年支出合计"),
    }


def test_t04_t08_fund_not_applicable_when_t08_is_empty() -> None:
    with pytest.raises(NotApplicable):
        run("x.t04_t08.fund", disclosure(fund_t04("5.00"), t08({})))


def test_t04_t08_empty_when_the_fund_is_empty_and_declared() -> None:
    declared = t08(
        {},
        declared_empty=True,
        empty_statement="本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
    )
    assert run("x.t04_t08.empty", disclosure(fund_t04("0.00"), declared)) == []


def test_t04_t08_empty_but_not_declared_is_a_warning() -> None:
    conditional = t08(
        {}, declared_empty=True, empty_statement="如本表为空，则我部门本年度无此类资金收支余。"
    )
    found = only(run("x.t04_t08.empty", disclosure(fund_t04(None), conditional)))
    assert (found.severity, found.table) == (Severity.WARNING, "T08")


def test_t04_t08_empty_while_t04_has_the_fund_is_an_error() -> None:
    found = only(
        run(
            "x.t04_t08.empty",
            disclosure(
                fund_t04("5.00"), t08({}, declared_empty=True, empty_statement="本表无数据")
            ),
        )
    )
    assert (found.severity, found.table) == (Severity.ERROR, "T08")
    assert {c.table for c in found.cells} == {"T04"}


def test_t04_t08_filled_while_t04_has_nothing_is_an_error() -> None:
    filled = t08({"合计": {"本年收入": "5.00"}})
    found = only(run("x.t04_t08.empty", disclosure(fund_t04("0.00"), filled)))
    assert (found.severity, found.column) == (Severity.ERROR, "本年收入")


def test_t04_t08_empty_checks_the_carry_over() -> None:
    found = only(run("x.t04_t08.empty", disclosure(fund_t04("0.00", closing="2.00"), t08({}))))
    assert found.severity is Severity.ERROR


def test_t04_t09_fund_and_empty() -> None:
    capital = "国有资本经营预算财政拨款"
    t04_table = t04(
        {capital: "3.00"},
        {"本年支出合计": {capital: "3.00"}, "一般公共服务支出": {capital: "3.00"}},
    )
    t09_good = coded(
        "T09",
        T08_COLUMNS,
        {"合计": {"本年收入": "3.00", "本年支出合计": "3.00"}, "201": {"本年支出合计": "3.00"}},
    )
    assert run("x.t04_t09.fund", disclosure(t04_table, t09_good)) == []
    assert run("x.t04_t09.empty", disclosure(t04_table, t09_good)) == []
    t09_bad = coded(
        "T09",
        T08_COLUMNS,
        {"合计": {"本年收入": "3.00", "本年支出合计": "2.00"}, "201": {"本年支出合计": "2.00"}},
    )
    assert len(errors(run("x.t04_t09.fund", disclosure(t04_table, t09_bad)))) == 2
    t09_empty = coded("T09", T08_COLUMNS, {}, declared_empty=True, empty_statement="本表无数据")
    assert only(run("x.t04_t09.empty", disclosure(t04_table, t09_empty))).severity is Severity.ERROR


# --------------------------------------------------------------------------- T06 ≤ T07


def test_t06_t07_sangong() -> None:
    basic = t06({"30217": "1.00", "30231": "2.00", "30239": "9.00"})
    good = t07({"公务接待费": "1.50", "公务用车运行维护费": "2.00"})
    assert run("x.t06_t07.sangong", disclosure(basic, good)) == []
    bad = t07({"公务接待费": "0.90", "公务用车运行维护费": "2.00"})
    found = only(run("x.t06_t07.sangong", disclosure(basic, bad)))
    assert (found.table, found.row_key, found.column) == ("T07", "公务接待费", "决算数")
    # At T07's cell: T07 0.90 (actual) should be at least T06 30217 1.00 (expected).
    assert (found.actual, found.expected, found.difference, found.tolerance) == (
        Decimal("0.90"),
        Decimal("1.00"),
        Decimal("-0.10"),
        Decimal(0),
    )
    assert [c.table for c in found.cells] == ["T07", "T06"]


def test_t06_t07_sangong_line_without_t07_row() -> None:
    found = only(
        run("x.t06_t07.sangong", disclosure(t06({"31013": "20.00"}), t07({"合计": "0.00"})))
    )
    assert (found.table, found.row_key) == ("T07", "公务用车购置费")


# --------------------------------------------------------------------------- properties

cents = st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n).scaleb(-2))
shifts = st.integers(min_value=-500, max_value=500).map(lambda n: Decimal(n).scaleb(-2))


@given(value=cents, shift=shifts)
def test_equal_relation_follows_the_envelope(value: Decimal, shift: Decimal) -> None:
    doc = disclosure(
        t01({}, {"本年支出合计": f"{value:.2f}"}),
        t03({"合计": {"本年支出合计": f"{value + shift:.2f}"}}),
    )
    found = run("x.t01_t03.total", doc)
    if shift == 0:
        assert found == []
    else:
        assert only(found).severity is (
            Severity.INFO if abs(shift) <= Decimal("0.01") else Severity.ERROR
        )
        assert only(found).difference == shift


@given(larger=cents, shift=shifts)
def test_ceiling_needs_no_tolerance(larger: Decimal, shift: Decimal) -> None:
    smaller = larger + shift
    if smaller < 0:
        return
    doc = disclosure(
        t03({"201": {"本年支出合计": f"{larger:.2f}"}}),
        t05({"201": {"合计": f"{smaller:.2f}"}}),
    )
    assert bool(run("x.t05_t03.ceiling", doc)) == (shift > 0)


@given(parts=st.lists(cents, min_size=1, max_size=3), shift=shifts)
def test_appropriation_sum_tolerance_grows_with_parts(parts: list[Decimal], shift: Decimal) -> None:
    keys = list(cross.APPROPRIATIONS)[: len(parts)]
    total = sum(parts, Decimal(0)) + shift
    doc = disclosure(
        t01({k: f"{p:.2f}" for k, p in zip(keys, parts, strict=True)}, {}),
        t02_total({"财政拨款收入": f"{total:.2f}"}),
    )
    found = run("x.t01_t02.appropriation", doc)
    tolerance = Decimal("0.005") * (len(parts) + 1)
    if shift == 0:
        assert found == []
    else:
        assert only(found).severity is (
            Severity.INFO if abs(shift) <= tolerance else Severity.ERROR
        )


CROSS_CODES = {
    "x.t01_t02.appropriation",
    "x.t01_t02.income",
    "x.t01_t02.total",
    "x.t01_t04.income",
    "x.t04_t01.ceiling",
    "x.t01_t03.class",
    "x.t01_t03.total",
    "x.t04_t05.class",
    "x.t04_t05.total",
    "x.t05_t03.ceiling",
    "x.t05_t06.basic",
    "x.t04_t08.fund",
    "x.t04_t09.fund",
    "x.t04_t08.empty",
    "x.t04_t09.empty",
    "x.t06_t07.sangong",
}


def test_every_cross_rule_is_registered_with_tags_and_title() -> None:
    codes = [c for c in RULES if c.startswith("x.")]
    assert set(codes) == CROSS_CODES
    for code in codes:
        spec = RULES[code]
        assert "cross" in spec.tags and spec.title and len(spec.tables) == 2
        assert set(spec.tables) <= set(spec.tags)


def test_t04_t01_ceiling_matches_old_and_new_class_names_by_code() -> None:
    doc = disclosure(
        t01({}, {"医疗卫生与计划生育支出": "5.00"}),
        t04({}, {"卫生健康支出": {"合计": "5.00"}, "不明支出": {"合计": "1.00"}}),
    )
    assert run("x.t04_t01.ceiling", doc) == []
    over = disclosure(
        t01({}, {"医疗卫生与计划生育支出": "4.00"}), t04({}, {"卫生健康支出": {"合计": "5.00"}})
    )
    assert only(run("x.t04_t01.ceiling", over)).row_key == "卫生健康支出"


def test_t01_t02_appropriation_in_a_template_with_one_appropriation_row() -> None:
    doc = disclosure(t01({"财政拨款收入": "80.00"}, {}), t02_total({"财政拨款收入": "80.00"}))
    assert run("x.t01_t02.appropriation", doc) == []
    with pytest.raises(InsufficientData):
        run("x.t01_t02.appropriation", disclosure(t01({"事业收入": "1.00"}, {}), t02_total({})))


# --------------------------------------------------------------------------- a whole consistent document

CLASSES = {
    "201": "一般公共服务支出",
    "205": "教育支出",
    "208": "社会保障和就业支出",
    "221": "住房保障支出",
}
yuan = st.integers(min_value=0, max_value=10**9)


def to_wan(amount_yuan: int) -> str:
    """元 → 万元 printed to 0.01, rounded half up as the finance software does."""
    return (
        f"{(Decimal(amount_yuan) / 10_000).quantize(Decimal('0.01'), rounding='ROUND_HALF_UP'):.2f}"
    )


@st.composite
def true_accounts(draw: st.DrawFn) -> dict[str, dict[str, int]]:
    """True amounts in 元 per class: appropriation basic/project, other money basic/project,
    and the personnel share of the appropriation basic spending."""
    codes = draw(st.lists(st.sampled_from(sorted(CLASSES)), min_size=1, max_size=4, unique=True))
    accounts = {}
    for code in codes:
        parts = {
            k: draw(yuan) for k in ("gen_basic", "gen_project", "other_basic", "other_project")
        }
        parts["personnel"] = draw(st.integers(min_value=0, max_value=parts["gen_basic"]))
        accounts[code] = parts
    return accounts


def rounded_document(accounts: dict[str, dict[str, int]]) -> Disclosure:
    """The nine tables' amounts, each rounded on its own from the true amounts (no carry-over)."""

    def total(*keys: str, code: str | None = None) -> int:
        codes = [code] if code else list(accounts)
        return sum(accounts[c][k] for c in codes for k in keys)

    everything = ("gen_basic", "gen_project", "other_basic", "other_project")
    general = ("gen_basic", "gen_project")
    basic, project = ("gen_basic", "other_basic"), ("gen_project", "other_project")
    t01_table = t01(
        {
            "一般公共预算财政拨款收入": to_wan(total(*general)),
            "事业收入": to_wan(total("other_basic", "other_project")),
            "本年收入合计": to_wan(total(*everything)),
        },
        {
            **{CLASSES[c]: to_wan(total(*everything, code=c)) for c in accounts},
            "本年支出合计": to_wan(total(*everything)),
        },
    )
    t02_table = t02_total(
        {
            "本年收入合计": to_wan(total(*everything)),
            "财政拨款收入": to_wan(total(*general)),
            "事业收入": to_wan(total("other_basic", "other_project")),
        }
    )
    t03_table = t03(
        {
            key: {
                "本年支出合计": to_wan(total(*everything, code=code)),
                "基本支出": to_wan(total(*basic, code=code)),
                "项目支出": to_wan(total(*project, code=code)),
            }
            for key, code in [("合计", None), *((c, c) for c in accounts)]
        }
    )
    t04_table = t04(
        {"一般公共预算财政拨款": to_wan(total(*general))},
        {
            **{
                CLASSES[c]: {
                    "合计": to_wan(total(*general, code=c)),
                    "一般公共预算财政拨款": to_wan(total(*general, code=c)),
                }
                for c in accounts
            },
            "本年支出合计": {
                "合计": to_wan(total(*general)),
                "一般公共预算财政拨款": to_wan(total(*general)),
            },
        },
    )
    t05_table = t05(
        {
            key: {
                "合计": to_wan(total(*general, code=code)),
                "基本支出": to_wan(total("gen_basic", code=code)),
                "项目支出": to_wan(total("gen_project", code=code)),
            }
            for key, code in [("合计", None), *((c, c) for c in accounts)]
        }
    )
    personnel = total("personnel")
    t06_table = t06(
        {"人员经费合计": to_wan(personnel), "公用经费合计": to_wan(total("gen_basic") - personnel)}
    )
    return disclosure(t01_table, t02_table, t03_table, t04_table, t05_table, t06_table)


@given(true_accounts())
def test_a_document_rounded_from_true_amounts_never_gives_a_cross_error(
    accounts: dict[str, dict[str, int]],
) -> None:
    doc = rounded_document(accounts)
    for code in CROSS_CODES:
        try:
            found = run(code, doc)
        except (NotApplicable, InsufficientData):
            continue
        assert errors(found) == [], (code, found)
