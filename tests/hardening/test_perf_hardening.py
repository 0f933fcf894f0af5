"""Issue 15 defect 12: a rate printed ``0 .36`` in a performance form crashes no rule."""

from __future__ import annotations

import json
from pathlib import Path

from hardening_kit import juesuan, seed_lines


def test_12_rate_with_a_space_inside_does_not_crash_a_rule(tmp_path: Path) -> None:
    lines = seed_lines()
    index = next(i for i, line in enumerate(lines) if line == "\t1.95") + 1
    assert lines[index] == "\t0.36"
    lines[index] = "\t0 .36"
    path = tmp_path / "rate.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    run = juesuan("check", "--format", "json", str(path))
    assert run.exit_code in (0, 1), run.stderr
    report = json.loads(run.stdout)["documents"][0]
    assert not [f for f in report["findings"] if f["rule"] == "engine.rule_crashed"]
    assert "InvalidOperation" not in run.stdout
    assert all(c["status"] != "error" for c in report["checked"])
    mixed = [f for f in report["findings"] if f["rule"] == "perf.rate_form"]
    assert mixed and "0 .36即36.00%" in mixed[0]["message"]
