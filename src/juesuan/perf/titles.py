"""Performance form titles (…绩效运行监控表, …绩效目标表, …绩效自评表), told apart cheaply.

Most documents have no performance form: the recogniser looks for a title line with this module
alone, and imports the form reader (``perf.forms``, with its model) only for a document that
has one. A form begins at such a title, so a grid without one has no form.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from juesuan.read.grid import DocumentGrid, GridLine

FORM_NAME = r"绩效(?:运行)?监控表|绩效目标(?:填报|申报)?表|绩效自评表"
#: A whole title line: the form's name, then at most its year ("（2023年度）").
TITLE_LINE_RE = re.compile(
    rf"^(?!详见|见|参见|附件?[：:])[^，。；、]*?(?:{FORM_NAME})"
    r"\s*(?:[(（]\s*20\d\d\s*年度?\s*[)）])?$"
)
_LINE_BREAK = re.compile(r"\s*\n\s*")


def clean_text(text: str) -> str:
    """Cell text without line breaks and padding (PDF cells wrap Chinese text mid-word)."""
    if "\n" in text:  # most cells hold one line: no pattern to run
        text = _LINE_BREAK.sub("", text)
    return text.replace("\u3000", " ").strip()


def form_title(line: GridLine) -> str | None:
    """The title, where the line is a form's title: one cell holding the form's name."""
    texts = [text for cell in line.cells if (text := clean_text(cell.text or ""))]
    if len(texts) != 1:
        return None
    text = texts[0]
    return text if len(text) <= 40 and TITLE_LINE_RE.match(text) else None


def has_form_title(grid: DocumentGrid) -> bool:
    return any(form_title(line) is not None for line in grid.lines)
