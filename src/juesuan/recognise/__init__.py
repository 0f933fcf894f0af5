"""Recognising tables: DocumentGrid → Disclosure (T01–T09 by content, X01 … for other tables)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from juesuan.model.disclosure import Disclosure, Metadata
from juesuan.model.findings import Finding, Severity
from juesuan.model.sections import NarrativeSection
from juesuan.model.tables import STANDARD_TABLE_IDS, STANDARD_TITLES, TITLES, Table
from juesuan.perf import grid_to_forms_and_lines
from juesuan.read.grid import DocumentGrid, LineKind
from juesuan.recognise.blocks import (
    TableBlock,
    document_kind,
    grid_lines_to_blocks,
    plausible_unit_name,
)
from juesuan.recognise.labels import repair_interleaved_labels
from juesuan.recognise.narrative import lines_to_sections
from juesuan.recognise.tables import block_to_table, unfit_reason, unit_of_tables

if TYPE_CHECKING:
    from juesuan.model.narrative import Statement

__all__ = ["grid_to_disclosure", "grid_to_tables"]

_DOC_TITLE = re.compile(
    r"^(.*?)\s*((?:19|20)\d{2})\s*年度?\s*(?:[区市县省]级|本级)?\s*(部门|单位)?\s*(决算|预算)"
)


def grid_to_tables(grid: DocumentGrid) -> tuple[list[Table], list[Finding]]:
    """Every table of the grid, standard ones by content and the rest as X01, X02 … in order."""
    return blocks_to_tables(grid_lines_to_blocks(grid.lines))


def blocks_to_tables(blocks: list[TableBlock]) -> tuple[list[Table], list[Finding]]:
    tables: list[Table] = []
    findings: list[Finding] = []
    seen: Counter[str] = Counter()
    extra = 0
    for block in blocks:
        table_id = block.table_id
        if table_id != "X" and seen[table_id]:
            findings.append(_repeated(block, table_id))
            table_id = "X"
        table, table_findings = (None, []) if table_id == "X" else block_to_table(block, table_id)
        reason = unfit_reason(table, block) if table is not None else None
        if reason:
            findings.append(_unfit(block, table_id, reason))
        if table is None or reason:
            extra += 1
            table, table_findings = block_to_table(block, f"X{extra:02d}")
        else:
            seen[table_id] += 1
        tables.append(table)
        findings.extend(table_findings)
    return tables, findings


def _repeated(block: TableBlock, table_id: str) -> Finding:
    return Finding(
        rule="recognise.table_repeated",
        severity=Severity.WARNING,
        message=f"{TITLES[table_id]}（{table_id}）出现了不止一次；后一份作为附加表保留。",
        table=table_id,
        source=block.title_line.source.label(),
    )


def _unfit(block: TableBlock, table_id: str, reason: str) -> Finding:
    return Finding(
        rule="recognise.table_unfit",
        severity=Severity.WARNING,
        message=(
            f"“{block.title}”的标题像{TITLES[table_id]}（{table_id}），但{reason}；"
            "作为附加表保留，不按该表核对。"
        ),
        table=table_id,
        source=block.title_line.source.label(),
    )


def grid_to_disclosure(
    grid: DocumentGrid, sha256: str = "", *, statements: bool = True
) -> Disclosure:
    """The disclosure of the grid; ``statements=False`` leaves the narrative's sentences unread
    (``juesuan facts`` prints table amounts only: parsing the prose is most of its recognising)."""
    kind = document_kind(grid.lines)
    blocks = grid_lines_to_blocks(grid.lines, kind)
    tables, findings = blocks_to_tables(blocks)
    if not tables and narrative_only(grid):
        findings.append(_no_tables(grid, kind))
    tables = repair_interleaved_labels(tables)
    table_lines = {id(line) for block in blocks for line in (block.title_line, *block.lines)}
    forms, form_lines = grid_to_forms_and_lines(grid)
    # A form's lines are neither narrative nor a table: the prose checks never read them.
    narrative = lines_to_sections(grid.lines, table_lines | form_lines)
    meta = grid_to_metadata(grid, tables, kind)
    missing = list(grid.missing)
    standard = {t.id for t in tables}
    if standard & set(STANDARD_TABLE_IDS) and meta.kind == "决算":
        for table_id in STANDARD_TABLE_IDS:
            if table_id not in standard:
                missing.append(f"{table_id} {STANDARD_TITLES[table_id]}")
    cut_off = {f.table for f in findings if f.rule == "recognise.table_cut_off"}
    missing.extend(
        f"{t.id} 不完整（{'原文件在表中结束' if t.id in cut_off else '有行无法读取'}）"
        for t in tables
        if not t.complete
    )
    missing.extend(
        f"{form.id} 不完整（{form.kind}绩效运行监控表“{form.name}”，原文件在表中结束）"
        for form in forms
        if not form.complete
    )
    return Disclosure(
        path=grid.path,
        format=grid.format,
        sha256=sha256,
        meta=meta,
        tables=tuple(tables),
        performance_forms=forms,
        narrative=narrative,
        read_findings=(*grid.findings, *findings),
        missing=tuple(missing),
        statements=narrative_to_statements(narrative) if statements else (),
    )


def narrative_to_statements(narrative: tuple[NarrativeSection, ...]) -> tuple[Statement, ...]:
    # imported here: its ~40 patterns are compiled only for a command that reads the prose
    from juesuan.recognise.statements import narrative_statements

    return narrative_statements(narrative)


def narrative_only(grid: DocumentGrid) -> bool:
    """A file of prose (its tables published as a separate file)."""
    return sum(1 for line in grid.lines if line.kind is LineKind.TEXT) >= 20


def _no_tables(grid: DocumentGrid, kind: str) -> Finding:
    return Finding(
        rule="recognise.no_tables",
        severity=Severity.WARNING,
        message=f"本文件是{kind}公开的文字部分，没有表格（表格可能另行公开）；只核对文字说明。",
        source=grid.lines[0].source.label() if grid.lines else "",
    )


def grid_to_metadata(grid: DocumentGrid, tables: list[Table], kind: str = "决算") -> Metadata:
    """Unit name, year, money unit, scope and kind: as the tables state them, else the title page."""
    names = Counter(name for t in tables if (name := plausible_unit_name(t.unit_name)))
    years = Counter(t.year for t in tables if t.year)
    title_unit, title_year, scope, _, title = _title_page(grid)
    return Metadata(
        unit_name=names.most_common(1)[0][0] if names else title_unit,
        year=years.most_common(1)[0][0] if years else title_year,
        money_unit=unit_of_tables(tables),
        scope=scope or _scope_from_notes(tables),
        title=title,
        kind=kind,
    )


_NAMED_UNIT = re.compile(
    r"^(?:预算主管部门|主管部门|部门名称|单位名称|预算单位|决算单位)[:：]\s*(.+)$"
)


def _title_page(
    grid: DocumentGrid,
) -> tuple[str | None, int | None, str | None, str | None, str | None]:
    """(unit, year, scope, kind, title) from the document's title lines, where it has them."""
    previous = ""
    found: tuple[str | None, int | None, str | None, str | None, str | None] | None = None
    texts = [line.text.strip() for line in grid.lines[:80] if line.kind is not LineKind.BREAK]
    for index, raw in enumerate(texts):
        text = re.sub(r"^(?:DOCUMENT|TITLE)[:：]\s*", "", raw)
        match = _DOC_TITLE.match(text)
        if match and "目录" not in text and found is None:
            printed = match.group(1).strip()
            unit = plausible_unit_name(printed if printed else previous)
            found = (unit, int(match.group(2)), match.group(3), match.group(4), text)
            named = next(
                (m.group(1) for t in texts[index + 1 : index + 4] if (m := _NAMED_UNIT.match(t))),
                None,
            )
            if plausible_unit_name(named):
                found = (plausible_unit_name(named), *found[1:])
            break
        if text and not text.startswith("SOURCE"):
            previous = text
    return found or (None, None, None, None, None)


def _scope_from_notes(tables: list[Table]) -> str | None:
    notes = " ".join(n for t in tables for n in t.notes)
    if "部门" in notes:
        return "部门"
    if "单位" in notes:
        return "单位"
    return None
