"""Title variants of other provinces and years (from the tables of contents in the corpus pages),
labels, and item-name normalisation as interface.md fixes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan.template.final import canonical_item, t07_key
from juesuan.template.titles import table_label_number, title_to_table_id

TITLES = [
    ("收入支出决算总表", "T01"),
    ("一、收入支出决算总表", "T01"),
    ("表 1:收入支出决算总表", "T01"),
    ("表一:收入支出决算总表", "T01"),
    ("一、收入支出决算表", "T01"),  # p026, 2022
    ("收入决算表", "T02"),
    ("支出决算表", "T03"),
    ("财政拨款收入支出决算总表", "T04"),
    ("四、财政拨款收入支出决算表", "T04"),
    ("一般公共预算财政拨款支出决算表", "T05"),
    ("一般公共预算财政拨款基本支出决算表", "T06"),
    ("七、一般公共预算财政拨款基本支出决算明细表", "T06"),
    ("财政拨款“三公”经费支出决算表", "T07"),
    ("表七:一般公共预算财政拨款安排的“三公”经费支出决算表", "T07"),
    ("政府性基金预算财政拨款收入支出决算表", "T08"),
    ("国有资本经营预算财政拨款支出决算表", "T09"),
    ("国有资本经营预算财政拨款收入支出决算表", "T09"),
    ("五、项目收入支出决算表", "X"),
    ("八、一般公共预算财政拨款项目支出决算明细表", "X"),
    ("九、政府性基金预算财政拨款基本支出决算表", "X"),
    ("十三、政府购买服务决算公开情况表", "X"),
    ("财务收支预算总表", "B01"),  # a budget title: B id, never a T id
    ("第五部分 2022年度部门决算表", None),
    ("上海市普陀区生态环境局 2025 年度部门决算表", None),
    ("十三、部门整体支出绩效自评表", None),
    ("二、收入决算情况说明", None),
]


@pytest.mark.parametrize(("title", "table_id"), TITLES)
def test_title_variants(title: str, table_id: str | None) -> None:
    assert title_to_table_id(title) == table_id


@pytest.mark.parametrize(
    ("label", "number"),
    [("公开01表", 1), ("公开09表", 9), ("表一", 1), ("附表1", 1), ("表十", 10), ("注：", None)],
)
def test_labels(label: str, number: int | None) -> None:
    assert table_label_number(label) == number


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
        ("使用非财政拨款结余（含专用结余）", "使用非财政拨款结余"),
        ("三、国有资本经营财政拨款", "国有资本经营预算财政拨款"),
        ("二十一、国有资本经营预算支出", "国有资本经营预算支出"),
        ("  一般公共预算财政拨款", "一般公共预算财政拨款"),
        ("本年收入合计", "本年收入合计"),
        ("(1)其他收入", "其他收入"),
    ],
)
def test_item_names(label: str, key: str) -> None:
    assert canonical_item(label) == key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("合    计", "合计"),
        ("1、因公出国（境）费", "因公出国（境）费"),
        ("3、公务用车购置及运行费", "公务用车购置及运行费"),
        ("公务用车购置及运行维护费", "公务用车购置及运行费"),
        ("其中:（1）公务用车运行维护费", "公务用车运行维护费"),
        ("公务用车运行费", "公务用车运行维护费"),
        ("（2）公务用车购置费", "公务用车购置费"),
    ],
)
def test_t07_keys(label: str, key: str) -> None:
    assert t07_key(label) == key


@given(
    st.sampled_from(["一、", "十二、", "1、", "（3）", "其中:", "其中：（1）", ""]),
    st.sampled_from(["事业收入", "经营收入", "其他收入", "卫生健康支出", "本年支出合计"]),
)
def test_ordinal_prefixes_never_change_the_key(prefix: str, name: str) -> None:
    assert canonical_item(prefix + name) == name
    assert canonical_item(prefix + " " + name + " ") == name
