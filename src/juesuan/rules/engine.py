"""The rule runner: every registered rule on one disclosure, each outcome recorded, never a crash.

Rules are chosen by code, tag or a glob on the code (``t01.*``): from the command line or from a
``juesuan.toml`` file with keys ``select`` and ``ignore`` (juesuan.rules.selection).
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from collections.abc import Iterable

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Finding, Severity
from juesuan.model.report import Report, RuleOutcome, Status
from juesuan.rules.registry import RULES, InsufficientData, NotApplicable, RuleSpec

#: Every module that registers rules; one not written yet is skipped.
RULE_MODULES = (
    "juesuan.rules.within",
    "juesuan.rules.cross",
    "juesuan.rules.document",
    "juesuan.rules.perf",
    "juesuan.rules.budget_within",
    "juesuan.rules.budget_cross",
    "juesuan.rules.budget_document",
    "juesuan.rules.narrative",
)

CRASH_CODE = "engine.rule_crashed"


def load_rule_modules() -> dict[str, RuleSpec]:
    """Import the rule modules (registering their rules) and return the registry."""
    for name in RULE_MODULES:
        importlib.import_module(name)
    return RULES


# --------------------------------------------------------------------------- selection


def matches(spec: RuleSpec, pattern: str) -> bool:
    """A rule matches its exact code, one of its tags, or a glob on its code (case-insensitive)."""
    pattern = pattern.lower()
    code = spec.code.lower()
    if pattern == code or pattern in (t.lower() for t in spec.tags):
        return True
    return fnmatch.fnmatchcase(code, pattern)


def is_selected(spec: RuleSpec, select: frozenset[str] | None, ignore: frozenset[str]) -> bool:
    """Selected when it matches ``select`` (None or empty: every rule) and nothing in ``ignore``."""
    if select and not any(matches(spec, p) for p in select):
        return False
    return not any(matches(spec, p) for p in ignore)


def unknown_patterns(patterns: Iterable[str]) -> list[str]:
    """The patterns that match no registered rule (a misspelt code must not select nothing)."""
    specs = load_rule_modules().values()
    return sorted(p for p in patterns if not any(matches(spec, p) for spec in specs))


# --------------------------------------------------------------------------- running


def unknown_cells(disclosure: Disclosure) -> dict[tuple[str, str, str, str], str]:
    """(table, section, row key, column) → source of every cell whose value the file did not save."""
    return {
        (table.id, row.section, row.key, cell.column): cell.source.label()
        for table in disclosure.tables
        for row in table.rows
        for cell in row.cells
        if cell.unknown
    }


def touched_unknown(findings: list[Finding], unknown: dict[tuple[str, str, str, str], str]) -> str:
    """The first unknown cell a finding is about or cites ("" when none).

    The comparison helpers refuse such identities themselves; this also covers a rule that
    reads values directly, so an unknown cell never turns into a false error.
    """
    for finding in findings:
        places = [(finding.table, finding.section, finding.row_key, finding.column)]
        places += [(c.table, c.section, c.row_key, c.column) for c in finding.cells]
        for place in places:
            if place in unknown:
                return unknown[place]
    return ""


def run_rule(spec: RuleSpec, disclosure: Disclosure) -> tuple[RuleOutcome, list[Finding]]:
    """One rule's outcome and findings; an exception becomes an error outcome and a finding."""
    try:
        findings = [spec.stamp(item) for item in spec.func(disclosure)]
        unknown = unknown_cells(disclosure)
        cited = touched_unknown(findings, unknown) if unknown else ""
        if cited:
            raise InsufficientData(f"{cited} 是没有保存计算结果的公式，值未知，未核对")
    except NotApplicable as exc:
        return RuleOutcome(spec.code, Status.NOT_APPLICABLE, str(exc)), []
    except InsufficientData as exc:
        return RuleOutcome(spec.code, Status.INSUFFICIENT_DATA, str(exc)), []
    except Exception as exc:  # a rule's bug must not stop the others
        detail = f"{type(exc).__name__}: {exc}"
        crash = Finding(
            rule=CRASH_CODE,
            severity=Severity.ERROR,
            message=f"规则 {spec.code}（{spec.title}）运行出错，未能完成检查：{detail}",
        )
        return RuleOutcome(spec.code, Status.ERROR, detail), [crash]
    failed = any(f.severity in (Severity.ERROR, Severity.WARNING) for f in findings)
    return RuleOutcome(spec.code, Status.FAIL if failed else Status.PASS), findings


def run_rules(
    disclosure: Disclosure,
    select: frozenset[str] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> Report:
    """Run every selected rule on the disclosure; the report lists each rule's outcome."""
    rules = load_rule_modules()
    outcomes: list[RuleOutcome] = []
    findings: list[Finding] = list(disclosure.read_findings)
    for spec in sorted(rules.values(), key=lambda s: s.code):
        if not is_selected(spec, select, ignore):
            continue
        outcome, found = run_rule(spec, disclosure)
        outcomes.append(outcome)
        findings.extend(found)
    return Report(
        path=disclosure.path,
        unit_name=disclosure.meta.unit_name,
        year=disclosure.meta.year,
        findings=tuple(sorted(findings, key=document_order)),
        checked=tuple(outcomes),
        partial=disclosure.partial,
        missing=disclosure.missing,
    )


_CHUNK = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort ``line 9`` before ``line 10`` and ``P2`` before ``P10``."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _CHUNK.split(text) if part
    )


#: Where a table id comes in a document: the nine tables (T of a 决算, B of a budget), a
#: province's extra tables (X), then the performance forms of the attachments (P).
TABLE_KIND_ORDER = {"T": 0, "B": 0, "X": 1, "P": 2}


def document_order(finding: Finding) -> tuple[object, ...]:
    """Document-wide findings first, then by table id (T, X, P), then where the cell was read."""
    kind = TABLE_KIND_ORDER.get(finding.table[:1], len(TABLE_KIND_ORDER))
    return (bool(finding.table), kind, natural_key(finding.table), natural_key(finding.source))
