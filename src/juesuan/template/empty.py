"""Empty-table statements: the one pattern that decides a table was declared empty."""

from __future__ import annotations

import re

#: Words of a statement that the table has no data (本单位无此项收支，故本表无数据).
EMPTY_STATEMENT = re.compile(
    r"本表无数据|故本表为空|本表为空表|无此项收支|无此类收支|无此项收入|无此项支出|本表无内容|此表无数据"
    r"|无相关数据|无相关收支|无政府性基金|无国有资本经营"
)
#: The conditional note (如本表为空，则…) declares nothing.
CONDITIONAL = re.compile(r"[如若]本表为空|[如若][^，,。]*为空|[如若]无")


def is_empty_statement(text: str) -> bool:
    """An explicit statement that the table is empty, not the conditional 如本表为空 note nor
    prose that only mentions 无此项支出 without speaking of the table."""
    compact = re.sub(r"\s+", "", text)
    if not EMPTY_STATEMENT.search(compact) or CONDITIONAL.search(compact):
        return False
    return "表" in compact or compact.startswith(("注", "（", "(")) or "本部门" in compact
