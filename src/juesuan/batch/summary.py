"""The batch summary: what was stored, skipped, failed (with why), and the findings found."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console

from juesuan.model.findings import Severity


@dataclass
class BatchSummary:
    files: int = 0
    stored: int = 0
    skipped: int = 0
    new_versions: int = 0
    partial: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    findings: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    mode: str = ""

    @property
    def done(self) -> int:
        return self.stored + self.skipped + self.new_versions + len(self.failed)

    @property
    def documents_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """0 when every input was stored or skipped; 1 when some could not be (interface.md)."""
        return 1 if self.failed else 0

    def counts_text(self) -> str:
        return (
            f"已存储 {self.stored} · 新版本 {self.new_versions} · 跳过 {self.skipped} · "
            f"失败 {len(self.failed)}"
        )

    def lines(self) -> list[str]:
        """The two closing lines of ``juesuan ingest`` (stable, for scripts), in Chinese only."""
        names = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
        return [
            f"入库：已存储 {self.stored}，新版本 {self.new_versions}，跳过（内容相同）{self.skipped}，"
            f"部分读取 {self.partial}，无法读取 {len(self.failed)}",
            "发现：" + "，".join(f"{names[s]} {self.findings.get(s.value, 0)}" for s in Severity),
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "stored": self.stored,
            "new_versions": self.new_versions,
            "skipped": self.skipped,
            "partial": self.partial,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "findings": {s.value: self.findings.get(s.value, 0) for s in Severity},
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.documents_per_second, 3),
            "mode": self.mode,
        }


def print_summary(summary: BatchSummary, console: Console) -> None:
    """The end-of-run summary (for library callers; the command prints ``lines()`` once)."""
    for line in summary.lines():
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    for path, reason in summary.failed:
        console.print(f"无法读取 {path}: {reason}", markup=False, highlight=False, soft_wrap=True)
