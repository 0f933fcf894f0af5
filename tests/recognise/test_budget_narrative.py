"""The prose of a Shanghai-template budget: its unnumbered part titles start narrative sections
and end the table printed before them; the statements of 编制说明 are read (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.model.narrative import NarrativeSection
from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.recognise import grid_to_disclosure
from juesuan.recognise.statements import section_statements
from juesuan.template.titles import prose_part_title


def grid(*lines: str | tuple[str, ...]) -> DocumentGrid:
    """Text lines (str), table rows (tuples of cells) and page breaks ("<page>"), numbered."""
    built = []
    page = 1
    for number, line in enumerate(lines, start=1):
        if line == "<page>":
            page += 1
            built.append(GridLine(LineKind.BREAK, (), Source("t.pdf", page=page)))
            continue
        src = Source("t.pdf", page=page, line=number)
        if isinstance(line, str):
            built.append(GridLine(LineKind.TEXT, (GridCell(line, src),), src))
        else:
            built.append(GridLine(LineKind.ROW, tuple(GridCell(t, src) for t in line), src))
    return DocumentGrid("t.pdf", "pdf", tuple(built))


@pytest.mark.parametrize(
    "text",
    [
        "上海市普陀区财政局主要职能",
        "上海市普陀区财政局机构设置",
        "名词解释",
        "2025年部门预算编制说明",
        "2026年单位预算编制说明",
        "其他相关情况说明",
        "六、其他相关情况说明",
        "项目经费情况说明",
        "人民调解项目经费情况说明",
        "生命健康专项（政策资金）经费情况说明",
    ],
)
def test_prose_part_titles(text: str) -> None:
    assert prose_part_title(text)


@pytest.mark.parametrize(
    "text",
    [
        "四、部门预算编制说明 ……………………………………",  # a line of the contents
        "六、其他相关情况说明 ………………………………………… 22",
        "一、2025年“三公”经费预算情况说明",  # a numbered heading inside 其他相关情况说明
        "具体见下表，本单位无机构设置。",
        "2025年部门“三公”经费和机关运行经费预算表",
    ],
)
def test_not_prose_part_titles(text: str) -> None:
    assert not prose_part_title(text)


BUDGET = (
    "上海市普陀区2025年区级部门预算",
    "<page>",
    "2025年部门预算编制说明",
    "2025年，某局收入预算3,121.42万元，其中：财政拨款收入3,121.42万元，比2024年预算增加",
    "107.62万元；事业收入0万元。",
    "<page>",
    "2025年部门“三公”经费和机关运行经费预算表",
    "编制部门：某局 单位:万元",
    ("“三公”经费预算数", "机关运行经费预算数"),
    ("合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", ""),
    ("", "", "", "小计", "购置费", "运行费", ""),
    ("0.95", "", "0.95", "", "", "", "229.43"),
    "<page>",
    "其他相关情况说明",
    "一、2025年“三公”经费预算情况说明",
    "2025年“三公”经费预算数为0.95万元，与2024年预算持平。",
    "二、机关运行经费预算",
    "2025年某局财政拨款的机关运行经费预算为229.43万元。",
)


def test_the_last_table_ends_at_other_information_and_its_prose_is_read() -> None:
    disclosure = grid_to_disclosure(grid(*BUDGET))
    table = disclosure.table("B07")
    assert table is not None
    assert not any("三公" in note or "229.43" in note for note in table.notes)
    titles = [s.title for s in disclosure.narrative]
    assert titles == [
        "2025年部门预算编制说明",
        "一、2025年“三公”经费预算情况说明",
        "二、机关运行经费预算",
    ]
    subjects = {s.subject for s in disclosure.statements if s.placed}
    assert {"财政拨款收入", "三公经费", "机关运行经费"} <= subjects
    income = next(s for s in disclosure.statements if s.subject == "财政拨款收入")
    assert income.source.page == 2
    assert income.change is not None and income.change.value == Decimal("107.62")


def parse(text: str) -> list:  # type: ignore[type-arg]
    return section_statements(NarrativeSection("2025年部门预算编制说明", text, Source("t", line=1)))


def test_a_code_item_quoted_whole_is_named_without_its_quote_mark() -> None:
    (item,) = [
        s
        for s in parse(
            "1.“一般公共服务支出（类）财政事务（款）行政运行（项）”1,623.18万元，"
            "主要用于局本级及所属单位人员经费及公用经费等的基本支出。"
        )
        if s.subject.startswith("项:")
    ]
    assert item.subject == "项:一般公共服务支出/财政事务/行政运行"
    assert item.amount is not None and item.amount.value == Decimal("1623.18")


def test_a_reason_printed_without_its_stop_ends_where_the_list_starts() -> None:
    """Regression (putuo_sifaju_dept_2026_budget.pdf p. 8): "…增加的主要原因是工作量增加" has no 。
    before "财政拨款支出主要内容如下：1、…"; the list's item was read as part of the reason and its
    rate 减少1.07% given to 财政拨款收入 (a false narrative.direction error)."""
    found = parse(
        "财政拨款收入支出增加的主要原因是工作量增加财政拨款支出主要内容如下：1、公共安全支出（204类）"
        "司法（06款）行政运行（01项）1672.67万元。主要用于：行政单位的基本支出。2025年当年预算执行数为"
        "1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。"
    )
    item = next(s for s in found if s.subject == "项:公共安全支出/司法/行政运行")
    assert (item.rate, item.rate_direction) == (Decimal("1.07"), "减少")
    assert item.prior is not None and item.prior.value == Decimal("1690.69")
    assert all(s.rate is None for s in found if s.subject == "财政拨款收入")


def test_a_code_item_named_with_dashes() -> None:
    """putuo_zhengfuban_dept_2025_budget.pdf p. 6 names 类-款-项 with dashes; the 项 amount was
    given to the class (类:一般公共服务支出 1202.95万元)."""
    found = parse(
        "财政拨款支出主要内容如下：1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”"
        "科目1,202.95万元，主要用于行政单位的基本支出。"
    )
    (item,) = [s for s in found if s.placed and s.amount is not None]
    assert item.subject == "项:一般公共服务支出/政府办公厅（室）及相关机构事务/行政运行"
    assert item.amount is not None and item.amount.value == Decimal("1202.95")
    assert not any(s.subject.startswith("类:") for s in found)
    dates = parse("2. “2024-2025”期间安排资金10.00万元。")
    assert not any(s.subject.startswith(("款:", "项:")) for s in dates)
