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
    assert "T07 不完整" in disclosure.missing
    assert any(f.rule == "recognise.row_unread" and f.table == "T07" for f in disclosure.read_findings)


def test_header_cells_of_two_sided_tables_are_not_items() -> None:
    # caizhengju 2024 T04 printed a header row 收入 | 支出 that was read as an item "收入".
    t04 = read(CORPUS / "final" / "putuo_caizhengju_2024_final.pdf").table("T04")
    assert t04 is not None
    assert {row.key for row in t04.rows}.isdisjoint({"收入", "支出", "项目"})
