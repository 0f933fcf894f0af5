"""Derive caizhengju_2024_facts.csv from putuo_caizhengju_2024_final.pdf, without juesuan.

Method: poppler's `pdftotext -bbox` gives every word with its box. Per page a hand-made layout
(below, read off the bounding boxes and the rendered page) says where the row anchors are (the
类 code, or the item label of a two-sided table), where the labels are, and the x centre of each
amount column. Every amount goes to the nearest column centre and then to the nearest row anchor
of that column's side. The output was then checked number by number against page images
(`pdftoppm -png -r 80`) and against `pdftotext -layout`; see README.md.

Run: python tests/golden/derive_caizhengju.py [original|seeded]
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
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
FINAL = HERE.parents[2] / "shared" / "corpus" / "final"

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$")
ORDINAL_START = re.compile(r"^[一二三四五六七八九十]+、")
TOTAL_WORDS = {"合计", "人员经费合计", "公用经费合计"}
ITEM_WORDS = {
    "本年收入合计",
    "本年支出合计",
    "使用非财政拨款结余（含专用结余）",
    "使用非财政拨款结余",
    "结余分配",
    "年初结转和结余",
    "年末结转和结余",
    "总计",
    "年初财政拨款结转和结余",
    "年末财政拨款结转和结余",
}


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Side:
    """One side of a table page: its anchors, labels and amount columns (x centres)."""

    section: str
    anchor_x: tuple[float, float]  # where the row anchor words lie
    label_x: tuple[float, float]
    columns: list[tuple[str, float]]
    coded: bool  # rows anchored on a 3-digit code (else on the item label)


@dataclass
class PageLayout:
    table: str
    page: int
    sides: list[Side] = field(default_factory=list)


@dataclass
class Row:
    side: Side
    y: float
    key_parts: list[str]
    label_parts: list[str]


def page_words(pdf: Path, page: int) -> list[Word]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(out)]


def inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def is_item_anchor(text: str) -> bool:
    return bool(ORDINAL_START.match(text)) or text in ITEM_WORDS


def side_rows(side: Side, words: list[Word]) -> list[Row]:
    """Row anchors of one side, with their code parts and label text."""
    rows: list[Row] = []
    if side.coded:
        for word in words:
            if inside(word.xc, side.anchor_x) and re.fullmatch(r"\d{3}", word.text):
                rows.append(Row(side, word.yc, [word.text], []))
            elif inside(word.xc, side.label_x) and word.text in TOTAL_WORDS:
                rows.append(Row(side, word.yc, [word.text], [word.text]))
        rows.sort(key=lambda r: r.y)
        attach_code_parts(side, rows, words)
        attach_labels(side, rows, words)
    else:
        label_words = sorted((w for w in words if inside(w.xc, side.label_x)), key=lambda w: w.yc)
        for word in label_words:
            if is_item_anchor(word.text):
                rows.append(Row(side, word.yc, [], [word.text]))
            elif rows and 0 < word.yc - rows[-1].y < 20 and not AMOUNT.match(word.text):
                rows[-1].label_parts.append(word.text)  # wrapped continuation of the label above
    return rows


def attach_code_parts(side: Side, rows: list[Row], words: list[Word]) -> None:
    """款 and 项: two-digit words between the 类 column and the label, on the anchor's line."""
    for row in rows:
        if row.key_parts[0] in TOTAL_WORDS:
            continue
        parts = [
            w
            for w in words
            if re.fullmatch(r"\d{2}", w.text)
            and side.anchor_x[1] < w.xc < side.label_x[0]
            and -3 <= w.yc - row.y <= 9
        ]
        row.key_parts += [w.text for w in sorted(parts, key=lambda w: w.xc)]


def attach_labels(side: Side, rows: list[Row], words: list[Word]) -> None:
    """A label line belongs to the last anchor at most 6 pt below it (labels sit a little low)."""
    for word in sorted(
        (w for w in words if inside(w.xc, side.label_x)), key=lambda w: (w.yc, w.x0)
    ):
        owners = [r for r in rows if r.y <= word.yc + 6]
        if owners and owners[-1].key_parts[0] not in TOTAL_WORDS and not AMOUNT.match(word.text):
            owners[-1].label_parts.append(word.text)


def layout_to_facts(pdf: Path, layout: PageLayout) -> list[tuple[float, int, int, Fact]]:
    words = page_words(pdf, layout.page)
    rows = {id(side): side_rows(side, words) for side in layout.sides}
    placed: list[tuple[float, int, int, Fact]] = []
    for word in words:
        if not AMOUNT.match(word.text):
            continue
        side_index, column_index, side, column = nearest_column(layout, word)
        candidates = rows[id(side)]
        if not candidates:
            raise SystemExit(f"page {layout.page}: no row for {word.text}")
        row = min(candidates, key=lambda r: abs(r.y - word.yc))
        if abs(row.y - word.yc) > 14:
            raise SystemExit(f"page {layout.page}: {word.text} at y {word.yc:.1f} has no row near")
        key = "".join(row.key_parts) if side.coded else canonical_item("".join(row.label_parts))
        label = "".join(row.label_parts)
        fact = Fact(
            layout.table, side.section, key, column, word.text.replace(",", ""), layout.page, label
        )
        placed.append((row.y, side_index, column_index, fact))
    return placed


def nearest_column(layout: PageLayout, word: Word) -> tuple[int, int, Side, str]:
    best = min(
        (
            (abs(centre - word.xc), si, ci, side, name)
            for si, side in enumerate(layout.sides)
            for ci, (name, centre) in enumerate(side.columns)
        ),
        key=lambda t: t[0],
    )
    return best[1], best[2], best[3], best[4]


def t04_sub_rows(facts: list[Fact]) -> list[Fact]:
    """Fund lines after 年初财政拨款结转和结余 (before 总计) are its sub-rows (interface.md)."""
    out: list[Fact] = []
    income_keys = {"一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"}
    seen_carry = False
    for fact in facts:
        if fact.table == "T04" and fact.row_key == "年初财政拨款结转和结余":
            seen_carry = True
        if fact.table == "T04" and seen_carry and fact.row_key in income_keys:
            prefix = (
                "年初财政拨款结转和结余" if fact.section == "收入" else "年末财政拨款结转和结余"
            )
            fact = Fact(
                fact.table,
                fact.section,
                f"{prefix}/{fact.row_key}",
                fact.column,
                fact.value,
                fact.where,
                fact.label,
            )
        out.append(fact)
    return out


def t07_facts(pdf: Path, page: int, centres: list[float]) -> list[Fact]:
    """One line of twelve (预算数, 决算数) cells in the template's column order."""
    keys = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ]
    labels = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费 小计",
        "公务用车购置费",
        "公务用车运行费",
        "公务接待费",
    ]
    facts = []
    for word in sorted(
        (w for w in page_words(pdf, page) if AMOUNT.match(w.text)), key=lambda w: w.xc
    ):
        index = min(range(12), key=lambda i: abs(centres[i] - word.xc))
        facts.append(
            Fact(
                "T07",
                "",
                keys[index // 2],
                ["预算数", "决算数"][index % 2],
                word.text.replace(",", ""),
                page,
                labels[index // 2],
            )
        )
    return facts


def coded(
    columns: list[str],
    centres: list[float],
    anchor: tuple[float, float],
    label: tuple[float, float],
) -> Side:
    return Side("", anchor, label, list(zip(columns, centres, strict=True)), True)


def original_layouts() -> list[PageLayout]:
    t01_sides = [
        Side("收入", (0, 0), (30, 240), [("决算数", 275.0)], False),
        Side("支出", (0, 0), (300, 490), [("决算数", 522.0)], False),
    ]
    t02 = coded(T02_COLUMNS, [384, 461, 533, 591, 641, 694, 749], (60, 100), (185, 350))
    t03 = coded(T03_COLUMNS, [412, 482, 544, 611, 675, 738], (60, 100), (195, 370))
    t04_sides = [
        Side("收入", (0, 0), (60, 225), [("决算数", 255.0)], False),
        Side(
            "支出",
            (0, 0),
            (285, 460),
            list(zip(T04_OUT_COLUMNS, [490.0, 567.0, 650.0, 733.0], strict=True)),
            False,
        ),
    ]
    t05 = coded(T05_COLUMNS, [410, 467, 530], (40, 70), (180, 385))
    t06_sides = [
        Side("", (15, 50), (95, 255), [("决算数", 284.0)], True),
        Side("", (320, 355), (395, 535), [("决算数", 553.0)], True),
    ]
    return [
        PageLayout("T01", 6, t01_sides),
        PageLayout("T01", 7, t01_sides),
        PageLayout("T02", 8, [t02]),
        PageLayout("T02", 9, [t02]),
        PageLayout("T03", 10, [t03]),
        PageLayout("T03", 11, [t03]),
        PageLayout("T04", 12, t04_sides),
        PageLayout("T04", 13, t04_sides),
        PageLayout("T05", 15, [t05]),
        PageLayout("T06", 16, t06_sides),
        PageLayout("T06", 17, t06_sides),
    ]


def seeded_layouts() -> list[PageLayout]:
    """The re-typeset copy: other coordinates, and no 支出决算表 (T03) at all."""
    t01_sides = [
        Side("收入", (0, 0), (60, 245), [("决算数", 271.0)], False),
        Side("支出", (0, 0), (295, 470), [("决算数", 502.0)], False),
    ]
    t02 = coded(T02_COLUMNS, [368, 442, 505, 568, 621, 682, 753], (70, 100), (140, 320))
    t04_sides = [
        Side("收入", (0, 0), (60, 230), [("决算数", 255.0)], False),
        Side(
            "支出",
            (0, 0),
            (280, 450),
            list(zip(T04_OUT_COLUMNS, [476.0, 565.0, 637.0, 726.0], strict=True)),
            False,
        ),
    ]
    t05 = coded(T05_COLUMNS, [368, 421, 479], (95, 120), (165, 340))
    t06_sides = [
        Side("", (55, 85), (105, 265), [("决算数", 292.0)], True),
        Side("", (320, 345), (370, 495), [("决算数", 519.0)], True),
    ]
    return [
        PageLayout("T01", 7, t01_sides),
        PageLayout("T02", 8, [t02]),
        PageLayout("T02", 9, [t02]),
        PageLayout("T04", 10, t04_sides),
        PageLayout("T04", 11, t04_sides),
        PageLayout("T05", 12, [t05]),
        PageLayout("T06", 13, t06_sides),
        PageLayout("T06", 14, t06_sides),
    ]


T07_CENTRES_SEEDED = [
    183.2,
    225.5,
    270.3,
    317.7,
    362.6,
    404.9,
    447.2,
    489.5,
    531.8,
    574.1,
    616.4,
    658.7,
]
T07_CENTRES_ORIGINAL = [
    48.0,
    114.0,
    180.0,
    245.0,
    311.0,
    377.0,
    443.0,
    509.0,
    574.0,
    640.0,
    706.0,
    772.0,
]


def pdf_to_facts(
    pdf: Path, layouts: list[PageLayout], t07_page: int, t07_centres: list[float]
) -> list[Fact]:
    facts: list[Fact] = []
    for layout in layouts:
        placed = layout_to_facts(pdf, layout)
        placed.sort(key=lambda t: (round(t[0]), t[1], t[2]))
        facts += [p[3] for p in placed]
    facts = t04_sub_rows(facts)
    facts += t07_facts(pdf, t07_page, t07_centres)
    return facts


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "original"
    if which == "original":
        result = pdf_to_facts(
            FINAL / "putuo_caizhengju_2024_final.pdf", original_layouts(), 18, T07_CENTRES_ORIGINAL
        )
        out = HERE / "caizhengju_2024_facts.csv"
    elif which == "seeded":
        result = pdf_to_facts(
            FINAL / "putuo_caizhengju_2024_final_seeded_errors.pdf",
            seeded_layouts(),
            15,
            T07_CENTRES_SEEDED,
        )
        out = HERE / "caizhengju_2024_seeded_facts.csv"
    else:
        raise SystemExit("usage: derive_caizhengju.py [original|seeded]")
    write_facts(out, result)
    print(f"{len(result)} facts -> {out}")
