"""Tables outside the nine (X01 …): codes split into 类/款/项 columns and two-sided rows
(issue 15 defect 16). Tiny tables typed here; expected keys written by hand."""

from __future__ import annotations

from decimal import Decimal

from juesuan.model.source import Source
from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.recognise.cells import RowBuilder
from juesuan.recognise.generic import generic_to_rows


def aligned(*rows: tuple[str, ...]) -> list[GridLine]:
    lines = []
    for number, texts in enumerate(rows, start=1):
        source = Source("t", line=number)
        cells = tuple(GridCell(text, source) for text in texts)
        lines.append(GridLine(LineKind.ROW, cells, source))
    return lines


def flow(*rows: tuple[tuple[float, str], ...]) -> list[GridLine]:
    """Page-text rows: tokens with their left x, blanks lost."""
    lines = []
    for number, tokens in enumerate(rows, start=1):
        source = Source("t.pdf", page=1, line=number)
        cells = tuple(GridCell(text, source, x0=x, x1=x + 10 * len(text)) for x, text in tokens)
        lines.append(GridLine(LineKind.ROW, cells, source, aligned=False))
    return lines


def read_rows(lines: list[GridLine]) -> tuple[RowBuilder, dict[tuple[str, str], list[Decimal]]]:
    builder = RowBuilder("X01")
    generic_to_rows(lines, builder)
    rows = {
        (row.section, row.key): [c.value for c in row.cells if c.value is not None]
        for row in builder.rows
    }
    return builder, rows


def test_codes_in_class_item_subitem_columns_key_their_rows_by_the_whole_code() -> None:
    builder, rows = read_rows(
        aligned(
            ("科目编码", "", "", "科目名称", "预算数"),
            ("类", "款", "项", "", ""),
            ("201", "", "", "一般公共服务支出", "683,700"),
            ("201", "05", "", "统计信息事务", "257,700"),
            ("201", "05", "07", "专项普查活动", "257,700"),
            ("208", "05", "01", "行政单位离退休", "1,000.00"),
        )
    )
    assert list(rows) == [("", "201"), ("", "20105"), ("", "2010507"), ("", "2080501")]
    assert rows[("", "2010507")] == [Decimal("257700")]
    assert not builder.findings  # no row dropped as a repeated 201


def test_items_printed_without_their_class_inherit_the_class_above() -> None:
    _, rows = read_rows(
        aligned(
            ("类", "款", "项", "科目名称", "预算数"),
            ("201", "", "", "一般公共服务支出", "683,700"),
            ("201", "05", "07", "专项普查活动", "257,700"),
            ("", "29", "", "群众团体事务", "426,000"),
            ("", "", "02", "一般行政管理事务", "426,000"),
            ("", "32", "02", "一般行政管理事务", "100.00"),
            ("208", "", "", "社会保障和就业支出", "5.00"),
        )
    )
    assert list(rows) == [
        ("", "201"),
        ("", "2010507"),
        ("", "20129"),
        ("", "2012902"),
        ("", "2013202"),
        ("", "208"),
    ]


def test_a_lone_two_digit_number_without_a_split_code_above_is_not_a_code() -> None:
    _, rows = read_rows(aligned(("项目", "金额"), ("05", "1.00"), ("合计", "1.00")))
    assert list(rows) == [("", "05"), ("", "合计")]  # kept as printed, no code guessed


def test_two_sided_rows_keep_one_key_per_side() -> None:
    builder, rows = read_rows(
        aligned(
            ("本年收入", "", "本年支出", ""),
            ("项目", "预算数", "项目", "预算数"),
            ("一、财政拨款收入", "156,211,123", "一、一般公共服务支出", "2,932,700"),
            ("二、事业收入", "", "二、公共安全支出", "153,278,423"),
            ("", "", "三、教育支出", "0.00"),
            ("收入总计", "156,211,123", "支出总计", "156,211,123"),
        )
    )
    assert list(rows) == [
        ("收入", "一、财政拨款收入"),
        ("支出", "一、一般公共服务支出"),
        ("收入", "二、事业收入"),
        ("支出", "二、公共安全支出"),
        ("支出", "三、教育支出"),
        ("收入", "收入总计"),
        ("支出", "支出总计"),
    ]
    assert rows[("收入", "二、事业收入")] == []  # its blank is its own, not the other side's
    assert rows[("支出", "二、公共安全支出")] == [Decimal("153278423")]
    assert {c.column for row in builder.rows for c in row.cells} == {"预算数"}


def test_two_sided_page_text_is_cut_where_the_right_side_starts() -> None:
    _, rows = read_rows(
        flow(
            ((10, "项目"), (120, "预算数"), (200, "项目"), (320, "预算数")),
            ((10, "一、财政拨款收入"), (120, "156,211,123"), (200, "一、一般公共服务支出"), (320, "2,932,700")),
            ((10, "二、事业收入"), (200, "二、公共安全支出"), (320, "153,278,423")),
        )
    )  # fmt: skip
    assert list(rows) == [
        ("左栏", "一、财政拨款收入"),
        ("右栏", "一、一般公共服务支出"),
        ("左栏", "二、事业收入"),
        ("右栏", "二、公共安全支出"),
    ]
    assert rows[("右栏", "二、公共安全支出")] == [Decimal("153278423")]


def test_a_remark_after_the_amounts_stays_with_its_row() -> None:
    _, rows = read_rows(
        aligned(
            ("项目", "金额", "备注"),
            ("办公设备", "3.00", "分散采购"),
            ("合计", "3.00", ""),
        )
    )
    assert list(rows) == [("", "办公设备分散采购"), ("", "合计")]


def test_page_text_codes_inherit_by_the_column_they_are_printed_in() -> None:
    _, rows = read_rows(
        flow(
            ((10, "201"), (100, "一般公共服务支出"), (300, "683,700")),
            ((10, "201"), (40, "05"), (70, "07"), (100, "专项普查活动"), (300, "257,700")),
            ((40, "29"), (100, "群众团体事务"), (300, "426,000")),
            ((70, "02"), (100, "一般行政管理事务"), (300, "426,000")),
            ((150, "12"), (180, "不在科目栏"), (300, "1.00")),
        )
    )
    assert list(rows) == [
        ("", "201"),
        ("", "2010507"),
        ("", "20129"),
        ("", "2012902"),
        ("", "12不在科目栏"),
    ]


def test_a_header_printing_class_item_subitem_places_codes_printed_once() -> None:
    _, rows = read_rows(
        aligned(
            ("类", "款", "项", "科目名称", "预算数"),
            ("201", "", "", "一般公共服务支出", "683,700"),
            ("", "05", "", "统计信息事务", "257,700"),
            ("", "", "07", "专项普查活动", "257,700"),
        )
    )
    assert list(rows) == [("", "201"), ("", "20105"), ("", "2010507")]


def test_code_table_reads_items_under_a_class_printed_once_but_not_a_broken_code() -> None:
    from juesuan.model.tables import CodeKind
    from juesuan.recognise.aligned import code_table_to_rows

    builder = RowBuilder("B06")
    code_table_to_rows(
        "B06",
        aligned(
            ("类", "款", "科目名称", "合计"),
            ("301", "", "工资福利支出", "30.00"),
            ("", "01", "基本工资", "10.00"),
            ("301", "2", "津贴补贴", "20.00"),  # a lost digit: not 301, not 30102
        ),
        builder,
        CodeKind.ECONOMIC,
    )
    assert [row.key for row in builder.rows] == ["301", "30101"]
    assert builder.unread  # the broken row is reported, the table read only in part
    # the reviewer is told the code is broken (not that there is none), with its printed digits
    (note,) = [f.message for f in builder.findings]
    assert "科目编码不完整或有误（“301 2”）" in note and "没有科目编码" not in note


def test_a_row_without_any_code_is_said_to_have_none() -> None:
    from juesuan.recognise.cells import unread_row_note

    assert "没有科目编码" in unread_row_note("B05", ["", "工资"], "工资 1.00")
    assert "（“7 11 02”）" in unread_row_note("B05", ["7", "11", "02", "事业单位医疗"], "…")


def test_code_table_learns_the_code_columns_from_a_split_code_row() -> None:
    from juesuan.recognise.aligned import code_table_to_rows

    builder = RowBuilder("B05")
    code_table_to_rows(
        "B05",
        aligned(
            ("科目编码", "", "", "科目名称", "合计"),
            ("201", "05", "07", "专项普查活动", "3.00"),
            ("", "", "08", "普查工作", "3.00"),
            ("", "06", "", "财政事务", "3.00"),
            ("", "07", "", "税收事务", "3.00"),  # under the 款 column: 款 07 of 201
        ),
        builder,
    )
    assert [row.key for row in builder.rows] == ["2010507", "2010508", "20106", "20107"]
