"""A killed ingest leaves only complete documents; a changed copy is a new version."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from store_helpers import GOLDEN, SEED, juesuan, juesuan_command

from juesuan.store import open_store

UNITS = 24
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_UNIT = "辽宁省本溪市南芬区工业和信息化局（本级）"


def golden_fact_count() -> int:
    with GOLDEN.joinpath("seed_facts.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def write_variants(folder: Path) -> None:
    """UNITS different units (the seed with its unit renamed) and a few exact copies."""
    folder.mkdir()
    for n in range(UNITS):
        text = SEED_TEXT.replace("工业和信息化局", f"工业和信息化局{n:02d}")
        (folder / f"unit_{n:02d}.txt").write_text(text, encoding="utf-8")
    for n in range(3):
        (folder / f"zz_copy_{n}.txt").write_text(
            SEED_TEXT.replace("工业和信息化局", "工业和信息化局00"), encoding="utf-8"
        )


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def stored_documents(url: str) -> int:
    try:
        return int(query(url, "SELECT count(*) FROM documents")[0][0])
    except DBAPIError:  # the schema is not created yet
        return 0


def per_document_counts(url: str) -> list[tuple[Any, ...]]:
    return query(
        url,
        """SELECT d.unit_name,
                  (SELECT count(*) FROM facts f WHERE f.document_id = d.id),
                  (SELECT count(*) FROM tables t WHERE t.document_id = d.id),
                  (SELECT count(*) FROM rule_outcomes o WHERE o.document_id = d.id)
           FROM documents d ORDER BY d.id""",
    )


def orphans(url: str) -> int:
    sql = "SELECT count(*) FROM facts WHERE document_id NOT IN (SELECT id FROM documents)"
    return int(query(url, sql)[0][0])


def test_sigkill_mid_ingest_leaves_only_complete_documents_then_it_finishes(
    db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    write_variants(folder)
    process = subprocess.Popen(
        [*juesuan_command(), "ingest", str(folder), "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while stored_documents(db_url) < 2 and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    before = per_document_counts(db_url)
    assert 2 <= len(before) < UNITS, "the kill must land mid-way"
    facts, tables, outcomes = before[0][1:]
    assert facts == golden_fact_count()
    assert all(row[1:] == (facts, tables, outcomes) for row in before), before
    assert orphans(db_url) == 0

    finish = juesuan("ingest", str(folder), "--db", db_url)
    assert finish.returncode == 0, finish.stderr
    after = per_document_counts(db_url)
    assert len(after) == UNITS
    assert after[: len(before)] == before  # what was stored stays; the copies were skipped
    assert all(row[1:] == (facts, tables, outcomes) for row in after)
    assert sorted(str(row[0]) for row in after) == sorted(
        SEED_UNIT.replace("工业和信息化局", f"工业和信息化局{n:02d}") for n in range(UNITS)
    )


def export_csv(url: str, *options: str) -> list[dict[str, str]]:
    result = juesuan("export", "--db", url, "--format", "csv", *options)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_changed_copy_is_a_new_version_and_export_gives_the_latest(
    db_url: str, tmp_path: Path
) -> None:
    # The same disclosure, re-published with one amount corrected: 30239 其他交通费用 0.33 → 0.34.
    changed = tmp_path / "seed_corrected.txt"
    lines = SEED_TEXT.split("\n")
    index = next(i for i, line in enumerate(lines) if line == "\t30239") + 2
    assert lines[index] == "\t0.33"
    lines[index] = "\t0.34"
    changed.write_text("\n".join(lines), encoding="utf-8")

    assert juesuan("ingest", str(SEED), "--db", db_url).returncode == 0
    second = juesuan("ingest", str(changed), "--db", db_url)
    assert second.returncode == 0, second.stderr

    def other_transport(rows: list[dict[str, str]]) -> list[str]:
        return [r["value"] for r in rows if r["table"] == "T06" and r["row_key"] == "30239"]

    latest = export_csv(db_url)
    assert other_transport(latest) == ["0.34"]
    assert {r["document"] for r in latest} == {sha(changed)}
    assert len(latest) == golden_fact_count()
    assert sorted(other_transport(export_csv(db_url, "--all-versions"))) == ["0.33", "0.34"]

    with open_store(db_url) as store:
        versions = sorted(
            (d["version"], d["is_latest"], d["sha256"]) for d in store.documents(latest=False)
        )
        old, new = (d for d in sorted(store.documents(latest=False), key=lambda d: d["version"]))
    assert versions == [(1, False, sha(SEED)), (2, True, sha(changed))]
    assert new["supersedes_id"] == old["id"]


def sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
