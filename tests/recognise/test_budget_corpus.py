"""The 21 budget PDFs of the corpus (Jiangsu 2017–2019, Putuo 2023–2026): kind, unit, year and
table ids as the documents print them (typed from their covers, the 部门：/编制单位： lines and
the titles; pages checked by eye), never a T id, never a heading or a fragment as the unit name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from juesuan.model.disclosure import Disclosure
from juesuan.pipeline import read

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
BUDGET = CORPUS / "budget"
JIANGSU = BUDGET / "jiangsu"
RENDA = "江苏省人大常委会办公厅"
SHENGWEI = "江苏省委办公厅"
PUTUO = ["B01", "B02", "B03", "B04", "B05", "B08", "B09", "B06", "B07"]
#: Jiangsu's twelve tables: 财政拨款支出预算表, 财政拨款基本支出预算表, 机关运行经费, 政府采购 are X.
JIANGSU_2017 = ["B01", "B02", "B03", "X", "B04", "X", "B08", "B05", "B06", "X", "B07", "X"]
JIANGSU_2018 = ["B01", "B02", "B03", "B04", "X", "X", "B05", "B06", "B07", "B08", "X", "X"]

#: file → (unit name, year, table ids in document order with X for extras)
EXPECTED: dict[str, tuple[str, int, list[str]]] = {
    "jiangsu/江苏省人大办公厅__江苏省人大办公厅2017年度预算公开.pdf": (RENDA, 2017, JIANGSU_2017),
    "jiangsu/江苏省人大办公厅__省人大办公厅2018预算公开.pdf": (RENDA, 2018, JIANGSU_2018),
    "jiangsu/江苏省人大办公厅__江苏省人大常委会办公厅2019年部门预算公开表.pdf": (
        RENDA,
        2019,
        JIANGSU_2018,
    ),
    "jiangsu/江苏省人大办公厅__江苏省人大常委会2019年度部门预算公开.pdf": (RENDA, 2019, []),
    "jiangsu/江苏省委办公厅__江苏省委办公厅2017年部门预算.pdf": (SHENGWEI, 2017, []),
    "jiangsu/江苏省委办公厅__江苏省委办公厅2017年预算公开表格.pdf": (
        "中国共产党江苏省委员会办公厅",
        2017,
        ["B01", "B02", "B03", "B04", "X", "X", "B08", "B05", "B06", "X", "B07", "X"],
    ),
    "jiangsu/江苏省委办公厅__江苏省委办公厅2018年度部门预算公开文件.pdf": (SHENGWEI, 2018, []),
    "jiangsu/江苏省委办公厅__江苏省委办公厅2018年度部门预算公开表.pdf": (
        "中共江苏省委办公厅",
        2018,
        JIANGSU_2018,
    ),
    "jiangsu/江苏省委办公厅__江苏省委办公厅2019年度部门预算公开文件.pdf": (SHENGWEI, 2019, []),
    "jiangsu/江苏省委办公厅__江苏省委办公厅2019年度部门预算公开表格.pdf": (
        "中共江苏省委办公厅",
        2019,
        JIANGSU_2018,
    ),
    "putuo_caizhengju_dept_2025_budget.pdf": ("上海市普陀区财政局", 2025, PUTUO),
    "putuo_shangwuwei_dept_2025_budget.pdf": ("上海市普陀区商务委员会", 2025, PUTUO),
    "putuo_shangwuwei_unit_2025_budget.pdf": ("上海市普陀区商务委员会", 2025, PUTUO),
    "putuo_shehuifuliyuan_unit_2024_budget.pdf": ("上海市普陀区社会福利院", 2024, PUTUO),
    "putuo_sifaju_dept_2026_budget.pdf": ("上海市普陀区司法局", 2026, PUTUO),
    "putuo_sifaju_unit_2026_budget.pdf": ("上海市普陀区司法局", 2026, PUTUO),
    "putuo_wanli_jiedao_2023_budget_with_performance.pdf": (
        "上海市普陀区人民政府万里街道办事处",
        2023,
        PUTUO,
    ),
    "putuo_wanli_jiedao_2024_budget.pdf": ("上海市普陀区人民政府万里街道办事处", 2024, PUTUO),
    "putuo_wanli_jiedao_2025_budget.pdf": ("上海市普陀区人民政府万里街道办事处", 2025, PUTUO),
    "putuo_zhengfuban_dept_2025_budget.pdf": ("上海市普陀区人民政府办公室", 2025, PUTUO),
    "putuo_zhengfuban_unit_2025_budget.pdf": ("上海市普陀区人民政府办公室", 2025, PUTUO),
    "shanghai_caizhengju_2025_budget.pdf": ("上海市财政局", 2025, PUTUO),
}


@cache
def budget(name: str) -> Disclosure:
    return read(BUDGET / name)


def test_the_corpus_has_the_21_budget_pdfs() -> None:
    on_disk = {p.relative_to(BUDGET).as_posix() for p in BUDGET.rglob("*.pdf")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kind_unit_and_year(name: str) -> None:
    unit_name, year, _ = EXPECTED[name]
    meta = budget(name).meta
    assert (meta.kind, meta.unit_name, meta.year) == ("预算", unit_name, year)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_budget_tables_take_b_ids_and_extras_stay_x(name: str) -> None:
    ids = [t.id if t.id.startswith("B") else t.id[0] for t in budget(name).tables]
    assert ids == EXPECTED[name][2]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_table_states_a_wrong_unit_name(name: str) -> None:
    """Each table's 部门/单位 line says the unit or nothing: never a heading or a fragment."""
    unit_name = EXPECTED[name][0]
    names = {t.unit_name for t in budget(name).tables} - {None}
    assert names <= {unit_name}


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if not e[2]))
def test_a_narrative_only_file_is_a_disclosure_without_tables(name: str) -> None:
    disclosure = budget(name)
    rules = [(f.rule, f.severity.value) for f in disclosure.read_findings]
    assert ("recognise.no_tables", "warning") in rules
    assert not disclosure.partial


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[2]))
def test_no_table_is_called_cut_off(name: str) -> None:
    """The last table (政府采购 in Jiangsu, B07 in Putuo) ends the file complete."""
    rules = {f.rule for f in budget(name).read_findings}
    assert "recognise.table_cut_off" not in rules
