"""Batch ingest benchmark: documents per second and peak memory, by workers, Dask and database.

Generates the documents with ``bench/generate.py`` (once, into ``--data``), then ingests each
document set into a fresh database with ``juesuan.batch.ingest_paths`` for every mode asked:
1 worker process, 2 worker processes, a local Dask cluster (2 worker processes, one thread
each, started inside the measured time), into SQLite and PostgreSQL.

Each measurement runs in a fresh Python process. Peak memory is the largest sum of resident
memory over that process (the single writer) and all its descendants
(worker processes, Dask nanny/worker processes and their guarded readers), sampled every 0.1 s
with psutil. The schema is created before timing; the time covers finding the files, hashing,
reading and checking, storing, and (for Dask) starting and stopping the cluster.

Run: ``python bench/batch_bench.py --text 5000 --xlsx 5000 --pdf 500``
     ``python bench/batch_bench.py --text 200 --xlsx 200 --pdf 50 --modes 1,2,dask --db sqlite``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from juesuan.batch import IngestOptions, ingest_paths
from juesuan.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

import generate

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_DB = "juesuan_batch_bench"


@dataclass
class Measurement:
    documents: str
    database: str
    mode: str
    files: int
    stored: int
    skipped: int
    failed: int
    seconds: float
    docs_per_second: float
    peak_mb: float
    load_before: float  # 1-minute load average of the machine (shared: other work runs too)
    load_after: float


class PeakMemory:
    """Largest RSS sum over this process and its descendants while the block runs."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(me))
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return self.peak / (1024 * 1024)


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def fresh_database(kind: str, work: Path, label: str) -> str:
    """An empty database with the schema in place."""
    if kind == "sqlite":
        path = work / f"{label}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB}")
            conn.execute(f"CREATE DATABASE {POSTGRES_DB}")
        url = f"postgresql://postgres@127.0.0.1:5432/{POSTGRES_DB}"
    open_store(url).close()
    return url


def measure(folder: Path, documents: str, database: str, mode: str, work: Path) -> Measurement:
    url = fresh_database(database, work, f"{documents}_{mode}")
    workers = 1 if mode == "1" else 2
    dask = "local" if mode == "dask" else None
    load_before = os.getloadavg()[0]
    with PeakMemory() as memory:
        started = time.monotonic()
        summary = ingest_paths(
            [folder], IngestOptions(url, workers=workers, dask=dask, progress=False)
        )
        seconds = time.monotonic() - started
    stored = summary.stored + summary.new_versions
    return Measurement(
        documents=documents,
        database=database,
        mode={"1": "1 worker", "2": "2 workers", "dask": "Dask LocalCluster, 2 workers"}[mode],
        files=summary.files,
        stored=stored,
        skipped=summary.skipped,
        failed=len(summary.failed),
        seconds=round(seconds, 2),
        docs_per_second=round(summary.files / seconds, 2),
        peak_mb=round(memory.peak_mb, 1),
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
    )


def measure_in_fresh_process(
    folder: Path, documents: str, database: str, mode: str, work: Path
) -> Measurement:
    """One measurement in a new Python process, so nothing of this one counts in its memory."""
    command = [
        sys.executable,
        __file__,
        "--measure",
        str(folder),
        documents,
        database,
        mode,
        str(work),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return Measurement(**json.loads(done.stdout.strip().splitlines()[-1]))


def ensure_documents(data: Path, args: argparse.Namespace) -> dict[str, Path]:
    """Generate the two document sets once; reuse them when the counts match."""
    sets = {"text+xlsx": data / "text_xlsx", "pdf": data / "pdf"}
    wanted = {"text+xlsx": {"text": args.text, "xlsx": args.xlsx}, "pdf": {"pdf": args.pdf}}
    for name, folder in sets.items():
        counts = {k: v for k, v in wanted[name].items() if v}
        if not counts:
            continue
        have = {fmt: len(list((folder / fmt).glob("*"))) for fmt in counts}
        if have != counts:
            started = time.monotonic()
            for fmt in counts:
                for old in (folder / fmt).glob("*"):
                    old.unlink()
            generate.generate(folder, counts, args.seed)
            print(f"generated {counts} in {time.monotonic() - started:.1f} s", flush=True)
    return {n: f for n, f in sets.items() if any(wanted[n].values())}


def print_table(results: list[Measurement]) -> None:
    print(
        "| documents | database | mode | files | stored | failed | seconds | docs/s | peak MB | load |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    for m in results:
        print(
            f"| {m.documents} | {m.database} | {m.mode} | {m.files} | {m.stored} | {m.failed} "
            f"| {m.seconds} | {m.docs_per_second} | {m.peak_mb} | {m.load_before}→{m.load_after} |"
        )
    by = {(m.documents, m.database, m.mode): m for m in results}
    for documents, database in sorted({(m.documents, m.database) for m in results}):
        one = by.get((documents, database, "1 worker"))
        two = by.get((documents, database, "2 workers"))
        dask = by.get((documents, database, "Dask LocalCluster, 2 workers"))
        parts = []
        if one and two:
            parts.append(f"speed-up 1→2 workers ×{two.docs_per_second / one.docs_per_second:.2f}")
        if two and dask:
            overhead = dask.seconds / two.seconds - 1
            parts.append(f"Dask overhead {overhead:+.0%} time vs 2 workers")
        if parts:
            print(f"- {documents}, {database}: " + "; ".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=5000)
    parser.add_argument("--xlsx", type=int, default=5000)
    parser.add_argument("--pdf", type=int, default=500)
    parser.add_argument("--modes", default="1,2,dask")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path("/tmp/juesuan_batch_bench"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--measure", nargs=5, metavar=("FOLDER", "DOCS", "DB", "MODE", "WORK"))
    args = parser.parse_args()
    if args.measure:
        folder, documents, database, mode, work = args.measure
        result = measure(Path(folder), documents, database, mode, Path(work))
        print(json.dumps(asdict(result), ensure_ascii=False))
        return 0
    args.data.mkdir(parents=True, exist_ok=True)
    sets = ensure_documents(args.data, args)
    results = []
    for database in args.db.split(","):
        for documents, folder in sets.items():
            for mode in args.modes.split(","):
                result = measure_in_fresh_process(folder, documents, database, mode, args.data)
                print(json.dumps(asdict(result), ensure_ascii=False), flush=True)
                results.append(result)
    print(f"\n{platform.node()}: {psutil.cpu_count()} CPUs, Python {platform.python_version()}")
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
