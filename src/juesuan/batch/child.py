"""The worker process: reads and checks one document per request under a memory limit.

Started as ``python -c '…child import main; main()' MEMORY_MB`` by :mod:`juesuan.batch.guard`. Requests
and replies are length-prefixed pickles on stdin/stdout; anything a library prints goes to
stderr so it cannot corrupt the protocol. The parent enforces the timeout by killing this
process; the address-space limit set here makes a runaway allocation fail inside the process.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import resource
import struct
import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from juesuan.batch.outcome import Job, Outcome, failed_outcome, memory_reason

if TYPE_CHECKING:
    from juesuan.model.disclosure import Disclosure
    from juesuan.report.model import Report
    from juesuan.store.rows import DocumentRows

HEADER = struct.Struct(">Q")
DEFAULT_LOADER = "juesuan.pipeline:load"
READY = b""  # the empty message: imports done, limits set


def read_message(stream: IO[bytes]) -> bytes | None:
    """One length-prefixed message; None at end of stream.

    Works on unbuffered streams too (a read may return less than asked), which the parent
    uses so that select() never misses a message already pulled into a buffer.
    """
    header = read_exactly(stream, HEADER.size)
    if header is None:
        return None
    (size,) = HEADER.unpack(header)
    return read_exactly(stream, size)


def read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    parts: list[bytes] = []
    left = size
    while left > 0:
        part = stream.read(left)
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def write_message(stream: IO[bytes], body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def warm_imports() -> None:
    """Import the pipeline and every reader now, so the memory baseline includes them."""
    from juesuan.read import READERS

    for target in (DEFAULT_LOADER, *READERS.values()):
        # A reader not built yet, or missing a library, fails its own documents later.
        with contextlib.suppress(Exception):
            importlib.import_module(target.split(":")[0])


#: The address-space cap is a backstop above the RSS limit the parent watches: native
#: allocators (pdfium) reserve address space well ahead of the memory they touch.
ADDRESS_SPACE_FACTOR = 2


def limit_address_space(memory_mb: int) -> None:
    """Allow this process its current address space plus twice memory_mb more."""
    import psutil

    baseline = psutil.Process().memory_info().vms
    limit = baseline + ADDRESS_SPACE_FACTOR * memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def resolve_loader(spec: str) -> Callable[..., Any]:
    module_name, func = spec.split(":")
    loader: Callable[..., Any] = getattr(importlib.import_module(module_name), func)
    return loader


def job_to_outcome(job: Job, loader_spec: str, memory_mb: int) -> Outcome:
    """Read and check one document; every failure becomes a reason, never an exception."""
    from juesuan.read.grid import UnreadableError

    started = time.monotonic()
    try:
        disclosure, report = resolve_loader(loader_spec)(job.path, job.data)
    except UnreadableError as exc:
        return failed_outcome(job, exc.reason, time.monotonic() - started)
    except MemoryError:
        return failed_outcome(job, memory_reason(memory_mb), time.monotonic() - started)
    except Exception as exc:  # a bug must not stop the batch: it is reported as a bug, logged
        from juesuan.bugreport import bug_report

        reason = bug_report(exc)
        return failed_outcome(job, reason, time.monotonic() - started)
    seconds = time.monotonic() - started
    rows = model_to_rows(disclosure, report)
    return Outcome(path=job.path, sha256=job.sha256, rows=rows, seconds=seconds)


def model_to_rows(disclosure: Disclosure, report: Report) -> DocumentRows:
    """The store's plain rows for the document."""
    from juesuan.store.rows import disclosure_to_rows

    return disclosure_to_rows(disclosure, report)


def serve(requests: IO[bytes], replies: IO[bytes], memory_mb: int) -> None:
    """Answer requests until stdin closes."""
    while (message := read_message(requests)) is not None:
        job, loader_spec = pickle.loads(message)
        outcome = job_to_outcome(job, loader_spec, memory_mb)
        try:
            body = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            body = pickle.dumps(failed_outcome(job, memory_reason(memory_mb)))
        del outcome
        write_message(replies, body)


def main() -> None:
    memory_mb = int(sys.argv[1])
    # The protocol gets its own copy of stdout; fd 1 then points at stderr for stray prints.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    warm_imports()
    if memory_mb > 0:
        limit_address_space(memory_mb)
    write_message(replies, READY)  # the parent starts a job's clock from here
    with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):
        serve(sys.stdin.buffer, replies, memory_mb)


if __name__ == "__main__":
    main()
