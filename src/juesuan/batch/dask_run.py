"""The same read+check on a Dask cluster; Outcomes come back to the single writer.

Each task sends the file's bytes (so workers need no shared file system) and runs the read in a
guarded child process of the Dask worker, one per worker thread, with the same timeout and
memory limit as local workers. A Dask worker that dies anyway makes the task fail with
``KilledWorker``; that document is recorded as failed and the batch goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from juesuan.batch.child import DEFAULT_LOADER
from juesuan.batch.guard import GuardedChild, run_guarded
from juesuan.batch.outcome import Job, Outcome, failed_outcome

_local = threading.local()


def guarded_task(job: Job, timeout: float, memory_mb: int, loader: str = DEFAULT_LOADER) -> Outcome:
    """The Dask task: read+check one job in this worker thread's guarded child process."""
    child: GuardedChild | None = getattr(_local, "child", None)
    if child is None or child.proc.poll() is not None or child.worn_out:
        if child is not None:
            child.close()
        child = _local.child = GuardedChild(memory_mb, timeout, loader)
    child.timeout, child.memory_mb = timeout, memory_mb
    outcome = run_guarded(child, job)
    if child.proc.poll() is not None:
        _local.child = None
    return outcome


@contextmanager
def dask_client(address: str, workers: int) -> Iterator[Any]:
    """A client of the cluster at `address`, or of a new LocalCluster when address is "local"."""
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
    else:
        with Client(address) as client:
            yield client


def cluster_threads(client: Any) -> int:
    info = client.scheduler_info()
    return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))


def with_bytes(job: Job) -> Job:
    """The job with the file's content, so it can run where the file is not."""
    if job.data is not None:
        return job
    try:
        return Job(job.path, job.sha256, Path(job.path).read_bytes())
    except OSError:
        return job  # the worker reports the unreadable path itself


def jobs_to_outcomes_dask(
    jobs: Iterable[Job],
    address: str,
    workers: int,
    timeout: float,
    memory_mb: int,
    loader: str = DEFAULT_LOADER,
) -> Iterator[Outcome]:
    """Run every job on the cluster, a few per thread in flight; yield Outcomes as they finish."""
    from distributed import as_completed

    with dask_client(address, workers) as client:
        window = 2 * cluster_threads(client)
        running = as_completed()
        submitted: dict[str, Job] = {}
        pending = iter(jobs)
        exhausted = False
        while True:
            while not exhausted and running.count() < window:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                future = client.submit(
                    guarded_task, with_bytes(job), timeout, memory_mb, loader, pure=False
                )
                submitted[future.key] = job
                running.add(future)
            if running.is_empty():
                return
            future = next(running)
            job = submitted.pop(future.key)
            yield future_to_outcome(future, job)
            future.release()


def future_to_outcome(future: Any, job: Job) -> Outcome:
    try:
        outcome: Outcome = future.result()
    except Exception as exc:  # KilledWorker, a lost connection …: this document failed
        reason = f"Dask 任务失败 (task failed: {type(exc).__name__}: {str(exc)[:300]})"
        return failed_outcome(job, reason)
    return outcome
