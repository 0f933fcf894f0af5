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


#: Documents per Dask task: a task costs the scheduler a few milliseconds and a round trip,
#: which a single small document does not repay.
CHUNK = 8


def guarded_chunk(
    jobs: list[Job], timeout: float, memory_mb: int, loader: str = DEFAULT_LOADER
) -> list[Outcome]:
    """The Dask task: several jobs, each under its own timeout and memory limit."""
    return [guarded_task(job, timeout, memory_mb, loader) for job in jobs]


def jobs_to_outcomes_dask(
    jobs: Iterable[Job],
    address: str,
    workers: int,
    timeout: float,
    memory_mb: int,
    loader: str = DEFAULT_LOADER,
) -> Iterator[Outcome]:
    """Run every job on the cluster, a few chunks per thread in flight; yield Outcomes."""
    from distributed import as_completed

    with dask_client(address, workers) as client:
        window = 2 * cluster_threads(client)
        running = as_completed()
        submitted: dict[str, list[Job]] = {}
        retry: list[list[Job]] = []  # jobs of a failed chunk, resubmitted one by one
        chunks = job_chunks(jobs)

        def submit(chunk: list[Job]) -> None:
            future = client.submit(
                guarded_chunk,
                [with_bytes(j) for j in chunk],
                timeout,
                memory_mb,
                loader,
                pure=False,
            )
            submitted[future.key] = chunk
            running.add(future)

        exhausted = False
        while True:
            while retry or (not exhausted and running.count() < window):
                chunk = retry.pop() if retry else next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                submit(chunk)
            if running.is_empty():
                return
            future = next(running)
            chunk = submitted.pop(future.key)
            try:
                outcomes: list[Outcome] = future.result()
            except Exception as exc:  # KilledWorker, a lost connection …
                if len(chunk) > 1:  # find the document that did it: one task each
                    retry.extend([job] for job in chunk)
                else:
                    yield failed_outcome(chunk[0], task_failed_reason(exc))
                continue
            finally:
                future.release()
            yield from outcomes


def job_chunks(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def task_failed_reason(exc: BaseException) -> str:
    return f"Dask 任务失败：{type(exc).__name__}: {str(exc)[:300]}"
