"""The rounding envelope, in exact decimals.

Disclosed amounts are rounded to the last printed place (0.01 in practice). A total of n printed
parts may differ from their sum by at most (n+1) half-units of that place: each part and the total
carry up to half a unit of rounding. Two printed amounts that should be equal may differ by one
unit (0.01). Inside the envelope a non-zero difference is an info (尾差); outside it, an error.
Blank cells are not parts; a printed 0.00 is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.findings import Severity
from juesuan.model.money import decimals_of
from juesuan.model.tables import Cell

DEFAULT_DECIMALS = 2


def half_unit(decimals: int = DEFAULT_DECIMALS) -> Decimal:
    """Half a unit of the last printed place: 0.005 for amounts printed to 0.01."""
    return Decimal(5).scaleb(-(decimals + 1))


def printed_decimals(values: Sequence[Decimal]) -> int:
    """The finest printed precision among values; 2 when none shows more (0.00 style)."""
    return max([DEFAULT_DECIMALS, *(decimals_of(v) for v in values)])


def sum_tolerance(parts: int, decimals: int = DEFAULT_DECIMALS) -> Decimal:
    """Tolerance for a total of ``parts`` printed parts: (n+1) × half a unit."""
    return (parts + 1) * half_unit(decimals)


def equal_tolerance(decimals: int = DEFAULT_DECIMALS) -> Decimal:
    """Tolerance for two printed amounts that should be equal: one unit (0.01)."""
    return 2 * half_unit(decimals)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing a printed amount with what it should be."""

    expected: Decimal
    actual: Decimal
    tolerance: Decimal

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected

    @property
    def severity(self) -> Severity | None:
        """None when exact; info for a 尾差 inside the envelope; error outside it."""
        if self.difference == 0:
            return None
        return Severity.INFO if abs(self.difference) <= self.tolerance else Severity.ERROR


def printed_values(cells: Sequence[Cell | None]) -> list[Decimal]:
    """Values of the printed cells; blanks (None cells or None values) are not parts."""
    return [c.value for c in cells if c is not None and c.value is not None]


def compare_sum(total: Decimal, parts: Sequence[Decimal]) -> Comparison:
    """Compare a printed total with the sum of its printed parts."""
    decimals = printed_decimals([total, *parts])
    return Comparison(
        expected=sum(parts, Decimal(0)),
        actual=total,
        tolerance=sum_tolerance(len(parts), decimals),
    )


def compare_equal(expected: Decimal, actual: Decimal) -> Comparison:
    """Compare two printed amounts that should be equal."""
    return Comparison(
        expected=expected,
        actual=actual,
        tolerance=equal_tolerance(printed_decimals([expected, actual])),
    )


def compare_derived(actual: Decimal, expected: Decimal, terms: int) -> Comparison:
    """Compare a printed amount with one derived from ``terms`` printed amounts by + and −
    (e.g. 年末 = 年初 + 收入 − 支出): each term and the result carry half a unit."""
    decimals = printed_decimals([actual, expected])
    return Comparison(expected=expected, actual=actual, tolerance=sum_tolerance(terms, decimals))
