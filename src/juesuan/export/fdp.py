"""Stored facts → a Fiscal Data Package: datapackage.json with CSV resources.

Two resources, ``expenditure`` (T03, T05, T06, T08, T09) and ``revenue`` (T02), one line per
classified amount: fiscal year, administrative unit, function class 类/款/项 or economic class
类/款, the table and column it came from, phase (executed for 决算, approved for 预算) and the
amount in 万元 (currency CNY, factor 10000). Only the most detailed line of each branch is
written (a 类 line only where the table prints no 款 below it), so amounts add up without
counting a total twice. Amounts in 元 or 亿元 are shifted exactly to 万元, never rounded.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan import __version__
from juesuan.model.money import MoneyUnit

REVENUE_TABLES = ("T02",)
EXPENDITURE_TABLES = ("T03", "T05", "T06", "T08", "T09")
PHASES = {"决算": "executed", "预算": "approved"}
FACTOR = 10000

FIELDS: tuple[tuple[str, str, str], ...] = (
    # name, type, description
    ("fiscal_year", "integer", "财政年度"),
    ("admin_unit", "string", "单位名称 (administrative unit)"),
    ("admin_scope", "string", "部门 or 单位"),
    ("function_l1_code", "string", "支出功能分类 类 code (3 digits)"),
    ("function_l1_label", "string", "类 name"),
    ("function_l2_code", "string", "支出功能分类 款 code (5 digits)"),
    ("function_l2_label", "string", "款 name"),
    ("function_l3_code", "string", "支出功能分类 项 code (7 digits)"),
    ("function_l3_label", "string", "项 name"),
    ("economic_l1_code", "string", "支出经济分类 类 code (3 digits)"),
    ("economic_l1_label", "string", "类 name"),
    ("economic_l2_code", "string", "支出经济分类 款 code (5 digits)"),
    ("economic_l2_label", "string", "款 name"),
    ("source_table", "string", "juesuan table id (T02 … T09)"),
    ("source_column", "string", "the table's column (本年支出合计, 基本支出 …)"),
    ("phase", "string", "executed (决算) or approved (预算)"),
    ("amount", "number", "amount in 万元 (factor 10000 to CNY)"),
    ("document", "string", "SHA-256 of the source document"),
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)


def leaf_facts(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Code facts whose code has no longer code below it in the same document, table and column."""
    codes: dict[tuple[str, str], set[str]] = {}
    for fact in facts:
        codes.setdefault((fact["document"], fact["table"]), set()).add(fact["row_key"])

    def is_leaf(fact: dict[str, Any]) -> bool:
        code = fact["row_key"]
        siblings = codes[(fact["document"], fact["table"])]
        return not any(other != code and other.startswith(code) for other in siblings)

    return [f for f in facts if f["row_key"].isdigit() and is_leaf(f)]


def in_wan(value: str, unit: str) -> Decimal:
    """An amount shifted exactly to 万元."""
    money_unit = MoneyUnit(unit) if unit in {u.value for u in MoneyUnit} else MoneyUnit.WAN
    return Decimal(value) * money_unit.factor / MoneyUnit.WAN.factor


def fact_to_line(
    fact: dict[str, Any], labels: dict[tuple[str, str], str], kind: str, scope: str
) -> dict[str, Any]:
    code = fact["row_key"]
    economic = fact["table"] == "T06"
    prefix = "economic" if economic else "function"
    line: dict[str, Any] = {name: "" for name in FIELD_NAMES}
    for level, digits in enumerate((3, 5, 7), start=1):
        if len(code) >= digits and not (economic and digits == 7):
            part = code[:digits]
            line[f"{prefix}_l{level}_code"] = part
            line[f"{prefix}_l{level}_label"] = labels.get((fact["document"], part), "")
    line.update(
        fiscal_year=fact["year"] if fact["year"] is not None else "",
        admin_unit=fact["unit_name"] or "",
        admin_scope=scope,
        source_table=fact["table"],
        source_column=fact["column"],
        phase=PHASES.get(kind, "executed"),
        amount=str(in_wan(fact["value"], fact["unit"])),
        document=fact["document"],
    )
    return line


def code_labels(facts: Iterable[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(document, code) → the 科目名称 printed for it."""
    return {
        (f["document"], f["row_key"]): f["label"].strip() for f in facts if f["row_key"].isdigit()
    }


def write_resource(path: Path, lines: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELD_NAMES, lineterminator="\n")
        writer.writeheader()
        writer.writerows(lines)


def resource_descriptor(name: str, direction: str) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": f"部门决算 {direction} by classification",
        "schema": {
            "fields": [
                {"name": n, "type": t, "description": d}
                | ({"constraints": {"required": True}} if n == "amount" else {})
                for n, t, d in FIELDS
            ],
            "missingValues": [""],
        },
    }


def fiscal_model() -> dict[str, Any]:
    """The Fiscal Data Package model: measures with currency and factor, and the dimensions."""

    def levels(prefix: str, count: int) -> dict[str, Any]:
        attributes: dict[str, Any] = {}
        for level in range(1, count + 1):
            attributes[f"level{level}_code"] = {"source": f"{prefix}_l{level}_code"}
            attributes[f"level{level}_label"] = {
                "source": f"{prefix}_l{level}_label",
                "labelfor": f"level{level}_code",
            }
        return attributes

    measure = {"source": "amount", "currency": "CNY", "factor": FACTOR}
    return {
        "measures": {
            "expenditure": {
                **measure,
                "resource": "expenditure",
                "direction": "expenditure",
                "phase": "executed",
            },
            "revenue": {
                **measure,
                "resource": "revenue",
                "direction": "revenue",
                "phase": "executed",
            },
        },
        "dimensions": {
            "date": {
                "dimensionType": "datetime",
                "attributes": {"fiscal_year": {"source": "fiscal_year"}},
                "primaryKey": "fiscal_year",
            },
            "administrative-classification": {
                "dimensionType": "classification",
                "classificationType": "administrative",
                "attributes": {
                    "unit": {"source": "admin_unit"},
                    "scope": {"source": "admin_scope"},
                },
                "primaryKey": "unit",
            },
            "functional-classification": {
                "dimensionType": "classification",
                "classificationType": "functional",
                "attributes": levels("function", 3),
                "primaryKey": ["level1_code", "level2_code", "level3_code"],
            },
            "economic-classification": {
                "dimensionType": "classification",
                "classificationType": "economic",
                "attributes": levels("economic", 2),
                "primaryKey": ["level1_code", "level2_code"],
            },
            "phase": {
                "dimensionType": "other",
                "attributes": {"phase": {"source": "phase"}},
                "primaryKey": "phase",
            },
            "source": {
                "dimensionType": "other",
                "attributes": {
                    "table": {"source": "source_table"},
                    "column": {"source": "source_column"},
                    "document": {"source": "document"},
                },
                "primaryKey": ["table", "column", "document"],
            },
        },
    }


def facts_to_fdp(
    facts: Iterable[dict[str, Any]], documents: list[dict[str, Any]], directory: Path
) -> dict[str, int]:
    """Write datapackage.json, expenditure.csv and revenue.csv; returns lines per resource."""
    directory.mkdir(parents=True, exist_ok=True)
    all_facts = list(facts)
    labels = code_labels(all_facts)
    by_hash = {d["sha256"]: d for d in documents}
    leaves = leaf_facts(all_facts)
    counts: dict[str, int] = {}
    resources = []
    for name, direction, tables in (
        ("expenditure", "expenditure", EXPENDITURE_TABLES),
        ("revenue", "revenue", REVENUE_TABLES),
    ):
        lines = [
            fact_to_line(f, labels, *doc_kind_scope(by_hash.get(f["document"])))
            for f in leaves
            if f["table"] in tables
        ]
        write_resource(directory / f"{name}.csv", lines)
        resources.append(resource_descriptor(name, direction))
        counts[name] = len(lines)
    phases = {PHASES.get(d.get("kind") or "决算", "executed") for d in documents} or {"executed"}
    descriptor = package_descriptor(resources, phases)
    (directory / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts


def doc_kind_scope(document: dict[str, Any] | None) -> tuple[str, str]:
    if document is None:
        return "决算", ""
    return document.get("kind") or "决算", document.get("scope") or ""


def package_descriptor(resources: list[dict[str, Any]], phases: set[str]) -> dict[str, Any]:
    model = fiscal_model()
    if phases != {"executed"}:  # the measures say the phase when every line shares it
        for measure in model["measures"].values():
            measure["phase"] = next(iter(phases)) if len(phases) == 1 else "executed"
    return {
        "profile": "tabular-data-package",
        "name": "juesuan-fiscal-data",
        "title": "部门决算公开: 按功能分类和经济分类的金额 (Fiscal Data Package)",
        "description": "Exported by juesuan from stored 部门决算 disclosures; amounts in 万元 (factor 10000 to CNY).",
        "version": "1.0.0",
        "keywords": ["fiscal", "部门决算", "China"],
        "licenses": [
            {
                "name": "ODC-PDDL-1.0",
                "title": "Open Data Commons Public Domain Dedication and License",
            }
        ],
        "sources": [{"title": "Published 部门决算公开 documents"}],
        "contributors": [{"title": f"juesuan {__version__}", "role": "author"}],
        "countryCode": "CN",
        "resources": resources,
        "model": model,
    }
