"""Shared helpers of the golden-file derivation scripts.

Standalone on purpose: nothing here imports juesuan, so the golden files stay an independent
second method against which juesuan's readers are tested.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

HEADER = ["table", "section", "row_key", "column", "value", "where", "label"]

T02_COLUMNS = [
    "本年收入合计",
    "财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
]
T03_COLUMNS = [
    "本年支出合计",
    "基本支出",
    "项目支出",
    "上缴上级支出",
    "经营支出",
    "对附属单位补助支出",
]
T04_OUT_COLUMNS = [
    "合计",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
]
T05_COLUMNS = ["合计", "基本支出", "项目支出"]
T08_COLUMNS = [
    "年初结转和结余",
    "本年收入",
    "本年支出合计",
    "基本支出",
    "项目支出",
    "年末结转和结余",
]
T07_COLUMNS = ["预算数", "决算数"]

_ORDINAL = re.compile(r"^(其中[:：]?|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(]\d+[）)])")
_TRAILING_QUALIFIER = re.compile(r"（[^（）]*）$")

# Canonical vocabulary for names that documents print in variants (interface.md, "Rules for keys").
_ALIASES = {
    "国有资本经营财政拨款": "国有资本经营预算财政拨款",
    "公务用车运行费": "公务用车运行维护费",
    "公务用车购置及运行维护费": "公务用车购置及运行费",
}

# Names whose bracket is part of the name, not a trailing qualifier.
_KEEP_BRACKETS = {"因公出国（境）费"}


@dataclass(frozen=True)
class Fact:
    table: str
    section: str
    row_key: str
    column: str
    value: str
    where: int
    label: str


def canonical_item(label: str) -> str:
    """Item name per interface.md: no ordinal prefix, no white space, full-width brackets."""
    name = re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")
    previous = None
    while previous != name:
        previous = name
        name = _ORDINAL.sub("", name)
    if (
        name not in _KEEP_BRACKETS
        and _TRAILING_QUALIFIER.search(name)
        and not name.startswith("（")
    ):
        stripped = _TRAILING_QUALIFIER.sub("", name)
        if stripped:
            name = stripped
    return _ALIASES.get(name, name)


def printed_amount(text: str) -> str | None:
    """The printed number with thousands separators removed; None for a blank cell."""
    cell = text.strip().replace(",", "").replace("，", "")
    if cell == "":
        return None
    if cell in {"-", "—", "－"}:
        return "0.00"
    try:
        Decimal(cell)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
    return cell


def write_facts(path: Path, facts: list[Fact]) -> None:
    order = {f"T0{i}": i for i in range(1, 10)}
    rows = sorted(enumerate(facts), key=lambda pair: (order[pair[1].table], pair[0]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for _, fact in rows:
            writer.writerow(
                [
                    fact.table,
                    fact.section,
                    fact.row_key,
                    fact.column,
                    fact.value,
                    fact.where,
                    fact.label,
                ]
            )
