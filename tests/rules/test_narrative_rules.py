"""Narrative rules: a passing and a failing sentence per rule, the corpus documents as printed,
mutations of their sentences, and the errors planted in the seeded copy of 财政局 2024."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tablekit import code_row, row, table
from tablekit import disclosure as table_disclosure

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.findings import Finding, Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.narrative import NarrativeSection
from juesuan.model.source import Source
from juesuan.pipeline import read
from juesuan.recognise.statements import narrative_statements
from juesuan.report.render import render_html, render_json, render_text
from juesuan.rules.engine import run_rules
from juesuan.rules.narrative import previous_year_findings

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
SEEDED = CORPUS / "final" / "putuo_caizhengju_2024_final_seeded_errors.pdf"
SHENGTAI = CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"


def with_narrative(base: Disclosure, *paragraphs: tuple[str, str]) -> Disclosure:
    """The disclosure with these (title, text) sections as its narrative, statements re-read."""
    sections = tuple(
        NarrativeSection(title, text, Source("inline.txt", line=100 + i))
        for i, (title, text) in enumerate(paragraphs)
    )
    return dataclasses.replace(base, narrative=sections, statements=narrative_statements(sections))


def narrative_findings(disclosure: Disclosure, code: str = "narrative.*") -> list[Finding]:
    report = run_rules(disclosure, select=frozenset({code}))
    return [f for f in report.findings if f.rule.startswith("narrative.")]


def errors(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.rule == code and f.severity is Severity.ERROR]


def bare() -> Disclosure:
    return Disclosure(
        path="inline.txt",
        format="text",
        sha256="0" * 64,
        meta=Metadata(unit_name="测试局", year=2024, money_unit=MoneyUnit.WAN),
    )


# --------------------------------------------------------------------------- inline: each rule


def test_amount_against_its_table_cell_with_the_prose_precision() -> None:
    t01 = table("T01", ["决算数"], [row("总计", {"决算数": "2995.39"}, section="收入")])
    good = with_narrative(
        table_disclosure(t01), ("一、总体", "本局2023年度收入支出总计2995.4万元。")
    )
    assert not errors(narrative_findings(good), "narrative.amount_vs_table")
    bad = with_narrative(
        table_disclosure(t01), ("一、总体", "本局2023年度收入支出总计2995.5万元。")
    )
    (found,) = errors(narrative_findings(bad), "narrative.amount_vs_table")
    assert (found.table, found.row_key, found.column) == ("T01", "总计", "决算数")
    assert found.expected == Decimal("2995.39") and found.actual == Decimal("2995.5")
    assert found.tolerance == Decimal("0.1")  # one unit of the prose's last digit
    assert found.quote == "本局2023年度收入支出总计2995.5万元。"


def test_a_truncated_amount_is_a_rounding_difference_not_an_error() -> None:
    """Regression (putuo_caizhengju_dept_2025_budget.pdf p. 7): 87.70万元 printed for B05's
    877,080.00元 (87.708万元, cut instead of rounded) is within one unit of the prose's last digit:
    an info (尾差), as two amounts meant to be equal are compared everywhere."""
    b05 = table("B05", ["合计"], [row("合计", {"合计": "877080.00"})])
    b05 = dataclasses.replace(b05, unit=MoneyUnit.YUAN)
    base = dataclasses.replace(
        table_disclosure(b05),
        meta=Metadata(unit_name="测试局", year=2025, money_unit=MoneyUnit.YUAN, kind="预算"),
    )
    cut = with_narrative(base, ("（一）一般公共预算", "一般公共预算拨款支出预算87.70万元。"))
    found = narrative_findings(cut, "narrative.amount_vs_table")
    assert [f.severity for f in found] == [Severity.INFO]
    off = with_narrative(base, ("（一）一般公共预算", "一般公共预算拨款支出预算87.60万元。"))
    assert errors(narrative_findings(off), "narrative.amount_vs_table")


def test_amount_in_yuan_against_a_wan_table_converts_exactly() -> None:
    t01 = table("T01", ["决算数"], [row("总计", {"决算数": "2995.39"}, section="收入")])
    good = with_narrative(table_disclosure(t01), ("一、总体", "本局收入支出总计29953900元。"))
    assert not narrative_findings(good, "narrative.amount_vs_table")


def test_yuan_written_for_wan_is_a_unit_error_not_an_amount_error() -> None:
    t01 = table("T01", ["决算数"], [row("总计", {"决算数": "2995.39"}, section="收入")])
    bad = with_narrative(table_disclosure(t01), ("一、总体", "本局收入支出总计2995.39元。"))
    found = narrative_findings(bad)
    assert errors(found, "narrative.unit")
    assert not errors(found, "narrative.amount_vs_table")


def test_no_number_is_compared_with_a_cell_of_another_meaning() -> None:
    """机关运行经费 and an unplaced amount have no cell; 人员经费 goes to T06 人员经费合计 only."""
    t06 = table(
        "T06",
        ["决算数"],
        [row("人员经费合计", {"决算数": "100.00"}), row("公用经费合计", {"决算数": "50.00"})],
    )
    base = table_disclosure(t06)
    prose = with_narrative(
        base,
        ("六、基本支出", "其中：人员经费100.00万元；公用经费50.00万元。"),
        ("（一）机关运行经费", "机关运行经费支出50.00万元。涉及某资金100.00万元。"),
    )
    assert not errors(narrative_findings(prose), "narrative.amount_vs_table")
    swapped = with_narrative(
        base, ("六、基本支出", "其中：人员经费50.00万元；公用经费100.00万元。")
    )
    found = errors(narrative_findings(swapped), "narrative.amount_vs_table")
    assert {(f.row_key, f.actual) for f in found} == {
        ("人员经费合计", Decimal("50.00")),
        ("公用经费合计", Decimal("100.00")),
    }


def test_share_recomputed_at_printed_precision() -> None:
    text = (
        "本年支出合计2940.05万元，其中：基本支出2336.91万元，占{}%；项目支出603.14万元，占20.51%。"
    )
    good = with_narrative(bare(), ("三、支出", text.format("79.49")))
    assert not narrative_findings(good, "narrative.share")
    bad = with_narrative(bare(), ("三、支出", text.format("79.59")))
    (found,) = errors(narrative_findings(bad, "narrative.share"), "narrative.share")
    assert (found.expected, found.actual) == (Decimal("79.49"), Decimal("79.59"))


def test_completion_rate() -> None:
    text = (
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的{}%。"
    )
    assert not narrative_findings(with_narrative(bare(), ("（三）具体", text.format("98.20"))))
    bad = with_narrative(bare(), ("（三）具体", text.format("98.30")))
    assert errors(narrative_findings(bad), "narrative.completion")


def test_change_and_growth_rate() -> None:
    text = "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长{}%。"
    assert not narrative_findings(
        with_narrative(bare(), ("（一）机关运行经费", text.format("1.40")))
    )
    bad = with_narrative(bare(), ("（一）机关运行经费", text.format("1.50")))
    assert errors(narrative_findings(bad), "narrative.change_rate")


def test_direction_words() -> None:
    ok = "收入支出总计3000.00万元。与2023年度相比，收入支出总计减少56.95万元，下降1.86%。"
    assert not narrative_findings(with_narrative(bare(), ("一、总体", ok)))
    opposite = ok.replace("下降", "增长")
    assert errors(
        narrative_findings(with_narrative(bare(), ("一、总体", opposite))), "narrative.direction"
    )
    level = "公务接待费支出决算0.50万元，比2023年度持平，变动0.10万元。"
    flat = with_narrative(
        bare(), ("（一）三公", "公务接待费支出决算减少为0.00万元，与2023年持平。")
    )
    assert errors(narrative_findings(flat), "narrative.direction")
    assert level  # 持平 with a change amount is covered by the corpus test below


def test_budget_comparison_words() -> None:
    text = "1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1560.05万元，支出决算为1511.89万元。决算数{}预算数的主要原因：人员减少。"
    assert not narrative_findings(with_narrative(bare(), ("（三）具体", text.format("小于"))))
    for word in ("大于", "等于"):
        bad = with_narrative(bare(), ("（三）具体", text.format(word)))
        assert errors(narrative_findings(bad), "narrative.budget_comparison"), word


def test_procurement_parts_add_up() -> None:
    text = "政府采购金额为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、服务采购金额{}万元。"
    found = narrative_findings(with_narrative(bare(), ("（二）政府采购", text.format("246.47"))))
    assert [f.severity for f in found if f.rule == "narrative.sum"] == [Severity.INFO]
    bad = with_narrative(bare(), ("（二）政府采购", text.format("236.47")))
    assert errors(narrative_findings(bad), "narrative.sum")


def test_sangong_items_add_up() -> None:
    text = (
        "“三公”经费财政拨款支出决算为{}万元，其中：因公出国（境）费决算为0.00万元；"
        "公务用车购置及运行维护费支出决算为16.95万元；公务接待费支出决算为0.50万元。"
    )
    assert not narrative_findings(
        with_narrative(bare(), ("（一）三公", text.format("17.45"))), "narrative.sum"
    )
    assert errors(
        narrative_findings(with_narrative(bare(), ("（一）三公", text.format("17.95")))),
        "narrative.sum",
    )


def test_placeholders_in_the_prose() -> None:
    bad = with_narrative(bare(), ("六、其他", "财政拨款收入支出增加（减少）的主要原因是XX。"))
    (found,) = errors(narrative_findings(bad), "narrative.placeholder")
    assert "“增加（减少）”“XX”" in found.message
    ok = with_narrative(bare(), ("六、其他", "财政拨款收入支出增加的主要原因是业务量增加。"))
    assert not narrative_findings(ok, "narrative.placeholder")


def test_the_year_of_a_document_number_is_no_placeholder() -> None:
    """Regression (putuo_wanli_jiedao_2023–2025 budgets, 立项依据): 沪府规【2016】168号 cites a
    document; its 【2016】 was taken for a template mark left in the prose."""
    cited = with_narrative(
        bare(), ("二、立项依据", "根据沪府规【2016】168号文、普府【2017】第12号文，建设本工程。")
    )
    assert not narrative_findings(cited, "narrative.placeholder")
    left = with_narrative(bare(), ("二、立项依据", "根据【文件名称】，建设本工程。"))
    assert errors(narrative_findings(left), "narrative.placeholder")


def test_a_budgets_sangong_budget_is_compared_with_its_own_cell() -> None:
    """In a 预算 "三公经费预算数为X" states the B07 cell itself (there is no other 预算数 column)."""
    b07 = table("B07", ["预算数"], [row("合计", {"预算数": "0.95"})])
    base = dataclasses.replace(
        table_disclosure(b07),
        meta=Metadata(unit_name="测试局", year=2025, money_unit=MoneyUnit.WAN, kind="预算"),
    )
    text = "2025年“三公”经费预算数为{}万元，与2024年预算持平。"
    good = with_narrative(base, ("一、2025年“三公”经费预算情况说明", text.format("0.95")))
    assert not narrative_findings(good, "narrative.amount_vs_table")
    bad = with_narrative(base, ("一、2025年“三公”经费预算情况说明", text.format("9.50")))
    (found,) = errors(narrative_findings(bad), "narrative.amount_vs_table")
    assert found.table == "B07" and found.expected == Decimal("0.95")


def budget_with_items(fund_amount: str | None) -> Disclosure:
    """A 预算 whose B05 lists 201/20106/2010601 行政运行 1623.18万元, and whose B08 (政府性基金)
    prints ``fund_amount`` (None: an empty table) and B09 nothing."""
    rows = [
        dataclasses.replace(code_row(code, {"合计": "1623.18"}), label=label)
        for code, label in (
            ("201", "一般公共服务支出"),
            ("20106", "财政事务"),
            ("2010601", "行政运行"),
        )
    ]
    b05 = table("B05", ["合计"], [row("合计", {"合计": "1623.18"}), *rows])
    b08 = table("B08", ["合计"], [row("合计", {"合计": fund_amount})])
    b09 = table("B09", ["合计"], [row("合计", {"合计": None})])
    return dataclasses.replace(
        table_disclosure(b05, b08, b09),
        meta=Metadata(unit_name="测试局", year=2025, money_unit=MoneyUnit.WAN, kind="预算"),
    )


def test_a_budgets_items_of_fiscal_spending_are_compared_with_b05_when_all_is_general() -> None:
    """In a 预算编制说明 the items of 财政拨款支出 are B05 rows when B08 and B09 print no amount."""
    text = (
        "财政拨款支出主要内容如下：1.“一般公共服务支出（类）财政事务（款）行政运行（项）”{}万元。"
    )
    title = "2025年部门预算编制说明"
    same = with_narrative(budget_with_items(None), (title, text.format("1,623.18")))
    assert not narrative_findings(same, "narrative.amount_vs_table")
    typo = with_narrative(budget_with_items(None), (title, text.format("1,632.18")))
    (found,) = errors(narrative_findings(typo), "narrative.amount_vs_table")
    assert (found.table, found.row_key) == ("B05", "2010601")
    # 政府性基金 money in B08: 财政拨款 is not all 一般公共预算, the item is not placed in B05
    funds = with_narrative(budget_with_items("5.00"), (title, text.format("1,632.18")))
    assert not narrative_findings(funds, "narrative.amount_vs_table")


def budget_b01(*extra: tuple[str, str, str]) -> Disclosure:
    """A 预算 whose B01 prints 收入/支出 总计 100.00万元 (Shanghai: no 本年…合计 row), and ``extra``
    rows (section, key, amount)."""
    rows = [
        row("总计", {"预算数": "100.00"}, section="收入"),
        row("总计", {"预算数": "100.00"}, section="支出"),
        *(row(key, {"预算数": amount}, section=section) for section, key, amount in extra),
    ]
    return dataclasses.replace(
        table_disclosure(table("B01", ["预算数"], rows)),
        meta=Metadata(unit_name="测试局", year=2025, money_unit=MoneyUnit.WAN, kind="预算"),
    )


def test_a_budgets_income_and_spending_are_b01_totals_when_nothing_is_carried_over() -> None:
    """“测试局收入预算X万元” / “支出预算X万元” state the year's income and spending: B01's 总计
    where B01 prints no 本年…合计 and nothing carried over (they were left unplaced before)."""
    title = "2025年部门预算编制说明"
    text = "2025年，测试局收入预算{0}万元，其中：财政拨款收入{0}万元。支出预算{0}万元。"
    same = with_narrative(budget_b01(), (title, text.format("100.00")))
    assert not narrative_findings(same, "narrative.amount_vs_table")
    assert not narrative_findings(same, "narrative.unplaced")
    typo = with_narrative(budget_b01(), (title, text.format("110.00")))
    found = errors(narrative_findings(typo), "narrative.amount_vs_table")
    assert {(f.table, f.section, f.row_key) for f in found} >= {
        ("B01", "收入", "总计"),
        ("B01", "支出", "总计"),
    }
    # with money carried over, 总计 is more than the year's income: not compared, never guessed
    carried = budget_b01(("收入", "上年结转", "10.00"))
    typo = with_narrative(carried, (title, text.format("110.00")))
    assert not any(
        f.row_key == "总计" for f in narrative_findings(typo, "narrative.amount_vs_table")
    )


def test_years() -> None:
    good = with_narrative(bare(), ("（三）国有资产", "截至2024年12月31日，本局共有车辆2辆。"))
    assert not narrative_findings(good, "narrative.year")
    bad = with_narrative(bare(), ("（三）国有资产", "截至2023年12月31日，本局共有车辆2辆。"))
    assert errors(narrative_findings(bad), "narrative.year")
    compared = with_narrative(
        bare(), ("一、总体", "收入支出总计100.00万元。与2024年度相比，收入支出总计持平。")
    )
    assert errors(narrative_findings(compared), "narrative.year")


def test_previous_year_statement_against_last_years_table() -> None:
    this = with_narrative(
        table_disclosure(
            table("T01", ["决算数"], [row("总计", {"决算数": "2995.39"}, section="收入")])
        ),
        (
            "一、总体",
            "收入支出总计2995.39万元。与2022年度相比，收入支出总计减少56.95万元，下降1.87%。",
        ),
    )
    this = dataclasses.replace(this, meta=dataclasses.replace(this.meta, year=2023))
    last = table_disclosure(
        table("T01", ["决算数"], [row("总计", {"决算数": "3052.34"}, section="收入")])
    )
    last = dataclasses.replace(last, meta=dataclasses.replace(last.meta, year=2022))
    assert not list(previous_year_findings(this, last))
    wrong = table_disclosure(
        table("T01", ["决算数"], [row("总计", {"决算数": "3152.34"}, section="收入")])
    )
    wrong = dataclasses.replace(wrong, meta=dataclasses.replace(wrong.meta, year=2022))
    (found,) = previous_year_findings(this, wrong)
    assert found.severity is Severity.ERROR and found.expected == Decimal("3152.34")


@settings(max_examples=60, deadline=None)
@given(
    part=st.integers(min_value=1, max_value=10**7),
    rest=st.integers(min_value=1, max_value=10**7),
)
def test_rounded_consistent_shares_never_give_an_error(part: int, rest: int) -> None:
    """Amounts in 元 printed in 万元 to 2 places, shares rounded from the exact values: never an
    error, whatever the rounding did."""
    whole = part + rest

    def wan(value: int) -> str:
        return str((Decimal(value) / 10000).quantize(Decimal("0.01")))

    share = (Decimal(part) / whole * 100).quantize(Decimal("0.01"))
    other = (Decimal(rest) / whole * 100).quantize(Decimal("0.01"))
    text = f"本年支出合计{wan(whole)}万元，其中：基本支出{wan(part)}万元，占{share}%；项目支出{wan(rest)}万元，占{other}%。"
    found = narrative_findings(with_narrative(bare(), ("三、支出", text)), "narrative.share*")
    assert not [f for f in found if f.severity is Severity.ERROR]


# --------------------------------------------------------------------------- corpus as printed


@cache
def document(path: Path) -> Disclosure:
    return read(path)


def corpus_errors(path: Path) -> list[tuple[str, str]]:
    return [
        (f.rule, f.source)
        for f in narrative_findings(document(path))
        if f.severity is Severity.ERROR
    ]


def test_caizhengju_narrative_errors_are_its_real_defects() -> None:
    """page 21: 财政拨款收入支出总计 printed 0.3万元 (T04 总计 2,961.68); 一般公共服务支出（类）
    2106.66 of 2940.05 printed as 71.73% (it is 71.65%; the four shares add to 100.07%)."""
    assert sorted(corpus_errors(CAIZHENGJU)) == [
        ("narrative.amount_vs_table", "page 21"),
        ("narrative.share", "page 21"),
    ]


def test_shengtai_narrative_errors_are_its_real_defects() -> None:
    """line 557: 减少为0.00万元 beside 与2024年持平; line 602: 4.68 on 180.73 is 2.59%, printed 2.60%."""
    assert sorted(corpus_errors(SHENGTAI)) == [
        ("narrative.change_rate", "page 28 line 602"),
        ("narrative.direction", "page 26 line 557"),
    ]


def test_seeded_copy_planted_narrative_errors_are_each_found() -> None:
    """Planted (compare with the original, tests/golden/caizhengju_2024_seeded_diff.md): the
    part heading says 2023年度, 收入支出总计 0万元, 决算数大于预算数 for 行政运行 and 职业年金,
    决算数等于预算数 for 行政单位医疗, 截至2023年12月31日."""
    found = {
        (f.rule, f.source, f.quote.replace(" ", "")[:12])
        for f in narrative_findings(document(SEEDED))
        if f.severity is Severity.ERROR
    }
    rules = {(rule, source) for rule, source, _ in found}
    assert ("narrative.year", "page 18") in rules  # 2023年度部门决算情况说明
    assert ("narrative.amount_vs_table", "page 18") in rules  # 收入支出总计 0万元
    assert ("narrative.year", "page 24") in rules  # 截至2023年12月31日
    comparisons = [
        f for f in narrative_findings(document(SEEDED)) if f.rule == "narrative.budget_comparison"
    ]
    said = sorted(f.message.split("“")[-1].split("”")[0] for f in comparisons)
    assert said == ["决算数大于预算数", "决算数大于预算数", "等于"]
    assert {f.source for f in comparisons} == {"page 19", "page 20", "page 21"}


# --------------------------------------------------------------------------- mutations


def mutated_text(path: Path, old: str, new: str, tmp_path: Path) -> Disclosure:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    copy = tmp_path / path.name
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return read(copy)


def mutated_pdf(path: Path, old: str, new: str) -> Disclosure:
    """The PDF's recognised narrative with one sentence changed, statements read again."""
    base = document(path)
    sections = []
    changed = False
    for section in base.narrative:
        squeezed = section.text
        if not changed and old in squeezed:
            squeezed, changed = squeezed.replace(old, new, 1), True
        sections.append(dataclasses.replace(section, text=squeezed))
    assert changed, old
    return dataclasses.replace(
        base, narrative=tuple(sections), statements=narrative_statements(tuple(sections))
    )


MUTATIONS_PAGETEXT = [
    (
        "本年收入合计 4733.14 万元",
        "本年收入合计 4833.14 万元",
        "narrative.amount_vs_table",
        "line 412",
    ),
    ("占 71.10%", "占 72.10%", "narrative.share", "line 415"),
    ("增长\n1.94%", "增长\n2.94%", "narrative.change_rate", "line 409"),
    ("完成年初预算的 102.27%", "完成年初预算的 103.27%", "narrative.completion", "line 433"),
    ("完成预算的 80.71%", "完成预算的 81.71%", "narrative.completion", "line 547"),
    (
        "节能环保支出（类）3742.47",
        "节能环保支出（类）3752.47",
        "narrative.amount_vs_table",
        "line 430",
    ),
    ("经费 2949.02 万元", "经费 2949.92 万元", "narrative.amount_vs_table", "line 534"),
    ("服务采购金额 363.77 万元", "服务采购金额 353.77 万元", "narrative.sum", "line 606"),
]


def test_changed_amounts_shares_and_rates_in_page_text_each_get_an_error(tmp_path: Path) -> None:
    for old, new, rule, line in MUTATIONS_PAGETEXT:
        if not rule:
            continue
        found = errors(narrative_findings(mutated_text(SHENGTAI, old, new, tmp_path)), rule)
        assert any(f.source.endswith(line) for f in found), (old, new, found)


def test_changed_sentences_in_the_pdf_each_get_an_error() -> None:
    cases = [
        ("本年收入合计2946.25万元", "本年收入合计2956.25万元", "narrative.amount_vs_table"),
        ("占79.49%", "占78.49%", "narrative.share"),
        ("下降1.87%", "下降1.97%", "narrative.change_rate"),
        ("完成年初预算的98.20%", "完成年初预算的99.20%", "narrative.completion"),
        ("增长1.40%", "增长1.90%", "narrative.change_rate"),
        ("公用经费184.65万元", "公用经费194.65万元", "narrative.amount_vs_table"),
    ]
    for old, new, rule in cases:
        found = errors(narrative_findings(mutated_pdf(CAIZHENGJU, old, new)), rule)
        assert any(new.replace(" ", "") in f.quote.replace(" ", "") for f in found), (old, found)


def test_removing_a_required_sangong_disclosure_gets_the_finding(tmp_path: Path) -> None:
    base = narrative_findings(document(SHENGTAI), "narrative.disclosure")
    assert not base
    removed = mutated_text(SHENGTAI, "团组 0 个、累计 0 人次", "", tmp_path)
    assert not any(s.subject == "因公出国团组数" for s in removed.statements)
    found = narrative_findings(removed, "narrative.disclosure")
    assert any("团组数和人次" in f.message and f.severity is Severity.WARNING for f in found)
    removed = mutated_text(SHENGTAI, "公务用车保有量为 9 辆", "公务用车情况见上", tmp_path)
    assert any("保有量" in f.message for f in narrative_findings(removed, "narrative.disclosure"))
    removed = mutated_text(SHENGTAI, "接待外宾 0 批次、0 人次", "无接待", tmp_path)
    assert any(
        "批次和人次" in f.message for f in narrative_findings(removed, "narrative.disclosure")
    )


# --------------------------------------------------------------------------- reports


def test_reports_show_the_quote_source_and_cell() -> None:
    report = run_rules(document(CAIZHENGJU), select=frozenset({"narrative.*"}))
    data = json.loads(render_json([report]))
    (finding,) = [
        f for f in data["documents"][0]["findings"] if f["rule"] == "narrative.amount_vs_table"
    ]
    assert (
        finding["quote"].replace(" ", "")
        == "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。"
    )
    assert (finding["table"], finding["row_key"], finding["column"]) == ("T04", "总计", "决算数")
    assert (finding["expected"], finding["actual"], finding["source"]) == (
        "2961.68",
        "0.3",
        "page 21",
    )
    text = render_text([report])
    assert "原文（第21页）：“上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。”" in text
    assert "财政拨款收入支出总计0.3万元" in render_html([report])


CAIZHENGJU_BUDGET = CORPUS / "budget" / "putuo_caizhengju_dept_2025_budget.pdf"


def test_changed_sentences_in_a_budget_pdf_each_get_an_error() -> None:
    """The budget's narrative (财政局 2025, pp. 7 and 22) is checked like a 决算's: each changed
    amount gets an error on its sentence (the original sentences give none)."""
    cases = [
        ("财政局收入预算3,121.42万元", "财政局收入预算3,131.42万元", "narrative.amount_vs_table"),
        ("财政拨款收入3,121.42万元", "财政拨款收入3,131.42万元", "narrative.amount_vs_table"),
        (
            "一般公共预算拨款支出预算3,121.42万元",
            "一般公共预算拨款支出预算3,131.42万元",
            "narrative.amount_vs_table",
        ),
        ("行政运行（项）”1,623.18万元", "行政运行（项）”1,633.18万元", "narrative.amount_vs_table"),
        ("政府采购货物预算17.00万元", "政府采购货物预算27.00万元", "narrative.sum"),
        (
            "机关运行经费预算为229.43万元",
            "机关运行经费预算为239.43万元",
            "narrative.amount_vs_table",
        ),
    ]
    original = narrative_findings(document(CAIZHENGJU_BUDGET))
    for old, new, rule in cases:
        assert not any(old in f.quote for f in errors(original, rule)), old
        found = errors(narrative_findings(mutated_pdf(CAIZHENGJU_BUDGET, old, new)), rule)
        assert any(new in f.quote for f in found), (old, found)
