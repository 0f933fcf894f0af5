"""What the indicator-fit measure adds to a check of one file: `juesuan check` of the seed, each
run a fresh process, with jieba's tables cold (an empty cache directory, and an empty temporary
directory for jieba's own cache) and warm (the cache file of perf/jieba_tables.py written).

    python bench/perf_fit/startup.py                       # 5 runs each, this checkout
    python bench/perf_fit/startup.py --src /tmp/base/src   # the same for another version

Prints the median wall and CPU seconds (user + system of the process) with every run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1].parent / "shared" / "corpus" / "seed" / "000_1e6faaba2ab46285.txt"


def run_check(src: Path, cache: Path, temporary: Path) -> tuple[float, float]:
    """One `juesuan check` of the seed: (wall, CPU) seconds."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PYTHONPATH": str(src), "XDG_CACHE_HOME": str(cache), "TMPDIR": str(temporary)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "juesuan", "check", str(SEED)]
    subprocess.run(command, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def measure(src: Path, runs: int, warm: bool) -> list[tuple[float, float]]:
    with tempfile.TemporaryDirectory() as kept:
        results = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as fresh:
                folder = Path(kept if warm else fresh)
                (folder / "tmp").mkdir(exist_ok=True)
                if warm and not results:
                    run_check(src, folder, folder / "tmp")  # writes the caches
                results.append(run_check(src, folder, folder / "tmp"))
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=HERE.parents[1] / "src")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for warm in (False, True):
        results = measure(args.src, args.runs, warm)
        walls, cpus = zip(*results, strict=True)
        print(
            f"{'warm' if warm else 'cold'}: wall {statistics.median(walls):.2f} s, "
            f"CPU {statistics.median(cpus):.2f} s "
            f"(runs: {' '.join(f'{w:.2f}/{c:.2f}' for w, c in results)})"
        )


if __name__ == "__main__":
    main()
