"""Check the accounting identities on the golden facts with plain Decimal arithmetic (no juesuan).

Prints every identity whose two sides differ, with the rounding envelope: a total of n printed
parts may differ from their sum by (n+1)×0.005; two amounts that should be equal, by 0.01.
A blank cell counts as zero and is not a part; a printed 0.00 is a part.
The output is the basis of known_defects.md.

Run: python tests/golden/derive_defects.py
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = [
    "seed_facts.csv",
    "shengtai_2025_facts.csv",
    "caizhengju_2024_facts.csv",
    "caizhengju_2024_seeded_facts.csv",
]
HALF_CENT = Decimal("0.005")
CENT = Decimal("0.01")

Key = tuple[str, str, str, str]  # table, section, row_key, column
T01_INCOME = [
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
]
T04_FUNDS = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
NON_CLASS = {"本年支出合计", "结余分配", "年末结转和结余", "年末财政拨款结转和结余", "总计"}


def load(path: Path) -> tuple[dict[Key, tuple[Decimal, str]], dict[Key, str]]:
    """(value, where) and label of every fact."""
    with path.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    keys = [(r["table"], r["section"], r["row_key"], r["column"]) for r in records]
    values = {k: (Decimal(r["value"]), r["where"]) for k, r in zip(keys, records, strict=True)}
    return values, {k: r["label"] for k, r in zip(keys, records, strict=True)}


class Checker:
    def __init__(self, facts: dict[Key, tuple[Decimal, str]], labels: dict[Key, str]) -> None:
        self.facts = facts
        self.labels = labels
        self.findings: list[str] = []

    def value(self, key: Key) -> Decimal | None:
        return self.facts[key][0] if key in self.facts else None

    def total(self, name: str, total: Key, parts: list[Key]) -> None:
        printed = [p for p in parts if p in self.facts]
        if total not in self.facts and not printed:
            return
        expected = sum((self.facts[p][0] for p in printed), Decimal("0"))
        actual = self.value(total) or Decimal("0")
        self.report(name, total, expected, actual, (len(printed) + 1) * HALF_CENT, printed)

    def equal(self, name: str, first: Key, second: Key) -> None:
        if first not in self.facts and second not in self.facts:
            return
        if not self.has_table(first[0]) or not self.has_table(second[0]):
            return  # a missing table is reported once, not as a mismatch per cell
        expected = self.value(first) or Decimal("0")
        actual = self.value(second) or Decimal("0")
        self.report(name, second, expected, actual, CENT, [first])

    def report(
        self,
        name: str,
        cell: Key,
        expected: Decimal,
        actual: Decimal,
        tolerance: Decimal,
        parts: list[Key],
    ) -> None:
        difference = actual - expected
        if difference == 0:
            return
        verdict = (
            "尾差 (within envelope)" if abs(difference) <= tolerance else "ERROR (outside envelope)"
        )
        where = self.facts[cell][1] if cell in self.facts else "-"
        self.findings.append(
            f"{name}: cell {'/'.join(c for c in cell if c)} (at {where}) actual {actual}, expected {expected} "
            f"from {len(parts)} part(s), difference {difference:+}, tolerance {tolerance} -> {verdict}"
        )

    def has_table(self, table: str) -> bool:
        return any(key[0] == table for key in self.facts)

    def rows(self, table: str, section: str = "") -> list[str]:
        seen: list[str] = []
        for t, s, row, _ in self.facts:
            if t == table and s == section and row not in seen:
                seen.append(row)
        return seen

    def columns(self, table: str, section: str = "") -> list[str]:
        seen: list[str] = []
        for t, s, _, column in self.facts:
            if t == table and s == section and column not in seen:
                seen.append(column)
        return seen


def code_rows(checker: Checker, table: str, total_column: str, columns: list[str]) -> None:
    """Row total = Σ columns; 合计 = Σ 类; 类 = Σ 款; 款 = Σ 项 (each column)."""
    rows = checker.rows(table)
    codes = [r for r in rows if r.isdigit()]
    for row in rows:
        parts = [(table, "", row, c) for c in columns if c != total_column]
        checker.total(
            f"{table} row {row}: {total_column} = Σ other columns",
            (table, "", row, total_column),
            parts,
        )
    for column in columns:
        classes = [c for c in codes if len(c) == 3]
        checker.total(
            f"{table} 合计 = Σ 类 [{column}]",
            (table, "", "合计", column),
            [(table, "", c, column) for c in classes],
        )
        for parent in codes:
            children = [c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent)]
            if children:
                checker.total(
                    f"{table} {parent} = Σ children [{column}]",
                    (table, "", parent, column),
                    [(table, "", c, column) for c in children],
                )


def t01(checker: Checker) -> None:
    k = lambda s, r: ("T01", s, r, "决算数")  # noqa: E731
    checker.total(
        "T01 本年收入合计 = Σ income items",
        k("收入", "本年收入合计"),
        [k("收入", r) for r in T01_INCOME],
    )
    checker.total(
        "T01 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
        k("收入", "总计"),
        [k("收入", r) for r in ["本年收入合计", "使用非财政拨款结余", "年初结转和结余"]],
    )
    classes = [r for r in checker.rows("T01", "支出") if r not in NON_CLASS]
    checker.total(
        "T01 本年支出合计 = Σ function classes",
        k("支出", "本年支出合计"),
        [k("支出", r) for r in classes],
    )
    checker.total(
        "T01 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
        k("支出", "总计"),
        [k("支出", r) for r in ["本年支出合计", "结余分配", "年末结转和结余"]],
    )
    checker.equal("T01 收入总计 = 支出总计", k("收入", "总计"), k("支出", "总计"))


def t04(checker: Checker) -> None:
    k = lambda s, r, c: ("T04", s, r, c)  # noqa: E731
    checker.total(
        "T04 本年收入合计 = Σ funds",
        k("收入", "本年收入合计", "决算数"),
        [k("收入", f, "决算数") for f in T04_FUNDS],
    )
    checker.total(
        "T04 收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
        k("收入", "总计", "决算数"),
        [k("收入", r, "决算数") for r in ["本年收入合计", "年初财政拨款结转和结余"]],
    )
    checker.total(
        "T04 年初财政拨款结转和结余 = Σ fund sub-rows",
        k("收入", "年初财政拨款结转和结余", "决算数"),
        [k("收入", f"年初财政拨款结转和结余/{f}", "决算数") for f in T04_FUNDS],
    )
    for row in checker.rows("T04", "支出"):
        checker.total(
            f"T04 支出 {row}: 合计 = Σ funds",
            k("支出", row, "合计"),
            [k("支出", row, f) for f in T04_FUNDS],
        )
    classes = [r for r in checker.rows("T04", "支出") if r not in NON_CLASS and "/" not in r]
    for column in ["合计", *T04_FUNDS]:
        checker.total(
            f"T04 本年支出合计 = Σ classes [{column}]",
            k("支出", "本年支出合计", column),
            [k("支出", r, column) for r in classes],
        )
        checker.total(
            f"T04 支出总计 = 本年支出合计 + 年末 [{column}]",
            k("支出", "总计", column),
            [k("支出", r, column) for r in ["本年支出合计", "年末财政拨款结转和结余"]],
        )
    checker.equal("T04 收入总计 = 支出总计", k("收入", "总计", "决算数"), k("支出", "总计", "合计"))


def t06(checker: Checker) -> None:
    k = lambda r: ("T06", "", r, "决算数")  # noqa: E731
    codes = [r for r in checker.rows("T06") if r.isdigit()]
    for parent in [c for c in codes if len(c) == 3]:
        children = [c for c in codes if len(c) == 5 and c.startswith(parent)]
        checker.total(f"T06 {parent} = Σ 款", k(parent), [k(c) for c in children])
    classes = [c for c in codes if len(c) == 3]
    checker.total(
        "T06 人员经费合计 = 301 + 303",
        k("人员经费合计"),
        [k(c) for c in classes if c in {"301", "303"}],
    )
    checker.total(
        "T06 公用经费合计 = other classes",
        k("公用经费合计"),
        [k(c) for c in classes if c not in {"301", "303"}],
    )


def t07(checker: Checker) -> None:
    for column in ["预算数", "决算数"]:

        def k(row: str, column: str = column) -> Key:
            return ("T07", "", row, column)

        checker.total(
            f"T07 合计 = 出国 + 接待 + 用车 [{column}]",
            k("合计"),
            [k("因公出国（境）费"), k("公务接待费"), k("公务用车购置及运行费")],
        )
        checker.total(
            f"T07 用车 = 购置 + 运行维护 [{column}]",
            k("公务用车购置及运行费"),
            [k("公务用车购置费"), k("公务用车运行维护费")],
        )


def cross(checker: Checker) -> None:
    c = checker.equal
    c(
        "T01 本年收入合计 vs T02 合计",
        ("T01", "收入", "本年收入合计", "决算数"),
        ("T02", "", "合计", "本年收入合计"),
    )
    c(
        "T01 本年支出合计 vs T03 合计",
        ("T01", "支出", "本年支出合计", "决算数"),
        ("T03", "", "合计", "本年支出合计"),
    )
    c(
        "T01 一般公共预算财政拨款收入 vs T04",
        ("T01", "收入", "一般公共预算财政拨款收入", "决算数"),
        ("T04", "收入", "一般公共预算财政拨款", "决算数"),
    )
    c(
        "T04 本年支出合计[一般公共预算] vs T05 合计",
        ("T04", "支出", "本年支出合计", "一般公共预算财政拨款"),
        ("T05", "", "合计", "合计"),
    )
    checker.total(
        "T05 合计 基本支出 vs T06 人员经费合计 + 公用经费合计",
        ("T05", "", "合计", "基本支出"),
        [("T06", "", "人员经费合计", "决算数"), ("T06", "", "公用经费合计", "决算数")],
    )
    names = {row: label for (t, _, row, _), label in checker.labels.items() if t in {"T03", "T05"}}
    for code, name in names.items():
        if len(code) != 3:
            continue
        c(
            f"T01 {name} vs T03 {code}",
            ("T01", "支出", name, "决算数"),
            ("T03", "", code, "本年支出合计"),
        )
        c(
            f"T04 {name}[一般公共预算] vs T05 {code}",
            ("T04", "支出", name, "一般公共预算财政拨款"),
            ("T05", "", code, "合计"),
        )
    for row in checker.rows("T05"):
        for column in ["合计", "基本支出", "项目支出"]:
            other = {"合计": "本年支出合计"}.get(column, column)
            t5, t3 = checker.value(("T05", "", row, column)), checker.value(("T03", "", row, other))
            if t5 is not None and t3 is not None and t5 > t3:
                checker.findings.append(
                    f"T05 {row} {column} {t5} > T03 {other} {t3} (T05 must not exceed T03)"
                )


def check_file(path: Path) -> Iterator[str]:
    checker = Checker(*load(path))
    t01(checker)
    code_rows(
        checker,
        "T02",
        "本年收入合计",
        [
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ],
    )
    code_rows(
        checker,
        "T03",
        "本年支出合计",
        ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    )
    t04(checker)
    code_rows(checker, "T05", "合计", ["合计", "基本支出", "项目支出"])
    t06(checker)
    t07(checker)
    cross(checker)
    absent = [f"T0{i}" for i in range(1, 8) if not checker.has_table(f"T0{i}")]
    if absent:
        checker.findings.append(f"tables without any amount: {', '.join(absent)}")
    yield from checker.findings


if __name__ == "__main__":
    for name in FILES:
        print(f"== {name}")
        for line in check_file(HERE / name):
            print("  " + line)
