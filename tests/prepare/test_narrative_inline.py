"""The 情况说明 from tiny inline data (facts typed here, figures worked out by hand)."""

from __future__ import annotations

from juesuan.model.money import MoneyUnit
from juesuan.prepare.facts_input import facts_to_disclosure
from juesuan.prepare.narrative import explanation

HEADER = "table,section,row_key,column,value,label\n"


def text_of(facts: str) -> str:
    data = (HEADER + facts).encode("utf-8")
    disclosure = facts_to_disclosure("inline.csv", data, "测试局", 2024, MoneyUnit.WAN)
    return "\n".join(b.text for b in explanation(disclosure, None, "测试局", 2024))


def test_a_class_without_items_is_explained_at_its_own_level() -> None:
    text = text_of(
        "T05,,合计,合计,30.00,合计\n"
        "T05,,201,合计,30.00,一般公共服务支出\n"
        "T05,,20101,合计,10.00,人大事务\n"
        "T05,,2010101,合计,10.00,行政运行\n"
        "T05,,20103,合计,20.00,政府办公厅（室）及相关机构事务\n"
    )
    assert "1、一般公共服务支出（类）人大事务（款）行政运行（项）。" in text
    assert "支出决算为10.00万元" in text
    assert "2、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）。" in text
    assert "支出决算为20.00万元" in text
    # 201: 30.00 of 30.00
    assert "一般公共服务支出（类）30.00万元，占100.00%。" in text


def test_sangong_without_a_budget_states_the_spending_once() -> None:
    text = text_of("T07,,合计,决算数,3.00,合计\nT07,,公务接待费,决算数,3.00,公务接待费\n")
    assert "“三公”经费财政拨款支出决算为3.00万元，其中：" in text
    assert "支出支出" not in text
    assert "完成预算" not in text
    # shares of the 3.00: 公务接待费 100.00 %
    assert "公务接待费支出决算3.00万元，占100.00%" in text


def test_sangong_over_budget_asks_for_the_reason() -> None:
    text = text_of(
        "T07,,合计,预算数,2.00,合计\n"
        "T07,,合计,决算数,2.50,合计\n"
        "T07,,因公出国（境）费,预算数,2.00,因公出国（境）费\n"
        "T07,,因公出国（境）费,决算数,2.50,因公出国（境）费\n"
    )
    # 2.50 / 2.00 = 125.00 %
    assert "年初预算为2.00万元，支出决算为2.50万元，完成预算的125.00%" in text
    assert "因公出国（境）费决算为2.50万元，完成预算的125.00%" in text
    assert "2024年度“三公”经费支出决算数大于预算数的主要原因：【待填写：主要原因】。" in text


def test_empty_fund_tables_and_no_sangong_are_said_so() -> None:
    text = text_of("T01,收入,总计,决算数,1.00,总计\n")
    assert "测试局2024年度无政府性基金预算财政拨款收入和支出。" in text
    assert "测试局2024年度无国有资本经营预算财政拨款收入和支出。" in text
    assert "测试局2024年度无“三公”经费财政拨款支出。" in text
