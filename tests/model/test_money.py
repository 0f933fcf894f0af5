"""Property tests: printed amounts parse exactly; the cell-per-line reader keeps every cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan.model.money import AmountError, MoneyUnit, parse_amount
from juesuan.read.celltext import lines_to_grid_lines
from juesuan.read.grid import LineKind

amounts = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2)


@given(amounts)
def test_thousands_separators_round_trip(value: Decimal) -> None:
    printed = f"{value:,.2f}"
    parsed = parse_amount(printed)
    assert parsed == value
    assert str(parsed) == f"{value:.2f}"  # the printed precision is kept


@pytest.mark.parametrize("zero", ["0", "0.00", "-", "—", " 0.00 "])
def test_printed_zero_is_zero_and_blank_is_none(zero: str) -> None:
    assert parse_amount(zero) == Decimal(0)
    assert parse_amount("") is None
    assert parse_amount("   ") is None


@pytest.mark.parametrize("text", ["万元", "1.2.3", "12a", "合计"])
def test_text_is_not_an_amount(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


def test_money_units() -> None:
    assert MoneyUnit.parse("金额单位：万元") is MoneyUnit.WAN
    assert MoneyUnit.parse("单位：元") is MoneyUnit.YUAN
    assert MoneyUnit.parse("单位：辽宁省本溪市南芬区工业和信息化局（本级）") is None
    assert MoneyUnit.WAN.factor == Decimal(10000)


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12
).map(str.strip)


@given(st.lists(st.lists(cell_text, min_size=1, max_size=9), min_size=1, max_size=12))
def test_celltext_reader_keeps_every_cell_in_order(rows: list[list[str]]) -> None:
    text = "\n\n".join("\n".join("\t" + cell for cell in row) for row in rows) + "\n"
    lines = lines_to_grid_lines("x.txt", text)
    assert [list(line.texts) for line in lines] == rows
    assert all(line.kind is LineKind.ROW for line in lines)
    first = lines[0].cells[0].source
    assert first.line == 1 and first.path == "x.txt"
