"""One guarded worker process: send it a job, get an Outcome back, kill it when it overruns.

The process is a plain subprocess (``python -m juesuan.batch.child``), so it can be started
from anywhere, including inside a daemonic Dask worker. Killing it is the only reliable way to
stop a reader stuck in C code or in an endless loop; the next job gets a fresh process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import subprocess
import sys
import tempfile
import time
from typing import IO

import psutil

from juesuan.batch.child import DEFAULT_LOADER, HEADER, READY, read_message
from juesuan.batch.outcome import (
    Job,
    Outcome,
    died_reason,
    failed_outcome,
    memory_reason,
    timeout_reason,
)

#: Run as -c, not -m: the package __init__ already imports the child module.
CHILD_MAIN = "from juesuan.batch.child import main; main()"

#: How often a busy worker's memory is measured, seconds.
WATCH_INTERVAL = 0.2

#: A worker killed by a signal after growing to this share of its limit died of memory.
MEMORY_CRASH_SHARE = 0.5

#: A long-lived worker fragments its heap; start a fresh one after this many documents.
MAX_JOBS_PER_PROCESS = 250


def child_environment() -> dict[str, str]:
    """The parent's environment, with its import path, so the child imports the same code."""
    env = dict(os.environ)
    paths = [p for p in sys.path if p and os.path.isdir(p)]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


class GuardedChild:
    """A worker process that reads one job at a time under a timeout and a memory limit."""

    def __init__(self, memory_mb: int, timeout: float, loader: str = DEFAULT_LOADER) -> None:
        self.memory_mb = memory_mb
        self.timeout = timeout
        self.loader = loader
        self.job: Job | None = None
        self.started_at = 0.0
        self.jobs_done = 0
        self.last_rss_mb = 0.0
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD_MAIN, str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=child_environment(),
            bufsize=0,  # unbuffered: a reply read early would hide from select()
        )
        self._ps = psutil.Process(self.proc.pid)

    # -- talking to the process -------------------------------------------------------------

    def fileno(self) -> int:
        assert self.proc.stdout is not None
        return self.proc.stdout.fileno()

    @property
    def busy(self) -> bool:
        return self.job is not None

    @property
    def worn_out(self) -> bool:
        return self.jobs_done >= MAX_JOBS_PER_PROCESS

    def send(self, job: Job) -> Outcome | None:
        """Hand the process a job; an Outcome at once if the process is already dead."""
        assert self.proc.stdin is not None
        self.job, self.started_at = job, time.monotonic()
        body = pickle.dumps((job, self.loader), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_all(self.proc.stdin, HEADER.pack(len(body)) + body)
        except (BrokenPipeError, OSError):
            return self.died()
        return None

    def receive(self) -> Outcome | None:
        """The reply to the current job (call when the pipe is readable); None if not yet.

        A fresh process first says it is ready: the job's clock restarts then, so the time
        to start Python and import the readers never counts against the document.
        """
        assert self.proc.stdout is not None and self.job is not None
        message = read_message(self.proc.stdout)
        if message is None:
            return self.died()
        if message == READY:
            self.started_at = time.monotonic()
            return None
        outcome: Outcome = pickle.loads(message)
        self.job = None
        self.jobs_done += 1
        return outcome

    # -- enforcing the limits ---------------------------------------------------------------

    def rss_mb(self) -> float:
        try:
            rss = self._ps.memory_info().rss / (1024 * 1024)
        except psutil.Error:
            return 0.0
        self.last_rss_mb = rss
        return rss

    def overrun(self, now: float) -> Outcome | None:
        """Kill the process if its job ran too long or grew too big; the failed Outcome then."""
        if self.job is None:
            return None
        if self.timeout > 0 and now - self.started_at > self.timeout:
            return self.kill_with(timeout_reason(self.timeout))
        if self.memory_mb > 0 and self.rss_mb() > self.memory_mb:
            return self.kill_with(memory_reason(self.memory_mb))
        return None

    def seconds_left(self, now: float) -> float:
        if self.job is None or self.timeout <= 0:
            return float("inf")
        return max(0.0, self.started_at + self.timeout - now)

    def kill_with(self, reason: str) -> Outcome:
        assert self.job is not None
        outcome = failed_outcome(self.job, reason, time.monotonic() - self.started_at)
        self.job = None
        self.close(kill=True)
        return outcome

    def died(self) -> Outcome:
        """The process ended while holding a job: say how, with its last line of stderr."""
        assert self.job is not None
        returncode = self.proc.wait()
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - 2000))
        tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        if returncode is not None and returncode < 0 and self._memory_bound(tail):
            reason = memory_reason(self.memory_mb)
        else:
            reason = died_reason(returncode, tail[-1][:300] if tail else "")
        outcome = failed_outcome(self.job, reason, time.monotonic() - self.started_at)
        self.job = None
        self.close(kill=True)
        return outcome

    def _memory_bound(self, tail: list[str]) -> bool:
        """A crash near the memory limit: an allocation failed (native code aborts on it)."""
        if self.memory_mb <= 0:
            return False
        said_so = any("MemoryError" in line or "bad_alloc" in line for line in tail[-5:])
        return said_so or self.last_rss_mb >= MEMORY_CRASH_SHARE * self.memory_mb

    def close(self, kill: bool = False) -> None:
        """End the process: kill it, or close its input and let it finish."""
        if self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                assert self.proc.stdin is not None
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._stderr.close()


def write_all(stream: IO[bytes], data: bytes) -> None:
    """Write everything to an unbuffered pipe (one write may take only part of it)."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        view = view[written or 0 :]


def run_guarded(child: GuardedChild, job: Job) -> Outcome:
    """Run one job on a child and wait for it, enforcing its limits (used by Dask tasks)."""
    immediate = child.send(job)
    if immediate is not None:
        return immediate
    while True:
        now = time.monotonic()
        overrun = child.overrun(now)
        if overrun is not None:
            return overrun
        readable, _, _ = select.select(
            [child], [], [], min(WATCH_INTERVAL, child.seconds_left(now))
        )
        if readable and (outcome := child.receive()) is not None:
            return outcome
