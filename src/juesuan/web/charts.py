"""What the charts and tables show, from a document's facts: function classes drilled 类→款→项,
basic vs project, the economic breakdown of basic spending, 三公 budget vs final; a unit across
years; units of a year side by side; two documents compared cell by cell. Amounts stay exact
text in the JSON; the browser turns them into numbers only to draw."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from juesuan.store import Store

FUNCTION_TABLES = (("T03", "本年支出合计"), ("T05", "合计"))  # all funds first, else 一般公共预算
LEVEL_DIGITS = (3, 5, 7)


def is_code(key: str) -> bool:
    return key.isdigit() and len(key) in LEVEL_DIGITS


def function_tree(facts: list[dict[str, Any]]) -> dict[str, Any]:
    """Nested 类 → 款 → 项 nodes with exact values, from T03 (or T05 when T03 is missing)."""
    for table, column in FUNCTION_TABLES:
        rows = [
            f
            for f in facts
            if f["table"] == table and f["column"] == column and is_code(f["row_key"])
        ]
        if rows:
            return {"table": table, "column": column, "nodes": code_nodes(rows)}
    return {"table": None, "column": None, "nodes": []}


def code_nodes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_code = {r["row_key"]: r for r in rows}
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for code in sorted(by_code, key=lambda c: (len(c), c)):
        node = {
            "code": code,
            "name": f"{code} {by_code[code]['label']}".strip(),
            "value": by_code[code]["value"],
            "children": [],
        }
        nodes[code] = node
        parent = next(
            (nodes[code[:n]] for n in (5, 3) if n < len(code) and code[:n] in nodes), None
        )
        (parent["children"] if parent else roots).append(node)
    return roots


def row_values(
    facts: list[dict[str, Any]], table: str, row_key: str, columns: tuple[str, ...]
) -> dict[str, str]:
    return {
        f["column"]: f["value"]
        for f in facts
        if f["table"] == table and f["row_key"] == row_key and f["column"] in columns
    }


def document_charts(facts: list[dict[str, Any]]) -> dict[str, Any]:
    basic = row_values(facts, "T03", "合计", ("基本支出", "项目支出")) or row_values(
        facts, "T05", "合计", ("基本支出", "项目支出")
    )
    economic = [
        {"code": f["row_key"], "name": f"{f['row_key']} {f['label']}", "value": f["value"]}
        for f in facts
        if f["table"] == "T06"
        and f["column"] == "决算数"
        and f["row_key"].isdigit()
        and len(f["row_key"]) == 3
    ]
    sangong_items = [
        "因公出国（境）费",
        "公务接待费",
        "公务用车购置费",
        "公务用车运行维护费",
    ]
    sangong = [
        {"item": item, **row_values(facts, "T07", item, ("预算数", "决算数"))}
        for item in sangong_items
        if row_values(facts, "T07", item, ("预算数", "决算数"))
    ]
    money_unit = next((f["unit"] for f in facts if f.get("unit")), "")
    return {
        "unit": money_unit,
        "function": function_tree(facts),
        "basic_project": basic,
        "economic": economic,
        "sangong": sangong,
    }


def tables_view(store: Store, upload: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stored table with its printed rows and columns, values from the facts."""
    if upload["document_id"] is None:
        return []
    facts = list(store.facts(latest=False, document_id=upload["document_id"]))
    values = {(f["table"], f["section"], f["row_key"], f["column"]): f["value"] for f in facts}
    out = []
    for table in store.tables(upload["document_id"]):
        rows = [
            {
                "label": row["label"],
                "section": row["section"],
                "code": row["code"],
                "values": [
                    values.get((table["table_id"], row["section"], row["key"], c), "")
                    for c in table["columns"]
                ],
            }
            for row in table["rows"]
        ]
        out.append(
            {
                "id": table["table_id"],
                "title": table["title"],
                "unit": table["unit"],
                "columns": table["columns"],
                "rows": rows,
                "declared_empty": table["declared_empty"],
                "empty_statement": table["empty_statement"],
            }
        )
    return out


def finding_grid(facts: list[dict[str, Any]], finding: dict[str, Any]) -> dict[str, Any] | None:
    """The rows of the finding's table that hold its cells, every column shown, its cells marked."""
    cells = [finding, *finding["cells"]]
    table = finding["table"] or next((c["table"] for c in finding["cells"] if c["table"]), "")
    if not table:
        return None
    wanted = {(c["section"], c["row_key"]) for c in cells if c["table"] == table}
    hits = {(c["section"], c["row_key"], c["column"]) for c in cells if c["table"] == table}
    columns: list[str] = []
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for fact in facts:
        if fact["table"] != table:
            continue
        if fact["column"] not in columns:
            columns.append(fact["column"])
        key = (fact["section"], fact["row_key"])
        if key in wanted:
            row = rows.setdefault(
                key, {"label": fact["label"], "section": key[0], "row_key": key[1], "cells": {}}
            )
            row["cells"][fact["column"]] = {
                "value": fact["value"],
                "source": fact["source"],
                "hit": (key[0], key[1], fact["column"]) in hits,
            }
    return {"table": table, "columns": columns, "rows": list(rows.values())}


def across(store: Store, unit: str, year: int | None) -> dict[str, Any]:
    """Basic and project spending (T03 合计, else T05) of one unit's years, or of a year's units."""
    documents = store.documents(latest=True, unit=unit or None, year=year)
    if unit:
        documents = [d for d in documents if d["unit_name"] == unit]
    series = []
    for doc in documents:
        facts = list(store.facts(latest=False, document_id=doc["id"], table=("T03", "T05")))
        values = row_values(
            facts, "T03", "合计", ("本年支出合计", "基本支出", "项目支出")
        ) or row_values(facts, "T05", "合计", ("合计", "基本支出", "项目支出"))
        series.append(
            {
                "unit_name": doc["unit_name"],
                "year": doc["year"],
                "kind": doc["kind"],
                "money_unit": doc["money_unit"],
                "basic": values.get("基本支出"),
                "project": values.get("项目支出"),
            }
        )
    series.sort(key=lambda s: (s["year"] or 0, s["unit_name"] or ""))
    return {"unit": unit, "year": year, "series": series}


def compare_facts(
    first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every cell of either document: both values, the exact difference, what changed."""

    def keyed(facts: list[dict[str, Any]]) -> dict[tuple[str, str, str, str], dict[str, Any]]:
        return {(f["table"], f["section"], f["row_key"], f["column"]): f for f in facts}

    a, b = keyed(first), keyed(second)
    rows = []
    for key in [*a, *(k for k in b if k not in a)]:
        fa, fb = a.get(key), b.get(key)
        va, vb = (fa or {}).get("value"), (fb or {}).get("value")
        if fa and fb:
            difference = Decimal(str(vb)) - Decimal(str(va))
            change = "same" if difference == 0 else "changed"
        else:
            difference, change = None, "only_a" if fa else "only_b"
        rows.append(
            {
                "table": key[0],
                "section": key[1],
                "row_key": key[2],
                "column": key[3],
                "label": (fa or fb or {}).get("label", ""),
                "a": va,
                "b": vb,
                "difference": None if difference is None else str(difference),
                "change": change,
            }
        )
    return rows
