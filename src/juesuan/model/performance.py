"""Performance-monitoring forms (绩效运行监控表) and 绩效目标表.

Placeholder shape owned by the performance-forms work (issue 5), which extends it.
"""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.model.source import Source


@dataclass(frozen=True, slots=True)
class PerformanceForm:
    """One form as printed; ``number`` is its place in document order (P1, P2 …)."""

    number: int
    kind: str  # 部门整体 or 项目
    name: str
    title: str
    source: Source
    complete: bool = True

    @property
    def id(self) -> str:
        return f"P{self.number}"
