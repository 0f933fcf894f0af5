"""The preparer: a complete disclosure (cover, the nine tables, 情况说明) written from the data.

``prepare`` reads the input (a facts file or any document juesuan reads), runs the rules on its
nine tables, refuses data that break an identity unless forced, writes the document (PDF, DOCX
or XLSX) to a temporary file, reads it back with juesuan and compares the facts, and only then
puts it in place.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from juesuan import pipeline
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Finding, Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.tables import STANDARD_TABLE_IDS, STANDARD_TITLES, Table
from juesuan.prepare.facts_input import facts_to_disclosure, is_facts_file
from juesuan.prepare.layout import empty_statement
from juesuan.read import file_bytes
from juesuan.read.grid import UnreadableError

FORMATS = ("pdf", "docx", "xlsx")
#: Findings about what the preparer does not copy: performance forms and the old narrative.
NOT_COPIED = ("perf.", "narrative.")

__all__ = ["FORMATS", "Prepared", "UnreadableError", "load_input", "prepare"]


@dataclass(frozen=True)
class Prepared:
    """What ``prepare`` did: the data's errors, whether the file was written, read-back problems."""

    errors: tuple[Finding, ...]
    written: Path | None
    readback: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the input had that the disclosure does not repeat

    @property
    def ok(self) -> bool:
        return not self.errors and not self.readback and self.written is not None


def load_input(
    path: str,
    unit_name: str | None = None,
    year: int | None = None,
    money_unit: MoneyUnit | None = None,
) -> Disclosure:
    """The data to write: a facts file or a document; UnreadableError when it cannot be read
    or does not say (and was not told) whose disclosure of which year it is."""
    if Path(path).is_dir():
        raise UnreadableError(path, "是目录，不是文件 (a directory; give a file)")
    data = file_bytes(path)
    if is_facts_file(data):
        return facts_to_disclosure(path, data, unit_name, year, money_unit)
    disclosure = pipeline.read(path, data)
    meta = disclosure.meta
    meta = dataclasses.replace(
        meta,
        unit_name=meta.unit_name or unit_name,
        year=meta.year or year,
        money_unit=meta.money_unit or money_unit,
    )
    if not meta.unit_name:
        raise UnreadableError(path, "文件未写明单位名称，请用 --unit 指明")
    if not meta.year:
        raise UnreadableError(path, "文件未写明年度，请用 --year 指明")
    if not any(t.id in STANDARD_TABLE_IDS for t in disclosure.tables):
        raise UnreadableError(path, "文件中没有读到部门决算的九张表")
    return dataclasses.replace(disclosure, meta=meta)


def tables_only(disclosure: Disclosure) -> Disclosure:
    """The nine tables as they will be printed: a table without amounts says it is empty; no
    performance forms, no old narrative (the 情况说明 is written anew from the numbers)."""
    unit = disclosure.meta.unit_name or ""
    tables = tuple(
        declare_if_empty(t, unit) for t in sorted(disclosure.standard_tables, key=lambda t: t.id)
    )
    return dataclasses.replace(disclosure, tables=tables, narrative=(), performance_forms=())


def declare_if_empty(table: Table, unit_name: str) -> Table:
    if table.has_amounts:
        return table
    statement = empty_statement(table.id, unit_name)
    return dataclasses.replace(
        table,
        declared_empty=True,
        empty_statement=statement,
        notes=(*table.notes, statement) if statement not in table.notes else table.notes,
    )


def with_every_table(disclosure: Disclosure) -> Disclosure:
    """All nine tables, the missing ones empty (written only when forced)."""
    present = {t.id for t in disclosure.tables}
    added = tuple(
        declare_if_empty(
            Table(tid, STANDARD_TITLES[tid], (), (), disclosure.tables[0].source),
            disclosure.meta.unit_name or "",
        )
        for tid in STANDARD_TABLE_IDS
        if tid not in present
    )
    tables = tuple(sorted((*disclosure.tables, *added), key=lambda t: t.id))
    return dataclasses.replace(disclosure, tables=tables, missing=())


def data_errors(disclosure: Disclosure) -> list[Finding]:
    """The errors of the nine tables' data: identities, cross-table relations, completeness."""
    report = pipeline.check(disclosure)
    errors = [
        f
        for f in report.findings
        if f.severity is Severity.ERROR and not f.rule.startswith(NOT_COPIED)
    ]
    errors += [
        Finding(
            rule="prepare.input_partial",
            severity=Severity.ERROR,
            message=f"输入只读取了一部分，缺少：{item}",
            source=disclosure.path,
        )
        for item in disclosure.missing
        if not item.startswith("P")
    ]
    return unique(errors)


def unique(findings: Iterable[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def prepare(
    source: str,
    fmt: str,
    output: Path,
    previous: str | None = None,
    unit_name: str | None = None,
    year: int | None = None,
    money_unit: MoneyUnit | None = None,
    force: bool = False,
) -> Prepared:
    """Check, write and verify one disclosure (UnreadableError for an unreadable input)."""
    loaded = load_input(source, unit_name, year, money_unit)
    data = tables_only(loaded)
    errors = tuple(data_errors(data))
    notes = tuple(left_out(loaded))
    if errors and not force:
        return Prepared(errors=errors, written=None, notes=notes)
    last_year = load_previous(previous, data) if previous else None
    data = with_every_table(data)
    known = frozenset(f.rule for f in errors)
    readback = write_verified(data, last_year, fmt, output, known)
    return Prepared(errors=errors, written=output, readback=tuple(readback), notes=notes)


def left_out(loaded: Disclosure) -> list[str]:
    """What of the input is not written: extra tables and performance forms (the 情况说明 is
    written anew from the numbers, so the input's own is not repeated either)."""
    notes = [
        f"附加表 {t.id}（{t.title}）未写出：只写部门决算的九张表"
        for t in loaded.tables
        if t.id not in STANDARD_TABLE_IDS
    ]
    if loaded.performance_forms:
        notes.append(f"输入中的 {len(loaded.performance_forms)} 张绩效表未写出")
    return notes


def load_previous(path: str, current: Disclosure) -> Disclosure:
    """Last year's disclosure, in the same money unit (its numbers are compared, not converted)."""
    meta = current.meta
    last_year = (meta.year - 1) if meta.year else None
    previous = tables_only(load_input(path, meta.unit_name, last_year, meta.money_unit))
    if previous.meta.year != last_year:
        raise UnreadableError(
            path, f"上年决算应为 {last_year} 年度，文件写的是 {previous.meta.year} 年度"
        )
    if previous.meta.money_unit != meta.money_unit:
        raise UnreadableError(
            path,
            f"上年决算的金额单位（{previous.meta.money_unit}）与本年（{meta.money_unit}）不同",
        )
    return previous


def write_verified(
    data: Disclosure, previous: Disclosure | None, fmt: str, output: Path, known: frozenset[str]
) -> list[str]:
    """Write to a temporary file beside the output, read it back, then move it into place."""
    from juesuan.prepare.verify import compare
    from juesuan.prepare.write import write_document

    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=f".{fmt}", dir=output.parent, prefix=".prepare-")
    os.close(handle)
    try:
        write_document(data, previous, fmt, Path(temporary))
        differences = compare(data, Path(temporary), known)
        os.chmod(temporary, 0o666 & ~current_umask())  # mkstemp made it private
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return differences


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
