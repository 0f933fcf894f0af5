"""Narrative sections: the prose outside the tables, cut at numbered headings, with sources."""

from __future__ import annotations

from pathlib import Path

from juesuan.pipeline import read

REPO = Path(__file__).resolve().parents[2]
SHENGTAI = (
    REPO.parent / "shared" / "corpus" / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
)


def test_sections_of_the_shengtai_narrative() -> None:
    sections = {s.title: s for s in read(SHENGTAI).narrative}
    income = sections["二、收入决算情况说明"]
    assert income.text == "本年收入合计4733.14万元，其中：财政拨款收入4733.14万元，占100.00%。"
    assert income.source.page == 20
    assert "3365.38" in sections["三、支出决算情况说明"].text
    # table rows never leak into the prose
    assert not any("2080505" in s.text for s in sections.values())
