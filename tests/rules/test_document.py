"""Document rules: for every rule a tiny disclosure that passes and one that fails."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tablekit import code_row, disclosure, row, table

from juesuan.data import economic_codes, function_class_names, function_codes
from juesuan.model import (
    CodeKind,
    Disclosure,
    Finding,
    MoneyUnit,
    NarrativeSection,
    Severity,
    Source,
    Table,
)
from juesuan.model.tables import STANDARD_TABLE_IDS
from juesuan.rules import document
from juesuan.rules.registry import RULES, InsufficientData, NotApplicable

ECONOMIC = CodeKind.ECONOMIC
AMOUNT = ("决算数",)


def run(code: str, doc: Disclosure) -> list[Finding]:
    spec = RULES[code]  # the findings as the engine stamps them (code and severity from @rule)
    return [spec.stamp(item) for item in spec.func(doc)]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def blank(table_id: str, **extra: object) -> Table:
    """A standard table with one amount (or none: ``has_amounts`` False when value None)."""
    value = extra.pop("value", "1.00")
    return replace(table(table_id, AMOUNT, [row("合计", {"决算数": value})]), **extra)  # type: ignore[arg-type]


def nine(**meta: object) -> Disclosure:
    doc = disclosure(*(blank(t) for t in STANDARD_TABLE_IDS))
    return replace(doc, meta=replace(doc.meta, **meta))  # type: ignore[arg-type]


def without(doc: Disclosure, *table_ids: str) -> Disclosure:
    return replace(doc, tables=tuple(t for t in doc.tables if t.id not in table_ids))


def with_tables(doc: Disclosure, *tables: Table) -> Disclosure:
    return replace(doc, tables=(*doc.tables, *tables))


def coded(
    table_id: str, *rows: tuple[str, str, str | None], kind: CodeKind = CodeKind.FUNCTION
) -> Table:
    """A code table: rows of (code, name, amount)."""
    return table(
        table_id,
        AMOUNT,
        [replace(code_row(code, {"决算数": raw}, kind), label=name) for code, name, raw in rows],
    )


# --------------------------------------------------------------------------- tables present / once


def test_tables_present_passes_with_the_nine() -> None:
    assert run("doc.tables_present", nine()) == []


def test_tables_present_names_the_missing_table() -> None:
    found = only(run("doc.tables_present", without(nine(), "T03")))
    assert (found.severity, found.table) == (Severity.ERROR, "T03")
    assert "支出决算表" in found.message


def test_tables_present_of_a_three_public_expenses_page_alone_is_one_warning() -> None:
    """Regression (web page p004): a page of the 三公 table alone may be a 三公 disclosure of its
    own; it got six “missing table” errors."""
    (found,) = run("doc.tables_present", disclosure(blank("T07")))
    assert (found.severity, found.table) == (Severity.WARNING, "T07")
    assert "单独公开" in found.message


def test_tables_present_before_2020_does_not_require_t09() -> None:
    assert run("doc.tables_present", without(nine(year=2018), "T09")) == []
    assert only(run("doc.tables_present", without(nine(year=2020), "T09"))).table == "T09"


def test_tables_present_without_a_year_requires_nine_and_says_so() -> None:
    found = only(run("doc.tables_present", without(nine(year=None), "T09")))
    assert "未能确定年度" in found.message


def test_tables_lost_to_a_cut_are_a_warning() -> None:
    doc = without(nine(), "T08", "T09")
    cut = replace(doc, tables=tuple(replace(t, complete=t.id != "T07") for t in doc.tables))
    found = run("doc.tables_present", cut)
    assert {(f.table, f.severity) for f in found} == {
        ("T08", Severity.WARNING),
        ("T09", Severity.WARNING),
    }


def test_tables_present_not_for_budgets_and_needs_tables() -> None:
    with pytest.raises(NotApplicable):
        run("doc.tables_present", nine(kind="预算"))
    with pytest.raises(InsufficientData):
        run("doc.tables_present", disclosure())


def test_tables_once() -> None:
    assert run("doc.tables_once", nine()) == []
    found = only(run("doc.tables_once", with_tables(nine(), blank("T05"))))
    assert (found.table, found.severity) == ("T05", Severity.ERROR)
    assert "2 次" in found.message


def test_table_blank() -> None:
    assert run("doc.table_blank", nine()) == []
    doc = replace(
        nine(),
        tables=tuple(
            blank(t.id, value=None) if t.id in ("T03", "T07") else t for t in nine().tables
        ),
    )
    found = {(f.table, f.severity) for f in run("doc.table_blank", doc)}
    assert found == {("T03", Severity.ERROR), ("T07", Severity.WARNING)}
    declared = replace(
        blank("T07", value=None),
        declared_empty=True,
        empty_statement="本单位无三公经费，故本表无数据。",
    )
    assert run("doc.table_blank", with_tables(without(nine(), "T07"), declared)) == []


# --------------------------------------------------------------------------- declared empty


def test_declared_empty_without_numbers_passes() -> None:
    empty = replace(blank("T08", value=None), declared_empty=True, empty_statement="本表无数据")
    zeros = replace(blank("T09", value="0.00"), declared_empty=True, empty_statement="本表无数据")
    assert run("doc.declared_empty", disclosure(empty, zeros)) == []


def test_declared_empty_with_numbers_fails() -> None:
    filled = replace(blank("T08", value="3.00"), declared_empty=True, empty_statement="本表无数据")
    found = only(run("doc.declared_empty", disclosure(filled)))
    assert (found.table, found.row_key, found.column, found.severity) == (
        "T08",
        "合计",
        "决算数",
        Severity.ERROR,
    )


def test_the_conditional_note_declares_nothing() -> None:
    conditional = replace(
        blank("T08", value="3.00"),
        declared_empty=True,
        empty_statement="如本表为空，则我部门本年度无此类资金收支余。",
    )
    with pytest.raises(NotApplicable):
        run("doc.declared_empty", disclosure(conditional))


# --------------------------------------------------------------------------- unit name, year, money unit


def stated(doc: Disclosure, table_id: str, **extra: object) -> Disclosure:
    return replace(
        doc, tables=tuple(replace(t, **extra) if t.id == table_id else t for t in doc.tables)
    )  # type: ignore[arg-type]


def named(name: str) -> Disclosure:
    doc = nine(unit_name="本溪市南芬区工业和信息化局（本级）")
    return replace(doc, tables=tuple(replace(t, unit_name=name) for t in doc.tables))


def test_unit_name_agrees() -> None:
    assert run("doc.unit_name", named("单位：本溪市南芬区工业和信息化局（本级）")) == []
    found = only(
        run(
            "doc.unit_name",
            stated(
                named("本溪市南芬区工业和信息化局（本级）"), "T06", unit_name="本溪市南芬区财政局"
            ),
        )
    )
    assert (found.table, found.severity) == ("T06", Severity.ERROR)
    assert "本溪市南芬区财政局" in found.message


def test_unit_name_differing_only_by_scope_bracket_is_a_warning() -> None:
    doc = stated(
        named("本溪市南芬区工业和信息化局（本级）"), "T02", unit_name="本溪市南芬区工业和信息化局"
    )
    assert only(run("doc.unit_name", doc)).severity is Severity.WARNING


def test_unit_name_not_stated_is_not_applicable_and_placeholders_are_left_out() -> None:
    with pytest.raises(NotApplicable):
        run("doc.unit_name", nine(unit_name="测试局", year=2023))
    doc = stated(named("本溪市南芬区工业和信息化局（本级）"), "T02", unit_name="XX局")
    assert run("doc.unit_name", doc) == []


def test_year_agrees() -> None:
    doc = replace(nine(), tables=tuple(replace(t, year=2023) for t in nine().tables))
    assert run("doc.year", doc) == []
    found = only(run("doc.year", stated(doc, "T04", year=2022)))
    assert (found.table, found.severity) == ("T04", Severity.ERROR)


def test_money_unit_agrees() -> None:
    assert run("doc.money_unit", nine()) == []
    found = only(run("doc.money_unit", stated(nine(), "T07", unit=MoneyUnit.YUAN)))
    assert (found.table, found.severity) == ("T07", Severity.WARNING)


# --------------------------------------------------------------------------- a unit that cannot be right


def totals(t01_value: str, t02_value: str, t02_unit: MoneyUnit = MoneyUnit.WAN) -> Disclosure:
    t01 = table("T01", AMOUNT, [row("本年收入合计", {"决算数": t01_value}, "收入")])
    t02 = replace(
        table("T02", ("本年收入合计",), [row("合计", {"本年收入合计": t02_value})]), unit=t02_unit
    )
    t03 = table("T03", ("本年支出合计",), [row("合计", {"本年支出合计": "5.00"})])
    t01_spending = row("本年支出合计", {"决算数": "5.00"}, "支出")
    return disclosure(replace(t01, rows=(*t01.rows, t01_spending)), t02, t03)


def test_money_unit_scale_passes_when_units_agree_with_amounts() -> None:
    assert run("doc.money_unit_scale", totals("1,081.09", "1,081.09")) == []
    assert run("doc.money_unit_scale", totals("1,081.09", "10,810,900.00", MoneyUnit.YUAN)) == []


def test_money_unit_scale_finds_yuan_under_a_wan_heading() -> None:
    found = only(run("doc.money_unit_scale", totals("1,081.09", "10,810,912.34")))
    assert (found.table, found.row_key, found.severity) == ("T02", "合计", Severity.ERROR)
    assert "10,000" in found.message


def test_money_unit_scale_names_the_table_out_of_line() -> None:
    # T01 agrees with T03 (本年支出合计 5.00 both), so T01's unit is taken as right: T02 is named.
    doc = totals("1,081.09", "10,810,912.34")
    assert only(run("doc.money_unit_scale", doc)).table == "T02"
    # T02 agrees with T04 (财政拨款收入 = 本年收入合计), T01 with nobody: T01 is named.
    t02 = replace(
        table(
            "T02",
            ("本年收入合计", "财政拨款收入"),
            [row("合计", {"本年收入合计": "1,081.09", "财政拨款收入": "1,081.09"})],
        ),
    )
    t04 = table("T04", AMOUNT, [row("本年收入合计", {"决算数": "1,081.09"}, "收入")])
    t01 = table("T01", AMOUNT, [row("本年收入合计", {"决算数": "10,810,912.34"}, "收入")])
    found = only(run("doc.money_unit_scale", disclosure(t01, t02, t04)))
    assert (found.table, found.row_key) == ("T01", "本年收入合计")
    assert {c.table for c in found.cells} == {"T01", "T02"}


def test_money_unit_scale_against_the_narrative() -> None:
    t01 = table("T01", AMOUNT, [row("总计", {"决算数": "47,331,400.00"}, "收入")])
    story = NarrativeSection(
        "一、收入支出决算总体情况说明", "2025 年度收入支出总计 4733.14 万元。", Source("x", page=20)
    )
    found = only(run("doc.money_unit_scale", replace(disclosure(t01), narrative=(story,))))
    assert (found.table, found.row_key) == ("T01", "总计")
    right = table("T01", AMOUNT, [row("总计", {"决算数": "4,733.14"}, "收入")])
    assert run("doc.money_unit_scale", replace(disclosure(right), narrative=(story,))) == []


@given(wan=st.integers(min_value=100, max_value=10**10).map(lambda n: Decimal(n).scaleb(-2)))
def test_money_unit_scale_property(wan: Decimal) -> None:
    """Amounts typed in 元 under a 万元 heading are always found; the same in 万元 never."""
    yuan = wan * 10_000 + Decimal("12.34") * (wan % 2)  # 元 with cents the 万元 figure rounded away
    assume_rounds = (yuan / 10_000).quantize(Decimal("0.01")) == wan
    if not assume_rounds:
        return
    assert run("doc.money_unit_scale", totals(f"{wan:,.2f}", f"{wan:,.2f}")) == []
    assert only(run("doc.money_unit_scale", totals(f"{wan:,.2f}", f"{yuan:,.2f}"))).table == "T02"


# --------------------------------------------------------------------------- codes


def test_code_digits() -> None:
    good = disclosure(
        coded("T05", ("201", "一般公共服务支出", "1.00"), ("2010101", "行政运行", "1.00"))
    )
    assert run("doc.code_digits", good) == []
    bad = disclosure(
        coded("T05", ("2010", "一般公共服务支出", "1.00")),
        coded("T06", ("3010101", "基本工资", "1.00"), kind=ECONOMIC),
    )
    found = run("doc.code_digits", bad)
    assert {(f.table, f.row_key) for f in found} == {("T05", "2010"), ("T06", "3010101")}


def test_code_kind_never_mixes_function_and_economic_codes() -> None:
    good = disclosure(
        coded("T03", ("201", "一般公共服务支出", "1.00")),
        coded("T06", ("301", "工资福利支出", "1.00"), kind=ECONOMIC),
    )
    assert run("doc.code_kind", good) == []
    economic_in_t03 = coded("T03", ("30101", "基本工资", "1.00"))
    function_in_t06 = coded("T06", ("201", "一般公共服务支出", "1.00"), kind=ECONOMIC)
    found = run("doc.code_kind", disclosure(economic_in_t03, function_in_t06))
    assert {(f.table, f.row_key, f.severity) for f in found} == {
        ("T03", "30101", Severity.ERROR),
        ("T06", "201", Severity.ERROR),
    }


def test_code_kind_as_recognised_must_match_the_table() -> None:
    tagged = coded("T02", ("201", "一般公共服务支出", "1.00"), kind=ECONOMIC)
    assert only(run("doc.code_kind", disclosure(tagged))).table == "T02"


def test_code_parent() -> None:
    good = disclosure(
        coded(
            "T02",
            ("201", "一般公共服务支出", "1.00"),
            ("20101", "人大事务", "1.00"),
            ("2010101", "行政运行", "1.00"),
        )
    )
    assert run("doc.code_parent", good) == []
    orphans = disclosure(
        coded("T02", ("201", "一般公共服务支出", "1.00"), ("2010101", "行政运行", "1.00")),
        coded("T06", ("30101", "基本工资", "1.00"), kind=ECONOMIC),
    )
    found = run("doc.code_parent", orphans)
    assert {(f.table, f.row_key, f.severity) for f in found} == {
        ("T02", "2010101", Severity.WARNING),
        ("T06", "30101", Severity.WARNING),
    }


def test_code_rules_not_applicable_without_code_tables() -> None:
    with pytest.raises(NotApplicable):
        run("doc.code_digits", disclosure(blank("T01")))


def test_code_name_one_code_one_name() -> None:
    good = disclosure(
        coded("T02", ("2080505", "机关事业单位基本养老保险缴费支出", "1.00")),
        coded("T03", ("2080505", "机关事业单位基本养老保险缴费", "1.00")),  # cut short by the cell
        coded("T05", ("2080505", "机关事业单位 基本养老保险缴费支出", "1.00")),
    )
    assert run("doc.code_name", good) == []
    bad = disclosure(
        coded("T02", ("20805", "行政事业单位养老支出", "1.00")),
        coded("T05", ("20805", "行政事业单位离退休", "1.00")),
    )
    found = only(run("doc.code_name", bad))
    assert (found.table, found.row_key, found.severity) == ("T05", "20805", Severity.WARNING)
    assert {c.table for c in found.cells} == {"T02", "T05"}


def test_reference_name_different_name_is_a_warning() -> None:
    good = disclosure(
        coded("T05", ("2080505", "机关事业单位基本养老保险缴费支出", "1.00")),
        coded("T06", ("30113", "住房公积金", "1.00"), kind=ECONOMIC),
    )
    assert run("doc.reference_name", good) == []
    bad = disclosure(coded("T06", ("30113", "医疗费", "1.00"), kind=ECONOMIC))
    found = only(run("doc.reference_name", bad))
    assert (found.severity, found.row_key) == (Severity.WARNING, "30113")
    assert "住房公积金" in found.message


def test_reference_name_any_listed_edition_matches() -> None:
    doc = disclosure(
        coded(
            "T05",
            ("22198", "超长期特别国债安排的支出", "1.00"),
            ("2219899", "其他住房保障支出", "1.00"),
        )
    )
    assert run("doc.reference_name", doc) == []


def test_reference_name_unlisted_code_says_nothing() -> None:
    """Regression (issue 15): codes missing from the partial lists, such as 2150501 行政运行, gave
    an info on every disclosure — noise, since a miss is no evidence."""
    doc = disclosure(coded("T05", ("2150501", "行政运行", "1.00"), ("2019998", "测试项", "1.00")))
    assert run("doc.reference_name", doc) == []


def test_packaged_reference_lists() -> None:
    assert function_codes()["211"][0].name == "节能环保支出"
    assert economic_codes()["30231"][0].name == "公务用车运行维护费"
    assert function_class_names()["医疗卫生与计划生育支出"] == "210"
    classes = [c for c in function_codes() if len(c) == 3]
    assert len(classes) == 24 and all(c.startswith("2") for c in classes)


# --------------------------------------------------------------------------- placeholders


@pytest.mark.parametrize(
    "text",
    [
        "上海市普陀区XX局",
        "××单位",
        "某某部门",
        "上海市普陀区生态环境局 202 年度部门决算",
        "20XX年度",
        "ｘｘ区财政局",
    ],
)
def test_placeholder_found_in_a_unit_name(text: str) -> None:
    doc = stated(nine(), "T01", unit_name=text)
    found = only(run("doc.placeholder", doc))
    assert (found.table, found.severity) == ("T01", Severity.ERROR)


@pytest.mark.parametrize(
    "text",
    [
        "上海市普陀区生态环境局 2025 年度部门决算",
        "2023年度",
        "本年度",
        "Xinjiang 财政局",
        "十、节能环保支出",
    ],
)
def test_no_placeholder_in_real_text(text: str) -> None:
    doc = stated(nine(), "T01", unit_name=text, title=text)
    assert run("doc.placeholder", doc) == []


def test_placeholder_in_a_row_label_and_the_meta_title() -> None:
    t05 = coded("T05", ("201", "XX支出", "1.00"))
    doc = replace(disclosure(t05), meta=replace(disclosure().meta, title="XX局2024年度部门决算"))
    found = run("doc.placeholder", doc)
    assert {(f.table, f.row_key) for f in found} == {("", ""), ("T05", "201")}


def test_every_document_rule_is_registered() -> None:
    codes = {c for c in RULES if c.startswith("doc.")}
    assert codes == {
        "doc.tables_present",
        "doc.tables_once",
        "doc.table_blank",
        "doc.declared_empty",
        "doc.unit_name",
        "doc.year",
        "doc.money_unit",
        "doc.money_unit_scale",
        "doc.code_digits",
        "doc.code_kind",
        "doc.code_parent",
        "doc.code_name",
        "doc.reference_name",
        "doc.placeholder",
    }
    for code in codes:
        assert "document" in RULES[code].tags and RULES[code].title
    assert document.FIRST_YEAR_WITH_T09 == 2020


def test_a_statement_that_does_not_speak_of_the_table_declares_nothing() -> None:
    # A narrative sentence taken for the table's note (社会福利院 2024 budget, page 15).
    stray = replace(
        blank("T07", value="6.40"),
        declared_empty=True,
        empty_statement="要原因是无此项支出；公务用车运行费6.40万元，与2023年预算持平。",
    )
    with pytest.raises(NotApplicable):
        run("doc.declared_empty", disclosure(stray))
    # 万里街道 2024 budget, page 31: the 三公 table prints 47.91 under “故本表为空表”.
    real = replace(
        blank("T07", value="47.91"),
        declared_empty=True,
        empty_statement="注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。",
    )
    assert only(run("doc.declared_empty", disclosure(real))).severity is Severity.ERROR


def test_placeholder_in_a_table_note() -> None:
    noted = replace(
        blank("T08", value=None),
        notes=("说明：上海市普陀区XX局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",),
    )
    found = only(run("doc.placeholder", disclosure(noted)))
    assert (found.table, found.row_key) == ("T08", "")


@given(year=st.integers(min_value=2000, max_value=2099), space=st.sampled_from(["", " ", "  "]))
def test_a_full_year_is_never_a_placeholder_and_a_cut_one_always(year: int, space: str) -> None:
    assert document.placeholders_in(f"上海市普陀区生态环境局 {year}{space}年度部门决算") == []
    assert document.placeholders_in(f"上海市普陀区生态环境局 {str(year)[:3]}{space}年度部门决算")
