"""The parts of a batch: which files, the worker protocol, the CLI options and exit status."""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path

import click
from click.testing import CliRunner

from juesuan.batch import cli_options, run_from_cli
from juesuan.batch.child import job_to_outcome, read_message, serve, write_message
from juesuan.batch.discover import file_sha256, paths_to_files
from juesuan.batch.outcome import Job, Outcome

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed"


def test_folders_are_searched_recursively_for_supported_files_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / "b" / "deep.PDF").write_bytes(b"x" * 10)
    (tmp_path / "a" / "top.xlsx").write_bytes(b"x" * 30)
    (tmp_path / "notes.md").write_text("not a disclosure")
    (tmp_path / ".hidden" / "x.txt").write_text("hidden")
    (tmp_path / "a" / "~$lock.xlsx").write_text("office lock file")
    named = tmp_path / "named.dat"  # named explicitly: taken whatever its suffix
    named.write_text("x")
    files = paths_to_files([tmp_path, named, tmp_path / "a"])
    assert files == [
        str(tmp_path / "a" / "top.xlsx"),
        str(tmp_path / "a" / "b" / "deep.PDF"),
        str(named),
    ]


def test_content_hash_is_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    assert file_sha256(str(path)) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert file_sha256(str(tmp_path / "missing.txt")) is None


def test_worker_protocol_answers_each_request_with_an_outcome() -> None:
    seed = next(SEED.glob("*.txt"))
    requests = io.BytesIO()
    for job in (Job(str(seed), "h1"), Job("/no/such/file.txt", "h2")):
        write_message(requests, pickle.dumps((job, "juesuan.pipeline:load")))
    requests.seek(0)
    replies = io.BytesIO()
    serve(requests, replies, memory_mb=0)
    replies.seek(0)
    first: Outcome = pickle.loads(read_message(replies) or b"")
    second: Outcome = pickle.loads(read_message(replies) or b"")
    assert read_message(replies) is None
    assert first.reason is None and first.rows is not None
    assert first.rows.document["year"] == 2023 and first.rows.document["partial"]
    assert len(first.rows.facts) == 232  # the seed's amount cells (tests/golden/seed_facts.csv)
    assert second.failed and second.reason is not None and "无法打开文件" in second.reason


def test_a_reader_bug_becomes_a_reason_not_an_exception() -> None:
    outcome = job_to_outcome(Job("x.txt", "h"), "batch_helpers:refuse_to_load", memory_mb=0)
    assert outcome.reason is not None
    assert outcome.reason.startswith("juesuan 内部错误，请报告：RuntimeError（详情见 ")
    log = outcome.reason.split("详情见 ")[1].rstrip("）")
    assert "parsed although already stored" in Path(log).read_text(encoding="utf-8")


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--db", default=None)
@cli_options
def ingest(paths: tuple[str, ...], db: str | None, **options: object) -> None:
    run_from_cli(paths, db, **options)  # type: ignore[arg-type]


def test_cli_options_run_a_batch_and_exit_1_when_some_input_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    args = [
        str(SEED),
        str(tmp_path / "empty.txt"),
        "--db",
        db,
        "--workers",
        "1",
        "--timeout",
        "60",
        "--memory-limit",
        "1024",
        "--no-progress",
    ]
    result = CliRunner().invoke(ingest, args)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[-2] == "入库：已存储 1，新版本 0，跳过（内容相同）0，部分读取 1，无法读取 1"
    assert lines[-1].startswith("发现：错误 ")
    assert f"juesuan: 无法读取 {tmp_path / 'empty.txt'}: 文件为空" in result.stderr
    assert re.search(r"^已存储\t第1版\t.*000_1e6faaba2ab46285\.txt$", result.stdout, re.M)
    again = CliRunner().invoke(ingest, [str(SEED), "--db", db, "--no-progress"])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-2].startswith("入库：已存储 0，新版本 0，跳过（内容相同）1")


def test_cli_options_are_the_documented_ones() -> None:
    names = {opt for param in ingest.params for opt in param.opts}
    assert {"--workers", "--dask", "--timeout", "--memory-limit", "--no-progress"} <= names


def test_progress_shows_counts_rate_and_time_left(tmp_path: Path) -> None:
    from rich.console import Console

    from juesuan.batch import IngestOptions, ingest_paths

    (tmp_path / "empty.txt").write_bytes(b"")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=160)
    summary = ingest_paths(
        [SEED, tmp_path / "empty.txt"],
        IngestOptions(f"sqlite:///{tmp_path / 'p.db'}", workers=1, show_summary=True),
        console=console,
    )
    text = out.getvalue()
    assert (summary.stored, len(summary.failed)) == (1, 1)
    assert "2/2" in text and "份/秒" in text and "剩余" in text
    assert "已存储 1 · 新版本 0 · 跳过 0 · 失败 1" in text
    assert "无法读取 " + str(tmp_path / "empty.txt") in text
