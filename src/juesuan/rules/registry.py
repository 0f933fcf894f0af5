"""The rule registry: each rule is a small function registered with code, severity, title, tables.

A rule function takes a Disclosure and yields Findings. It may raise ``NotApplicable`` (the
document has nothing the rule is about) or ``InsufficientData`` (what it needs could not be
read). The runner turns any other exception into an ``error`` outcome and a finding of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Finding, Severity


class Defect:
    """A finding as a rule yields it when @rule is to stamp its code and severity.

    ``Defect("T06 合计不等于各项之和", table="T06", row_key="301", expected=…)``: any keyword of
    Finding but ``rule``; ``severity`` only where it differs from the rule's (尾差 → INFO).
    A rule may still yield complete Findings (they pass unchanged).
    """

    __slots__ = ("message", "severity", "where")

    def __init__(self, message: str, severity: Severity | None = None, **where: Any) -> None:
        self.message = message
        self.severity = severity
        self.where = where

    def to_finding(self, code: str, severity: Severity) -> Finding:
        """The finding under ``code``, with ``severity`` unless the defect chose its own."""
        return Finding(
            rule=code, severity=self.severity or severity, message=self.message, **self.where
        )


RuleFunc = Callable[[Disclosure], Iterable[Finding | Defect]]


class NotApplicable(Exception):
    """The rule has nothing to check in this document."""


class InsufficientData(Exception):
    """The rule needs something the document does not have or that could not be read."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A registered rule: its stable code, severity, Chinese title, the tables it needs and its
    function."""

    code: str
    severity: Severity  # the severity of the rule's defects; 尾差 inside the envelope are info
    title: str  # Chinese title for the catalogue
    tables: tuple[str, ...]  # the tables it needs (T01 …, P for performance forms)
    tags: tuple[str, ...]
    func: RuleFunc
    description: str = field(default="")

    def stamp(self, item: Finding | Defect) -> Finding:
        """The finding with this rule's code (and severity, unless the rule chose one)."""
        if isinstance(item, Finding):
            return item if item.rule else replace(item, rule=self.code)
        return item.to_finding(self.code, self.severity)


RULES: dict[str, RuleSpec] = {}


def rule(
    code: str,
    *,
    severity: Severity,
    title: str,
    tables: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable code."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = RuleSpec(
            code=code,
            severity=severity,
            title=title,
            tables=tables,
            tags=tags,
            func=func,
            description=(func.__doc__ or "").strip(),
        )
        return func

    return register


def spec_of(func: RuleFunc) -> RuleSpec:
    """The registration of a rule function (to call one rule outside the engine, e.g. in tests)."""
    return next(spec for spec in RULES.values() if spec.func is func)
