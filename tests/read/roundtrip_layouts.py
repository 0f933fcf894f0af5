"""Published-table layouts for the round-trip tests, and independent writers for each format.

The amounts and labels come from the golden CSVs (typed by hand from the documents); the header
layouts are written here per table, after the printed tables: the Liaoning seed style (公开0N表,
单位/年度/金额单位 line, 行次 and 栏次, 合计 merged over code and name, 三公 as rows) and the
Shanghai style of the 生态环境局 (单位：万元 only, code merged over 类/款/项, 三公 laid out
across with a 预算数/决算数 pair under each item). Nothing here uses juesuan.

A table is rows of ``Cell``s in HTML order: a cell's position skips the places a ``rowspan``
from above covers. ``positions`` resolves that once and every writer uses it.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

TITLES = {
    "T01": "收入支出决算总表",
    "T02": "收入决算表",
    "T03": "支出决算表",
    "T04": "财政拨款收入支出决算总表",
    "T05": "一般公共预算财政拨款支出决算表",
    "T06": "一般公共预算财政拨款基本支出决算表",
    "T07": "财政拨款“三公”经费支出决算表",
    "T08": "政府性基金预算财政拨款收入支出决算表",
    "T09": "国有资本经营预算财政拨款收入支出决算表",
}
CODE_COLUMNS = {
    "T02": [
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ],
    "T03": [
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ],
    "T05": ["合计", "基本支出", "项目支出"],
}
T04_OUT = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
T07_ITEMS = [
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
]


@dataclass(frozen=True)
class Golden:
    table: str
    section: str
    row_key: str
    column: str
    value: str
    label: str


def read_golden(path: Path) -> list[Golden]:
    with path.open(encoding="utf-8") as handle:
        return [
            Golden(r["table"], r["section"], r["row_key"], r["column"], r["value"], r["label"])
            for r in csv.DictReader(handle)
        ]


def golden_keys(rows: Iterable[Golden]) -> set[tuple[str, str, str, str, str]]:
    return {(r.table, r.section, r.row_key, r.column, r.value) for r in rows}


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    amount: bool = False  # an amount: written as a number where the format has numbers


@dataclass
class Block:
    """One published table: title, label, unit line, header and body rows, notes."""

    table: str
    width: int
    meta: list[str]
    rows: list[list[Cell]]
    label: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLES[self.table]


def positions(rows: list[list[Cell]]) -> list[list[tuple[int, Cell]]]:
    """Each row's cells with their 0-based column, skipping places covered from above."""
    covered: set[tuple[int, int]] = set()
    placed: list[list[tuple[int, Cell]]] = []
    for r, row in enumerate(rows):
        col = 0
        out = []
        for cell in row:
            while (r, col) in covered:
                col += 1
            out.append((col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr:
                        covered.add((r + dr, col + dc))
            col += cell.colspan
        placed.append(out)
    return placed


def amount(value: str) -> Cell:
    return Cell(value, amount=True)


def printed(value: str) -> str:
    """An amount as printed, with thousands separators: 4733.14 → 4,733.14."""
    return f"{Decimal(value):,.2f}"


# --- layouts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    unit_name: str
    year: int
    liaoning: bool  # 公开0N表, 行次 and 栏次; else Shanghai


def document_blocks(golden: list[Golden], style: Style) -> list[Block]:
    tables = sorted({g.table for g in golden} | {"T08", "T09"})  # both print T08/T09 empty
    blocks = []
    for table in tables:
        rows = [g for g in golden if g.table == table]
        block = BUILDERS[table](rows, style)
        if style.liaoning:
            block.label = f"公开{int(table[1:]):02d}表"
            block.meta = [f"单位：{style.unit_name}", f"{style.year}年度", "金额单位：万元"]
        else:
            block.meta = ["单位：万元"]
        block.notes = [f"注：本表反映部门本年度{TITLES[table].removesuffix('表')}情况。"]
        if table in ("T08", "T09") and not style.liaoning:
            fund = TITLES[table].removesuffix("财政拨款收入支出决算表")
            block.notes.append(
                f"说明：{style.unit_name}本年度没有{fund}财政拨款收入和支出，故本表无数据。"
            )
        blocks.append(block)
    return blocks


def _by_key(rows: list[Golden]) -> dict[tuple[str, str], dict[str, str]]:
    """(section, row_key) → column → value, in golden order."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for g in rows:
        out.setdefault((g.section, g.row_key), {})[g.column] = g.value
    return out


def _labels(rows: list[Golden]) -> dict[tuple[str, str], str]:
    return {(g.section, g.row_key): g.label for g in rows}


def _amount_cells(values: dict[str, str], columns: list[str]) -> list[Cell]:
    return [amount(values[c]) if c in values else Cell("") for c in columns]


def code_table(table: str, rows: list[Golden], style: Style) -> Block:
    columns = CODE_COLUMNS[table]
    values, labels = _by_key(rows), _labels(rows)
    n = len(columns)
    if style.liaoning:
        head = [
            [Cell("项目", colspan=2)] + [Cell(c, rowspan=2) for c in columns],
            [Cell("功能分类科目编码"), Cell("科目名称")],
            [Cell("栏次", colspan=2)] + [Cell(str(i)) for i in range(1, n + 1)],
        ]
        width = 2 + n
    else:
        head = [
            [Cell("功能分类科目编码", colspan=3), Cell("科目名称", rowspan=2)]
            + [Cell(c, rowspan=2) for c in columns],
            [Cell("类"), Cell("款"), Cell("项")],
        ]
        width = 4 + n
    body = []
    for (_, key), cols in values.items():
        cells = _amount_cells(cols, columns)
        if key == "合计":
            body.append([Cell("合计", colspan=width - n), *cells])
        elif style.liaoning:
            body.append([Cell(key), Cell(labels[("", key)]), *cells])
        else:
            body.append([Cell(key, colspan=3), Cell(labels[("", key)]), *cells])
    return Block(table, width, [], head + body)


def _two_sides(rows: list[Golden], tail_start: str) -> tuple[list[tuple[str, str]], ...]:
    """收入 and 支出 (section, key) lists, aligned: bodies padded, tails ending at 总计 together."""
    keys = list(_by_key(rows))
    sides = []
    for section in ("收入", "支出"):
        items = [k for k in keys if k[0] == section]
        split = next((i for i, k in enumerate(items) if k[1].startswith(tail_start)), len(items))
        sides.append((items[:split], items[split:]))
    (in_body, in_tail), (out_body, out_tail) = sides
    blank = ("", "")
    length = max(len(in_body), len(out_body))
    in_body += [blank] * (length - len(in_body))
    out_body += [blank] * (length - len(out_body))
    tail = max(len(in_tail), len(out_tail))
    in_tail = in_tail[:-1] + [blank] * (tail - len(in_tail)) + in_tail[-1:]
    out_tail = out_tail[:-1] + [blank] * (tail - len(out_tail)) + out_tail[-1:]
    return in_body + in_tail, out_body + out_tail


def t01(rows: list[Golden], style: Style) -> Block:
    values, labels = _by_key(rows), _labels(rows)
    left, right = _two_sides(rows, "本年")
    body = []
    for i, (lk, rk) in enumerate(zip(left, right, strict=True), start=1):
        line_in = [Cell(labels.get(lk, ""))]
        line_out = [Cell(labels.get(rk, ""))]
        if style.liaoning:
            line_in.append(Cell(str(i)))
            line_out.append(Cell(str(i + len(left))))
        line_in += _amount_cells(values.get(lk, {}), ["决算数"])
        line_out += _amount_cells(values.get(rk, {}), ["决算数"])
        body.append(line_in + line_out)
    if style.liaoning:
        head = [
            [Cell("收入", colspan=3), Cell("支出", colspan=3)],
            [Cell("项目"), Cell("行次"), Cell("金额"), Cell("项目"), Cell("行次"), Cell("金额")],
            [Cell("栏次"), Cell(""), Cell("1"), Cell("栏次"), Cell(""), Cell("2")],
        ]
        return Block("T01", 6, [], head + body)
    head = [
        [Cell("收入", colspan=2), Cell("支出", colspan=2)],
        [Cell("项目"), Cell("决算数"), Cell("项目"), Cell("决算数")],
    ]
    return Block("T01", 4, [], head + body)


def t04(rows: list[Golden], style: Style) -> Block:
    values, labels = _by_key(rows), _labels(rows)
    left, right = _two_sides(rows, "本年")
    body = []
    for i, (lk, rk) in enumerate(zip(left, right, strict=True), start=1):
        line = [Cell(labels.get(lk, ""))]
        if style.liaoning:
            line.append(Cell(str(i)))
        line += _amount_cells(values.get(lk, {}), ["决算数"])
        line.append(Cell(labels.get(rk, "")))
        if style.liaoning:
            line.append(Cell(str(i + len(left))))
        line += _amount_cells(values.get(rk, {}), T04_OUT)
        body.append(line)
    if style.liaoning:
        head = [
            [Cell("收     入", colspan=3), Cell("支     出", colspan=6)],
            [Cell("项目", rowspan=2), Cell("行次", rowspan=2), Cell("金额", rowspan=2)]
            + [Cell("项目", rowspan=2), Cell("行次", rowspan=2)]
            + [Cell(c, rowspan=2) for c in T04_OUT],
            [],
            [
                Cell("栏次"),
                Cell(""),
                Cell("1"),
                Cell("栏次"),
                Cell(""),
                Cell("2"),
                Cell("3"),
                Cell("4"),
                Cell("5"),
            ],
        ]
        return Block("T04", 9, [], head + body)
    head = [
        [Cell("收入决算数", colspan=2), Cell("支出决算数", colspan=5)],
        [Cell("项目"), Cell("决算数"), Cell("项目")] + [Cell(c) for c in T04_OUT],
    ]
    return Block("T04", 7, [], head + body)


def t06(rows: list[Golden], style: Style) -> Block:
    values, labels = _by_key(rows), _labels(rows)
    personnel = [k for k in values if k[1][:3] in ("301", "303")]
    public = [k for k in values if k[1][:1].isdigit() and k not in personnel]
    length = max(len(personnel), len(public))
    body = []
    for i in range(length):
        line: list[Cell] = []
        for side in (personnel, public):
            if i < len(side):
                key = side[i]
                line += [Cell(key[1]), Cell(labels[key]), amount(values[key]["决算数"])]
            else:
                line += [Cell(""), Cell(""), Cell("")]
        body.append(line)
    totals = []
    for key in ("人员经费合计", "公用经费合计"):
        value = values.get(("", key), {}).get("决算数")
        totals += [Cell(key, colspan=2), amount(value) if value else Cell("")]
    head = [
        [Cell("人员经费", colspan=3), Cell("公用经费", colspan=3)],
        [Cell("科目编码"), Cell("科目名称"), Cell("决算数")] * 2,
    ]
    return Block("T06", 6, [], [*head, *body, totals])


def t07(rows: list[Golden], style: Style) -> Block:
    values, labels = _by_key(rows), _labels(rows)
    if style.liaoning:
        body = [
            [Cell(labels[key]), *_amount_cells(cols, ["预算数", "决算数"])]
            for key, cols in values.items()
        ]
        return Block("T07", 3, [], [[Cell("项    目"), Cell("预算数"), Cell("决算数")], *body])
    head = [
        [Cell("财政拨款“三公”经费", colspan=12)],
        [
            Cell("合计", colspan=2, rowspan=2),
            Cell("因公出国（境）费", colspan=2, rowspan=2),
            Cell("公务用车购置及运行维护费", colspan=6),
            Cell("公务接待费", colspan=2, rowspan=2),
        ],
        [
            Cell("小计", colspan=2),
            Cell("公务用车购置费", colspan=2),
            Cell("公务用车运行维护费", colspan=2),
        ],
        [Cell("预算数"), Cell("决算数")] * 6,
    ]
    order = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ]
    line: list[Cell] = []
    for item in order:
        line += _amount_cells(values.get(("", item), {}), ["预算数", "决算数"])
    return Block("T07", 12, [], [*head, line])


def empty_fund_table(table: str, rows: list[Golden], style: Style) -> Block:
    """T08/T09 as both documents print them: header only (the seed adds an empty 合计 row)."""
    assert not rows
    code = 2 if style.liaoning else 4
    head = [
        [
            Cell("项目", colspan=code),
            Cell("年初结转和结余", rowspan=2),
            Cell("本年收入", rowspan=2),
            Cell("本年支出", colspan=3),
            Cell("年末结转和结余", rowspan=2),
        ],
        [
            Cell("功能分类科目编码", colspan=code - 1),
            Cell("科目名称"),
            Cell("合计"),
            Cell("基本支出"),
            Cell("项目支出"),
        ],
    ]
    body = [[Cell("合计", colspan=code), *[Cell("") for _ in range(6)]]] if style.liaoning else []
    return Block(table, code + 6, [], head + body)


BUILDERS = {
    "T01": t01,
    "T02": lambda rows, style: code_table("T02", rows, style),
    "T03": lambda rows, style: code_table("T03", rows, style),
    "T04": t04,
    "T05": lambda rows, style: code_table("T05", rows, style),
    "T06": t06,
    "T07": t07,
    "T08": lambda rows, style: empty_fund_table("T08", rows, style),
    "T09": lambda rows, style: empty_fund_table("T09", rows, style),
}


# --- writers -----------------------------------------------------------------------------------


def block_lines(block: Block) -> list[list[tuple[int, Cell]]]:
    """The block as positioned rows: title, label, meta, table rows, notes (meta spread out)."""
    top: list[list[tuple[int, Cell]]] = [[(0, Cell(block.title, colspan=block.width))]]
    if block.label:
        top.append([(0, Cell(block.label))])
    if len(block.meta) == 1:
        top.append([(block.width - 1, Cell(block.meta[0]))])
    else:
        top.append([(0, Cell(block.meta[0])), (block.width // 2, Cell(block.meta[1])),
                    (block.width - 1, Cell(block.meta[2]))])  # fmt: skip
    notes = [[(0, Cell(note, colspan=block.width))] for note in block.notes]
    return top + positions(block.rows) + notes


def write_xlsx(blocks: list[Block], text_tables: frozenset[str] = frozenset()) -> bytes:
    """One sheet per table; amounts as numbers formatted #,##0.00 (as text in ``text_tables``)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for block in blocks:
        sheet = workbook.create_sheet(block.title[:31])
        for r, row in enumerate(block_lines(block), start=1):
            for col, cell in row:
                target = sheet.cell(row=r, column=col + 1)
                if cell.amount and block.table not in text_tables:
                    target.value = Decimal(cell.text)
                    target.number_format = "#,##0.00"
                elif cell.amount:
                    target.value = printed(cell.text)
                else:
                    target.value = cell.text or None
                if cell.colspan > 1 or cell.rowspan > 1:
                    sheet.merge_cells(
                        start_row=r, start_column=col + 1,
                        end_row=r + cell.rowspan - 1, end_column=col + cell.colspan,
                    )  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xls(blocks: list[Block]) -> bytes:
    """All tables on one sheet, an empty row between; amounts as numbers formatted #,##0.00."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("决算表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    r = 0
    for block in blocks:
        for row in block_lines(block):
            for col, cell in row:
                value: object = float(Decimal(cell.text)) if cell.amount else cell.text
                if cell.colspan > 1 or cell.rowspan > 1:
                    last_row, last_col = r + cell.rowspan - 1, col + cell.colspan - 1
                    if cell.amount:
                        sheet.write_merge(r, last_row, col, last_col, value, money)
                    else:
                        sheet.write_merge(r, last_row, col, last_col, value)
                elif cell.amount:
                    sheet.write(r, col, value, money)
                elif cell.text:
                    sheet.write(r, col, value)
            r += 1
        r += 1  # an empty row between tables
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_docx(blocks: list[Block], split_every: int = 0, repeat_header: bool = True) -> bytes:
    """Title, label and meta as paragraphs; each table a Word table with merged cells.

    With ``split_every``, a table longer than that many body rows is split into several Word
    tables separated by a page break, as a table continued on the next page (the header row
    repeated or not).
    """
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for block in blocks:
        document.add_paragraph(block.title)
        if block.label:
            document.add_paragraph(block.label)
        document.add_paragraph("    ".join(block.meta))
        for number, rows in enumerate(table_parts(block, split_every, repeat_header)):
            if number:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _word_table(document, rows, block.width)
        for note in block.notes:
            document.add_paragraph(note)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table_parts(block: Block, split_every: int, repeat_header: bool) -> list[list[list[Cell]]]:
    """The block's rows as printed on successive pages: header, then body rows in chunks."""
    first_body = next((i for i, row in enumerate(block.rows) if any(c.amount for c in row)), 0)
    head, body = block.rows[:first_body], block.rows[first_body:]
    if not split_every or len(body) <= split_every:
        return [block.rows]
    chunks = [body[i : i + split_every] for i in range(0, len(body), split_every)]
    return [head + chunks[0]] + [(head if repeat_header else []) + chunk for chunk in chunks[1:]]


def _word_table(document: Any, rows: list[list[Cell]], width: int) -> None:
    import docx

    placed = positions(rows)
    table = document.add_table(rows=len(placed), cols=width)
    for r, row in enumerate(placed):  # merges first: python-docx looks cells up slowly
        for col, cell in row:
            if cell.colspan > 1 or cell.rowspan > 1:
                last = table.cell(r + cell.rowspan - 1, col + cell.colspan - 1)
                table.cell(r, col).merge(last)
    for tr, row in zip(table._tbl.tr_lst, placed, strict=True):
        by_col, col = {}, 0
        for tc in tr.tc_lst:  # the grid column each cell of the Word row starts at
            by_col[col] = tc
            col += tc.grid_span
        for col, cell in row:
            target = docx.table._Cell(by_col[col], table)
            target.text = printed(cell.text) if cell.amount else cell.text


def write_html(blocks: list[Block], title_in_table: bool = False) -> bytes:
    """A page: headings and paragraphs, each table as <table> with colspan and rowspan.

    With ``title_in_table`` the title, label and unit line are rows of the table itself, each one
    cell spread over the table's width, as pages exported from a spreadsheet print them.
    """
    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>决算</title></head><body>']
    for block in blocks:
        heading = [block.title, *([block.label] if block.label else []), "  ".join(block.meta)]
        if not title_in_table:
            parts.extend(f"<p>{html.escape(text)}</p>" for text in heading)
        parts.append("<table border='1'>")
        if title_in_table:
            parts.extend(
                f"<tr><td colspan='{block.width}'>{html.escape(text)}</td></tr>" for text in heading
            )
        for row in block.rows:
            cells = []
            for cell in row:
                attrs = ""
                if cell.colspan > 1:
                    attrs += f" colspan='{cell.colspan}'"
                if cell.rowspan > 1:
                    attrs += f' rowspan="{cell.rowspan}"'
                text = printed(cell.text) if cell.amount else html.escape(cell.text)
                cells.append(f"<td{attrs}><span>{text or '&nbsp;'}</span></td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
        parts.extend(f"<p>{html.escape(note)}</p>" for note in block.notes)
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
