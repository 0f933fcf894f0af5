"""The sample disclosure juesuan makes for a clone without the corpus: it reads back and is clean."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from juesuan.cli import main
from juesuan.pipeline import load
from juesuan.prepare.sample import UNIT_NAME, YEAR, sample_facts


def key(fact: dict[str, str]) -> tuple[str, str, str, str, Decimal]:
    return (fact["table"], fact["section"], fact["row_key"], fact["column"], Decimal(fact["value"]))


def test_sample_reads_back_to_its_facts_with_no_error_or_warning(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sample", "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    disclosure, report = load(tmp_path / "s.xlsx")
    assert (disclosure.meta.unit_name, disclosure.meta.year) == (UNIT_NAME, YEAR)
    assert not disclosure.partial
    written, _tables = sample_facts()
    read = [(f.table, f.section, f.row_key, f.column, f.value) for f in disclosure.facts()]
    assert sorted(read) == sorted(key(f) for f in written)
    assert {t.id for t in disclosure.standard_tables} == {f"T0{i}" for i in range(1, 10)}
    serious = [f for f in report.findings if f.severity in ("error", "warning")]
    assert serious == []


def test_sample_identities_hold_by_hand() -> None:
    """A few totals recomputed here from the typed leaves, independently of the rules."""
    facts, _tables = sample_facts()
    value = {
        (f["table"], f["section"], f["row_key"], f["column"]): Decimal(f["value"]) for f in facts
    }
    assert value[("T01", "收入", "总计", "决算数")] == Decimal("463.00")  # 433 + 10 + 20
    assert value[("T01", "支出", "总计", "决算数")] == Decimal("463.00")  # 443 + 20
    assert value[("T05", "", "合计", "合计")] == Decimal("433.00")  # 300 + 70 + 36 + 27
    assert value[("T06", "", "人员经费合计", "决算数")] == Decimal("303.00")  # 293 + 10
    assert value[("T07", "", "合计", "决算数")] == Decimal("20.00")  # 0 + 5 + 15
