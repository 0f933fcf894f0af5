"""Narrative sections (情况说明 …): the prose outside the tables, cut at its numbered headings.

Only the structure is recognised here (heading, text, source); the narrative checks that read
the numbers in the prose come in a later issue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from juesuan.model.sections import LineStart, NarrativeSection
from juesuan.read.grid import GridLine, LineKind
from juesuan.template.titles import prose_part_title

_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分\s*|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\S"
)
_MAX_HEADING = 40
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def is_heading(text: str) -> bool:
    """A numbered heading (四、 （一） 第二部分), or a budget's unnumbered part title (名词解释 …).

    A numbered line ending in 。 is a heading only when it states no number: web pages print
    “一、“三公”经费财政拨款支出总体情况说明。”, while “一、收入总计100万元。” is a sentence."""
    numbered = bool(_HEADING.match(text)) and len(text) <= _MAX_HEADING
    if numbered and text.endswith("。"):
        numbered = not any(ch.isdigit() for ch in text)
    return (numbered and not text.endswith("；")) or prose_part_title(text)


def lines_to_sections(
    lines: Sequence[GridLine], table_lines: set[int]
) -> tuple[NarrativeSection, ...]:
    """Sections of the prose lines (those not inside a table block), in document order."""
    sections: list[NarrativeSection] = []
    title: GridLine | None = None
    body: list[str] = []
    starts: list[LineStart] = []

    def close() -> None:
        # part headings (第二部分 …) are kept even when a table follows at once: they name the unit
        if title is not None and ("".join(body).strip() or _PART.match(title.text.strip())):
            text = "".join(body)
            lead = len(text) - len(text.lstrip())
            lines = tuple(LineStart(max(0, s.offset - lead), s.source) for s in starts)
            sections.append(NarrativeSection(title.text.strip(), text.strip(), title.source, lines))

    for line in lines:
        if line.kind is LineKind.BREAK or id(line) in table_lines or line.is_blank:
            continue
        text = line.text.strip()
        if is_heading(text):
            close()
            title, body, starts = line, [], []
        elif title is not None:
            # where each printed line starts, so a sentence of the section can name its page/line
            starts.append(LineStart(sum(map(len, body)), line.source))
            body.append(text if line.aligned else "".join(c.text for c in line.cells))
    close()
    return tuple(sections)
