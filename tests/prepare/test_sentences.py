"""The 情况说明's standard sentences: changes, growth, shares and completion rates, checked
against a second computation (exact fractions) and against figures worked out by hand."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from prepare_kit import GOLDEN, SEED_UNIT

from juesuan.model.money import MoneyUnit
from juesuan.prepare import load_input, tables_only
from juesuan.prepare import sentences as s
from juesuan.prepare.document import build_outline

cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) / 100)


def half_up_hundredths(value: Fraction) -> Fraction:
    """value rounded to 0.01, halves away from zero (the template's 四舍五入), by integers."""
    scaled = value * 100
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 100)


@given(cents, cents)
def test_change_states_the_difference_and_the_rate(current: Decimal, previous: Decimal) -> None:
    text = s.change(current, previous, "万元")
    if current == previous:
        assert text == "持平"
        return
    match = re.fullmatch(r"(增加|减少)([\d.]+)万元，(增长|下降)([\d.]+)%", text)
    assert match, text
    assert (match.group(1) == "增加") == (current > previous) == (match.group(3) == "增长")
    assert Decimal(match.group(2)) == abs(current - previous)
    rate = half_up_hundredths(Fraction(abs(current - previous)) / Fraction(previous) * 100)
    assert Fraction(Decimal(match.group(4))) == rate


@given(cents, cents)
def test_share_is_rounded_half_up_at_two_decimals(part: Decimal, whole: Decimal) -> None:
    printed = s.percent(part, whole)
    assert printed is not None and re.fullmatch(r"\d+\.\d\d", printed)
    assert Fraction(Decimal(printed)) == half_up_hundredths(Fraction(part) / Fraction(whole) * 100)


def test_no_rate_without_a_base() -> None:
    assert s.percent(Decimal("5.00"), Decimal("0.00")) is None
    assert s.change(Decimal("5.00"), Decimal("0.00"), "万元") == "增加5.00万元"
    assert s.completion(Decimal("1.00"), None) == ""


def previous_year_facts(path: Path) -> Path:
    """Last year's facts for the seed's unit: the seed's typed facts with four amounts changed."""
    changes = {
        ("T01", "收入", "总计", "决算数"): "1000.00",
        ("T05", "", "合计", "合计"): "1200.00",
        ("T07", "", "合计", "决算数"): "2.00",
        ("T07", "", "公务用车购置及运行费", "决算数"): "2.00",
    }
    rows = list(csv.DictReader((GOLDEN / "seed_facts.csv").open(encoding="utf-8")))
    for row in rows:
        row["value"] = changes.get(
            (row["table"], row["section"], row["row_key"], row["column"]), row["value"]
        )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def seed_explanation(previous: Path | None) -> str:
    current = tables_only(
        load_input(str(GOLDEN / "seed_facts.csv"), SEED_UNIT, 2023, MoneyUnit.WAN)
    )
    last = (
        tables_only(load_input(str(previous), SEED_UNIT, 2022, MoneyUnit.WAN)) if previous else None
    )
    return "\n".join(block.text for block in build_outline(current, last).explanation)


def test_year_over_year_sentences_from_the_previous_disclosure(tmp_path: Path) -> None:
    text = seed_explanation(previous_year_facts(tmp_path / "2022.csv"))
    # 1081.09 − 1000.00 = 81.09; 81.09 / 1000.00 = 8.109 % → 8.11 %
    assert (
        f"{SEED_UNIT}2023年度收入支出总计1081.09万元。与2022年度相比，收入支出总计增加81.09万元，增长8.11%。主要原因：【待填写：主要原因】。"
        in text
    )
    # T04 总计 unchanged
    assert "与2022年度相比，财政拨款收入支出总计持平。" in text
    # 1081.09 − 1200.00 = −118.91; 118.91 / 1200.00 = 9.909 % → 9.91 %
    assert "与2022年度相比，一般公共预算财政拨款支出减少118.91万元，下降9.91%。" in text
    # 三公 1.50 against 2.00: 0.50 less, 25.00 %; the vehicles the same; the others 0 → 0
    assert "2023年度“三公”经费财政拨款支出决算数比2022年度减少0.50万元，下降25.00%，其中：" in text
    assert "公务用车购置及运行维护费支出决算减少0.50万元，下降25.00%" in text


def test_without_the_previous_disclosure_the_change_is_a_placeholder() -> None:
    text = seed_explanation(None)
    assert (
        "与2022年度相比，收入支出总计【待填写：与上年比较的增减情况（未提供2022年度决算）】。"
        in text
    )
    assert "增长" not in text.split("\n")[1]


def test_seed_shares_and_sangong_budget_completion() -> None:
    text = seed_explanation(None)
    # T03 合计: 基本支出 75.20 / 1081.09 = 6.956 % → 6.96 %; 项目支出 1005.89 → 93.04 %
    assert (
        "本年支出合计1081.09万元，其中：基本支出75.20万元，占6.96%；项目支出1005.89万元，占93.04%。"
        in text
    )
    # T07: 预算数 1.50, 决算数 1.50 → 100.00 %
    assert "“三公”经费财政拨款支出年初预算为1.50万元，支出决算为1.50万元，完成预算的100.00%" in text
    assert "2023年度“三公”经费支出决算数与预算数持平。" in text
    # T06: 人员经费合计 62.45, 公用经费合计 12.75 (typed)
    assert "一般公共预算财政拨款基本支出75.20万元。其中：人员经费62.45万元" in text
    assert "公用经费12.75万元" in text
    assert f"{SEED_UNIT}2023年度无政府性基金预算财政拨款收入和支出。" in text


def test_placeholders_hold_no_amount_a_parser_could_take(tmp_path: Path) -> None:
    """Every number the 情况说明 states comes from the data: none hides inside 【待填写：…】."""
    for text in (seed_explanation(None), seed_explanation(previous_year_facts(tmp_path / "p.csv"))):
        placeholders = re.findall(r"【待填写：[^】]*】", text)
        assert placeholders
        assert not [p for p in placeholders if re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|%)", p)]
