"""Derive seed_facts.csv from the seed's cell-per-line text, without juesuan.

The seed prints one cell per line (TAB + text), a blank line between rows, titles on lines
without a TAB. Each table is read by its fixed layout (the number of cells in a row), which
is checked, so a row of an unexpected shape stops the script instead of being guessed.

Run: python tests/golden/derive_seed.py  (writes tests/golden/seed_facts.csv)
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
    T07_COLUMNS,
    T08_COLUMNS,
    Fact,
    canonical_item,
    printed_amount,
    write_facts,
)

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[2] / "shared" / "corpus" / "seed" / "000_1e6faaba2ab46285.txt"
OUT = HERE / "seed_facts.csv"

Cell = tuple[int, str]  # (1-based line number, text)
T07_KEYS = {
    "合计",
    "因公出国（境）费",
    "公务接待费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
}
CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def text_to_rows(lines: list[str]) -> list[tuple[int, list[Cell]]]:
    """Rows of cells; a title line (no TAB) is returned as a row with index -1 marker."""
    rows: list[tuple[int, list[Cell]]] = []
    current: list[Cell] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            current.append((number, line[1:]))
            continue
        if current:
            rows.append((current[0][0], current))
            current = []
        if line.strip():
            rows.append((-number, [(number, line.strip())]))
    if current:
        rows.append((current[0][0], current))
    return rows


def rows_to_tables(rows: list[tuple[int, list[Cell]]]) -> dict[str, list[list[Cell]]]:
    """Group rows under the table marker 公开0N表; stop at the appendix (performance forms)."""
    tables: dict[str, list[list[Cell]]] = {}
    current: str | None = None
    for start, cells in rows:
        if start < 0 and "附件" in cells[0][1]:
            break
        if start > 0 and len(cells) == 1 and re.fullmatch(r"公开0\d表", cells[0][1].strip()):
            current = "T" + cells[0][1].strip()[2:4]
            tables[current] = []
            continue
        if current and start > 0:
            tables[current].append(cells)
    return tables


def amount_fact(
    table: str, section: str, key: str, column: str, cell: Cell, label: str
) -> list[Fact]:
    value = printed_amount(cell[1])
    if value is None:
        return []
    return [Fact(table, section, key, column, value, cell[0], label.strip())]


def is_data_row(cells: list[Cell], first_is: str) -> bool:
    first = cells[0][1].strip()
    if first_is == "code":
        return first == "合计" or bool(CODE.match(first))
    return bool(cells[1][1].strip().isdigit())  # 行次 column holds a number


def code_table(table: str, rows: list[list[Cell]], columns: list[str]) -> list[Fact]:
    """T02/T03/T05/T08/T09: 合计 row (label + values) or code rows (code, name, values)."""
    facts: list[Fact] = []
    for cells in rows:
        if not is_data_row(cells, "code"):
            continue
        first = cells[0][1].strip()
        if first == "合计":
            key, label, values = "合计", "合计", cells[1:]
        else:
            key, label, values = first, cells[1][1], cells[2:]
        if len(values) != len(columns):
            raise SystemExit(
                f"{table} line {cells[0][0]}: {len(values)} values, expected {len(columns)}"
            )
        for column, cell in zip(columns, values, strict=True):
            facts += amount_fact(table, "", key, column, cell, label)
    return facts


def two_sided(
    table: str, rows: list[list[Cell]], out_columns: list[str], in_column: str
) -> list[Fact]:
    """T01/T04, row by row: 收入 (name, 行次, value) then 支出 (name, 行次, values...)."""
    facts: list[Fact] = []
    # T04: lines after 年初财政拨款结转和结余 (before 总计) are its fund sub-rows
    after_carry = False
    for cells in rows:
        if len(cells) != 3 + 2 + len(out_columns) or not is_data_row(cells, "item"):
            continue
        in_label, out_label = cells[0][1], cells[3][1]
        in_key = canonical_item(in_label) if in_label.strip() else ""
        out_key = canonical_item(out_label) if out_label.strip() else ""
        if in_key == "总计":
            after_carry = False
        if table == "T04" and after_carry and in_key:
            if not out_key:
                out_key = f"年末财政拨款结转和结余/{in_key}"
                out_label = in_label
            in_key = f"年初财政拨款结转和结余/{in_key}"
        if in_key:
            facts += amount_fact(table, "收入", in_key, in_column, cells[2], in_label)
        if out_key:
            for column, cell in zip(out_columns, cells[5:], strict=True):
                facts += amount_fact(table, "支出", out_key, column, cell, out_label)
        if table == "T04" and in_key == "年初财政拨款结转和结余":
            after_carry = True
    return facts


def t06(rows: list[list[Cell]]) -> list[Fact]:
    """Three side-by-side (code, name, 决算数) groups read row by row; a final row of the two totals."""
    facts: list[Fact] = []
    for cells in rows:
        texts = [c[1].strip() for c in cells]
        if texts and texts[0] == "人员经费合计":
            facts += amount_fact("T06", "", "人员经费合计", "决算数", cells[1], texts[0])
            facts += amount_fact("T06", "", "公用经费合计", "决算数", cells[3], texts[2])
            continue
        if len(cells) != 9:
            continue
        for group in range(3):
            code, name, value = cells[3 * group : 3 * group + 3]
            if CODE.match(code[1].strip()):
                facts += amount_fact("T06", "", code[1].strip(), "决算数", value, name[1])
    return facts


def t07(rows: list[list[Cell]]) -> list[Fact]:
    facts: list[Fact] = []
    for cells in rows:
        key = canonical_item(cells[0][1])
        if len(cells) != 3 or key not in T07_KEYS:
            continue
        for column, cell in zip(T07_COLUMNS, cells[1:], strict=True):
            facts += amount_fact("T07", "", key, column, cell, cells[0][1])
    return facts


def seed_to_facts(path: Path) -> list[Fact]:
    tables = rows_to_tables(text_to_rows(path.read_text(encoding="utf-8").splitlines()))
    facts: list[Fact] = []
    facts += two_sided("T01", tables["T01"], ["决算数"], "决算数")
    facts += code_table("T02", tables["T02"], T02_COLUMNS)
    facts += code_table("T03", tables["T03"], T03_COLUMNS)
    facts += two_sided("T04", tables["T04"], T04_OUT_COLUMNS, "决算数")
    facts += code_table("T05", tables["T05"], T05_COLUMNS)
    facts += t06(tables["T06"])
    facts += t07(tables["T07"])
    facts += code_table("T08", tables["T08"], T08_COLUMNS)
    # The seed's 公开09表 prints only 本年支出 (合计, 基本支出, 项目支出); it is empty anyway.
    facts += code_table("T09", tables["T09"], ["本年支出合计", "基本支出", "项目支出"])
    return facts


if __name__ == "__main__":
    seed_facts = seed_to_facts(SEED)
    write_facts(OUT, seed_facts)
    print(f"{len(seed_facts)} facts -> {OUT}")
