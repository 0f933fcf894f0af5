"""The rounding envelope as the rules import it; defined in ``juesuan.model.envelope`` so that the
recogniser (an earlier stage) can confirm a layout by the same arithmetic."""

from juesuan.model.envelope import (
    DEFAULT_DECIMALS,
    Comparison,
    compare_derived,
    compare_equal,
    compare_sum,
    equal_tolerance,
    half_unit,
    printed_decimals,
    printed_values,
    sum_tolerance,
)

__all__ = [
    "DEFAULT_DECIMALS",
    "Comparison",
    "compare_derived",
    "compare_equal",
    "compare_sum",
    "equal_tolerance",
    "half_unit",
    "printed_decimals",
    "printed_values",
    "sum_tolerance",
]
