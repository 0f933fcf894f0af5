"""Derive shengtai_2025_facts.csv from the page text of 上海市普陀区生态环境局 2025年度部门决算.

Standalone (no juesuan). The page text prints one table row per line, numbers separated by
spaces, zeros as 0.00. Rows whose label wrapped in the PDF come out as a code line, a garbled
label line and an amounts line; those are joined here. Code rows take their label from T03,
where names are complete (noted in README.md). The result was checked by eye
against the page text, line by line.

Run: python tests/golden/derive_shengtai.py  (writes tests/golden/shengtai_2025_facts.csv)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from derive_common import (
    T02_COLUMNS,
    T03_COLUMNS,
    T04_OUT_COLUMNS,
    T05_COLUMNS,
    Fact,
    canonical_item,
    write_facts,
)

HERE = Path(__file__).resolve().parent
SOURCE = (
    HERE.parents[2]
    / "shared"
    / "corpus"
    / "final"
    / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
)
OUT = HERE / "shengtai_2025_facts.csv"

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$")
CODE_ROW = re.compile(r"^(\d{3}|\d{5}|\d{7})(?: (.*?))?((?: -?[\d,]+\.\d{2})+)$")
PAGE = re.compile(r"^=== page (\d+) ===$")

# Title line -> table id; the tables of this document start at the top of a page.
TITLES = {
    "收入支出决算总表": "T01",
    "收入决算表": "T02",
    "支出决算表": "T03",
    "财政拨款收入支出决算总表": "T04",
    "一般公共预算财政拨款支出决算表": "T05",
    "一般公共预算财政拨款基本支出决算表": "T06",
    "财政拨款“三公”经费支出决算表": "T07",
    "政府性基金预算财政拨款收入支出决算表": "T08",
    "国有资本经营预算财政拨款收入支出决算表": "T09",
}

T01_INCOME = {
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "本年收入合计",
    "使用非财政拨款结余",
    "年初结转和结余",
    "总计",
}

# Economic codes of 公开06表 whose name wrapped over two or three lines in the PDF: the printed
# pieces joined (the page text interleaves them with the numbers' line).
T06_WRAPPED = {
    "30108": "机关事业单位基本养老保险缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30212": "因公出国（境）费用",
    "30231": "公务用车运行维护费",
    "30399": "其他对个人和家庭的补助",
    "30299": "其他商品和服务支出",
    "31007": "信息网络及软件购置更新",
}

# Template column order of 公开07表 (shanghai_final_template_2024.pdf): 合计, 因公出国（境）费,
# 公务用车购置及运行维护费 (小计, 购置费, 运行维护费), 公务接待费 — each 预算数 then 决算数.
T07_ORDER = [
    ("合计", "合计"),
    ("因公出国（境）费", "因公出国（境）费"),
    ("公务用车购置及运行费", "公务用车购置及运行维护费 小计"),
    ("公务用车购置费", "公务用车购置费"),
    ("公务用车运行维护费", "公务用车运行维护费"),
    ("公务接待费", "公务接待费"),
]


def text_to_table_lines(text: str) -> dict[str, list[tuple[int, str]]]:
    """(page, line) pairs of each table, from its title to the next table or part."""
    tables: dict[str, list[tuple[int, str]]] = {}
    page = 0
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        match = PAGE.match(line)
        if match:
            page = int(match.group(1))
            continue
        if line in TITLES and page >= 7:
            current = TITLES[line]
            tables[current] = []
            continue
        if line.startswith("第三部分"):
            current = None
        if current:
            tables[current].append((page, line))
    return tables


def split_pairs(line: str) -> list[tuple[str, list[str]]]:
    """'label a b label c' -> [(label, [a, b]), (label, [c])]."""
    pairs: list[tuple[str, list[str]]] = []
    for token in line.split(" "):
        if AMOUNT.match(token):
            if not pairs:
                pairs.append(("", []))
            pairs[-1][1].append(token.replace(",", ""))
        elif pairs and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0] + token, [])
        else:
            pairs.append((token, []))
    return [(label, amounts) for label, amounts in pairs if amounts]


def t01(lines: list[tuple[int, str]]) -> list[Fact]:
    """Two pairs on a line: 收入 then 支出; a single pair is 支出 unless it is an income item."""
    facts: list[Fact] = []
    for page, line in lines:
        pairs = split_pairs(line)
        for index, (label, amounts) in enumerate(pairs):
            key = canonical_item(label)
            income = index == 0 and (len(pairs) == 2 or key in T01_INCOME)
            facts.append(
                Fact("T01", "收入" if income else "支出", key, "决算数", amounts[0], page, label)
            )
    return facts


def t04(lines: list[tuple[int, str]]) -> list[Fact]:
    facts: list[Fact] = []
    after_carry = False
    for page, line in lines:
        for label, amounts in split_pairs(line):
            key = canonical_item(label)
            if key == "总计":
                after_carry = False
            if len(amounts) == 1:
                if after_carry:
                    key = f"年初财政拨款结转和结余/{key}"
                facts.append(Fact("T04", "收入", key, "决算数", amounts[0], page, label))
            else:
                for column, value in zip(T04_OUT_COLUMNS, amounts, strict=True):
                    facts.append(Fact("T04", "支出", key, column, value, page, label))
            if key == "年初财政拨款结转和结余":
                after_carry = True
    return facts


def code_table(
    table: str, lines: list[tuple[int, str]], columns: list[str], names: dict[str, str]
) -> list[Fact]:
    """Code rows 'code name amounts'; a wrapped row is 'code' / garbled label / 'amounts'."""
    facts: list[Fact] = []
    pending: str | None = None
    for page, line in lines:
        tokens = line.split(" ")
        if "合计" in tokens and AMOUNT.match(tokens[-1]):
            amounts = tokens[tokens.index("合计") + 1 :]
            facts += row_facts(table, "合计", "合计", amounts, columns, page)
            continue
        if re.fullmatch(r"\d{3}|\d{5}|\d{7}", line):
            pending = line
            continue
        if pending and all(AMOUNT.match(t) for t in tokens):
            facts += row_facts(table, pending, names[pending], tokens, columns, page)
            pending = None
            continue
        match = CODE_ROW.match(line)
        if match:
            code, name, amounts = (
                match.group(1),
                (match.group(2) or "").strip(),
                match.group(3).split(),
            )
            facts += row_facts(table, code, names.get(code, name), amounts, columns, page)
    return facts


def row_facts(
    table: str, key: str, label: str, amounts: list[str], columns: list[str], page: int
) -> list[Fact]:
    if len(amounts) != len(columns):
        raise SystemExit(
            f"{table} page {page} {key}: {len(amounts)} amounts for {len(columns)} columns"
        )
    return [
        Fact(table, "", key, column, value.replace(",", ""), page, label)
        for column, value in zip(columns, amounts, strict=True)
    ]


T06_ITEM = re.compile(r"(\d{3})(?: (\d{2}))?((?: [^\d\s]\S*)*) (-?[\d,]+\.\d{2})")


def t06(lines: list[tuple[int, str]]) -> list[Fact]:
    facts: list[Fact] = []
    for page, line in lines:
        if line.startswith("人员经费合计"):
            for label, amounts in split_pairs(line):
                facts.append(
                    Fact("T06", "", label, "决算数", amounts[0].replace(",", ""), page, label)
                )
            continue
        for match in T06_ITEM.finditer(" " + line):
            code = match.group(1) + (match.group(2) or "")
            label = T06_WRAPPED.get(code) or match.group(3).strip()
            facts.append(
                Fact("T06", "", code, "决算数", match.group(4).replace(",", ""), page, label)
            )
    return facts


def t07(lines: list[tuple[int, str]]) -> list[Fact]:
    for page, line in lines:
        tokens = line.split(" ")
        if len(tokens) == 12 and all(AMOUNT.match(t) for t in tokens):
            facts: list[Fact] = []
            for index, (key, label) in enumerate(T07_ORDER):
                for offset, column in enumerate(["预算数", "决算数"]):
                    facts.append(
                        Fact("T07", "", key, column, tokens[2 * index + offset], page, label)
                    )
            return facts
    raise SystemExit("T07: no line of twelve amounts")


def clean_names(lines: list[tuple[int, str]]) -> dict[str, str]:
    """Code -> 科目名称 from a table where no row wrapped (T03), for T05's garbled rows."""
    names = {}
    for _, line in lines:
        match = CODE_ROW.match(line)
        if match:
            names[match.group(1)] = (match.group(2) or "").strip()
    return names


def shengtai_to_facts(path: Path) -> list[Fact]:
    tables = text_to_table_lines(path.read_text(encoding="utf-8"))
    names = clean_names(tables["T03"])
    # Labels of code rows come from T03, where only 2080505 wraps (…缴费 / 支出): T02 truncates
    # some names and T05 interleaves wrapped ones, so one clean name per code is used throughout.
    names["2080505"] = "机关事业单位基本养老保险缴费支出"
    facts: list[Fact] = []
    facts += t01(tables["T01"])
    facts += code_table("T02", tables["T02"], T02_COLUMNS, names)
    facts += code_table("T03", tables["T03"], T03_COLUMNS, names)
    facts += t04(tables["T04"])
    facts += code_table("T05", tables["T05"], T05_COLUMNS, names)
    facts += t06(tables["T06"])
    facts += t07(tables["T07"])
    # T08 and T09 print no rows: "本年度没有…收入和支出，故本表无数据".
    return facts


if __name__ == "__main__":
    result = shengtai_to_facts(SOURCE)
    write_facts(OUT, result)
    print(f"{len(result)} facts -> {OUT}")
