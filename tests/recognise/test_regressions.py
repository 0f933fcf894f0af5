"""One test per recogniser bug found, so none comes back."""

from __future__ import annotations

from pathlib import Path

from juesuan.pipeline import read

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def test_t07_across_with_lost_blanks_is_not_guessed() -> None:
    # p004: 12 columns (预算数/决算数 under six items) but only 8 numbers survive the web page.
    disclosure = read(CORPUS / "pages" / "p004_021fenlei_shanghai_jiading_sifaju_2017_sangong.txt")
    t07 = disclosure.table("T07")
    assert t07 is not None
    assert not t07.complete
    assert not any(cell.printed for row in t07.rows for cell in row.cells)
    assert any(m.startswith("T07 不完整") for m in disclosure.missing)
    assert any(
        f.rule == "recognise.row_unread" and f.table == "T07" for f in disclosure.read_findings
    )


def test_header_cells_of_two_sided_tables_are_not_items() -> None:
    # caizhengju 2024 T04 printed a header row 收入 | 支出 that was read as an item "收入".
    t04 = read(CORPUS / "final" / "putuo_caizhengju_2024_final.pdf").table("T04")
    assert t04 is not None
    assert {row.key for row in t04.rows}.isdisjoint({"收入", "支出", "项目"})


def test_interleaved_wrapped_names_are_put_back_in_order() -> None:
    # 生态环境局 page 14: wrapped T05 names interleaved by text extraction
    from juesuan.recognise.labels import split_interleaved

    assert split_interleaved("险机缴关费事支业出单位职业年金缴", 5) == (
        "险缴费支出",
        "机关事业单位职业年金缴",
    )
    t05 = read(CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt").table("T05")
    assert t05 is not None
    labels = {row.key: row.label for row in t05.rows}
    assert labels["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert labels["2080506"] == "机关事业单位职业年金缴费支出"
    assert labels["20808"] == "抚恤"
    assert labels["21103"] == "污染防治"


def test_prose_mentioning_no_spending_does_not_declare_a_table_empty() -> None:
    from juesuan.recognise.blocks import is_empty_statement

    assert is_empty_statement("本单位无此项收支，故本表无数据。")
    assert is_empty_statement(
        "说明：上海市普陀区生态环境局本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    )
    assert not is_empty_statement("如本表为空，则我部门本年度无此类资金收支余。")
    # 社会福利院 2024 budget: a narrative sentence under the 三公 table
    assert not is_empty_statement("要原因是无此项支出；公务用车运行费6.40万元")


def test_part_heading_with_placeholder_is_kept() -> None:
    # seeded-errors PDF page 7: “第二部分 上海市普陀区XX局 2024 年度部门决算表” must stay visible
    disclosure = read(CORPUS / "final" / "putuo_caizhengju_2024_final_seeded_errors.pdf")
    assert any("XX局" in section.title for section in disclosure.narrative)


def _grid(*rows: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from juesuan.model.source import Source
    from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind

    lines = [
        GridLine(
            LineKind.TEXT, (GridCell("收入支出决算总表", Source("t", line=1)),), Source("t", line=1)
        )
    ]
    for number, row in enumerate(rows, start=2):
        src = Source("t", line=number)
        lines.append(GridLine(LineKind.ROW, tuple(GridCell(t, src) for t in row), src))
    return DocumentGrid("t", "html", tuple(lines))


def test_metadata_line_across_the_table_is_not_a_row() -> None:
    from juesuan.recognise import grid_to_disclosure

    disclosure = grid_to_disclosure(
        _grid(
            ("单位：某局", "", "2023年度", "", "", "金额单位：万元"),
            ("项目", "行次", "金额", "项目", "行次", "金额"),
            ("本年收入合计", "27", "1.00", "本年支出合计", "58", "1.00"),
        )
    )
    assert not [f for f in disclosure.read_findings if f.rule == "recognise.bad_amount"]
    t01 = disclosure.table("T01")
    assert t01 is not None and {r.key for r in t01.rows} == {"本年收入合计", "本年支出合计"}


def test_row_numbers_are_not_amounts_without_an_aligned_header() -> None:
    from decimal import Decimal

    from juesuan.recognise import grid_to_disclosure

    disclosure = grid_to_disclosure(
        _grid(
            ("金额单位：万元",),
            ("项目", "行次", "金额"),  # a header narrower than the rows: no layout
            ("一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "423.20"),
        )
    )
    t01 = disclosure.table("T01")
    assert t01 is not None
    assert t01.row("一般公共预算财政拨款收入", "收入").value("决算数") == Decimal("440.55")  # type: ignore[union-attr]
    assert t01.row("一般公共服务支出", "支出").value("决算数") == Decimal("423.20")  # type: ignore[union-attr]


def test_a_complete_table_at_the_end_of_the_file_is_not_cut_off() -> None:
    # a PDF whose last page ends with T01's 总计 row and no note was reported as cut off
    from juesuan.recognise import grid_to_disclosure

    complete = grid_to_disclosure(
        _grid(
            ("项目", "行次", "金额", "项目", "行次", "金额"),
            ("本年收入合计", "27", "1.00", "本年支出合计", "58", "1.00"),
            ("总计", "31", "1.00", "总计", "62", "1.00"),
        )
    )
    assert complete.table("T01").complete  # type: ignore[union-attr]
    cut = grid_to_disclosure(
        _grid(
            ("项目", "行次", "金额", "项目", "行次", "金额"),
            ("本年收入合计", "27", "1.00", "本年支出合计", "58", "1.00"),
        )
    )
    assert not cut.table("T01").complete  # type: ignore[union-attr]
    assert any(m.startswith("T01 不完整") for m in cut.missing)


def test_a_table_stopping_at_a_bare_label_at_the_end_of_the_file_is_cut_off() -> None:
    """Regression (corpus p021): the file stops at “五、经” inside T01; the table was taken as
    complete, and the seven tables after it were errors instead of "lost to the cut"."""
    from juesuan.recognise import grid_to_disclosure

    cut = grid_to_disclosure(
        _grid(
            ("项目", "行次", "金额", "项目", "行次", "金额"),
            ("一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "423.20"),
            ("五、经",),
        )
    )
    assert not cut.table("T01").complete  # type: ignore[union-attr]
    assert any(f.rule == "recognise.table_cut_off" for f in cut.read_findings)
