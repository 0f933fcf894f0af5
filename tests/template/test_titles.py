"""Titles name tables by their own words: 预算 titles give B ids, 决算 titles T ids, the number a
title carries is no id, and extras stay X (variants from the Shanghai and Jiangsu budgets)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan.template.titles import kind_of_title, title_to_table_id

BUDGET_TITLES = [
    ("2025年部门财务收支预算总表", "B01"),
    ("收支预算总表", "B01"),
    ("2025年预算单位收入预算总表", "B02"),
    ("收入预算总表", "B02"),
    ("2025年部门支出预算总表", "B03"),
    ("2025年部门财政拨款收支预算总表", "B04"),
    ("财政拨款收支预算总表", "B04"),
    ("2025年部门一般公共预算支出功能分类预算表", "B05"),
    ("公开07表 一般公共预算支出预算表（功能科目）", "B05"),
    ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "B06"),
    ("一般公共预算基本支出预算表（经济科目）", "B06"),
    ("9．2025年部门“三公”经费和机关运行经费预算表", "B07"),
    ("“三公”经费、会议费、培训费支出预算表", "B07"),
    ("十一、一般公共预算“三公”经费、会议费、培训费支出预算表", "B07"),
    ("2025年部门政府性基金预算支出功能分类预算表", "B08"),
    ("财政拨款政府性基金支出预算表", "B08"),
    ("政府性基金预算财政拨款支出预算表", "B08"),
    ("2025年部门国有资本经营预算支出功能分类预算表", "B09"),
    # Jiangsu's extras
    ("财政拨款支出预算表（功能科目）", "X"),
    ("财政拨款基本支出预算表（经济科目）", "X"),
    ("一般公共预算机关运行经费支出预算表", "X"),
    ("2019年政府采购预算表", "X"),
    ("政府采购支出预算表", "X"),
    # headings are no tables
    ("第二部分2018年度部门预算表", None),
    ("2018年度部门预算表", None),
    ("部门预算项目（政策）支出绩效运行监控表（2023年度）", None),
]


@pytest.mark.parametrize(("title", "table_id"), BUDGET_TITLES)
def test_budget_titles(title: str, table_id: str | None) -> None:
    assert title_to_table_id(title) == table_id


def test_a_title_without_kind_words_takes_the_documents_kind() -> None:
    assert title_to_table_id("部门收支总表", kind="预算") == "B01"
    assert title_to_table_id("部门收入总表", kind="预算") == "B02"
    assert title_to_table_id("部门收支总表", kind="决算") == "X"


def test_fund_names_do_not_make_a_final_accounts_title_a_budget() -> None:
    assert kind_of_title("一般公共预算财政拨款支出决算表") == "决算"
    assert kind_of_title("一般公共预算支出预算表") == "预算"
    assert kind_of_title("政府性基金预算财政拨款收入支出决算表") == "决算"
    assert kind_of_title("财政拨款收支总表") is None


NAMES = st.sampled_from(
    [
        "收支",
        "收入",
        "支出",
        "财政拨款收支",
        "一般公共预算支出",
        "一般公共预算基本支出",
        "“三公”经费",
        "政府性基金预算支出",
        "国有资本经营预算支出",
        "政府采购",
        "财政拨款基本支出",
    ]
)


@given(name=NAMES, year=st.integers(2015, 2030), total=st.booleans())
def test_budget_titles_never_take_t_ids_and_final_titles_never_b_ids(
    name: str, year: int, total: bool
) -> None:
    suffix = "总表" if total else "表"
    budget = title_to_table_id(f"{year}年部门{name}预算{suffix}")
    final = title_to_table_id(f"{year}年度{name}决算{suffix}")
    assert budget is None or budget[0] in "BX"
    assert final is None or final[0] in "TX"
