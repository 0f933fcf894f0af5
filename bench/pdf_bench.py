"""PDF reading benchmark: juesuan against pdfplumber's own ``extract_tables``, same pages, same run.

Every repetition is a fresh Python process (no result cache of any kind can serve it), the two
contenders alternate, and the median of the repetitions is reported. A process measures itself
from its first line, so the figure includes importing the libraries; the wall time of the whole
process (interpreter start-up included) is reported beside it.

juesuan reads the PDF into the nine tables (``juesuan.pipeline.read(...).facts()``); the run then
checks those facts cell by cell against the golden file typed from the pages. pdfplumber only
extracts raw cell strings (``page.extract_tables()`` on every page) and recognises nothing.

Then the time per document for each format juesuan reads, on one sample each.

Run: python bench/pdf_bench.py [--runs 7] [--format-runs 5] [--pdf PATH --golden CSV]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
GOLDEN = REPO / "tests" / "golden" / "caizhengju_2024_facts.csv"

# --- worker side: runs in a fresh process, prints one JSON line --------------------------------

JUESUAN_WORKER = """
import time, json, sys
start = time.perf_counter()
from juesuan.pipeline import read
path = sys.argv[1]
facts = [f.as_dict() for f in read(path).facts()]
elapsed = time.perf_counter() - start
print(json.dumps({"elapsed": elapsed, "facts": facts}, ensure_ascii=False))
"""

GRID_WORKER = """
import time, json, sys
start = time.perf_counter()
from juesuan.read import file_to_grid
grid = file_to_grid(sys.argv[1])
elapsed = time.perf_counter() - start
print(json.dumps({"elapsed": elapsed, "lines": len(grid.lines), "pages": grid.pages}))
"""

PDFPLUMBER_WORKER = """
import time, json, sys
start = time.perf_counter()
import pdfplumber
cells = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    pages = len(pdf.pages)
    for page in pdf.pages:
        for table in page.extract_tables():
            cells += sum(len(row) for row in table)
elapsed = time.perf_counter() - start
print(json.dumps({"elapsed": elapsed, "cells": cells, "pages": pages}))
"""


def run_worker(code: str, path: Path) -> tuple[dict, float]:
    """One cold process; returns its JSON result and the process's wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        )
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


# --- exactness --------------------------------------------------------------------------------


def compare_with_golden(facts: list[dict[str, str]], golden: Path) -> tuple[int, int, list[str]]:
    """(exact cells, golden cells, problems): value, page and key must all agree."""
    with golden.open(encoding="utf-8", newline="") as handle:
        expected = {
            (r["table"], r["section"], r["row_key"], r["column"]): (
                r["value"],
                f"page {r['where']}",
            )
            for r in csv.DictReader(handle)
        }
    actual = {
        (f["table"], f["section"], f["row_key"], f["column"]): (f["value"], f["source"])
        for f in facts
    }
    problems = [f"missing {k}" for k in expected if k not in actual]
    problems += [f"extra {k}" for k in actual if k not in expected]
    problems += [
        f"differs {k}: {actual[k]} != {v}"
        for k, v in expected.items()
        if k in actual and actual[k] != v
    ]
    exact = sum(1 for k, v in expected.items() if actual.get(k) == v)
    return exact, len(expected), problems


# --- the PDF comparison -----------------------------------------------------------------------


def bench_pdf(pdf: Path, golden: Path | None, runs: int) -> None:
    pages = page_count(pdf)
    print(f"PDF: {pdf.name}, {pages} pages, {runs} cold runs each, alternating\n")
    ours: list[float] = []
    ours_wall: list[float] = []
    theirs: list[float] = []
    theirs_wall: list[float] = []
    last: dict = {}
    cells = 0
    for _ in range(runs):
        result, wall = run_worker(JUESUAN_WORKER, pdf)
        ours.append(result["elapsed"])
        ours_wall.append(wall)
        last = result
        result, wall = run_worker(PDFPLUMBER_WORKER, pdf)
        theirs.append(result["elapsed"])
        theirs_wall.append(wall)
        cells = result["cells"]
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    w_ours, w_theirs = statistics.median(ours_wall), statistics.median(theirs_wall)
    print(f"{'':44}{'median s':>10}{'pages/s':>10}{'wall s':>10}{'pages/s':>10}")
    print(
        f"{'juesuan: PDF → nine tables (pipeline.read)':44}"
        f"{m_ours:10.3f}{pages / m_ours:10.1f}{w_ours:10.3f}{pages / w_ours:10.1f}"
    )
    print(
        f"{'pdfplumber extract_tables (cells only)':44}"
        f"{m_theirs:10.3f}{pages / m_theirs:10.1f}{w_theirs:10.3f}{pages / w_theirs:10.1f}"
    )
    paired = statistics.median(t / o for o, t in zip(ours, theirs, strict=True))
    print(
        f"\nspeed-up: {m_theirs / m_ours:.2f}x in-process (imports included; "
        f"{paired:.2f}x as the median of back-to-back pairs), "
        f"{w_theirs / w_ours:.2f}x wall (interpreter start-up included)"
    )
    print(
        f"runs (s): juesuan {[round(t, 3) for t in ours]}, pdfplumber {[round(t, 3) for t in theirs]}"
    )
    print(f"pdfplumber returned {cells} raw cell strings; juesuan {len(last['facts'])} facts")
    if golden is not None:
        exact, total, problems = compare_with_golden(last["facts"], golden)
        verdict = "every cell exact" if not problems else f"{len(problems)} problems"
        print(f"exactness against {golden.name}: {exact}/{total} cells exact — {verdict}")
        for problem in problems[:20]:
            print(f"  {problem}")


# --- time per document for each format --------------------------------------------------------


def format_samples(workdir: Path) -> list[tuple[str, Path]]:
    samples = [
        ("pdf", CAIZHENGJU),
        ("pdf (budget)", CORPUS / "budget" / "putuo_wanli_jiedao_2023_budget_with_performance.pdf"),
        ("celltext", CORPUS / "seed" / "000_1e6faaba2ab46285.txt"),
        ("pagetext", CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"),
        ("xlsx", CORPUS / "budget" / "shanghai_dept_budget_template_2026.xlsx"),
        ("xls", CORPUS / "budget" / "shanghai_unit_budget_template_2026.xls"),
    ]
    samples += written_samples(workdir)
    return [(name, path) for name, path in samples if path.exists()]


def written_samples(workdir: Path) -> list[tuple[str, Path]]:
    """DOCX and HTML copies of the caizhengju document (the corpus has none), written with
    python-docx and plain HTML from the PDF's grid (merged cells kept), before any timing."""
    from juesuan.read import file_to_grid
    from juesuan.read.grid import LineKind

    grid = file_to_grid(CAIZHENGJU)
    Row = list[tuple[str, int]]
    blocks: list[tuple[str, list[Row]]] = []
    for line in grid.lines:
        if line.kind == LineKind.TEXT:
            blocks.append(("text", [[(line.text, 1)]]))
        elif line.kind == LineKind.ROW:
            if not blocks or blocks[-1][0] != "table":
                blocks.append(("table", []))
            blocks[-1][1].append([(cell.text, cell.span) for cell in line.cells])
    out: list[tuple[str, Path]] = []
    try:
        import docx

        document = docx.Document()
        for kind, rows in blocks:
            if kind == "text":
                document.add_paragraph(rows[0][0][0])
                continue
            width = max(sum(span for _, span in row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                c = 0
                for text, span in row:
                    cell = table.cell(r, c)
                    if span > 1:
                        cell = cell.merge(table.cell(r, c + span - 1))
                    cell.text = text
                    c += span
        path = workdir / "caizhengju.docx"
        document.save(str(path))
        out.append(("docx", path))
    except ImportError:
        pass
    html = ["<html><head><meta charset='utf-8'></head><body>"]
    for kind, rows in blocks:
        if kind == "text":
            html.append(f"<p>{rows[0][0][0]}</p>")
            continue
        html.append("<table border='1'>")
        for row in rows:
            tds = (
                f"<td colspan='{span}'>{t}</td>" if span > 1 else f"<td>{t}</td>" for t, span in row
            )
            html.append("<tr>" + "".join(tds) + "</tr>")
        html.append("</table>")
    html.append("</body></html>")
    path = workdir / "caizhengju.html"
    path.write_text("\n".join(html), encoding="utf-8")
    out.append(("html", path))
    return out


def bench_formats(runs: int) -> None:
    print(f"\nTime per document by format (pipeline.read → facts, {runs} cold runs, median)\n")
    print(f"{'format':14}{'document':52}{'median s':>10}{'wall s':>10}{'facts':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in format_samples(Path(tmp)):
            try:
                results = [run_worker(JUESUAN_WORKER, path) for _ in range(runs)]
            except RuntimeError as exc:
                print(f"{name:14}{path.name[:50]:52}  not read: {exc}")
                continue
            inner = statistics.median(r["elapsed"] for r, _ in results)
            wall = statistics.median(w for _, w in results)
            print(
                f"{name:14}{path.name[:50]:52}{inner:10.3f}{wall:10.3f}{len(results[-1][0]['facts']):7}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold runs per contender (≥5)")
    parser.add_argument("--format-runs", type=int, default=5)
    parser.add_argument("--pdf", type=Path, default=CAIZHENGJU)
    parser.add_argument("--golden", type=Path, default=None, help="golden facts CSV for --pdf")
    parser.add_argument("--skip-formats", action="store_true")
    args = parser.parse_args()
    golden = args.golden or (GOLDEN if args.pdf == CAIZHENGJU and GOLDEN.exists() else None)
    print(f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    bench_pdf(args.pdf, golden, max(args.runs, 5))
    if not args.skip_formats:
        bench_formats(max(args.format_runs, 5))


if __name__ == "__main__":
    main()
