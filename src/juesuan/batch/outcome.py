"""What one document's read+check sends back to the single writer: a result or a reason."""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.model.disclosure import Disclosure
from juesuan.report.model import Report


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read: its path, content hash and, for remote workers, its bytes."""

    path: str
    sha256: str
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The picklable result of reading and checking one file in a worker.

    Exactly one of (``disclosure`` and ``report``) or ``reason`` is set.
    """

    path: str
    sha256: str
    disclosure: Disclosure | None = None
    report: Report | None = None
    reason: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.reason is not None


def failed_outcome(job: Job, reason: str, seconds: float = 0.0) -> Outcome:
    return Outcome(path=job.path, sha256=job.sha256, reason=reason, seconds=seconds)


def timeout_reason(seconds: float) -> str:
    return f"超时: 读取与审核超过 {seconds:g} 秒, 已终止 (timeout after {seconds:g} s)"


def memory_reason(limit_mb: int) -> str:
    return f"内存超限: 超过 {limit_mb} MB, 已终止 (memory limit {limit_mb} MB exceeded)"


def died_reason(returncode: int | None, last_error: str) -> str:
    how = (
        f"signal {-returncode}"
        if returncode is not None and returncode < 0
        else f"exit {returncode}"
    )
    detail = f": {last_error}" if last_error else ""
    return f"工作进程意外退出 (worker died, {how}){detail}"
