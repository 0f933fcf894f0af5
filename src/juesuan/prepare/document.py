"""The whole disclosure as the template orders it: cover, contents, four parts."""

from __future__ import annotations

from juesuan.model.disclosure import Disclosure
from juesuan.model.tables import STANDARD_TITLES
from juesuan.prepare.layout import cn_number, disclosure_layouts
from juesuan.prepare.narrative import explanation
from juesuan.prepare.outline import Block, Kind, Outline, heading, paragraph, part
from juesuan.prepare.sentences import placeholder

#: 第四部分 名词解释: the terms the template defines, in short (the preparer may extend them).
GLOSSARY = (
    (
        "财政拨款收入",
        "指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    ),
    ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    (
        "年末结转和结余",
        "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。",
    ),
    ("基本支出", "指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。"),
    ("项目支出", "指单位为完成特定的行政工作任务或事业发展目标，在基本支出之外发生的各项支出。"),
    (
        "“三公”经费",
        "指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
    ),
)

EXPLANATION_HEADINGS = (
    "收入支出决算总体情况说明",
    "收入决算情况说明",
    "支出决算情况说明",
    "财政拨款收入支出决算总体情况说明",
    "一般公共预算财政拨款支出决算情况说明",
    "一般公共预算财政拨款基本支出决算情况说明",
    "财政拨款“三公”经费支出决算情况说明",
    "政府性基金预算财政拨款收入支出决算情况说明",
    "国有资本经营预算财政拨款收入支出决算情况说明",
    "预算绩效管理情况",
    "其他重要事项的情况说明",
)


def build_outline(disclosure: Disclosure, previous: Disclosure | None) -> Outline:
    unit = disclosure.meta.unit_name or ""
    year = disclosure.meta.year or 0
    parts = part_titles(unit, year)
    return Outline(
        unit_name=unit,
        year=year,
        cover_title=f"{year}年度部门决算",
        contents=contents(parts),
        overview=(
            part(parts[0]),
            heading("一、主要职能"),
            paragraph(placeholder("根据三定方案等规定填写主要职能")),
            heading("二、部门决算单位构成"),
            paragraph(placeholder("纳入本部门决算编制范围的单位")),
        ),
        tables_part=part(parts[1]),
        tables=tuple(disclosure_layouts(disclosure)),
        explanation=(part(parts[2]), *explanation(disclosure, previous, unit, year)),
        glossary=(
            part(parts[3]),
            *(
                paragraph(f"{cn_number(i)}、{term}：{text}")
                for i, (term, text) in enumerate(GLOSSARY, start=1)
            ),
        ),
    )


def part_titles(unit: str, year: int) -> tuple[str, str, str, str]:
    return (
        f"第一部分 {unit}概况",
        f"第二部分 {unit}{year}年度部门决算表",
        f"第三部分 {unit}{year}年度部门决算情况说明",
        "第四部分 名词解释",
    )


def contents(parts: tuple[str, str, str, str]) -> tuple[Block, ...]:
    """目录: the parts with their sections, as the template's table of contents lists them."""
    entries: list[Block] = [Block(Kind.PART, parts[0])]
    entries += [Block(Kind.HEADING, "一、主要职能"), Block(Kind.HEADING, "二、部门决算单位构成")]
    entries.append(Block(Kind.PART, parts[1]))
    entries += [
        Block(Kind.HEADING, f"{cn_number(i)}、{title}")
        for i, title in enumerate(STANDARD_TITLES.values(), start=1)
    ]
    entries.append(Block(Kind.PART, parts[2]))
    entries += [
        Block(Kind.HEADING, f"{cn_number(i)}、{title}")
        for i, title in enumerate(EXPLANATION_HEADINGS, start=1)
    ]
    entries.append(Block(Kind.PART, parts[3]))
    return tuple(entries)
