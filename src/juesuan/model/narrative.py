"""Narrative sections (情况说明): filled by the narrative work of a later issue."""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.model.source import Source


@dataclass(frozen=True, slots=True)
class NarrativeSection:
    title: str
    text: str
    source: Source
