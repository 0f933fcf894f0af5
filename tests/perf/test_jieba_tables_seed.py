"""jieba's tables from the cache file cut every text of the seed's forms as jieba's own loading
does (the texts the indicator-fit measure segments, and their parts)."""

from __future__ import annotations

from pathlib import Path

from jieba_plain import differences

from juesuan.model.performance import PerformanceForm
from juesuan.perf import grid_to_forms
from juesuan.perf.fit import form_to_profile, indicator_text
from juesuan.perf.jieba_tables import Column, load_tagger
from juesuan.read.celltext import celltext_to_grid

SEED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "corpus"
    / "seed"
    / "000_1e6faaba2ab46285.txt"
)


def form_texts(form: PerformanceForm) -> list[str]:
    parties = (form.unit, form.implementer, form.supervisor)
    texts = [form.name, form.goal, form.long_term_goal, form.progress]
    texts += [t.task for t in form.tasks] + [t.item for t in form.tasks]
    texts += [p.name for p in parties if p is not None]
    texts.append(form_to_profile(form).text)
    for indicator in form.indicators:
        texts += [indicator.level1, indicator.level2, indicator.level3, indicator.target]
        texts.append(indicator_text(indicator))
    return [t for t in texts if t]


def test_every_text_of_the_seeds_forms_is_cut_as_jieba_does(tmp_path):
    forms = grid_to_forms(celltext_to_grid(str(SEED), SEED.read_bytes()))
    texts = sorted({t for form in forms for t in form_texts(form)})
    assert len(texts) > 90
    path = tmp_path / "jieba-tables.bin"
    load_tagger(path)  # writes the file from jieba's own loading
    tagger, idf = load_tagger(path)
    assert isinstance(idf, Column)
    assert differences(tagger, idf, texts) == []
