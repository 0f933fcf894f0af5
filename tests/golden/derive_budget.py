"""Derive `budget_key_cells.csv`: the key cells of every budget table (B01–B09) in the 21 budget
PDFs of the corpus — each table's totals and its first class row — without juesuan.

Method: pdfplumber word boxes (not juesuan's PDF reader). A table runs from its title to the next
title (across pages); its header words name the columns; an amount belongs to the header word
whose centre is nearest to its own. Rows: the line whose label is 合计/总计 (收入合计, 支出合计 …),
the first line with a 3-digit class code, and in two-sided tables the first 一、 item of each side.
Run: `.venv/bin/python tests/golden/derive_budget.py` (writes the CSV beside this script).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pdfplumber

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "shared" / "corpus" / "budget"
OUT = HERE / "budget_key_cells.csv"
HEADER = ["file", "table", "section", "row_key", "column", "value", "page", "label"]

AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
CODE = re.compile(r"^\d{3}$")


def table_of(title: str) -> str | None:
    """The B id of a budget title (this script's own reading of the template names)."""
    t = re.sub(r"\s+", "", title)
    if not t.endswith("表"):
        return None
    if "绩效" in t or "部分" in t or "目录" in t or "…" in t:
        return None
    if "三公" in t:
        return "B07"
    if any(w in t for w in ("机关运行", "政府采购", "项目支出")):
        return "X"
    if "政府性基金" in t:
        return "B08"
    if "国有资本经营" in t:
        return "B09"
    if "一般公共预算基本支出" in t:
        return "B06"
    if "一般公共预算支出" in t:
        return "B05"
    if "财政拨款收支" in t:
        return "B04"
    if "财政拨款" in t:
        return "X"
    if "收支预算总表" in t:
        return "B01"
    if "收入预算总表" in t:
        return "B02"
    if "支出预算总表" in t:
        return "B03"
    return None


#: Header words → canonical column, per table (longest words first).
COLUMNS = {
    "B02": [
        ("财政拨款", "财政拨款收入"),
        ("事业单位", "事业单位经营收入"),
        ("经营收入", "事业单位经营收入"),
        ("事业收入", "事业收入"),
        ("其他收入", "其他收入"),
        ("合计", "合计"),
        ("金额", "合计"),
    ],
    "B03": [
        ("基本支出", "基本支出"),
        ("项目支出", "项目支出"),
        ("预留机动", "单位预留机动经费"),
        ("结转下年", "结转下年资金"),
        ("合计", "合计"),
    ],
    "B05": [("基本支出", "基本支出"), ("项目支出", "项目支出"), ("合计", "合计"), ("金额", "合计")],
    "B06": [("人员经费", "人员经费"), ("公用经费", "公用经费"), ("合计", "合计"), ("金额", "合计")],
    "B04": [
        ("一般公共预算", "一般公共预算"),
        ("政府性基金", "政府性基金预算"),
        ("国有资本经营", "国有资本经营预算"),
        ("合计", "预算数"),
    ],
}
B07_WORDS = [
    ("出国", "因公出国（境）费"),
    ("接待", "公务接待费"),
    ("购置费", "公务用车购置费"),
    ("运行费", "公务用车运行维护费"),
    ("运行维护费", "公务用车运行维护费"),
    ("购置及运行", "公务用车购置及运行费"),
    ("会议费", "会议费"),
    ("培训费", "培训费"),
    ("机关运行", "机关运行经费"),
    ("费预算数", "机关运行经费"),
]


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    page: int

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def page_lines(pdf: pdfplumber.PDF) -> list[list[Word]]:
    """Every line of every page, left to right (words within 3 pt of height)."""
    lines: list[list[Word]] = []
    for number, page in enumerate(pdf.pages, start=1):
        words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
        rows: list[list[Word]] = []
        for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
            word = Word(w["text"], w["x0"], w["x1"], w["top"], number)
            if rows and abs(rows[-1][0].top - word.top) <= 3:
                rows[-1].append(word)
            else:
                rows.append([word])
        lines.extend(sorted(row, key=lambda w: w.x0) for row in rows)
    return lines


def split_tables(lines: list[list[Word]]) -> list[tuple[str, list[list[Word]]]]:
    tables: list[tuple[str, list[list[Word]]]] = []
    pending = ""
    for line in lines:
        text = "".join(w.text for w in line)
        joined = pending + text
        table_id = table_of(text) or (table_of(joined) if pending else None)
        pending = text if text.endswith("预算") and len(text) < 40 else ""
        if table_id and len(line) <= 3:
            tables.append((table_id, []))
            continue
        if tables:
            tables[-1][1].append(line)
    return [(t, rows) for t, rows in tables if t != "X"]


def amounts(line: list[Word]) -> list[Word]:
    return [
        w
        for w in line
        if AMOUNT.match(w.text)
        and not CODE.match(w.text)
        and not (w.text.isdigit() and len(w.text) == 2)
    ]


def plain(text: str) -> str:
    return text.replace(",", "")


def header_words(rows: list[list[Word]], page: int) -> list[Word]:
    """Words of the lines above the first line with an amount, on ``page`` (else anywhere)."""
    words: list[Word] = []
    for line in rows:
        if amounts(line):
            if words and words[0].page == page:
                break
            if words:
                words = []
            continue
        if line[0].page == page or not words:
            words.extend(line)
    return [w for w in words if w.page == page] or words


def column_of(amount: Word, header: list[Word], vocabulary: list[tuple[str, str]]) -> str | None:
    named = [(w, col) for w in header for word, col in vocabulary if word in w.text]
    if not named:
        return None
    _word, column = min(named, key=lambda p: abs(p[0].centre - amount.centre))
    return column


def first(rows: list[list[Word]], test) -> list[Word] | None:  # type: ignore[no-untyped-def]
    return next((line for line in rows if test(line) and amounts(line)), None)


def label_of(line: list[Word]) -> str:
    return "".join(w.text for w in line if not AMOUNT.match(w.text))


def code_table(table: str, rows: list[list[Word]]) -> list[tuple[str, str, str, str, int, str]]:
    out = []
    total = first(rows, lambda line: any(w.text in ("合计", "收入总计") for w in line))
    klass = first(rows, lambda line: CODE.match(line[0].text) is not None)
    for key, line in (("合计", total), ("class", klass)):
        if line is None:
            continue
        row_key = line[0].text if key == "class" else "合计"
        label = (
            "合计"
            if key == "合计"
            else "".join(
                w.text for w in line[1:] if not AMOUNT.match(w.text) and not w.text.isdigit()
            )
        )
        head = header_words(rows, line[0].page)
        for amount in amounts(line):
            column = column_of(amount, head, COLUMNS[table])
            if column:
                out.append(("", row_key, column, plain(amount.text), amount.page, label))
    return out


def two_sided(table: str, rows: list[list[Word]]) -> list[tuple[str, str, str, str, int, str]]:
    out = []
    for line in rows:
        texts = [w.text for w in line]
        for i, word in enumerate(line):
            text = word.text
            side = None
            if text in ("收入总计", "收入合计"):
                side, key = "收入", "总计"
            elif text in ("支出总计", "支出合计"):
                side, key = "支出", "总计"
            elif re.match(r"^一、.*支出$", text):
                side, key = "支出", re.sub(r"^一、", "", text)
            elif re.match(r"^一、(财政拨款|一般公共预算)", text):
                side, key = "收入", re.sub(r"^一、", "", text)
            if side is None or i + 1 >= len(line) or not AMOUNT.match(line[i + 1].text):
                continue
            if side == "收入" or table == "B01":
                out.append((side, key, "预算数", plain(line[i + 1].text), word.page, text))
                continue
            head = header_words(rows, word.page)
            for amount in line[i + 1 :]:
                if not AMOUNT.match(amount.text):
                    break
                column = column_of(amount, head, COLUMNS["B04"])
                if column:
                    out.append((side, key, column, plain(amount.text), word.page, text))
        del texts
    return out


def b07(rows: list[list[Word]]) -> list[tuple[str, str, str, str, int, str]]:
    line = next(
        (line for line in rows if len(amounts(line)) >= 3 and len(amounts(line)) == len(line)), None
    )
    if line is None:
        return []
    head = header_words(rows, line[0].page)
    if any("培训" in w.text for w in head):
        return jiangsu_b07(rows, line)
    purchases = [w for w in head if "购置" in w.text and "运行" not in w.text]
    grand = any("会议费" in w.text for w in head)
    out = []
    for amount in line:
        candidates = []
        for w in head:
            if w.text in ("合计", "小计"):
                beside_purchase = any(abs(p.top - w.top) <= 3 for p in purchases)
                if w.text == "小计" and beside_purchase:
                    column = "公务用车购置及运行费"
                elif w.text == "合计" and grand:
                    column = "三公经费、会议费、培训费合计"
                else:
                    column = "合计"
                candidates.append((w, column))
            else:
                matching = [(word, col) for word, col in B07_WORDS if word in w.text]
                if (
                    matching and "三公" not in w.text
                ):  # the longest word decides (购置及运行 ⊃ 运行费)
                    candidates.append((w, max(matching, key=lambda m: len(m[0]))[1]))
        if any(w.text == "小计" and c == "公务用车购置及运行费" for w, c in candidates):
            # the vehicles' own 小计 column stands for the group heading above it
            candidates = [(w, c) for w, c in candidates if w.text == "小计" or "及" not in w.text]
        _word, key = min(candidates, key=lambda p: abs(p[0].centre - amount.centre))
        out.append(("", key, "预算数", plain(amount.text), amount.page, key))
    return out


#: Jiangsu's 三公、会议费、培训费 table, one row of nine cells; the order read from the rendered
#: pages (e.g. 江苏省人大办公厅2017年度预算公开.pdf p. 20): the grand total, the 三公 小计, 出国,
#: the vehicles' 小计, 购置, 运行维护, 接待, 会议费, 培训费.
JIANGSU_B07 = (
    "三公经费、会议费、培训费合计",
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
    "会议费",
    "培训费",
)


def jiangsu_b07(
    rows: list[list[Word]], line: list[Word]
) -> list[tuple[str, str, str, str, int, str]]:
    """The nine amounts near the row's height (a 0 may sit a little lower), left to right."""
    near = [
        w
        for r in rows
        for w in amounts(r)
        if w.page == line[0].page and abs(w.top - line[0].top) < 20
    ]
    near.sort(key=lambda w: w.x0)
    keys = JIANGSU_B07
    purchase = next(
        (
            w
            for r in rows
            for w in r
            if "购" in w.text and "运行" not in w.text and "及" not in w.text
        ),
        None,
    )
    if len(near) == 8 and purchase and not any(purchase.x0 < w.x1 < purchase.x1 + 40 for w in near):
        keys = tuple(k for k in JIANGSU_B07 if k != "公务用车购置费")  # printed blank
    if len(near) != len(keys):
        raise SystemExit(f"Jiangsu B07 p.{line[0].page}: {[w.text for w in near]}, expected 9")
    return [
        ("", key, "预算数", plain(w.text), w.page, key) for key, w in zip(keys, near, strict=True)
    ]


def derive(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        lines = page_lines(pdf)
    name = path.relative_to(CORPUS).as_posix()
    facts: list[list[str]] = []
    for table, rows in split_tables(lines):
        if table in ("B01", "B04"):
            found = two_sided(table, rows)
        elif table == "B07":
            found = b07(rows)
        elif table in COLUMNS:
            found = code_table(table, rows)
        else:
            found = []
        for section, key, column, value, page, label in found:
            Decimal(value)
            facts.append([name, table, section, key, column, value, str(page), label])
    return facts


def main() -> None:
    files = [*sorted(CORPUS.glob("putuo_*.pdf")), CORPUS / "shanghai_caizhengju_2025_budget.pdf"]
    files += sorted(
        p for p in (CORPUS / "jiangsu").glob("*.pdf") if "表" in p.name or "预算公开.pdf" in p.name
    )
    rows = [r for path in files for r in derive(path)]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{len(rows)} key cells from {len(files)} files → {OUT.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
