"""Run an export: the selected facts or findings of a store → the asked format."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from juesuan.export.fdp import facts_to_fdp
from juesuan.export.tabular import rows_to_csv, rows_to_jsonl, rows_to_parquet, rows_to_sheet_xlsx
from juesuan.export.xlsx import disclosure_to_workbook
from juesuan.store import FACT_EXPORT_COLUMNS, FINDING_EXPORT_COLUMNS, Store


class ExportError(Exception):
    """The export cannot be made as asked; the message says why in a line."""


@dataclass(frozen=True)
class Selection:
    latest: bool = True
    unit: str | None = None
    year: int | None = None
    tables: tuple[str, ...] = ()

    def query(self) -> dict[str, Any]:
        return {
            "latest": self.latest,
            "unit": self.unit,
            "year": self.year,
            "table": self.tables or None,
        }


def export_facts(
    store: Store, fmt: str, selection: Selection, output: Path | None, out: IO[str] = sys.stdout
) -> int:
    """Write the selected facts; returns how many rows (or documents, for xlsx) were written."""
    rows = store.facts(**selection.query())
    if fmt == "csv":
        return with_output(output, out, lambda o: rows_to_csv(rows, FACT_EXPORT_COLUMNS, o))
    if fmt == "jsonl":
        return with_output(output, out, lambda o: rows_to_jsonl(rows, FACT_EXPORT_COLUMNS, o))
    target = required(output, fmt)
    if fmt == "parquet":
        return rows_to_parquet(rows, FACT_EXPORT_COLUMNS, target)
    if fmt == "fdp":
        documents = store.documents(
            latest=selection.latest, unit=selection.unit, year=selection.year
        )
        return sum(facts_to_fdp(rows, documents, target).values())
    if fmt == "xlsx":
        return export_workbooks(store, selection, target)
    raise ExportError(f"未知格式 {fmt}")


def export_findings(
    store: Store, fmt: str, selection: Selection, output: Path | None, out: IO[str] = sys.stdout
) -> int:
    rows = store.findings(**selection.query())
    if fmt == "csv":
        return with_output(output, out, lambda o: rows_to_csv(rows, FINDING_EXPORT_COLUMNS, o))
    if fmt == "jsonl":
        columns = (*FINDING_EXPORT_COLUMNS, "cells")
        return with_output(output, out, lambda o: rows_to_jsonl(rows, columns, o))
    target = required(output, fmt)
    if fmt == "parquet":
        return rows_to_parquet(rows, FINDING_EXPORT_COLUMNS, target)
    if fmt == "xlsx":
        return rows_to_sheet_xlsx(rows, FINDING_EXPORT_COLUMNS, target, "审核发现")
    raise ExportError("--findings 可导出为 csv、jsonl、parquet 或 xlsx；财政数据包 (fdp) 只含金额")


def export_workbooks(store: Store, selection: Selection, target: Path) -> int:
    """One workbook per disclosure: at target itself for one, inside target (a folder) for several."""
    documents = store.documents(latest=selection.latest, unit=selection.unit, year=selection.year)
    if not documents:
        return 0
    if len(documents) > 1 and target.suffix.lower() == ".xlsx" and not target.is_dir():
        raise ExportError(
            f"有 {len(documents)} 份公开，每份一个工作簿：-o 请给出文件夹而不是 {target.name}"
            "（或用 --unit、--year 只选一份）"
        )
    if len(documents) > 1 or target.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        paths = [target / workbook_name(doc) for doc in documents]
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        paths = [target]
    for document, path in zip(documents, paths, strict=True):
        facts = list(
            store.facts(latest=False, document_id=document["id"], table=selection.tables or None)
        )
        tables = [
            t
            for t in store.tables(document["id"])
            if not selection.tables or t["table_id"] in selection.tables
        ]
        disclosure_to_workbook(document, tables, facts, path)
    return len(documents)


def workbook_name(document: dict[str, Any]) -> str:
    unit = re.sub(r"[\\/:*?\"<>|\s]+", "_", document.get("unit_name") or "未知单位")[:40]
    return f"{unit}_{document.get('year') or '未知年度'}_v{document['version']}_{document['sha256'][:8]}.xlsx"


def with_output(output: Path | None, out: IO[str], write: Any) -> int:
    if output is None:
        return int(write(out))
    with output.open("w", encoding="utf-8", newline="") as handle:
        return int(write(handle))


def required(output: Path | None, fmt: str) -> Path:
    if output is None:
        raise ExportError(f"格式 {fmt} 需要 -o 指定输出{'文件夹' if fmt == 'fdp' else '文件'}")
    return output


__all__ = ["ExportError", "Selection", "export_facts", "export_findings"]
