"""The narrative's sections (情况说明 …) as printed: heading, text and where each line begins.

Apart from the statements read from them (``model.narrative``): reading the tables
(``juesuan facts``) cuts the prose into sections but never parses its sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.model.source import Source


@dataclass(frozen=True, slots=True)
class LineStart:
    """Where a printed line begins inside a section's joined ``text``, and its source."""

    offset: int
    source: Source


@dataclass(frozen=True, slots=True)
class NarrativeSection:
    """One section of the narrative (情况说明): its title, text and source."""

    title: str
    text: str
    source: Source
    #: The printed lines of ``text`` (offsets ascending), so a sentence can name its page/line.
    lines: tuple[LineStart, ...] = field(default=(), compare=False)
