"""Numbered narrative headings: a web page's heading may end in 。, a sentence never becomes one."""

from __future__ import annotations

from pathlib import Path

from juesuan.pipeline import load
from juesuan.recognise.narrative import is_heading

SANGONG_PAGE = """一、“三公”经费财政拨款支出总体情况说明。
2018年度本部门一般公共预算财政拨款安排的“三公”经费支出2.05万元，其中：因公出国（境）支出0万元；公务接待费支出2.05万元。
二、“三公”经费财政拨款支出与年初预算对比情况。
2018年度“三公”经费支出2.05万元，年初预算为2.95万元。
"""


def test_a_heading_ending_in_a_full_stop_starts_a_section() -> None:
    assert is_heading("一、“三公”经费财政拨款支出总体情况说明。")
    assert not is_heading("一、收入总计100.00万元。")  # states a number: a sentence
    assert not is_heading("（一）因公出国（境）费支出情况；")


def test_a_three_public_expenses_page_is_prose_without_tables(tmp_path: Path) -> None:
    """Regression: such a page (web page p043) was refused as holding nothing of a disclosure."""
    path = tmp_path / "sangong.txt"
    path.write_text(SANGONG_PAGE, encoding="utf-8")
    disclosure, report = load(path)
    assert [s.title for s in disclosure.narrative] == [
        "一、“三公”经费财政拨款支出总体情况说明。",
        "二、“三公”经费财政拨款支出与年初预算对比情况。",
    ]
    assert "recognise.no_tables" in {f.rule for f in report.findings}
    assert disclosure.statements  # the prose is read into statements and checked
