"""Malformed forms: any arrangement of a form's labels and values reads without an exception, and
every perf rule runs on what was read."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

import juesuan.rules.perf  # noqa: F401  (registers the perf rules)
from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.source import Source
from juesuan.perf import grid_to_forms
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.rules.registry import RULES, NotApplicable

WORDS = [
    "",
    "部门（单位）整体绩效运行监控表（2023年）",
    "部门预算项目（政策）支出绩效运行监控表",
    "项目名称",
    "部门（单位）名称",
    "主管部门及代码",
    "实施单位",
    "年初预算数",
    "指标下达金额数",
    "6月执行数",
    "执行率",
    "全年预计执行数",
    "年度任务",
    "对应项目",
    "年度目标",
    "年初总体目标",
    "6月完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "运算符号",
    "指标值",
    "度量单位",
    "偏差原因分析",
    "完成目标可能性",
    "确定能",
    "有可能",
    "经费保障原因分析",
    "改进措施",
    "结果应用建议",
    "结果应用建议选项",
    "主管部门审核意见",
    "财政部门总体意见",
    "√",
    "=",
    ">=",
    "100",
    "0.6",
    "58.98%",
    "74.29",
    "-",
    "（2023年度）",
    "本溪市南芬区财政局",
    "≥80.00(%)",
]

rows = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), max_size=40)


def to_grid(table: list[list[str]]) -> DocumentGrid:
    lines = []
    for r, row in enumerate(table, start=1):
        cells = tuple(
            GridCell(text, Source("fuzz.txt", line=r * 10 + c)) for c, text in enumerate(row)
        )
        lines.append(GridLine(LineKind.ROW, cells, Source("fuzz.txt", line=r * 10)))
    return DocumentGrid("fuzz.txt", "celltext", tuple(lines))


@settings(max_examples=150, deadline=None)
@given(rows)
def test_any_arrangement_reads_and_checks(table):
    forms = grid_to_forms(to_grid([["部门预算项目（政策）支出绩效运行监控表"], *table]))
    assert [f.number for f in forms] == list(range(1, len(forms) + 1))
    disclosure = Disclosure("fuzz.txt", "celltext", "", Metadata(), performance_forms=forms)
    for spec in RULES.values():
        if "perf" not in spec.tags:
            continue
        with contextlib.suppress(NotApplicable):
            list(spec.func(disclosure))
