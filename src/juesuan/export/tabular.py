"""Rows (dicts) → CSV, JSON lines, Parquet, or a plain XLSX sheet (for findings)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from juesuan.model.money import decimals_of


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([cell_text(row.get(name)) for name in columns])
        count += 1
    return count


def rows_to_jsonl(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    """One JSON object per line; amounts stay exact text as in ``juesuan facts --format jsonl``."""
    count = 0
    for row in rows:
        record = {name: json_value(row.get(name)) for name in columns}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- Parquet -------------------------------------------------------------------------------------

#: Columns typed in Parquet; every other column is text.
INTEGER_COLUMNS = frozenset({"year"})
DECIMAL_COLUMNS = frozenset({"value"})


def rows_to_parquet(rows: Iterable[dict[str, Any]], columns: Sequence[str], path: Path) -> int:
    """A Parquet file; ``value`` is an exact decimal with as many places as the most precise amount."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = list(rows)
    places = max((decimals_of(Decimal(r["value"])) for r in records if r.get("value")), default=2)
    fields = [pa.field(name, parquet_type(name, places)) for name in columns]
    arrays = [
        pa.array([parquet_value(name, r.get(name)) for r in records], type=f.type)
        for name, f in zip(columns, fields, strict=True)
    ]
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path)
    return len(records)


def parquet_type(name: str, places: int) -> Any:
    import pyarrow as pa

    if name in INTEGER_COLUMNS:
        return pa.int32()
    if name in DECIMAL_COLUMNS:
        return pa.decimal128(38, places)
    return pa.string()


def parquet_value(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if name in INTEGER_COLUMNS:
        return int(value)
    if name in DECIMAL_COLUMNS:
        return Decimal(value)
    return cell_text(value)


# --- a plain sheet -----------------------------------------------------------------------------


def rows_to_sheet_xlsx(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], path: Path, title: str
) -> int:
    """One visible sheet with a header row: every column shown, nothing hidden."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(columns))
    count = 0
    for row in rows:
        sheet.append([cell_text(row.get(name)) for name in columns])
        count += 1
    workbook.save(path)
    return count
