"""`juesuan grid`: the debug view shows every line the reader saw and the blocks the recogniser cut."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_grid_lists_lines_with_their_sources() -> None:
    result = run_cli("grid", str(SEED))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"# {SEED}: format celltext")
    assert any(line.split() == ["line", "1", "text", "收入支出决算总表"] for line in lines)
    assert any("line 27 row" in line and "1,081.09" in line for line in lines)


def test_grid_blocks_names_the_nine_tables_in_order() -> None:
    result = run_cli("grid", str(SEED), "--blocks")
    ids = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("==")]
    assert ids == [f"T0{n}" for n in range(1, 10)]


def test_grid_on_unreadable_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    result = run_cli("grid", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
