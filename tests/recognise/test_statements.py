"""Narrative statements: the parser on inline sentences, and the golden lists typed from the pages.

The golden CSVs in tests/golden/statements were typed from the printed pages (pdftotext of the
PDFs, the page-text files read by eye): quote fragment, subject, which value, the value, where the
sentence starts. See tests/golden/statements/README.md.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from juesuan.model.disclosure import Disclosure
from juesuan.model.narrative import NarrativeSection, Statement
from juesuan.model.source import Source
from juesuan.pipeline import read
from juesuan.recognise.statements import narrative_statements, section_statements

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
SHENGTAI = CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
STATEMENTS = REPO / "tests" / "golden" / "statements"


def parse(text: str, title: str = "（一）一般公共预算财政拨款支出决算结构情况") -> list[Statement]:
    return section_statements(NarrativeSection(title, text, Source("t.txt", line=1)))


def one(statements: list[Statement], subject: str) -> Statement:
    found = [s for s in statements if s.subject == subject]
    assert len(found) == 1, (subject, found)
    return found[0]


# --------------------------------------------------------------------------- inline sentences


def test_total_change_and_rate_of_one_subject() -> None:
    found = parse(
        "本单位2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
    )
    total, change = [s for s in found if s.subject == "收入支出总计"]
    assert total.amount is not None and total.amount.value == Decimal("2995.39")
    assert total.year == 2024
    assert change.change is not None and change.change.value == Decimal("56.95")
    assert (change.direction, change.rate, change.rate_direction) == (
        "减少",
        Decimal("1.87"),
        "下降",
    )
    assert change.compared_year == 2023


def test_shares_name_the_whole_of_their_sentence() -> None:
    found = parse(
        "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出603.14万元，占20.51%。"
    )
    basic = one(found, "基本支出")
    assert (basic.share, basic.share_of) == (Decimal("79.49"), "本年支出合计")
    assert one(found, "项目支出").share_of == "本年支出合计"


def test_a_list_whose_whole_was_not_placed_has_no_whole() -> None:
    """Regression (p030 大竹县永胜镇 2024): the whole before 其中 (2024年收入预算) names no known
    subject, so the shares of the list are of an unknown whole, never of the list's first item."""
    found = parse(
        "2024年收入预算11376591.44元，其中：本年财政拨款收入9538991.44元，占83.85%；"
        "上年结转1837600元，占16.15%。"
    )
    assert one(found, "财政拨款收入").share_of == ""
    assert one(found, "年初结转和结余").share_of == ""


def test_budget_final_completion_and_comparison_of_a_code_item() -> None:
    found = parse(
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
        "年初预算为 1560.05 万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员减少。"
    )
    item = one(found, "项:一般公共服务支出/财政事务/行政运行")
    assert item.budget is not None and item.budget.value == Decimal("1560.05")
    assert item.amount is not None and item.amount.value == Decimal("1511.89")
    assert item.comparison == "小于"
    # the 主要用于 clause names 人员经费 and 基本支出 but states nothing of them
    assert {s.subject for s in found} == {"项:一般公共服务支出/财政事务/行政运行"}


def test_unknown_amount_is_unplaced_never_guessed() -> None:
    found = parse("涉及某专项资金598.42万元。")
    assert len(found) == 1 and not found[0].placed
    assert found[0].amount is not None and found[0].amount.value == Decimal("598.42")


def test_sentence_wrapped_across_lines_and_a_page_number_names_its_first_line() -> None:
    text = "本年收入合计4733.14万元，其中：财政拨款收入4733.14\n3\n万元，占100.00%。"
    lines = (0, 24, 26)
    section = NarrativeSection(
        "二、收入决算情况说明",
        text.replace("\n", ""),
        Source("t.txt", line=10),
        tuple(_starts(text, lines)),
    )
    found = section_statements(section)
    fiscal = one(found, "财政拨款收入")
    assert fiscal.amount is not None and fiscal.amount.value == Decimal("4733.14")
    assert fiscal.share == Decimal("100.00")
    assert fiscal.source.line == 10


def _starts(text: str, line_numbers: tuple[int, ...]):  # type: ignore[no-untyped-def]
    from juesuan.model.narrative import LineStart

    offset = 0
    for number, line in zip(line_numbers, text.split("\n"), strict=True):
        yield LineStart(offset, Source("t.txt", line=10 + line_numbers.index(number)))
        offset += len(line)


def test_counts_of_sangong_and_vehicles() -> None:
    found = parse(
        "全年安排因公出国（境）团组2个、累计6人次。公务用车保有量为9辆。接待国内来宾3批次、20人次。"
    )
    assert one(found, "因公出国团组数").count == 2
    assert one(found, "因公出国人次").count == 6
    assert one(found, "公务用车保有量").count == 9
    assert one(found, "公务接待批次").count == 3
    assert one(found, "公务接待人次").count == 20


def test_two_directions_for_one_subject_are_kept() -> None:
    found = parse("公务接待费支出决算减少为0.00万元，与2024年持平。")
    assert one(found, "公务接待费").direction == "减少为、持平"


def test_budget_item_with_last_year_execution() -> None:
    found = parse(
        "1、公共安全支出（204类）司法（06款）行政运行（01项）1434.89万元。主要用于：行政单位的基本支出。"
        "2025年当年预算执行数为1690.69万元，2026年预算安排1434.89万元，比2025年预算执行数减少1.10%。",
        "六、财政拨款支出",
    )
    item = one(found, "项:公共安全支出/司法/行政运行")
    assert item.codes == ("204", "06", "01")
    assert item.prior is not None and item.prior.value == Decimal("1690.69")
    assert (item.rate, item.rate_direction) == (Decimal("1.10"), "减少")
    assert "减少1.10%" in item.quote


def test_parser_is_linear_on_long_hostile_text() -> None:
    """Long runs of digits, parentheses and clause marks: every pattern stays bounded (no
    backtracking blow-up). The bound is generous; speed itself is measured in bench/."""
    hostile = ("（" * 200 + "1" * 300 + "，、：" * 100 + "万" * 50 + "占" * 100) * 20
    found = parse(hostile)
    assert isinstance(found, list)


# --------------------------------------------------------------------------- golden lists


def value_of(statement: Statement, field: str) -> str:
    value = getattr(statement, field)
    if value is None:
        return ""
    if hasattr(value, "unit"):
        return f"{value.value}{value.unit.value}"
    return str(value)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(",", "，").replace(":", "：").replace(";", "；")


@cache
def statements_of(path: Path) -> tuple[Statement, ...]:
    return read(path).statements


def golden_matches(statements: tuple[Statement, ...], row: dict[str, str]) -> bool:
    return any(
        squeeze(row["quote"]) in squeeze(s.quote)
        and s.subject == row["subject"]
        and value_of(s, row["field"]) == row["value"]
        and s.source.label() == row["source"]
        for s in statements
    )


def golden_rows(name: str) -> list[dict[str, str]]:
    with (STATEMENTS / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("document", "golden"),
    [
        (CAIZHENGJU, "caizhengju_2024_statements.csv"),
        (SHENGTAI, "shengtai_2025_statements.csv"),
    ],
    ids=["caizhengju_pdf", "shengtai_pagetext"],
)
def test_golden_statements_of_final_accounts(document: Path, golden: str) -> None:
    statements = statements_of(document)
    missing = [row for row in golden_rows(golden) if not golden_matches(statements, row)]
    assert not missing


def test_golden_statements_of_budgets_and_pages() -> None:
    missing = []
    for row in golden_rows("budgets_statements.csv"):
        if not golden_matches(statements_of(CORPUS / row["document"]), row):
            missing.append(row)
    assert not missing


def test_statements_are_listed_for_every_corpus_narrative() -> None:
    documents = [
        CAIZHENGJU,
        SHENGTAI,
        *sorted((CORPUS / "budget").glob("putuo_*_budget*.pdf")),
        CORPUS / "budget" / "shanghai_caizhengju_2025_budget.pdf",
        *sorted((CORPUS / "budget" / "jiangsu").glob("*公开文件.pdf")),
        CORPUS / "pages" / "p029_cqcs_changshou_honghu_town_2024_final.txt",
    ]
    for document in documents:
        assert len([s for s in statements_of(document) if s.placed]) >= 3, document


def test_reparsing_mutated_sections_gives_new_statements() -> None:
    disclosure: Disclosure = read(CAIZHENGJU)
    sections = tuple(
        NarrativeSection(s.title, s.text.replace("2946.25", "2846.25"), s.source, s.lines)
        for s in disclosure.narrative
    )
    total = [s for s in narrative_statements(sections) if s.subject == "本年收入合计"]
    assert total[0].amount is not None and total[0].amount.value == Decimal("2846.25")
