"""Speed of juesuan, in one run: PDFs against the text floor and pdfplumber, start-up against a
base commit, XLSX against openpyxl, and documents per second per core.

    python bench/speed.py                      # everything (about 15 minutes on 2 busy cores)
    python bench/speed.py --runs 5 --plumber-runs 3 --only putuo_caizhengju
    python bench/speed.py --skip pdf           # sections: pdf, startup, xlsx, rate
    python bench/speed.py --pdf-base 2f8c755 --skip startup --skip xlsx --skip rate

Every timed run is a fresh Python process; the contenders of a comparison alternate, round by
round (their order rotating), and the median of the rounds is reported, wall time (the process
from start to exit, interpreter start-up included) and CPU time (user + system of the process,
which varies less on a shared machine). Python's bytecode caches are on in every process (the
first round of each command writes them, and is not counted) as an installed package has them.

* PDF, per corpus file (../shared/corpus/final/*.pdf and budget/**/*.pdf):
  ``juesuan facts FILE`` | the text floor (pypdfium2: open, and ``get_text_range`` of every
  page) | pdfplumber (``extract_tables`` of every page). Targets: juesuan ≤ 2.5 × floor and
  ≤ 0.2 × pdfplumber. The column "floor ×pdfplumber" shows where the second target asks for
  less than the floor itself takes (above 0.2). Where a golden facts file exists, the last juesuan run's facts are compared
  with it cell by cell. ``--pdf-base COMMIT`` also runs that commit's ``juesuan facts`` (its
  src/ unpacked with ``git archive``) in the same rounds: before and after, against one floor.
* Start-up: ``juesuan --help``, ``juesuan check --help``, ``juesuan check SEED`` until it hands
  the seed to ``pipeline.load`` (the start of the check), and the whole ``juesuan check SEED``, of
  this tree against the base commit (``--base``, unpacked with ``git archive``).
* XLSX, per workbook (the corpus templates and the seed / 生态环境局 copies the format tests
  write with openpyxl): juesuan's parse of the package (``xlsx_parts``: what ``load_workbook``
  does, into juesuan's cells) and its whole read into a grid, against
  ``openpyxl.load_workbook``, each timed inside its fresh process after the imports.
* Documents per second per core: every document of a kind read and checked
  (``pipeline.load``) in one process, after one warm-up pass: documents ÷ CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"
PAGETEXT = CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
GOLDENS = {
    "putuo_caizhengju_2024_final.pdf": REPO / "tests" / "golden" / "caizhengju_2024_facts.csv",
    "putuo_caizhengju_2024_final_seeded_errors.pdf": REPO
    / "tests"
    / "golden"
    / "caizhengju_2024_seeded_facts.csv",
}
BASE = "37bd356"  # the tree before issue 14

FLOOR = """
import sys
import pypdfium2 as pdfium
document = pdfium.PdfDocument(sys.argv[1])
for index in range(len(document)):
    page = document[index]
    textpage = page.get_textpage()
    textpage.get_text_range()
    textpage.close()
    page.close()
"""

PDFPLUMBER = """
import sys
import pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
"""

XLSX_JUESUAN = """
import io, json, sys, time, zipfile
from juesuan.read import xlsx_parts
from juesuan.read.xlsx import xlsx_to_grid
data = open(sys.argv[1], "rb").read()
wall, cpu = time.perf_counter(), time.process_time()
archive = zipfile.ZipFile(io.BytesIO(data))
book = xlsx_parts.read_book(archive)
sheets = [xlsx_parts.read_sheet(archive, ref.part, book) for ref in book.sheets]
parse = (time.perf_counter() - wall, time.process_time() - cpu)
wall, cpu = time.perf_counter(), time.process_time()
xlsx_to_grid(sys.argv[1], data)
grid = (time.perf_counter() - wall, time.process_time() - cpu)
print(json.dumps({"parse": parse, "grid": grid}))
"""

XLSX_OPENPYXL = """
import io, json, sys, time
import openpyxl
data = open(sys.argv[1], "rb").read()
wall, cpu = time.perf_counter(), time.process_time()
openpyxl.load_workbook(io.BytesIO(data))
print(json.dumps({"load": (time.perf_counter() - wall, time.process_time() - cpu)}))
"""

RATE = """
import json, sys, time
from juesuan.pipeline import load
paths = sys.argv[1:]
for path in paths:
    load(path)  # warm-up: imports, caches
cpu, wall = time.process_time(), time.perf_counter()
rounds = 0
while rounds < 3 or time.perf_counter() - wall < 2.0:
    for path in paths:
        load(path)
    rounds += 1
print(json.dumps({"docs": rounds * len(paths), "cpu": time.process_time() - cpu,
                  "wall": time.perf_counter() - wall}))
"""


# --- running fresh processes --------------------------------------------------------------------


def child_env(src: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode cached
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def alternate(
    contenders: dict[str, tuple[list[str], dict[str, str]]], runs: dict[str, int]
) -> dict[str, list[tuple[float, float, str]]]:
    """Every contender run ``runs[name]`` times, round by round in rotating order, after one
    uncounted warm-up run each."""
    for command, env in contenders.values():
        timed(command, env)
    results: dict[str, list[tuple[float, float, str]]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_number in range(max(runs.values())):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            if len(results[name]) < runs[name]:
                results[name].append(timed(*contenders[name]))
    return results


def medians(results: list[tuple[float, float, str]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def spread(results: list[tuple[float, float, str]]) -> str:
    walls = sorted(r[0] for r in results)
    return f"{walls[0]:.2f}–{walls[-1]:.2f}"


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# --- PDF -----------------------------------------------------------------------------------------


def corpus_pdfs(only: str | None) -> list[Path]:
    pdfs = sorted((CORPUS / "final").glob("*.pdf")) + sorted((CORPUS / "budget").rglob("*.pdf"))
    return [p for p in pdfs if only is None or only in p.name]


def golden_check(name: str, stdout: str) -> str:
    golden = GOLDENS.get(name)
    if golden is None:
        return ""
    import csv
    import io

    sys.path.insert(0, str(Path(__file__).parent))
    from pdf_bench import compare_with_golden

    facts = list(csv.DictReader(io.StringIO(stdout)))
    exact, total, _ = compare_with_golden(facts, golden)
    return f"golden {exact}/{total}" + (" exact" if exact == total else " NOT EXACT")


def bench_pdfs(args: argparse.Namespace) -> None:
    if args.pdf_base is None:
        pdf_rounds(args, None)
        return
    with tempfile.TemporaryDirectory() as tmp:
        pdf_rounds(args, base_tree(args.pdf_base, Path(tmp)))


def pdf_rounds(args: argparse.Namespace, base: Path | None) -> None:
    """Every corpus PDF: juesuan facts, the text floor and pdfplumber in the same rounds, and
    the facts of the ``--pdf-base`` commit's tree (``base``) too when given."""
    python = sys.executable
    env = child_env(REPO / "src")
    print(f"\n## PDF: juesuan facts vs text floor vs pdfplumber (load {load_average()})\n")
    base_head = f"| {args.pdf_base} s | {args.pdf_base} ×floor wall | ×floor CPU " if base else ""
    print(
        "| PDF | pages | juesuan s | floor s | pdfplumber s | ×floor wall | ×floor CPU "
        f"| ×pdfplumber wall | floor ×pdfplumber {base_head}| juesuan runs (wall) | golden |"
    )
    print(
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        + ("---:|---:|---:|" if base else "")
        + "---|---|"
    )
    worst_floor, worst_plumber = 0.0, 0.0
    floor_over = []  # where the text floor itself takes more than 0.2× pdfplumber
    for pdf in corpus_pdfs(args.only):
        contenders = {
            "juesuan": ([python, "-m", "juesuan", "facts", str(pdf)], env),
            "floor": ([python, "-c", FLOOR, str(pdf)], env),
            "pdfplumber": ([python, "-c", PDFPLUMBER, str(pdf)], env),
        }
        runs = {"juesuan": args.runs, "floor": args.runs, "pdfplumber": args.plumber_runs}
        if base is not None:
            contenders["base"] = ([python, "-m", "juesuan", "facts", str(pdf)], child_env(base))
            runs["base"] = args.runs
        results = alternate(contenders, runs)
        (jw, jc), (fw, fc), (pw, _) = (
            medians(results[n]) for n in ("juesuan", "floor", "pdfplumber")
        )
        worst_floor, worst_plumber = max(worst_floor, jw / fw), max(worst_plumber, jw / pw)
        if fw / pw > 0.2:
            floor_over.append(pdf.name)
        base_cells = ""
        if base is not None:
            bw, bc = medians(results["base"])
            base_cells = f"| {bw:.3f} | {bw / fw:.2f} | {bc / fc:.2f} "
        print(
            f"| {pdf.name[:44]} | {page_count(pdf)} | {jw:.3f} | {fw:.3f} | {pw:.2f} "
            f"| {jw / fw:.2f} | {jc / fc:.2f} | {jw / pw:.3f} | {fw / pw:.3f} {base_cells}"
            f"| {spread(results['juesuan'])} | {golden_check(pdf.name, results['juesuan'][-1][2])} |",
            flush=True,
        )
    print(f"\nworst: ×floor {worst_floor:.2f} (target ≤ 2.5), ×pdfplumber {worst_plumber:.3f}")
    print("(target ≤ 0.2); medians of wall time, all contenders in the same rounds")
    print(
        f"the text floor process alone takes more than 0.2× pdfplumber on {len(floor_over)} of "
        "these files" + (f": {', '.join(floor_over)}" if floor_over else "")
    )


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


# --- start-up ------------------------------------------------------------------------------------


def base_tree(commit: str, folder: Path) -> Path:
    """The base commit's src/, unpacked (no worktree, nothing registered in the repository),
    with its compiled loops built in place where it has any (setup.py), as its install does."""
    has_setup = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{commit}:setup.py"], capture_output=True
    )
    paths = ["src", "setup.py", "pyproject.toml"] if has_setup.returncode == 0 else ["src"]
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, *paths], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    if has_setup.returncode == 0:
        subprocess.run(
            [sys.executable, "setup.py", "build_ext", "--inplace"],
            cwd=folder,
            capture_output=True,
            check=True,
        )
    return folder / "src"


#: The start of a check: the process runs the CLI as a user does and ends the moment the check
#: command hands its first file to the orchestrator (``pipeline.load``, in the base and now):
#: interpreter, imports, option parsing and finding the file, nothing of the reading itself.
UNTIL_READ = """
import os, sys
import juesuan.pipeline

def started(*args, **kwargs):
    sys.stdout.flush()
    os._exit(0)

juesuan.pipeline.load = started
from juesuan.cli import main
main()
"""


#: A document with one table title and nothing to read: its check loads every module a check
#: of a real document loads (reader, recogniser, every rule, the renderers) and runs every rule
#: on nothing, so it times what a check costs before and besides its document, wherever the
#: command loads its modules (before or after the read).
TITLE_ONLY = "本溪市南芬区工业和信息化局2023年部门决算\n一、收入支出决算总表\n"


def bench_startup(args: argparse.Namespace) -> None:
    python = sys.executable
    main = "from juesuan.cli import main; main()"
    with tempfile.TemporaryDirectory() as tmp:
        title_only = Path(tmp) / "title_only.txt"
        title_only.write_text(TITLE_ONLY, encoding="utf-8")
        commands = {
            "juesuan --help": (main, ["--help"]),
            "juesuan check --help": (main, ["check", "--help"]),
            "juesuan check SEED, until it starts reading": (UNTIL_READ, ["check", str(SEED)]),
            "juesuan check of a table title alone": (main, ["check", str(title_only)]),
            "juesuan check SEED": (main, ["check", str(SEED)]),
        }
        base = base_tree(args.base, Path(tmp))
        print(f"\n## Start-up: this tree vs {args.base} (load {load_average()})\n")
        print(
            "| command | base s | now s | now/base wall | base CPU s | now CPU s | now/base CPU |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, (code, extra) in commands.items():
            contenders = {
                "base": ([python, "-c", code, *extra], child_env(base)),
                "now": ([python, "-c", code, *extra], child_env(REPO / "src")),
            }
            results = alternate(contenders, {"base": args.runs * 2, "now": args.runs * 2})
            (bw, bc), (nw, nc) = medians(results["base"]), medians(results["now"])
            print(
                f"| `{label}` | {bw:.3f} | {nw:.3f} | {nw / bw:.2f} | {bc:.3f} | {nc:.3f} "
                f"| {nc / bc:.2f} |",
                flush=True,
            )


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx_samples(folder: Path) -> list[Path]:
    """The corpus workbooks, and the seed / 生态环境局 copies the format tests write."""
    samples = sorted((CORPUS / "budget").glob("*.xlsx"))
    sys.path.insert(0, str(REPO / "tests" / "read"))
    import roundtrip_layouts as layouts

    for name, golden, style in (
        ("seed", "seed_facts.csv", layouts.Style("辽宁省本溪市南芬区工业和信息化局（本级）", 2023, True)),
        ("shengtai", "shengtai_2025_facts.csv", layouts.Style("上海市普陀区生态环境局", 2025, False)),
    ):  # fmt: skip
        blocks = layouts.document_blocks(
            layouts.read_golden(REPO / "tests" / "golden" / golden), style
        )
        path = folder / f"{name}_copy.xlsx"
        path.write_bytes(layouts.write_xlsx(blocks))
        samples.append(path)
    return samples


def bench_xlsx(args: argparse.Namespace) -> None:
    python = sys.executable
    env = child_env(REPO / "src")
    print(f"\n## XLSX: juesuan vs openpyxl.load_workbook (load {load_average()})\n")
    print(
        "| workbook | load_workbook s | juesuan parse s | ×faster | juesuan grid s | ×faster "
        "| ×faster CPU (parse) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for path in xlsx_samples(Path(tmp)):
            contenders = {
                "juesuan": ([python, "-c", XLSX_JUESUAN, str(path)], env),
                "openpyxl": ([python, "-c", XLSX_OPENPYXL, str(path)], env),
            }
            results = alternate(contenders, {"juesuan": args.runs, "openpyxl": args.runs})
            ours = [json.loads(r[2]) for r in results["juesuan"]]
            theirs = [json.loads(r[2])["load"] for r in results["openpyxl"]]

            def median(values: list[list[float]], index: int) -> float:
                return statistics.median(v[index] for v in values)

            load_wall, load_cpu = median(theirs, 0), median(theirs, 1)
            parse_wall = median([o["parse"] for o in ours], 0)
            parse_cpu = median([o["parse"] for o in ours], 1)
            grid_wall = median([o["grid"] for o in ours], 0)
            print(
                f"| {path.name} | {load_wall:.4f} | {parse_wall:.4f} | {load_wall / parse_wall:.1f} "
                f"| {grid_wall:.4f} | {load_wall / grid_wall:.1f} | {load_cpu / parse_cpu:.1f} |",
                flush=True,
            )


# --- documents per second per core ---------------------------------------------------------------


def bench_rate(args: argparse.Namespace) -> None:
    python = sys.executable
    env = child_env(REPO / "src")
    print(f"\n## Documents per second per core: read and check (load {load_average()})\n")
    print("| kind | documents | docs/s per core (CPU) | docs/s (wall, one process) |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        kinds: dict[str, list[Path]] = {
            "text (seed cell-per-line, 生态环境局 page text)": [SEED, PAGETEXT],
            "XLSX (templates and copies)": xlsx_samples(Path(tmp)),
            "PDF (corpus final + budget)": corpus_pdfs(None),
        }
        for kind, paths in kinds.items():
            _, _, out = timed([python, "-c", RATE, *map(str, paths)], env)
            done = json.loads(out)
            print(
                f"| {kind} | {len(paths)} | {done['docs'] / done['cpu']:.1f} "
                f"| {done['docs'] / done['wall']:.1f} |",
                flush=True,
            )


SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "pdf": bench_pdfs,
    "startup": bench_startup,
    "xlsx": bench_xlsx,
    "rate": bench_rate,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds per comparison (median)")
    parser.add_argument("--plumber-runs", type=int, default=3, help="rounds of pdfplumber")
    parser.add_argument("--only", help="only the PDFs whose name contains this")
    parser.add_argument("--base", default=BASE, help="the commit to compare start-up with")
    parser.add_argument(
        "--pdf-base",
        help="a commit whose `juesuan facts` also runs in the PDF rounds (before/after)",
    )
    parser.add_argument("--skip", action="append", default=[], choices=sorted(SECTIONS))
    args = parser.parse_args()
    print(f"# juesuan speed, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load_average()}")
    for name, section in SECTIONS.items():
        if name not in args.skip:
            section(args)


if __name__ == "__main__":
    main()
