"""Read the written document back with juesuan and compare it with the data it was written from."""

from __future__ import annotations

from pathlib import Path

from juesuan import pipeline
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity

FactKey = tuple[str, str, str, str, str]


def fact_keys(disclosure: Disclosure) -> set[FactKey]:
    """(table, section, row_key, column, value as printed) of every amount."""
    return {(f.table, f.section, f.row_key, f.column, str(f.value)) for f in disclosure.facts()}


def compare(data: Disclosure, written: Path, known: frozenset[str] = frozenset()) -> list[str]:
    """Every difference between the data and what juesuan reads from the written file, and every
    error ``juesuan check`` finds in it that the data did not have (rule codes in ``known``)."""
    try:
        back, report = pipeline.load(written)
    except pipeline.UnreadableError as exc:
        return [f"写出的文件无法读回：{exc.reason}"]
    differences = [f"读回缺少：{describe(k)}" for k in sorted(fact_keys(data) - fact_keys(back))]
    differences += [f"读回多出：{describe(k)}" for k in sorted(fact_keys(back) - fact_keys(data))]
    for what, wanted, got in (
        ("单位名称", data.meta.unit_name, back.meta.unit_name),
        ("年度", data.meta.year, back.meta.year),
        ("金额单位", data.meta.money_unit, back.meta.money_unit),
    ):
        if wanted != got:
            differences.append(f"读回的{what}为“{got}”，应为“{wanted}”")
    if back.partial:
        differences.append(f"读回不完整：{'；'.join(back.missing)}")
    differences += [
        f"写出的文件有错误 [{f.rule}]：{f.message}"
        for f in report.findings
        if f.severity is Severity.ERROR and f.rule not in known
    ]
    return differences


def describe(key: FactKey) -> str:
    table, section, row_key, column, value = key
    where = f"{table} {section + ' ' if section else ''}{row_key} {column}"
    return f"{where} = {value}"
