"""Worker processes on this machine: jobs in, Outcomes out, as they finish.

Each worker is a :class:`GuardedChild`; the parent waits on all their pipes at once, kills one
that overruns its timeout or memory limit and starts a fresh one in its place, so a single
pathological file costs one job, never the batch.
"""

from __future__ import annotations

import select
import time
from collections.abc import Iterable, Iterator

from juesuan.batch.child import DEFAULT_LOADER
from juesuan.batch.guard import WATCH_INTERVAL, GuardedChild
from juesuan.batch.outcome import Job, Outcome


def jobs_to_outcomes_local(
    jobs: Iterable[Job],
    workers: int,
    timeout: float,
    memory_mb: int,
    loader: str = DEFAULT_LOADER,
) -> Iterator[Outcome]:
    """Run every job on a pool of `workers` guarded processes; yield Outcomes as they finish."""
    pending = iter(jobs)
    slots: list[GuardedChild | None] = [None] * max(1, workers)
    exhausted = False
    try:
        while True:
            for index, child in enumerate(slots):
                if exhausted or (child is not None and child.busy):
                    continue
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                if child is None or child.worn_out or child.proc.poll() is not None:
                    if child is not None:
                        child.close()
                    child = slots[index] = GuardedChild(memory_mb, timeout, loader)
                immediate = child.send(job)
                if immediate is not None:
                    slots[index] = None
                    yield immediate
            busy = [c for c in slots if c is not None and c.busy]
            if not busy:
                if exhausted:
                    return
                continue
            yield from wait_for_busy(busy, slots)
    finally:
        for child in slots:
            if child is not None:
                child.close(kill=child.busy)


def wait_for_busy(busy: list[GuardedChild], slots: list[GuardedChild | None]) -> Iterator[Outcome]:
    """Wait until some worker answers or overruns; yield what happened."""
    now = time.monotonic()
    wait = min(WATCH_INTERVAL, *(c.seconds_left(now) for c in busy))
    readable, _, _ = select.select(busy, [], [], wait)
    for child in readable:
        outcome = child.receive()
        if outcome is None:  # the process has just started; its job is running now
            continue
        if child.proc.poll() is not None:
            slots[slots.index(child)] = None
        yield outcome
    now = time.monotonic()
    for child in busy:
        if child.busy and (overrun := child.overrun(now)) is not None:
            slots[slots.index(child)] = None
            yield overrun
