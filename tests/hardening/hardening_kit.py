"""Helpers of the hardening tests: run the CLI in-process and check its one-line messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_1e6faaba2ab46285.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def juesuan(*args: str) -> Run:
    """The command line, in this process (as a user runs it: no exception escapes)."""
    from juesuan.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_clean_stderr(run: Run) -> None:
    assert "Traceback" not in run.stderr
    assert "Error:" not in run.stderr.replace("Usage", "")


def assert_says(run: Run, *words: str, exit_code: int = 2) -> None:
    """The command ended with exit_code and a clear message holding every word, no traceback."""
    assert run.exit_code == exit_code, (run.exit_code, run.stderr)
    assert_clean_stderr(run)
    for word in words:
        assert word in run.stderr, (word, run.stderr)


def seed_lines() -> list[str]:
    return SEED_TEXT.split("\n")


def seed_rows() -> list[list[str] | str]:
    """The seed as rows of cells (lists) and title lines (strings), in order."""
    items: list[list[str] | str] = []
    row: list[str] = []
    for raw in seed_lines():
        if raw.startswith("\t"):
            row.append(raw[1:].strip())
            continue
        if row:
            items.append(row)
            row = []
        if raw.strip():
            items.append(raw.strip())
    if row:
        items.append(row)
    return items


def seed_as_html(wrap: int = 0) -> str:
    """The seed as a web page: one <table> per run of rows, inside `wrap` nested <div>s."""
    import html

    parts: list[str] = []
    in_table = False
    for item in seed_rows():
        if isinstance(item, list):
            if not in_table:
                parts.append("<table>")
                in_table = True
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in item)
            parts.append(f"<tr>{cells}</tr>")
        else:
            if in_table:
                parts.append("</table>")
                in_table = False
            parts.append(f"<p>{html.escape(item)}</p>")
    if in_table:
        parts.append("</table>")
    body = "\n".join(parts)
    return f"<html><body>{'<div>' * wrap}{body}{'</div>' * wrap}</body></html>"
