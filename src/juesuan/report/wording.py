"""The wording a reviewer reads for a source locator and for an incomplete result.

Its own module, loaded without the renderers: ``juesuan facts`` and ``parse`` warn of an
incomplete document in these words and print no report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_LOCATORS = (
    (re.compile(r"\bsheet ([^!\s（）]+)!([A-Z]+\d+)"), r"工作表“\1”\2"),
    (re.compile(r"\bsheet ([^!\s（）]+)"), r"工作表“\1”"),
    (re.compile(r"\bpage (\d+) line (\d+)\b"), r"第\1页第\2行"),
    (re.compile(r"\bpage (\d+)\b"), r"第\1页"),
    (re.compile(r"\bline (\d+)\b"), r"第\1行"),
    (re.compile(r"\btable (\d+)\b"), r"第\1个表格"),
    (re.compile(r"\brow (\d+)\b"), r"第\1行"),
    (re.compile(r"\bcol (\d+)\b"), r"第\1列"),
)


def in_chinese(text: str) -> str:
    """Locators as a reviewer reads them: ``line 512`` → 第512行, ``page 8`` → 第8页,
    ``sheet 公开01表!F33`` → 工作表“公开01表”F33 (the JSON and facts keep the interface's form)."""
    for pattern, replacement in _LOCATORS:
        text = pattern.sub(replacement, text)
    return text


def partial_text(missing: Sequence[str]) -> str:
    """The one wording of "this result is incomplete"; each item says what is missing and why
    (the source ends inside a table, a page could not be read, a table is not in the document)."""
    return f"结果不完整：{'；'.join(in_chinese(item) for item in missing)}"
