"""``juesuan check``: formats, output file, selection, exit status, unreadable inputs, folders."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from juesuan.cli import main

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"


@pytest.fixture(scope="module")
def seed_text(corpus: Path) -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def broken_seed(tmp_path: Path, seed_text: str) -> Path:
    """The seed with T07's 合计 决算数 (printed 1.50) changed to 1.60."""
    lines = seed_text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "公开07表")
    at = next(i for i in range(start, len(lines)) if lines[i].strip().replace(" ", "") == "合计")
    assert lines[at + 2].strip() == "1.50"
    lines[at + 2] = lines[at + 2].replace("1.50", "1.60")
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


#: The performance-form rules (another area) report findings on the seed's forms, not its tables.
TABLES_ONLY = ("--ignore", "perf.*")


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def test_text_on_the_seed_exits_0(corpus: Path) -> None:
    result = run(*TABLES_ONLY, str(SEED))
    assert result.exit_code == 0, result.output
    assert "-- T06 一般公共预算财政拨款基本支出决算表" in result.stdout
    assert "61.93 与其下各款之和 61.92" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("汇总：1 份文档，错误 0")


def test_an_error_exits_1_and_names_the_cell(broken_seed: Path) -> None:
    result = run("--format", "json", str(broken_seed))
    assert result.exit_code == 1
    [document] = json.loads(result.stdout)["documents"]
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert any(
        f["rule"] == "t07.total"
        and f["table"] == "T07"
        and f["row_key"] == "合计"
        and f["actual"] == "1.60"
        for f in errors
    )
    assert {c["status"] for c in document["checked"]} <= {
        "pass",
        "fail",
        "not_applicable",
        "insufficient_data",
        "error",
    }


def test_unreadable_input_is_reported_and_the_rest_checked(
    tmp_path: Path, broken_seed: Path
) -> None:
    missing = tmp_path / "nowhere.pdf"
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"\x00\x01\x02 not a pdf at all" * 10)
    result = run("--format", "json", str(missing), str(broken_seed), str(garbage))
    assert result.exit_code == 2
    stderr_lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"juesuan: 无法读取 {missing}") for line in stderr_lines)
    assert any(line.startswith(f"juesuan: 无法读取 {garbage}") for line in stderr_lines)
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert [d["path"] for d in data["documents"]] == [str(broken_seed)]
    assert [u["path"] for u in data["unreadable"]] == [str(missing), str(garbage)]


def test_select_and_ignore(broken_seed: Path) -> None:
    result = run(
        "--format",
        "json",
        "--select",
        "T07,t01.*",
        "--ignore",
        "t07.total",
        "--ignore",
        "x.*",
        str(broken_seed),
    )
    assert result.exit_code == 0
    [document] = json.loads(result.stdout)["documents"]
    ran = {c["rule"] for c in document["checked"]}
    assert "t07.total" not in ran and "t07.vehicles" in ran and "t01.income_total" in ran
    assert not any(code.startswith(("t02", "x.")) for code in ran)


def test_config_file(tmp_path: Path, broken_seed: Path) -> None:
    config = tmp_path / "rules.toml"
    config.write_text('ignore = ["t07.total", "perf.*"]\n', encoding="utf-8")
    assert run("--config", str(config), str(broken_seed)).exit_code == 0
    config.write_text("ignore = [", encoding="utf-8")
    result = run("--config", str(config), str(broken_seed))
    assert result.exit_code == 2 and "rules.toml" in result.stderr


def test_html_and_xlsx_to_a_file(tmp_path: Path, broken_seed: Path) -> None:
    page = tmp_path / "report.html"
    assert run("--format", "html", "-o", str(page), str(broken_seed)).exit_code == 1
    assert "t07.total" in page.read_text(encoding="utf-8")
    book_path = tmp_path / "report.xlsx"
    assert run("--format", "xlsx", "-o", str(book_path), str(broken_seed)).exit_code == 1
    rows = list(
        load_workbook(io.BytesIO(book_path.read_bytes()))["问题"].iter_rows(values_only=True)
    )
    assert any(row[3] == "t07.total" and row[4] == "错误" for row in rows[1:])


def test_a_folder_means_every_supported_file_below_it(
    tmp_path: Path, broken_seed: Path, seed_text: str
) -> None:
    folder = tmp_path / "docs" / "sub"
    folder.mkdir(parents=True)
    (folder / "seed.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "docs" / "notes.md").write_text("not a disclosure", encoding="utf-8")
    result = run("--format", "json", *TABLES_ONLY, str(tmp_path / "docs"))
    assert result.exit_code == 0
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == [str(folder / "seed.txt")]
