"""Statement parsing speed and its growth with the length of the prose.

Reads the narrative sections of the 生态环境局 2025 page text once, then times
``narrative_statements`` on them repeated 1×, 4×, 16× and 64× (one long section each time, the
worst case for a parser that looks back), plus a hostile text of digits, parentheses and clause
marks. Linear parsing keeps the time per thousand characters flat. Prints a table; exits 0.

    python bench/narrative_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from juesuan.model.narrative import NarrativeSection
from juesuan.model.source import Source
from juesuan.pipeline import read
from juesuan.recognise.statements import narrative_statements

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DOCUMENT = CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"


def timed(sections: tuple[NarrativeSection, ...], runs: int) -> tuple[float, int]:
    times = []
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(narrative_statements(sections))
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    prose = "".join(s.text for s in read(DOCUMENT).narrative)
    hostile = ("（" * 50 + "1" * 80 + "，、：" * 30 + "万" * 20 + "占" * 30) * 40
    print(f"{'text':<28}{'chars':>10}{'statements':>12}{'median s':>12}{'µs/char':>10}")
    for label, text in [
        *((f"生态环境局 narrative ×{n}", prose * n) for n in (1, 4, 16, 64)),
        ("hostile digits/parentheses", hostile),
    ]:
        section = NarrativeSection("一、说明", text, Source("bench.txt", line=1))
        seconds, found = timed((section,), args.runs)
        print(
            f"{label:<28}{len(text):>10}{found:>12}{seconds:>12.4f}{seconds / len(text) * 1e6:>10.2f}"
        )


if __name__ == "__main__":
    main()
