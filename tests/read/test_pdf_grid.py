"""Grid-level tests of the PDF reader on the real 普陀区财政局 2024 决算 PDF.

Expected values were typed from the pages rendered with ``pdftoppm -r 70`` and looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.read import file_to_grid
from juesuan.read.grid import DocumentGrid, GridLine, LineKind

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
SEEDED = CORPUS / "final" / "putuo_caizhengju_2024_final_seeded_errors.pdf"


@pytest.fixture(scope="module")
def grid() -> DocumentGrid:
    return file_to_grid(CAIZHENGJU)


def page_lines(grid: DocumentGrid, page: int) -> list[GridLine]:
    return [line for line in grid.lines if line.source.page == page and line.kind != LineKind.BREAK]


def rows(grid: DocumentGrid, page: int) -> list[tuple[str, ...]]:
    return [line.texts for line in page_lines(grid, page) if line.kind == LineKind.ROW]


def texts(grid: DocumentGrid, page: int) -> list[str]:
    return [line.text for line in page_lines(grid, page) if line.kind == LineKind.TEXT]


def row_starting(grid: DocumentGrid, page: int, *head: str) -> tuple[str, ...]:
    matches = [r for r in rows(grid, page) if r[: len(head)] == head]
    assert len(matches) == 1, (head, matches)
    return matches[0]


def test_every_page_starts_with_a_break(grid: DocumentGrid) -> None:
    assert grid.format == "pdf" and grid.pages == 25
    breaks = [line for line in grid.lines if line.kind == LineKind.BREAK]
    assert [b.source.page for b in breaks] == list(range(1, 26))
    assert grid.lines[0].kind == LineKind.BREAK
    assert not grid.findings and not grid.missing


def test_t01_two_sided_rows_page_6(grid: DocumentGrid) -> None:
    assert texts(grid, 6)[1:3] == ["收入支出决算总表", "单位：万元"]
    assert rows(grid, 6)[:3] == [
        ("收入", "支出"),
        ("项目", "决算数", "项目", "决算数"),
        ("一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,106.66"),
    ]
    assert row_starting(grid, 6, "八、其他收入") == (
        "八、其他收入",
        "6.20",
        "八、社会保障和就业支出",
        "326.71",
    )
    # left side blank, right side printed: the blanks stay in their columns
    assert row_starting(grid, 6, "", "", "十九、住房保障支出") == (
        "",
        "",
        "十九、住房保障支出",
        "445.69",
    )
    assert row_starting(grid, 6, "本年收入合计") == (
        "本年收入合计",
        "2,946.25",
        "本年支出合计",
        "2,940.05",
    )


def test_t01_continues_on_page_7_without_header(grid: DocumentGrid) -> None:
    assert texts(grid, 7) == []
    assert rows(grid, 7) == [
        ("使用非财政拨款结余（含专用结余）", "", "结余分配", ""),
        ("年初结转和结余", "49.14", "年末结转和结余", "55.34"),
        ("总计", "2,995.39", "总计", "2,995.39"),
    ]


def test_t02_page_8_codes_in_separate_columns(grid: DocumentGrid) -> None:
    header = page_lines(grid, 8)[2]
    assert header.kind == LineKind.ROW
    assert header.texts[0] == "项目" and header.cells[0].span == 4
    assert header.texts[1:] == (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    )
    assert row_starting(grid, 8, "类", "款", "项", "合计") == (
        "类",
        "款",
        "项",
        "合计",
        "2,946.25",
        "2,940.05",
        "",
        "",
        "",
        "",
        "6.20",
    )
    assert row_starting(grid, 8, "201", "06", "01") == (
        "201",
        "06",
        "01",
        "行政运行",
        "1,511.90",
        "1,511.89",
        "",
        "",
        "",
        "",
        "0.01",
    )
    assert row_starting(grid, 8, "201", "", "") == (
        "201",
        "",
        "",
        "一般公共服务支出",
        "2,112.86",
        "2,106.66",
        "",
        "",
        "",
        "",
        "6.20",
    )


def test_wrapped_label_is_joined_into_one_cell(grid: DocumentGrid) -> None:
    # page 8 prints "机关事业单位基本养老保险 / 缴费支出" on two lines of one cell
    assert row_starting(grid, 8, "208", "05", "05")[3:6] == (
        "机关事业单位基本养老保险缴费支出",
        "160.75",
        "160.75",
    )
    # page 16 (T06): "机关事业单位基本养老保险缴 / 费" beside an amount set higher in its cell
    assert row_starting(grid, 16, "301", "08")[:4] == (
        "301",
        "08",
        "机关事业单位基本养老保险缴费",
        "160.75",
    )


def test_every_cell_has_its_x_range_and_rows_are_aligned(grid: DocumentGrid) -> None:
    for line in grid.lines:
        if line.kind == LineKind.ROW:
            assert all(c.x0 is not None and c.x1 is not None and c.x0 < c.x1 for c in line.cells)
    widths = {
        sum(c.span for c in line.cells) for line in page_lines(grid, 8) if line.kind == LineKind.ROW
    }
    assert widths == {11}


def test_t06_two_sided_page_17(grid: DocumentGrid) -> None:
    assert row_starting(grid, 17, "303", "09") == (
        "303",
        "09",
        "奖励金",
        "0.31",
        "302",
        "28",
        "工会经费",
        "24.42",
    )
    assert row_starting(grid, 17, "", "", "", "", "302", "99") == (
        "",
        "",
        "",
        "",
        "302",
        "99",
        "其他商品和服务支出",
        "11.53",
    )
    last = page_lines(grid, 17)[-1]
    assert last.texts == ("人员经费合计", "2,152.26", "公用经费合计", "184.65")
    assert [c.span for c in last.cells] == [3, 1, 3, 1]


def test_t07_column_groups_page_18(grid: DocumentGrid) -> None:
    lines = [line for line in page_lines(grid, 18) if line.kind == LineKind.ROW]
    groups = lines[1]
    assert [(c.text, c.span) for c in groups.cells] == [
        ("合计", 2),
        ("因公出国（境）费", 2),
        ("公务用车购置及运行费", 6),
        ("公务接待费", 2),
    ]
    sub = lines[2]
    assert [(c.text, c.span) for c in sub.cells if c.text] == [
        ("小计", 2),
        ("公务用车购置费", 2),
        ("公务用车运行费", 2),
    ]
    assert lines[3].texts == ("预算数", "决算数") * 6
    assert lines[4].texts == ("0.95",) + ("",) * 9 + ("0.95", "")
    # a sub-group lies under its group: same left edge
    assert sub.cells[2].x0 == groups.cells[2].x0


def test_t08_empty_with_note(grid: DocumentGrid) -> None:
    assert (
        texts(grid, 19)[-1] == "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。"
    )
    assert rows(grid, 19)[-1][0] == "合计"
    assert all(not text for text in rows(grid, 19)[-1][1:])


def test_narrative_digits_in_reading_order(grid: DocumentGrid) -> None:
    page_23 = texts(grid, 23)
    assert page_23[1] == "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要"
    assert page_23[4].startswith("费、个人农业生产补贴；公用经费184.65万元，")
    assert "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出" in texts(
        grid, 21
    )


def test_headings_and_unit_lines_are_text(grid: DocumentGrid) -> None:
    assert texts(grid, 1) == ["上海市普陀区财政局", "2024年度部门决算"]
    assert texts(grid, 12)[:2] == ["财政拨款收入支出决算总表", "单位：万元"]


def test_seeded_copy_reads_fully_and_lacks_t03() -> None:
    seeded = file_to_grid(SEEDED)
    assert seeded.pages == 26 and not seeded.missing
    titles = {line.text for line in seeded.lines if line.kind == LineKind.TEXT}
    assert "收入决算表" in titles and "支出决算表" not in titles
    page_7 = [
        line.texts for line in seeded.lines if line.source.page == 7 and line.kind == LineKind.ROW
    ]
    assert ("总计", "2,995.39", "总计", "2,995.39") in page_7


@pytest.mark.parametrize("pdf", sorted((CORPUS / "budget").glob("*.pdf")), ids=lambda p: p.name)
def test_budget_pdfs_read_without_loss(pdf: Path) -> None:
    budget = file_to_grid(pdf)
    assert not budget.missing
    assert sum(1 for line in budget.lines if line.kind == LineKind.BREAK) == budget.pages
    table_rows = [line for line in budget.lines if line.kind == LineKind.ROW]
    assert len(table_rows) > 80
    # every amount cell holds one number, not two run together
    for line in table_rows:
        for text in line.texts:
            assert text.count(".") <= 1 or not text.replace(",", "").replace(".", "").isdigit(), (
                text
            )


@pytest.mark.parametrize(("turn", "rotate"), [(90, 90), (90, 0), (270, 0), (180, 0)])
def test_turned_page_reads_upright(
    grid: DocumentGrid, tmp_path: Path, turn: int, rotate: int
) -> None:
    """Page 8 drawn turned by ``turn`` degrees (inside a form XObject), the page then given
    /Rotate ``rotate``: set upright by /Rotate, or left sideways or upside down as printed
    landscape tables on portrait pages are, it reads exactly like the original page 8."""
    import pymupdf

    source = pymupdf.open(CAIZHENGJU)
    turned_doc = pymupdf.open()
    width, height = (595, 842) if turn in (90, 270) else (842, 595)
    page = turned_doc.new_page(width=width, height=height)
    page.show_pdf_page(page.rect, source, 7, rotate=turn)
    page.set_rotation(rotate)
    path = tmp_path / "turned.pdf"
    turned_doc.save(path)
    turned = file_to_grid(path)
    assert rows(turned, 1) == rows(grid, 8)
    assert texts(turned, 1) == texts(grid, 8)


def test_text_off_the_page_or_clipped_away_is_not_read() -> None:
    """The 司法局 2026 budget repeats page 4's overflow on page 5, above its top edge and inside
    a clip that hides it; page 4's last item （八） is clipped at its bottom. Rendered, page 4
    ends with （七） and page 5 begins with （八）: so does the grid, and nothing is doubled."""
    budget = file_to_grid(CORPUS / "budget" / "putuo_sifaju_dept_2026_budget.pdf")
    page_5 = texts(budget, 5)
    assert page_5[0].startswith("（八）负责本系统警车管理工作。")
    everywhere = [line.text for line in budget.lines if line.kind == LineKind.TEXT]
    assert sum("主管本区司法和法制工作" in text for text in everywhere) == 1
    assert sum(text.startswith("（八）负责本系统警车管理工作") for text in everywhere) == 1
    assert texts(budget, 4)[-2].startswith("（七）负责推进本区公共法律服务体系建设")
