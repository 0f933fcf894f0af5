"""The cheap scan for a form title (perf.titles) against the form reader (perf.forms).

The recogniser imports the form reader only when the scan finds a title: on every corpus document
the guarded reader must give exactly the forms and lines of the full one, and the documents known
to hold forms must still get them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import perf
from juesuan.model.source import Source
from juesuan.perf import forms
from juesuan.perf.titles import form_title, has_form_title
from juesuan.read import SUPPORTED_SUFFIXES, file_to_grid
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
DOCUMENTS = sorted(
    path
    for path in CORPUS.rglob("*")
    if path.suffix.lower() in SUPPORTED_SUFFIXES and "pages" not in path.parts
)
WITH_FORMS = {
    "putuo_wanli_jiedao_2023_budget_with_performance.pdf",
    "000_1e6faaba2ab46285.txt",
}


def line(*texts: str) -> GridLine:
    source = Source("inline.txt", line=1)
    return GridLine(LineKind.ROW, tuple(GridCell(t, source) for t in texts), source)


def grid(*lines: GridLine) -> DocumentGrid:
    return DocumentGrid("inline.txt", "text", lines)


def test_the_corpus_is_there() -> None:
    names = {path.name for path in DOCUMENTS}
    assert names >= WITH_FORMS
    assert len(DOCUMENTS) >= 30


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_scan_agrees_with_the_form_reader(path: Path) -> None:
    document = file_to_grid(path)
    full = forms.grid_to_forms_and_lines(document)
    assert has_form_title(document) == bool(forms.grid_to_segments(document))
    assert perf.grid_to_forms_and_lines(document) == full
    if path.name in WITH_FORMS:
        assert full[0], "a document known to hold forms lost them"


@pytest.mark.parametrize(
    "texts",
    [
        ("项目支出绩效目标表",),
        ("2023年项目支出绩效目标填报表",),
        ("部门整体支出绩效目标申报表（2023年度）",),
        ("项目绩效运行监控表",),
        ("部门整体绩效监控表",),
        ("项目支出绩效自评表",),
        ("", "项目支出绩效自评表", " "),  # blank cells around the one title cell
        ("项目支出绩效\n自评表",),  # a PDF cell wrapped inside the name
        ("\u3000项目支出绩效目标表\u3000",),
    ],
)
def test_a_title_is_found(texts: tuple[str, ...]) -> None:
    assert form_title(line(*texts)) is not None
    assert has_form_title(grid(line("一、部门概况"), line(*texts)))


@pytest.mark.parametrize(
    "texts",
    [
        ("详见项目支出绩效目标表",),  # prose pointing at a form
        ("附件：项目支出绩效自评表",),
        ("项目名称", "项目支出绩效目标表"),  # two cells: a row, not a title
        ("本部门按要求填写了项目支出绩效目标表，并报送财政。",),
        ("某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某项目支出绩效目标表",),
        ("部门收支总表",),
    ],
)
def test_no_title_is_found(texts: tuple[str, ...]) -> None:
    assert form_title(line(*texts)) is None
    assert not has_form_title(grid(line(*texts)))
    assert perf.grid_to_forms_and_lines(grid(line(*texts))) == ((), set())
