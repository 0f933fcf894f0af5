"""The classification codes: which kind each table lists and how codes nest.

Function codes (支出功能分类) have 3/5/7 digits (类/款/项) and start with 2; economic codes
(支出经济分类) 3/5 digits (类/款) and start with 3 or 5. Kinds are plain strings here
("function", "economic"), the values of ``juesuan.model.tables.CodeKind``.
"""

from __future__ import annotations

FUNCTION = "function"
ECONOMIC = "economic"

#: Digits of each level, top down.
DIGITS = {FUNCTION: (3, 5, 7), ECONOMIC: (3, 5)}
FIRST_DIGITS = {FUNCTION: "2", ECONOMIC: "35"}
KIND_NAMES = {FUNCTION: "支出功能分类", ECONOMIC: "支出经济分类"}
LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}

#: The code kind each standard table lists.
TABLE_CODE_KIND = {
    **dict.fromkeys(("T02", "T03", "T05", "T08", "T09"), FUNCTION),
    "T06": ECONOMIC,
    **dict.fromkeys(("B02", "B03", "B05", "B08", "B09"), FUNCTION),
    "B06": ECONOMIC,
}
FUNCTION_TABLES = tuple(t for t, k in TABLE_CODE_KIND.items() if k == FUNCTION and t[0] == "T")
ECONOMIC_TABLES = tuple(t for t, k in TABLE_CODE_KIND.items() if k == ECONOMIC and t[0] == "T")


def code_level(code: str, kind: str) -> int | None:
    """1 类, 2 款, 3 项 by the number of digits; None for a length the kind does not have."""
    digits = DIGITS[kind]
    return digits.index(len(code)) + 1 if len(code) in digits else None


def parent_code(code: str, kind: str) -> str | None:
    """The code one level up (20101 → 201); None for a 类 or a code of the wrong length."""
    level = code_level(code, kind)
    if level is None or level == 1:
        return None
    return code[: DIGITS[kind][level - 2]]


def child_digits(code: str, kind: str) -> int | None:
    """How many digits the codes one level below ``code`` have; None for a leaf level."""
    level = code_level(code, kind)
    digits = DIGITS[kind]
    return digits[level] if level is not None and level < len(digits) else None


def code_kind_of(code: str) -> str | None:
    """The kind a code belongs to by its first digit and length; None when it fits neither."""
    if code[:1] in FIRST_DIGITS[FUNCTION] and len(code) in DIGITS[FUNCTION]:
        return FUNCTION
    if code[:1] in FIRST_DIGITS[ECONOMIC] and len(code) in DIGITS[ECONOMIC]:
        return ECONOMIC
    return None
