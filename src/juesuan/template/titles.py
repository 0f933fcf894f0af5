"""Table titles → table ids (T01–T09 for 决算, B01–B09 for 预算, X for other tables).

The title's own words decide: a 决算 title never gives a B id and a 预算 title never a T id. A
title that names neither (部门收支总表) takes the document's kind. The number a title carries
(公开07表, 表七, 七、) is dropped: provinces number their tables differently.
"""

from __future__ import annotations

import re

#: Fund names that contain 预算 without saying the table is a budget.
_FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|预算单位|部门预算经济分类")
_TITLE_NOISE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|附表\d+[:：]?|表[一二三四五六七八九十\d]+[:：]?|公开\d+表[:：]?)"
)
#: A bracketed qualifier after 表 (（功能科目）, （经济科目）, （续）).
_TRAILING_BRACKETS = re.compile(r"[（(][^（）()]*[）)]$")
_PART_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)|^(?:\d{4}年度?)?(?:部门|单位)?(?:决算|预算)(?:公开)?(?:报)?表$"
    r"|年度?(?:部门|单位)?(?:决算|预算)(?:公开)?(?:报)?表$"
)


def compact_title(text: str) -> str:
    """A title without white space, ordinal or label prefix, year, or bracketed qualifier."""
    title = "".join(text.split()).replace('"', "“")
    title = _TITLE_NOISE.sub("", title)
    while _TRAILING_BRACKETS.search(title) and not title.endswith("表"):
        title = _TRAILING_BRACKETS.sub("", title)
    return re.sub(r"续表$", "", title)


def strip_fund_names(text: str) -> str:
    """Text without the fund names that contain 预算 (一般公共预算 …)."""
    return _FUND_NAMES.sub("", text)


def kind_of_title(title: str) -> str | None:
    """预算 or 决算 by the title's own words; None where it names neither."""
    words = strip_fund_names(title)
    if "决算" in words:
        return "决算"
    if "预算" in words:
        return "预算"
    return None


def title_to_table_id(text: str, kind: str | None = None) -> str | None:
    """T01–T09 or B01–B09 for a title of a standard table, "X" for another table, None for no title.

    ``kind`` is the document's kind, used only for a title that names neither 预算 nor 决算.
    """
    title = compact_title(text)
    if not title.endswith("表") or len(title) > 60 or _PART_HEADING.search(title):
        return None
    if "绩效" in title:
        return None  # a performance form, read by juesuan.perf
    title_kind = kind_of_title(title) or kind
    if title_kind == "预算" and re.search(r"预算|收支|三公|(?:收入|支出)总表$", title):
        return budget_title_id(title)
    if not re.search(r"决算|预算|收支|三公", title):
        return None
    if "决算" not in title and "三公" not in title:
        return "X"  # neither a final-accounts title nor, in this document, a budget one
    return final_title_id(title)


def budget_title_id(title: str) -> str:
    """B01–B09 by the words of a budget table's title; X for a province's extra table."""
    if "三公" in title:
        return "B07"  # also where 会议费/培训费/机关运行经费 share the table
    if re.search(r"机关运行|政府采购|政府购买|项目支出|项目收入|绩效", title):
        return "X"
    if "政府性基金" in title:
        return "X" if "基本支出" in title else "B08"
    if "国有资本经营" in title:
        return "X" if "基本支出" in title else "B09"
    if "一般公共预算" in title:
        return "B06" if "基本支出" in title else "B05"
    if "财政拨款" in title:
        return "B04" if "收支" in title or "收入支出" in title else "X"
    if re.search(r"收支|收入支出", title):
        return "B01"
    if "收入" in title:
        return "B02"
    if "支出" in title and "总表" in title:
        return "B03"
    return "X"


def final_title_id(title: str) -> str:
    """T01–T09 by the words of a final-accounts table's title; X for a province's extra table."""
    if "三公" in title:
        return "T07"  # also where 会议费/培训费/机关运行经费 share the table
    if ("政府性基金" in title or "国有资本经营" in title) and "基本支出" in title:
        return "X"  # a province's extra table of fund money by economic class
    if "政府性基金" in title:
        return "T08"
    if "国有资本经营" in title:
        return "T09"
    if re.search(r"项目支出|政府采购|政府购买|项目收入|机关运行", title):
        return "X"
    if "基本支出" in title:
        return "T06"
    if "一般公共预算" in title:
        return "T05"
    if "财政拨款" in title:
        return "T04" if "收入" in title or "总表" in title else "T05"
    if re.search(r"收入支出决算(?:总)?表|收支决算(?:总)?表", title):
        return "T01"
    if re.search(r"收入决算(?:总)?表$", title):
        return "T02"
    if re.search(r"支出决算(?:总)?表$", title):
        return "T03"
    return "X"


#: The prose parts of a 部门/单位预算 (Shanghai template), each printed as a page's title without a
#: number: …主要职能, …机构设置, 名词解释, 2025年部门预算编制说明, 其他相关情况说明, and one
#: …项目经费情况说明 per project (its name before it).
_PROSE_PART = re.compile(
    r"(?:主要职能|机构设置|名词解释|预算编制说明|其他相关情况说明|经费情况说明)$"
)
_SENTENCE_MARKS = re.compile(r"[。；;，,：:…]")


def prose_part_title(text: str) -> bool:
    """The title of a prose part of a budget (not a sentence, not a line of the contents)."""
    title = _TITLE_NOISE.sub("", re.sub(r"\s+", "", text))
    return (
        0 < len(title) <= 40
        and not _SENTENCE_MARKS.search(title)
        and bool(_PROSE_PART.search(title))
    )


_LABEL = re.compile(r"^(?:公开|附表|表)\s*(\d{1,2}|[一二三四五六七八九十]+)\s*表?$")
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def table_label_number(text: str) -> int | None:
    """The number of a table label such as 公开01表, 表一, 附表1; None if text is no label."""
    match = _LABEL.match("".join(text.split()))
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    if token in _CN_DIGITS:
        return _CN_DIGITS[token]
    if token.startswith("十") and len(token) == 2:
        return 10 + _CN_DIGITS.get(token[1], 0)
    return None
