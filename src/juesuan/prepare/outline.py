"""The disclosure as an outline every writer follows: cover, contents, parts, tables, prose."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from juesuan.prepare.layout import TableLayout


class Kind(StrEnum):
    PART = "part"  # 第一部分 …, on a new page
    HEADING = "heading"  # 一、…
    SUBHEADING = "subheading"  # （一）…
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


@dataclass(frozen=True)
class Outline:
    unit_name: str
    year: int
    cover_title: str  # 2024年度部门决算
    contents: tuple[Block, ...]
    overview: tuple[Block, ...]  # 第一部分
    tables_part: Block  # 第二部分 heading
    tables: tuple[TableLayout, ...]
    explanation: tuple[Block, ...]  # 第三部分 情况说明
    glossary: tuple[Block, ...]  # 第四部分 名词解释


def part(text: str) -> Block:
    return Block(Kind.PART, text)


def heading(text: str) -> Block:
    return Block(Kind.HEADING, text)


def subheading(text: str) -> Block:
    return Block(Kind.SUBHEADING, text)


def paragraph(text: str) -> Block:
    return Block(Kind.PARAGRAPH, text)
