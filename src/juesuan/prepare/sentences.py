"""The catalogue of the 情况说明's standard sentences, in the shapes of the official template.

Every sentence the preparer writes is made here, from numbers only, so that a parser of the
template's standard sentences (and the narrative checks) can place each one, and so that the
wording can be aligned with that parser in one place. What numbers cannot say is a marked
placeholder 【待填写：…】 for the preparer to complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

PERCENT = Decimal("0.01")


def placeholder(what: str) -> str:
    return f"【待填写：{what}】"


REASON = placeholder("主要原因")
USE = placeholder("主要用途")


def amount(value: Decimal) -> str:
    """An amount in prose: no thousands separators, its printed precision (2995.39)."""
    return f"{value:f}"


def percent(part: Decimal, whole: Decimal) -> str | None:
    """part/whole as a percentage at two decimals (half up); None when whole is zero."""
    if not whole:
        return None
    return f"{(part / whole * 100).quantize(PERCENT, rounding=ROUND_HALF_UP):f}"


def money(value: Decimal, unit: str) -> str:
    return f"{amount(value)}{unit}"


# --- changes against last year ------------------------------------------------------------


def change(current: Decimal, previous: Decimal, unit: str, falls_first: bool = False) -> str:
    """增加X万元，增长Y% / 减少X万元，下降Y% / 持平 (the template's 增加（减少）… 增长（下降）…)."""
    difference = current - previous
    if not difference:
        return "持平"
    verb, rate_word = ("增加", "增长") if difference > 0 else ("减少", "下降")
    text = f"{verb}{money(abs(difference), unit)}"
    rate = percent(abs(difference), abs(previous))
    return text + (f"，{rate_word}{rate}%" if rate is not None else "")


def compared(year: int, subject: str, current: Decimal, previous: Decimal | None, unit: str) -> str:
    """与2023年度相比，<subject>增加…，增长…%。 or a placeholder without last year's figure."""
    if previous is None:
        return f"与{year - 1}年度相比，{subject}{placeholder(f'与上年比较的增减情况（未提供{year - 1}年度决算）')}。"
    return f"与{year - 1}年度相比，{subject}{change(current, previous, unit)}。"


def reason_sentence() -> str:
    return f"主要原因：{REASON}。"


# --- 一、收入支出决算总体情况 / 四、财政拨款收入支出决算总体情况 ---------------------------------


def grand_total(unit_name: str, year: int, subject: str, total: Decimal, unit: str) -> str:
    """上海市XX局2024年度收入支出总计XXX万元。"""
    return f"{unit_name}{year}年度{subject}总计{money(total, unit)}。"


# --- 二、收入 / 三、支出: totals and their parts with shares ---------------------------------


def parts_with_shares(
    subject: str, total: Decimal, parts: Sequence[tuple[str, Decimal]], unit: str
) -> str:
    """本年收入合计XXX万元，其中：财政拨款收入XXX万元，占XX%；事业收入XXX万元，占XX%。"""
    items = []
    for name, value in parts:
        share = percent(value, total)
        items.append(f"{name}{money(value, unit)}" + (f"，占{share}%" if share else ""))
    text = f"{subject}{money(total, unit)}"
    return text + ("，其中：" + "；".join(items) if items else "") + "。"


# --- 五、一般公共预算财政拨款支出 -----------------------------------------------------------------


def share_of_total(subject: str, value: Decimal, whole_name: str, whole: Decimal, unit: str) -> str:
    """一般公共预算财政拨款支出XXX万元，占本年支出合计的XX%。"""
    share = percent(value, whole)
    tail = f"，占{whole_name}的{share}%" if share is not None else ""
    return f"{subject}{money(value, unit)}{tail}。"


def structure(
    subject: str, total: Decimal, classes: Sequence[tuple[str, Decimal]], unit: str
) -> str:
    """一般公共预算财政拨款支出XXX万元，主要用于以下方面：教育支出（类）XXX万元，占XX%；…。"""
    items = []
    for name, value in classes:
        share = percent(value, total)
        items.append(f"{name}（类）{money(value, unit)}" + (f"，占{share}%" if share else ""))
    return f"{subject}{money(total, unit)}，主要用于以下方面：" + "；".join(items) + "。"


def budget_completion(subject: str, spent: Decimal, unit: str) -> str:
    """…年初预算为XXX万元，支出决算为XXX万元，完成年初预算的XX%。 (年初预算 is not in the tables)"""
    return (
        f"{subject}年初预算为{placeholder('年初预算数')}{unit}，支出决算为{money(spent, unit)}，"
        f"完成年初预算的{placeholder('完成率')}%。决算数与预算数的差异及主要原因：{REASON}。其中："
    )


def item_detail(number: int, names: Sequence[str], spent: Decimal, unit: str) -> str:
    """1、教育支出（类）普通教育（款）初中教育（项）。主要用于：…。年初预算为…，支出决算为XXX万元。"""
    levels = "".join(
        f"{name}（{level}）" for name, level in zip(names, ("类", "款", "项"), strict=False)
    )
    return (
        f"{number}、{levels}。主要用于：{USE}。年初预算为{placeholder('年初预算数')}{unit}，"
        f"支出决算为{money(spent, unit)}。决算数与预算数的差异及主要原因：{REASON}。"
    )


# --- 六、基本支出 -----------------------------------------------------------------------------


def basic_spending(
    total: Decimal,
    personnel: Decimal | None,
    personnel_items: Sequence[str],
    public: Decimal | None,
    public_items: Sequence[str],
    unit: str,
) -> str:
    """一般公共预算财政拨款基本支出XXX万元。其中：人员经费XXX万元，主要包括：…；公用经费XXX万元，主要包括：…。"""
    parts = []
    if personnel is not None:
        parts.append(f"人员经费{money(personnel, unit)}" + included(personnel_items))
    if public is not None:
        parts.append(f"公用经费{money(public, unit)}" + included(public_items))
    tail = "其中：" + "；".join(parts) + "。" if parts else ""
    return f"一般公共预算财政拨款基本支出{money(total, unit)}。{tail}"


def included(items: Sequence[str]) -> str:
    return "，主要包括：" + "、".join(items) if items else ""


# --- 七、“三公”经费 -----------------------------------------------------------------------------

SANGONG = "“三公”经费"
#: How the template's sentence names each item's spending (因公出国（境）费决算为 …).
SANGONG_SPENT = {"因公出国（境）费": "决算为"}


def completion(spent: Decimal, budget: Decimal | None) -> str:
    """，完成预算的XX% (nothing when there was no budget to complete)."""
    rate = percent(spent, budget) if budget is not None else None
    return f"，完成预算的{rate}%" if rate is not None else ""


def sangong_budget(
    budget: Decimal | None,
    spent: Decimal,
    items: Sequence[tuple[str, Decimal, Decimal | None]],
    year: int,
    unit: str,
) -> str:
    """“三公”经费财政拨款支出年初预算为XXX万元，支出决算为XXX万元，完成预算的XX%，其中：…。"""
    head = f"{SANGONG}财政拨款支出"
    head += f"年初预算为{money(budget, unit)}，支出决算为" if budget is not None else "决算为"
    head += f"{money(spent, unit)}{completion(spent, budget)}"
    parts = [
        f"{name}{SANGONG_SPENT.get(name, '支出决算为')}{money(value, unit)}"
        f"{completion(value, item_budget)}"
        for name, value, item_budget in items
    ]
    text = head + ("，其中：" + "；".join(parts) if parts else "") + "。"
    if budget is None or spent == budget:
        return text + f"{year}年度{SANGONG}支出决算数与预算数持平。"
    relation = "小于" if spent < budget else "大于"
    return text + f"{year}年度{SANGONG}支出决算数{relation}预算数的主要原因：{REASON}。"


def sangong_change(
    year: int,
    spent: Decimal,
    previous: Decimal | None,
    items: Sequence[tuple[str, Decimal, Decimal | None]],
    unit: str,
) -> str:
    """2024年度“三公”经费财政拨款支出决算数比2023年度减少XXX万元，下降XX%，其中：…。"""
    if previous is None:
        return (
            f"{year}年度{SANGONG}财政拨款支出决算数与{year - 1}年度相比的增减情况："
            f"{placeholder(f'未提供{year - 1}年度决算')}。"
        )
    head = f"{year}年度{SANGONG}财政拨款支出决算数"
    head += (
        f"比{year - 1}年度{change(spent, previous, unit)}"
        if spent != previous
        else f"与{year - 1}年度持平"
    )
    parts = []
    for name, value, before in items:
        if before is None:
            continue
        moved = change(value, before, unit)
        parts.append(f"{name}支出决算{moved}")
    text = head + ("，其中：" + "；".join(parts) if parts else "") + "。"
    return text + (f"主要原因：{REASON}。" if spent != previous else "")


def sangong_shares(total: Decimal, items: Sequence[tuple[str, Decimal]], unit: str) -> str:
    """“三公”经费财政拨款支出决算中，因公出国（境）费支出决算XXX万元，占XX%；…。具体情况如下："""
    parts = []
    for name, value in items:
        share = percent(value, total)
        parts.append(f"{name}支出决算{money(value, unit)}" + (f"，占{share}%" if share else ""))
    return f"{SANGONG}财政拨款支出决算中，" + "；".join(parts) + "。具体情况如下："


def sangong_item(number: int, name: str, value: Decimal, unit: str, detail: str) -> str:
    return f"{number}、{name}支出{money(value, unit)}。{detail}"


def none_of(unit_name: str, year: int, what: str) -> str:
    """上海市XX局2024年度无“三公”经费财政拨款支出。"""
    return f"{unit_name}{year}年度无{what}。"


# --- 八、九、政府性基金 / 国有资本经营 ---------------------------------------------------------------


def fund_totals(fund: str, income: Decimal | None, spent: Decimal | None, unit: str) -> str:
    """政府性基金预算财政拨款收入XXX万元，支出XXX万元，支出具体情况如下："""
    parts = []
    if income is not None:
        parts.append(f"{fund}财政拨款收入{money(income, unit)}")
    if spent is not None:
        parts.append(f"支出{money(spent, unit)}")
    return "，".join(parts) + "，支出具体情况如下："
