"""``juesuan facts`` reads the tables only: the narrative's statements are not parsed, and the
form reader is not loaded for a document without a performance form; no command loads the bug
report (tempfile, traceback) unless a bug happens. ``parse`` still gives statements and forms.
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
