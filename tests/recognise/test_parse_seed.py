"""`juesuan parse` on the seed: metadata, nine tables, T08/T09 present and empty of amounts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from juesuan.model.tables import STANDARD_TABLE_IDS
from juesuan.pipeline import read

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_1e6faaba2ab46285.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "juesuan", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def test_parse_reports_unit_year_money_unit_and_nine_tables() -> None:
    result = run_cli("parse", str(SEED))
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    assert model["metadata"]["unit_name"] == "辽宁省本溪市南芬区工业和信息化局（本级）"
    assert model["metadata"]["year"] == 2023
    assert model["metadata"]["money_unit"] == "万元"
    assert model["tables_found"] == list(STANDARD_TABLE_IDS)
    tables = {t["id"]: t for t in model["tables"]}
    for table_id in ("T08", "T09"):
        cells = [
            c for row in tables[table_id]["rows"] for c in row["cells"] if c["value"] is not None
        ]
        assert cells == [], f"{table_id} should hold no amounts"
        assert tables[table_id]["declared_empty"] is False  # 如本表为空… declares nothing


def test_every_value_in_parse_output_has_its_source() -> None:
    model = json.loads(run_cli("parse", str(SEED)).stdout)
    for table in model["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                assert cell["source"]["path"] == str(SEED)
                assert cell["source"]["line"] > 0
                assert cell["raw"].strip() or cell["value"] is None


def test_conditional_note_is_not_an_empty_statement() -> None:
    disclosure = read(SEED)
    assert not any(t.declared_empty for t in disclosure.tables)
    assert all(any("如本表为空" in n for n in t.notes) for t in disclosure.standard_tables)


def test_each_table_states_unit_name_year_and_money_unit() -> None:
    for table in read(SEED).standard_tables:
        assert table.unit_name == "辽宁省本溪市南芬区工业和信息化局（本级）"
        assert table.year == 2023
        assert table.unit is not None and table.unit.value == "万元"
        assert table.label == f"公开{table.id[1:]}表"
