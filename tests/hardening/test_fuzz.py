"""Fuzz (issue 15): tables of random cells as text, HTML and XLSX never end in a traceback or a
bug report, and every fact juesuan gives is a number printed in the input."""

from __future__ import annotations

import html
import io
import json
from decimal import Decimal
from pathlib import Path

from hardening_kit import juesuan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.model.money import AmountError, parse_amount

TITLES = [
    "收入支出决算总表", "收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表", "公开07表", "部门决算", "2023年度",
]  # fmt: skip
LABELS = [
    "合计", "总计", "项目", "栏次", "行次", "决算数", "预算数", "本年收入合计", "本年支出合计",
    "201", "20113", "2011308", "208", "05", "01", "301", "30101", "一般公共服务支出",
    "工资福利支出", "因公出国（境）费", "公务接待费", "公务用车购置及运行费", "单位：万元",
    "金额单位：元", "基本支出", "项目支出", "财政拨款收入", "", "", "-", "—", "１２",
]  # fmt: skip


def amount_text(value: Decimal, commas: bool) -> str:
    return f"{value:,.2f}" if commas else f"{value:.2f}"


amounts = st.builds(
    amount_text,
    st.decimals(min_value=-99999, max_value=9999999, places=2, allow_nan=False),
    st.booleans(),
)
cells = st.one_of(
    st.sampled_from(LABELS), amounts, st.text(max_size=8), st.integers(0, 99).map(str)
)
rows = st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=25)
documents = st.tuples(st.lists(st.sampled_from(TITLES), min_size=1, max_size=3), rows)


def printed_numbers(title_lines: list[str], table: list[list[str]]) -> set[Decimal]:
    found: set[Decimal] = set()
    for text in [*title_lines, *(c for row in table for c in row)]:
        try:
            value = parse_amount(text)
        except AmountError:
            continue
        if value is not None:
            found.add(value)
    return found


def as_celltext(titles: list[str], table: list[list[str]]) -> bytes:
    lines = [*titles, ""]
    for row in table:
        lines.extend("\t" + c.replace("\n", " ").replace("\r", " ") for c in row)
        lines.append("")
    return "\n".join(lines).encode("utf-8", errors="replace")


def as_html(titles: list[str], table: list[list[str]]) -> bytes:
    head = "".join(f"<p>{html.escape(t)}</p>" for t in titles)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table
    )
    page = f"<html><body>{head}<table>{body}</table></body></html>"
    return page.encode("utf-8", errors="replace")


def as_xlsx(titles: list[str], table: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for title in titles:
        sheet.append([title])
    for row in table:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BUILDERS = {"txt": as_celltext, "html": as_html, "xlsx": as_xlsx}


def check_one(tmp: Path, suffix: str, titles: list[str], table: list[list[str]]) -> None:
    path = tmp / f"fuzz.{suffix}"
    path.write_bytes(BUILDERS[suffix](titles, table))
    run = juesuan("facts", "--format", "jsonl", str(path))
    assert run.exit_code in (0, 2), run.stderr  # never 3 (a bug), never a traceback
    assert "Traceback" not in run.stderr and "内部错误" not in run.stderr
    for line in run.stderr.strip().splitlines():
        assert line.startswith("juesuan: "), line
    printed = printed_numbers(titles, table)
    for line in run.stdout.splitlines():
        fact = json.loads(line)
        assert Decimal(fact["value"]) in printed, (fact, suffix)
    checked = juesuan("check", "--format", "json", str(path))
    assert checked.exit_code in (0, 1, 2), checked.stderr
    assert "Traceback" not in checked.stderr and "内部错误" not in checked.stderr


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(document=documents)
def test_fuzz_cell_text(tmp_path: Path, document: tuple[list[str], list[list[str]]]) -> None:
    check_one(tmp_path, "txt", *document)


@SETTINGS
@given(document=documents)
def test_fuzz_html(tmp_path: Path, document: tuple[list[str], list[list[str]]]) -> None:
    check_one(tmp_path, "html", *document)


@SETTINGS
@given(document=documents)
def test_fuzz_xlsx(tmp_path: Path, document: tuple[list[str], list[list[str]]]) -> None:
    check_one(tmp_path, "xlsx", *document)
