"""What one document's read+check sends back to the single writer: a result or a reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from juesuan.model.disclosure import Disclosure
from juesuan.report.model import Report

if TYPE_CHECKING:
    from juesuan.store.rows import DocumentRows


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read: its path, content hash and, for remote workers, its bytes."""

    path: str
    sha256: str
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The picklable result of reading and checking one file in a worker.

    A failure has ``reason``. A success has ``rows`` — the store's plain ``DocumentRows``, made
    in the worker because they pickle several times faster than the model and leave the
    single writer only the inserts — or, where the store cannot convert, ``disclosure`` and
    ``report``.
    """

    path: str
    sha256: str
    disclosure: Disclosure | None = None
    report: Report | None = None
    reason: str | None = None
    seconds: float = 0.0
    rows: DocumentRows | None = None

    @property
    def failed(self) -> bool:
        return self.reason is not None

    @property
    def partial(self) -> bool:
        if self.rows is not None:
            return bool(self.rows.document["partial"])
        return self.disclosure is not None and self.disclosure.partial

    def severities(self) -> Counter[str]:
        """Findings by severity, counted as the store counts them."""
        if self.rows is not None:
            doc = self.rows.document
            return Counter(
                {"error": doc["errors"], "warning": doc["warnings"], "info": doc["infos"]}
            )
        findings = self.report.findings if self.report is not None else ()
        return Counter(f.severity.value for f in findings)


def failed_outcome(job: Job, reason: str, seconds: float = 0.0) -> Outcome:
    return Outcome(path=job.path, sha256=job.sha256, reason=reason, seconds=seconds)


def timeout_reason(seconds: float) -> str:
    return f"超时：读取与审核超过 {seconds:g} 秒，已终止"


def memory_reason(limit_mb: int) -> str:
    return f"内存超限：超过 {limit_mb} MB，已终止"


def died_reason(returncode: int | None, last_error: str) -> str:
    how = (
        f"signal {-returncode}"
        if returncode is not None and returncode < 0
        else f"exit {returncode}"
    )
    detail = f": {last_error}" if last_error else ""
    return f"工作进程意外退出 (worker died, {how}){detail}"
