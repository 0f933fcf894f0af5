"""Issue 15 defects of reading: 1 (zip bombs, bounds), 2 (deep HTML), 4 (malformed amounts),
13 (UTF-16, tabs become spaces, full-width digits)."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from hardening_kit import SEED, SEED_TEXT, assert_says, juesuan, seed_as_html, seed_lines

from juesuan.pipeline import read
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.read.limits import MAX_MEMBER_BYTES, bound_grid


def fact_keys(path: Path) -> list[tuple[str, ...]]:
    return [
        (f.table, f.section, f.row_key, f.column, str(f.value), f.unit) for f in read(path).facts()
    ]


SEED_FACTS = fact_keys(SEED)


# --- 1: zip bombs and bounds --------------------------------------------------------------------
def zip_with_bomb(kind: str, member: str, size: int) -> bytes:
    """A small container whose one member inflates to `size` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/_rels/x.rels", "<Relationships/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            block = b"\x00" * (1 << 20)
            for _ in range(size >> 20):
                handle.write(block)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "kind", "member", "size"),
    [
        ("bomb.xlsx", "xl", "xl/worksheets/sheet1.xml", MAX_MEMBER_BYTES + (1 << 20)),
        ("bomb.docx", "word", "word/document.xml", 40 << 20),  # small, but inflates 1000×
    ],
)
def test_1_zip_bomb_is_refused_before_it_is_inflated(
    tmp_path: Path, name: str, kind: str, member: str, size: int
) -> None:
    path = tmp_path / name
    path.write_bytes(zip_with_bomb(kind, member, size))
    assert path.stat().st_size < 2 << 20  # a small file
    for command in ("facts", "check"):
        started = time.monotonic()
        run = juesuan(command, str(path))
        assert_says(run, str(path), "压缩炸弹", member)
        assert time.monotonic() - started < 20  # refused, not inflated


def test_1_a_grid_beyond_the_line_bound_is_cut_and_said() -> None:
    lines = tuple(
        GridLine(LineKind.ROW, (GridCell(str(n), source),), source)
        for n in range(25)
        for source in [
            __import__("juesuan.model.source", fromlist=["Source"]).Source("x", line=n + 1)
        ]
    )
    grid = bound_grid(DocumentGrid("x", "celltext", lines), max_lines=10)
    assert len(grid.lines) == 10
    assert grid.missing == ("line 11 以后（超过读取上限）",)
    assert grid.findings[-1].rule == "read.size_limit"


# --- 2: deep HTML -------------------------------------------------------------------------------
def test_2_html_nested_255_divs_deep(tmp_path: Path) -> None:
    flat = tmp_path / "flat.html"
    flat.write_text(seed_as_html(), encoding="utf-8")
    deep = tmp_path / "deep.html"
    deep.write_text(seed_as_html(wrap=255), encoding="utf-8")
    assert len(fact_keys(flat)) > 200
    assert fact_keys(deep) == fact_keys(flat)


def test_2_html_inside_85_nested_tables(tmp_path: Path) -> None:
    page = seed_as_html()
    start = page.index("<table>")
    nested = (
        page[:start] + "<table><tr><td>" * 85 + page[start:-len("</body></html>")]
        + "</td></tr></table>" * 85 + "</body></html>"
    )  # fmt: skip
    flat = tmp_path / "flat.html"
    flat.write_text(page, encoding="utf-8")
    deep = tmp_path / "tables.html"
    deep.write_text(nested, encoding="utf-8")
    assert fact_keys(deep) == fact_keys(flat)


def test_2_html_deeper_than_the_parser_can_go_is_said(tmp_path: Path) -> None:
    path = tmp_path / "abyss.html"
    path.write_text(seed_as_html(wrap=5000), encoding="utf-8")
    run = juesuan("facts", str(path))
    assert run.exit_code in (0, 2)
    assert "HTML 嵌套过深" in run.stderr and "Traceback" not in run.stderr


# --- 4: one malformed amount keeps its row and is reported ---------------------------------------
def seed_with(table_title: str, code: str, old: str, new: str) -> str:
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if line.strip() == table_title)
    index = next(i for i in range(start, len(lines)) if lines[i] == f"\t{code}")
    value = next(i for i in range(index, index + 6) if lines[i] == f"\t{old}")
    lines[value] = f"\t{new}"
    return "\n".join(lines)


@pytest.mark.parametrize("bad", ["91.97a", "9,1.97", "91..97", "9l.97"])
@pytest.mark.parametrize(
    ("title", "code", "old", "column"),
    [
        ("收入决算表", "201", "91.97", "本年收入合计"),
        ("支出决算表", "201", "91.97", "本年支出合计"),
        ("一般公共预算财政拨款支出决算表", "201", "91.97", "合计"),
        ("一般公共预算财政拨款基本支出决算表", "30101", "25.08", "决算数"),
    ],
)
def test_4_malformed_amount_keeps_the_row(
    tmp_path: Path, bad: str, title: str, code: str, old: str, column: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(seed_with(title, code, old, bad), encoding="utf-8")
    disclosure = read(path)
    table_id = {"收入决算表": "T02", "支出决算表": "T03"}.get(title) or (
        "T05" if "支出决算表" in title and "基本" not in title else "T06"
    )
    table = disclosure.table(table_id)
    assert table is not None
    row = next(r for r in table.rows if r.key == code)  # the row is kept
    seed_row = next(r for r in read(SEED).table(table_id).rows if r.key == code)  # type: ignore[union-attr]
    kept = {c.column: c.value for c in row.cells if c.value is not None}
    expected = {c.column: c.value for c in seed_row.cells if c.value is not None and c.raw != old}
    expected |= {c.column: c.value for c in seed_row.cells if c.raw == old and c.column != column}
    assert kept == expected  # every other cell of the row is still there
    bad_cells = [f for f in disclosure.read_findings if f.rule == "recognise.bad_amount"]
    assert [(f.table, f.row_key, f.column) for f in bad_cells] == [(table_id, code, column)]
    assert bad in bad_cells[0].message


@pytest.mark.parametrize("mark", ["¥", "￥", "\u200b", "\ufeff"])
def test_4_a_mark_before_every_amount_is_read_through(tmp_path: Path, mark: str) -> None:
    path = tmp_path / "marked.txt"
    text = re.sub(r"^\t([\d,]+\.\d\d)$", lambda m: f"\t{mark}{m.group(1)}", SEED_TEXT, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert fact_keys(path) == SEED_FACTS


# --- 13: UTF-16, tabs become spaces, full-width digits -------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_13_utf16_text_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "utf16.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + SEED_TEXT.encode(encoding))
    assert fact_keys(path) == SEED_FACTS


@pytest.mark.parametrize("spaces", [2, 4, 8])
def test_13_tabs_that_became_spaces(tmp_path: Path, spaces: int) -> None:
    path = tmp_path / "spaces.txt"
    path.write_text(SEED_TEXT.replace("\t", " " * spaces), encoding="utf-8")
    assert fact_keys(path) == SEED_FACTS
    assert all(re.fullmatch(r"合计|\d{3}(\d{2}){0,2}|\D+", f[2]) for f in fact_keys(path))


def test_13_full_width_digits_in_codes_and_amounts(tmp_path: Path) -> None:
    wide = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
    text = re.sub(
        r"^\t(\d{3}(?:\d{2}){0,2}|[\d,]+\.\d\d)$",
        lambda m: "\t" + m.group(1).translate(wide),
        SEED_TEXT,
        flags=re.M,
    )
    path = tmp_path / "wide.txt"
    path.write_text(text, encoding="utf-8")
    assert fact_keys(path) == SEED_FACTS
    seed_errors = juesuan("check", str(SEED)).stdout.splitlines()[-1]
    assert juesuan("check", str(path)).stdout.splitlines()[-1] == seed_errors


# --- 5: T07 printed with only a 决算数 column -----------------------------------------------------
def t07_final_only() -> list[list[str] | str]:
    """The seed's T07 with its 预算数 column left out (the rest of the seed unchanged)."""
    from hardening_kit import seed_rows

    items = seed_rows()
    start = items.index("财政拨款“三公”经费支出决算表")
    end = items.index("政府性基金预算财政拨款收入支出决算表")
    out: list[list[str] | str] = []
    for index, item in enumerate(items):
        if start < index < end and isinstance(item, list) and len(item) == 3:
            item = [item[0], item[2]]  # 项目 | 决算数
        out.append(item)
    return out


def rows_as_celltext(items: list[list[str] | str]) -> str:
    lines: list[str] = []
    for item in items:
        if isinstance(item, str):
            lines.append(item)
        else:
            lines.extend(f"\t{cell}" for cell in item)
            lines.append("")
    return "\n".join(lines)


def rows_as_xlsx(items: list[list[str] | str], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for item in items:
        sheet.append([item] if isinstance(item, str) else item)
    book.save(path)


@pytest.mark.parametrize("suffix", ["txt", "xlsx"])
def test_5_t07_with_only_a_final_column(tmp_path: Path, suffix: str) -> None:
    items = t07_final_only()
    path = tmp_path / f"t07.{suffix}"
    if suffix == "txt":
        path.write_text(rows_as_celltext(items), encoding="utf-8")
    else:
        rows_as_xlsx(items, path)
    t07 = [f for f in fact_keys(path) if f[0] == "T07"]
    seed_final = [f for f in SEED_FACTS if f[0] == "T07" and f[3] == "决算数"]
    assert t07 == seed_final  # every value read as 决算数, none as 预算数


# --- 11: formula cells without cached values -------------------------------------------------------
def test_11_formulas_without_values_mark_the_document_partial(tmp_path: Path) -> None:
    from hardening_kit import seed_rows

    items = seed_rows()
    path = tmp_path / "formulas.xlsx"
    rows_as_xlsx([[("=" + c.replace(",", "")) if c == "91.97" else c for c in item]
                  if isinstance(item, list) else item for item in items], path)  # fmt: skip
    disclosure = read(path)
    assert disclosure.partial
    assert any("没有保存计算结果的公式单元格" in m for m in disclosure.missing)
    formula = [f for f in disclosure.read_findings if f.rule == "read.formula_without_value"]
    assert formula and "值未知" in formula[0].message
    run = juesuan("facts", str(path))
    assert run.exit_code == 0 and "结果不完整" in run.stderr and "公式" in run.stderr


def t01_income_total_as_formula() -> list[list[str] | str]:
    """The seed whose T01 本年收入合计 amount is a formula (openpyxl saves it without a value)."""
    from hardening_kit import seed_rows

    items = seed_rows()
    start = items.index("收入支出决算总表")
    row = next(i for i, item in enumerate(items[start:], start) if item[0] == "本年收入合计")
    total = list(items[row])
    total[2] = "=" + total[2].replace(",", "")
    return [*items[:row], total, *items[row + 1 :]]


def test_11_a_formula_total_without_a_value_is_unknown_not_a_false_error(tmp_path: Path) -> None:
    from hardening_kit import seed_rows

    from juesuan.model.report import Status
    from juesuan.rules.engine import run_rules

    plain, formula = tmp_path / "plain.xlsx", tmp_path / "formula.xlsx"
    rows_as_xlsx(seed_rows(), plain)
    rows_as_xlsx(t01_income_total_as_formula(), formula)
    disclosure = read(formula)
    total = disclosure.table("T01").row("本年收入合计", "收入")  # type: ignore[union-attr]
    assert total is not None and total.cells[0].unknown and total.cells[0].value is None
    report, clean = run_rules(disclosure), run_rules(read(plain))
    errors = {(f.rule, f.table, f.row_key) for f in report.findings if f.severity == "error"}
    before = {(f.rule, f.table, f.row_key) for f in clean.findings if f.severity == "error"}
    assert errors <= before  # no error that the same document with the value does not have
    assert not [f for f in report.findings if f.table == "T01" and f.row_key == "本年收入合计"]
    refused = {o.rule: o.detail for o in report.checked if o.status is Status.INSUFFICIENT_DATA}
    assert refused and all("本年收入合计" in d and "公式" in d for d in refused.values())
    others = {o.rule: o.status for o in report.checked if o.rule not in refused}
    assert others == {o.rule: o.status for o in clean.checked if o.rule not in refused}
    assert report.partial
    notice = [f for f in disclosure.read_findings if f.rule == "read.formula_without_value"]
    assert len(notice) == 1 and "C" in notice[0].message and "值未知" in notice[0].message


# --- 16: X tables with codes in 类/款/项 columns, two-sided X tables ---------------------------------
def test_16_split_codes_and_two_sided_rows_in_an_extra_table(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["部门项目支出预算表"], ["单位：元"],
        ["科目编码", None, None, "科目名称", "预算数"], ["类", "款", "项", None, None],
        ["201", None, None, "一般公共服务支出", "683,700"],
        ["201", "05", None, "统计信息事务", "257,700"],
        ["201", "05", "07", "专项普查活动", "257,700"],
        [None, "29", None, "群众团体事务", "426,000"],
        [None, None, "02", "一般行政管理事务", "426,000"],
        ["本年收入", None, "本年支出", None], ["项目", "预算数", "项目", "预算数"],
        ["一、财政拨款收入", "683,700", "一、一般公共服务支出", "600,000"],
        ["二、事业收入", None, "二、公共安全支出", "83,700"],
        ["收入总计", "683,700", "支出总计", "683,700"],
        ["注：本表为测试用表。"],
    ]:  # fmt: skip
        sheet.append(row)
    path = tmp_path / "extra.xlsx"
    book.save(path)
    disclosure = read(path)
    [extra] = disclosure.tables
    assert extra.id == "X01"
    keys = [(row.section, row.key) for row in extra.rows]
    assert keys[:5] == [("", c) for c in ("201", "20105", "2010507", "20129", "2012902")]
    assert keys[5:] == [
        ("收入", "一、财政拨款收入"), ("支出", "一、一般公共服务支出"),
        ("收入", "二、事业收入"), ("支出", "二、公共安全支出"),
        ("收入", "收入总计"), ("支出", "支出总计"),
    ]  # fmt: skip
    assert not [f for f in disclosure.read_findings if f.rule == "recognise.row_unread"]


def test_16_a_budget_code_table_printing_the_class_once(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["2024年部门一般公共预算支出功能分类预算表"],
        ["编制部门：某局", None, None, None, None, "单位：元"],
        ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", None, None, None, None],
        ["201", None, None, "一般公共服务支出", "683,700", "0", "683,700"],
        [None, "05", None, "统计信息事务", "257,700", "0", "257,700"],
        [None, None, "07", "专项普查活动", "257,700", "0", "257,700"],
        [None, "29", None, "群众团体事务", "426,000", "0", "426,000"],
        [None, None, "02", "一般行政管理事务", "426,000", "0", "426,000"],
        [None, None, None, "合计", "683,700", "0", "683,700"],
    ]:
        sheet.append(row)
    path = tmp_path / "b05.xlsx"
    book.save(path)
    disclosure = read(path)
    b05 = disclosure.table("B05")
    assert b05 is not None and b05.complete
    assert [row.key for row in b05.rows] == ["201", "20105", "2010507", "20129", "2012902", "合计"]
    assert b05.row("2012902").label == "一般行政管理事务"  # type: ignore[union-attr]
    assert not [f for f in disclosure.read_findings if f.rule == "recognise.row_unread"]


# --- 17: an extra worksheet after T09 is not glued onto it -----------------------------------------
def test_17_a_big_extra_sheet_is_not_glued_onto_t09(tmp_path: Path) -> None:
    from hardening_kit import seed_rows
    from openpyxl import Workbook

    items = seed_rows()
    start = items.index("国有资本经营预算财政拨款收入支出决算表")
    end = next(i for i in range(start + 1, len(items)) if isinstance(items[i], str))

    def workbook(path: Path, big_rows: int) -> None:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for item in items[:end]:
            sheet.append([item] if isinstance(item, str) else item)
        if big_rows:
            big = book.create_sheet("大表")
            big.append(["科目编码", "科目名称", "金额"])
            for n in range(big_rows):
                big.append([str(2010101 + n), "某项支出", f"{n}.00"])
        book.save(path)

    plain, glued = tmp_path / "plain.xlsx", tmp_path / "big.xlsx"
    workbook(plain, 0)
    workbook(glued, 3000)
    assert fact_keys(glued) == fact_keys(plain)
    with_big = read(glued)
    t09 = with_big.table("T09")
    assert t09 is not None and len(t09.rows) < 20
    findings = json.loads(juesuan("check", "--format", "json", str(glued)).stdout)
    alone = json.loads(juesuan("check", "--format", "json", str(plain)).stdout)
    assert len(findings["documents"][0]["findings"]) == len(alone["documents"][0]["findings"])


# --- 18: cells merged 2×2 everywhere -------------------------------------------------------------
def merged_html(span: int) -> str:
    from hardening_kit import seed_rows

    parts: list[str] = []
    in_table = False
    cell = f'<td colspan="{span}" rowspan="{span}">{{}}</td>' if span > 1 else "<td>{}</td>"
    for item in seed_rows():
        if isinstance(item, list):
            if not in_table:
                parts.append("<table>")
                in_table = True
            row = "".join(cell.format(html_escape(c)) for c in item)
            parts.append(f"<tr>{row}</tr>" + "<tr></tr>" * (span - 1))
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        parts.append(f"<p>{html_escape(item)}</p>")
    if in_table:
        parts.append("</table>")
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_18_cells_merged_2x2_in_a_workbook(tmp_path: Path) -> None:
    from hardening_kit import seed_rows
    from openpyxl import Workbook

    items = seed_rows()
    items = items[items.index("收入支出决算总表") : items.index("收入决算表")]
    plain, merged = Workbook(), Workbook()
    sheet, wide = plain.active, merged.active
    assert sheet is not None and wide is not None
    for row, item in enumerate(items, start=1):
        cells = [item] if isinstance(item, str) else item
        sheet.append(cells)
        for index, text in enumerate(cells):
            top, left = 2 * row - 1, 2 * index + 1
            wide.cell(row=top, column=left, value=text)
            wide.merge_cells(start_row=top, start_column=left, end_row=top + 1, end_column=left + 1)
    plain.save(tmp_path / "plain.xlsx")
    merged.save(tmp_path / "merged.xlsx")
    assert fact_keys(tmp_path / "merged.xlsx") == fact_keys(tmp_path / "plain.xlsx")


def test_18_cells_merged_2x2_in_a_web_page(tmp_path: Path) -> None:
    plain, merged = tmp_path / "plain.html", tmp_path / "merged.html"
    plain.write_text(merged_html(1), encoding="utf-8")
    merged.write_text(merged_html(2), encoding="utf-8")
    assert fact_keys(merged) == fact_keys(plain)
