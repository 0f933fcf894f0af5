"""Bad input: a clear one-line message, a partial result marked partial, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_1e6faaba2ab46285.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "juesuan", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def line_of(title: str) -> int:
    """0-based index of a table's title line in the seed."""
    return next(i for i, line in enumerate(SEED_LINES) if line.strip() == title)


@pytest.mark.parametrize("command", ["facts", "parse"])
def test_empty_file(tmp_path: Path, command: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run_cli(command, str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr and "空" in result.stderr


@pytest.mark.parametrize("command", ["facts", "parse"])
def test_binary_garbage(tmp_path: Path, command: str) -> None:
    path = tmp_path / "garbage.pdf.txt"
    path.write_bytes(bytes(range(256)) * 40)
    result = run_cli(command, str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("facts", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "nope.txt" in result.stderr


def test_seed_cut_off_in_the_middle_of_a_table(tmp_path: Path) -> None:
    cut = line_of("财政拨款收入支出决算总表") + 150  # inside T04
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(SEED_LINES[:cut]), encoding="utf-8")
    result = run_cli("facts", str(path))
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert "T04 不完整" in result.stderr and "T05" in result.stderr
    tables = {line.split(",")[0] for line in result.stdout.splitlines()[1:]}
    assert tables == {"T01", "T02", "T03", "T04"}  # what was there is kept
    parsed = run_cli("parse", str(path))
    import json

    model = json.loads(parsed.stdout)
    assert model["partial"] is True
    assert any(m.startswith("T04 不完整") for m in model["missing"])
    assert any(f["rule"] == "recognise.table_cut_off" for f in model["read_findings"])


def test_seed_with_one_table_removed(tmp_path: Path) -> None:
    start, end = (
        line_of("一般公共预算财政拨款支出决算表"),
        line_of("一般公共预算财政拨款基本支出决算表"),
    )
    path = tmp_path / "no_t05.txt"
    path.write_text("\n".join(SEED_LINES[:start] + SEED_LINES[end:]), encoding="utf-8")
    result = run_cli("parse", str(path))
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert "T05 一般公共预算财政拨款支出决算表" in result.stderr
    import json

    model = json.loads(result.stdout)
    assert model["partial"] is True
    assert "T05 一般公共预算财政拨款支出决算表" in model["missing"]
    assert "T05" not in model["tables_found"] and "T06" in model["tables_found"]


def _read_text(tmp_path: Path, lines: list[str]):  # type: ignore[no-untyped-def]
    from juesuan.pipeline import read

    path = tmp_path / "variant.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return read(path)


def test_table_without_title_is_found_by_its_label(tmp_path: Path) -> None:
    start = line_of("收入决算表")
    disclosure = _read_text(tmp_path, [*SEED_LINES[:start], *SEED_LINES[start + 1 :]])
    assert [t.id for t in disclosure.standard_tables] == [f"T0{n}" for n in range(1, 10)]
    t02 = disclosure.table("T02")
    assert t02 is not None and t02.label == "公开02表"
    assert t02.row("合计").value("本年收入合计") == Decimal("1081.09")  # type: ignore[union-attr]
    t01 = disclosure.table("T01")
    assert t01 is not None and t01.row("合计") is None  # T02's rows did not leak into T01


def test_table_without_title_or_label_is_found_by_header_signature() -> None:
    from juesuan.model.source import Source
    from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
    from juesuan.recognise import grid_to_disclosure

    def row(*texts: str) -> GridLine:
        src = Source("t.xlsx", sheet="Sheet3")
        return GridLine(LineKind.ROW, tuple(GridCell(t, src) for t in texts), src)

    header = (
        "项目",
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    )
    lines = (
        GridLine(LineKind.BREAK, (), Source("t.xlsx", sheet="Sheet3")),
        row(*header),
        row("合计", "10.00", "10.00", "", "", "", "", ""),
        row("201", "一般公共服务支出", "10.00", "10.00", "", "", "", "", ""),
    )
    disclosure = grid_to_disclosure(DocumentGrid("t.xlsx", "xlsx", lines))
    t02 = disclosure.table("T02")
    assert t02 is not None
    assert [r.key for r in t02.rows] == ["合计", "201"]
    assert t02.row("201").value("财政拨款收入") == Decimal("10.00")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("budget/shanghai_unit_budget_template_2026.xls", "cut.xls"),
        ("budget/shanghai_dept_budget_template_2026.xlsx", "cut.xlsx"),
        ("final/putuo_caizhengju_2024_final.pdf", "cut.pdf"),
    ],
)
def test_truncated_binary_files_give_one_line(tmp_path: Path, source: str, name: str) -> None:
    # regression: xlrd printed its own warnings about a truncated XLS on stdout
    data = (REPO.parent / "shared" / "corpus" / source).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 3])
    result = run_cli("facts", str(path))
    assert "Traceback" not in result.stderr
    assert result.stdout.count("\n") <= 1 or result.stdout.startswith("table,")
    assert "WARNING" not in result.stdout + result.stderr
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1
    else:  # partly readable: the facts it has, and a warning naming what is missing
        assert result.returncode == 0 and "结果不完整" in result.stderr
