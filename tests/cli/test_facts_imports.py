"""``juesuan facts`` reads the tables only: the narrative's statements are not parsed, and the
form reader is not loaded for a document without a performance form; no command loads the bug
report (tempfile, traceback) unless a bug happens, nor the report renderers to warn of an
incomplete document (the seed is one). ``parse`` still gives statements and forms.
``check`` loads the rules, the report model and the renderers after reading the file, not
before it (nor for ``check --help``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
WANLI = CORPUS / "budget" / "putuo_wanli_jiedao_2023_budget_with_performance.pdf"

#: Run a command in a fresh interpreter; print which of the heavy modules it imported.
PROBE = """
import sys
from juesuan.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    heavy = (
        "juesuan.recognise.statements",
        "juesuan.model.narrative",
        "juesuan.perf.forms",
        "juesuan.model.performance",
        "juesuan.bugreport",
        "juesuan.report.render",
        "juesuan.model.report",
        "json",
    )
    sys.stderr.write("IMPORTED " + " ".join(m for m in heavy if m in sys.modules) + "\\n")
"""


def imported(*args: str) -> tuple[set[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, cwd=REPO
    )
    marker = next(line for line in result.stderr.splitlines() if line.startswith("IMPORTED"))
    return set(marker.split()[1:]), result.stdout


def test_facts_of_a_pdf_without_forms_loads_neither_statements_nor_forms() -> None:
    modules, out = imported("facts", str(CAIZHENGJU))
    assert modules == set()
    assert out.startswith("table,")


def test_facts_of_a_document_with_forms_reads_its_forms_but_no_statements() -> None:
    modules, _ = imported("facts", str(SEED))
    assert modules == {"juesuan.perf.forms", "juesuan.model.performance"}


def test_parse_still_gives_statements_and_forms() -> None:
    modules, out = imported("parse", str(WANLI))
    assert {"juesuan.recognise.statements", "juesuan.model.narrative"} <= modules
    model = json.loads(out)
    from juesuan.pipeline import read

    # the same statements as an in-process read that asks for them; the five 绩效目标表 printed
    assert len(model["narrative_statements"]) == len(read(WANLI).statements) > 0
    assert len(model["performance_forms"]) == 5


#: Run ``juesuan check`` in a fresh interpreter until it hands its first file to the pipeline
#: (as bench/speed.py times the start of a check); print the modules loaded by then.
UNTIL_READ = """
import os
import sys
import juesuan.pipeline

def started(*args, **kwargs):
    sys.stderr.write("LOADED " + " ".join(sorted(sys.modules)) + "\\n")
    os._exit(0)

juesuan.pipeline.load = started
from juesuan.cli import main
main(sys.argv[1:])
"""

#: Loaded by the check after the read: the rules, the report and its renderings, the config.
AFTER_READ = (
    "juesuan.rules.engine",
    "juesuan.rules.registry",
    "juesuan.rules.within",
    "juesuan.rules.narrative",
    "juesuan.model.report",
    "juesuan.report.render",
    "juesuan.recognise.statements",
    "juesuan.model.performance",
    "juesuan.perf.fit",
    "tomllib",
)


def loaded_before_read(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", UNTIL_READ, *args], capture_output=True, text=True, cwd=REPO
    )
    marker = next(line for line in result.stderr.splitlines() if line.startswith("LOADED"))
    return set(marker.split()[1:])


def test_check_loads_rules_and_report_after_reading_the_file() -> None:
    modules = loaded_before_read("check", str(SEED))
    assert "juesuan.rules.selection" in modules  # the selection is read before the file
    assert modules.isdisjoint(AFTER_READ)


def test_check_of_a_misspelt_rule_still_loads_the_rules_to_say_so() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "juesuan", "check", "--select", "t99.nothing", str(SEED)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert "没有这样的规则：t99.nothing" in result.stderr


def test_check_help_loads_neither_the_reader_nor_the_rules() -> None:
    modules, out = imported("check", "--help")
    assert "--select" in out
    assert modules == set()
    everything = subprocess.run(
        [sys.executable, "-c", ALL_LOADED, "check", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stderr.split()
    assert {"juesuan.pipeline", "juesuan.recognise", "juesuan.rules.selection"}.isdisjoint(
        everything
    )
    assert set(everything).isdisjoint(AFTER_READ)


#: Run a command; print every module loaded.
ALL_LOADED = """
import sys
from juesuan.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    sys.stderr.write(" ".join(sorted(sys.modules)) + "\\n")
"""
