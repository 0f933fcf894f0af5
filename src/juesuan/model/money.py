"""Money: exact decimals with a unit, and the parsing of printed amounts.

A printed amount is kept apart from a blank cell: ``parse_amount`` returns ``None`` for a
blank and ``Decimal("0.00")`` for a printed zero ("0", "0.00", "-", "—").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class MoneyUnit(StrEnum):
    YUAN = "元"
    WAN = "万元"
    YI = "亿元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one of this unit is."""
        return {
            MoneyUnit.YUAN: Decimal(1),
            MoneyUnit.WAN: Decimal(10000),
            MoneyUnit.YI: Decimal(10**8),
        }[self]

    @classmethod
    def parse(cls, text: str) -> MoneyUnit | None:
        """The unit named in text such as ``金额单位：万元`` or ``单位：元``; None if none is named."""
        for unit in (cls.YI, cls.WAN):
            if unit.value in text:
                return unit
        if re.search(r"(?<![万亿])元", text):
            return cls.YUAN
        return None


ZERO_MARKS = frozenset({"-", "—", "－", "–", "——", "--", "/"})
_AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_PAREN_RE = re.compile(r"^[(（](.+)[)）]$")


class AmountError(ValueError):
    """Raised for a cell that should hold an amount but holds something else."""


#: Full-width digits and signs (０-９, ＋, －, ．, ，) as their ASCII forms.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
#: Characters that never change a value: zero-width spaces and marks, a leading currency sign.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_CURRENCY = re.compile(r"^[¥￥]")


def clean_number_text(raw: str) -> str:
    """Strip the characters that never change a printed amount's value."""
    text = _INVISIBLE.sub("", raw).strip().translate(FULL_WIDTH)
    return (
        _CURRENCY.sub("", text)
        .replace(" ", "")
        .replace("\u3000", "")
        .replace("，", ",")
        .replace("．", ".")
        .replace("−", "-")
    )


def is_amount_text(raw: str) -> bool:
    """True if raw is a printed amount or a printed zero mark."""
    text = clean_number_text(raw)
    if text in ZERO_MARKS:
        return True
    paren = _PAREN_RE.match(text)
    if paren:
        text = paren.group(1)
    return bool(_AMOUNT_RE.match(text))


def parse_amount(raw: str) -> Decimal | None:
    """The value of a printed amount; None for a blank cell.

    Thousands separators are removed and the printed precision is kept exactly
    (``"1,081.09"`` → ``Decimal("1081.09")``). A dash means a printed zero (``0.00``).
    Raises AmountError for text that is not an amount.
    """
    text = clean_number_text(raw)
    if not text:
        return None
    if text in ZERO_MARKS:
        return Decimal("0.00")
    negative = False
    paren = _PAREN_RE.match(text)
    if paren:
        text, negative = paren.group(1), True
    if not _AMOUNT_RE.match(text):
        raise AmountError(f"不是金额: {raw!r}")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise AmountError(f"不是金额: {raw!r}") from exc
    return -value if negative else value


def decimals_of(value: Decimal) -> int:
    """Number of printed decimal places of a Decimal (``Decimal("1.50")`` → 2)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
