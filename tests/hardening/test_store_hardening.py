"""Issue 15 defects of the store: 7 (database URLs, read-only files), 10 (two first runs at
once), 15 (a wrong unit name must not merge two units' histories)."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hardening_kit import SEED, SEED_TEXT, assert_says, juesuan


# --- 7 --------------------------------------------------------------------------------------
def test_7_misspelt_sqlite_file_for_export_is_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    run = juesuan("export", "--db", f"sqlite:///{typo}", "--format", "csv")
    assert_says(run, str(typo), "不存在")
    assert not typo.exists()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_7_in_memory_sqlite_is_refused(url: str) -> None:
    run = juesuan("ingest", str(SEED), "--db", url, "--workers", "1")
    assert_says(run, "内存数据库")
    assert "已存储" not in run.stdout


@pytest.mark.parametrize("url", ["mysql://user@localhost/db", "oracle://u@h/db", "nonsense"])
def test_7_unsupported_database(url: str) -> None:
    for args in (("ingest", str(SEED)), ("export", "--format", "csv")):
        run = juesuan(*args, "--db", url)
        assert_says(run, "只支持 SQLite")
        assert "MySQLdb" not in run.stderr


def run_as_other_user() -> list[str]:
    """Root can write any file: run the command as nobody to meet a read-only database."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a file read-only")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_7_read_only_sqlite_file_for_ingest() -> None:
    folder = Path(tempfile.mkdtemp(prefix="juesuan-ro-"))
    try:
        folder.chmod(0o755)
        database = folder / "ro.db"
        from juesuan.store import open_store

        open_store(f"sqlite:///{database}").close()
        document = folder / "seed.txt"
        shutil.copy(SEED, document)
        document.chmod(0o644)
        database.chmod(0o444)
        folder.chmod(0o555)
        command = [
            *run_as_other_user(),
            sys.executable,
            "-m",
            "juesuan",
            "ingest",
            str(document),
            "--db",
            f"sqlite:///{database}",
            "--workers",
            "1",
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert str(database) in result.stderr and "只读" in result.stderr
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


# --- 10 -------------------------------------------------------------------------------------
def open_when_ready(url: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    from juesuan.store import open_store

    barrier.wait()
    open_store(url).close()


@pytest.mark.timeout(180)
def test_10_two_first_ingests_at_once_into_a_new_sqlite_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for attempt in range(4):
        url = f"sqlite:///{tmp_path / f'new{attempt}.db'}"
        barrier = context.Barrier(2)
        workers = [context.Process(target=open_when_ready, args=(url, barrier)) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
        assert [w.exitcode for w in workers] == [0, 0], f"attempt {attempt}"
    from juesuan.store import open_store

    with open_store(url) as store:
        assert store.documents() == []


def test_10_two_ingest_commands_at_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'both.db'}"
    other = tmp_path / "other.txt"
    other.write_text(SEED_TEXT + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "juesuan", "ingest", "--db", db, "--workers", "1"]
    runs = [
        subprocess.Popen([*command, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for path in (SEED, other)
    ]
    results = [
        (run.wait(timeout=300), run.stderr.read().decode() if run.stderr else "") for run in runs
    ]
    assert [code for code, _ in results] == [0, 0], results
    assert not any("already exists" in err for _, err in results)


# --- 15 -------------------------------------------------------------------------------------
def other_unit_with_the_same_name() -> str:
    """The seed's unit name over entirely different amounts (another unit's tables)."""

    def shift(match: re.Match[str]) -> str:
        return f"\t{int(match.group(1)) + 7}.{match.group(2)}"

    return re.sub(r"^\t(\d+)\.(\d\d)$", shift, SEED_TEXT.replace(",", ""), flags=re.M)


def test_15_a_wrong_unit_name_does_not_merge_two_units(tmp_path: Path) -> None:
    from juesuan.pipeline import load
    from juesuan.store import open_store

    other = tmp_path / "other_unit.txt"
    other.write_text(other_unit_with_the_same_name(), encoding="utf-8")
    corrected = tmp_path / "seed_corrected.txt"
    corrected.write_text(SEED_TEXT.replace("\t0.33\n", "\t0.34\n", 1), encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'units.db'}") as store:
        first = store.save(*load(SEED))
        second = store.save(*load(other))
        assert (first.status, second.status) == ("stored", "stored")
        assert (first.version, second.version) == (1, 1)
        latest = store.documents()
        assert len(latest) == 2 and {d["unit_name"] for d in latest} == {
            "辽宁省本溪市南芬区工业和信息化局（本级）"
        }
        # a corrected copy of the first is still its new version
        third = store.save(*load(corrected))
        assert (third.status, third.version) == ("new_version", 2)
        versions = {
            d["file_name"]: (d["version"], d["is_latest"]) for d in store.documents(latest=False)
        }
    assert versions == {
        SEED.name: (1, False),
        "other_unit.txt": (1, True),
        "seed_corrected.txt": (2, True),
    }
