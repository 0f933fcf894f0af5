"""``juesuan ingest`` on the real corpus into SQLite and PostgreSQL, run as the user runs it."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from store_helpers import FINAL, GOLDEN, SEED, juesuan, juesuan_command

from juesuan.pipeline import read
from juesuan.store import open_store
from juesuan.store.models import Document, StoredFact, StoredFinding

#: The seed and every 决算 document of final/ (all of them are read by now; a format juesuan
#: cannot read would show as unreadable and fail the test).
DOCUMENTS = [SEED, *sorted(FINAL.iterdir())]
FACT_KEYS = ("table", "section", "row_key", "column", "value", "unit", "source", "path", "label")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def read_facts() -> dict[Path, list[dict[str, str]]]:
    """What ``juesuan facts`` gives on each file, read once for all tests."""
    return {path: [f.as_dict() for f in read(path).facts()] for path in DOCUMENTS}


def test_ingest_stores_the_facts_of_every_file_and_a_second_ingest_nothing(
    db_url: str, read_facts: dict[Path, list[dict[str, str]]]
) -> None:
    first = juesuan("ingest", str(SEED), str(FINAL), "--db", db_url)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr

    with open_store(db_url) as store:
        assert store.failures() == []
        for path in DOCUMENTS:
            documents = [d for d in store.documents(latest=False) if d["sha256"] == sha256_of(path)]
            assert len(documents) == 1, path
            stored = [
                {k: f[k] for k in FACT_KEYS}
                for f in store.facts(latest=False, document_id=documents[0]["id"])
            ]
            assert stored == read_facts[path], path
        counts = (store.count(Document), store.count(StoredFact), store.count(StoredFinding))

    second = juesuan("ingest", str(SEED), str(FINAL), "--db", db_url)
    assert second.returncode == 0, second.stderr
    with open_store(db_url) as store:
        assert (
            store.count(Document),
            store.count(StoredFact),
            store.count(StoredFinding),
        ) == counts


def test_the_summary_counts_what_was_stored(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(SEED, folder / "seed_copy.txt")
    (folder / "empty.pdf").write_bytes(b"")
    result = juesuan("ingest", str(folder), "--db", sqlite_url)
    assert result.returncode == 1
    with open_store(sqlite_url) as store:
        severities = Counter(f["severity"] for f in store.findings())
    lines = result.stdout.splitlines()
    assert lines[-2] == "入库：已存储 1，新版本 0，跳过（内容相同）1，部分读取 1，无法读取 1"
    # Partial documents and findings are counted for what this run stored, not for the copy.
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    assert lines[-1] == "发现：" + "，".join(
        f"{names[s]} {severities[s]}" for s in ("error", "warning", "info")
    )


def test_the_stored_seed_matches_the_golden_facts_typed_from_the_document(sqlite_url: str) -> None:
    assert juesuan("ingest", str(SEED), "--db", sqlite_url).returncode == 0
    with GOLDEN.joinpath("seed_facts.csv").open(encoding="utf-8") as handle:
        golden = [
            (
                r["table"],
                r["section"],
                r["row_key"],
                r["column"],
                r["value"],
                f"line {r['where']}",
                r["label"],
            )
            for r in csv.DictReader(handle)
        ]
    with open_store(sqlite_url) as store:
        stored = [
            (
                f["table"],
                f["section"],
                f["row_key"],
                f["column"],
                f["value"],
                f["source"],
                f["label"],
            )
            for f in store.facts()
        ]
        documents = store.documents()
    assert sorted(stored) == sorted(golden)
    assert len(documents) == 1
    seed = documents[0]
    assert (seed["unit_name"], seed["year"], seed["kind"], seed["format"]) == (
        "辽宁省本溪市南芬区工业和信息化局（本级）",
        2023,
        "决算",
        "celltext",
    )
    # The document ends inside a performance form: it is stored, marked as read in part.
    assert seed["partial"] is True and seed["missing"]
    with open_store(sqlite_url) as store:
        forms = list(store.forms())
    # MANIFEST: 整体 form twice, 项目 forms for 招商经费 and 疫情防控物资及必要生活物资; the last one cut off.
    assert sorted((f["kind"], f["name"]) for f in forms if f["kind"] == "项目") == [
        ("项目", "招商经费"),
        ("项目", "疫情防控物资及必要生活物资"),
    ]
    assert sum(f["kind"] == "部门整体" for f in forms) == 2
    assert [f["complete"] for f in forms][-1] is False
    assert all(f["data"]["number"] == f["number"] for f in forms)


def test_unreadable_inputs_exit_1_and_the_rest_is_stored(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = juesuan("ingest", str(folder), "--db", sqlite_url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        len([line for line in result.stderr.splitlines() if line.startswith("juesuan: 无法读取")])
        == 2
    )
    with open_store(sqlite_url) as store:
        assert sorted(Path(f["path"]).name for f in store.failures()) == [
            "broken.xlsx",
            "empty.pdf",
        ]
        assert len(store.documents()) == 1


def test_a_database_that_cannot_be_opened_is_a_clear_message() -> None:
    result = juesuan("ingest", str(SEED), "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert result.stderr.startswith("juesuan: 无法打开数据库")
    assert "Traceback" not in result.stderr


def test_without_db_the_store_is_a_sqlite_file_in_the_user_data_directory(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    env.pop("JUESUAN_DB", None)
    result = subprocess.run(
        [*juesuan_command(), "ingest", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    database = tmp_path / "data" / "juesuan" / "juesuan.db"
    assert database.is_file()
    with open_store(f"sqlite:///{database}") as store:
        assert len(list(store.facts())) == 232
