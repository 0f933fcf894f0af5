"""A whole folder — the corpus plus broken and pathological files — ingested in one run.

The expected outcome of each file is derived by a second method: reading it in this process
with ``juesuan.pipeline.load`` (except the file that never finishes), so the batch must store
exactly the documents the pipeline can read, with the facts the pipeline reads from them, and
fail exactly the others, each with its reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from batch_helpers import BROKEN, corpus_with_broken_files, nested_forms_pdf

from juesuan.batch import BatchSummary, IngestOptions, ingest_paths
from juesuan.batch.discover import paths_to_files
from juesuan.pipeline import load
from juesuan.store import open_store

NEVER_FINISHES = "broken/sub/deeper/forever.pdf"
TIMEOUT = 60.0  # far above any real document; the pathological one is stopped by memory
MEMORY_MB = 768


def fact_tuples(facts: Any) -> list[tuple[str, ...]]:
    """Facts as sortable tuples of their text (paths, values, sources: everything)."""
    return sorted(tuple(str(value) for value in fact.values()) for fact in facts)


def in_process_expectations(folder: Path) -> tuple[dict[str, list[tuple[str, ...]]], set[str]]:
    """Read every file here, the second method: facts per content hash, and the unreadable."""
    facts: dict[str, list[tuple[str, ...]]] = {}
    unreadable: set[str] = set()
    for path in paths_to_files([folder]):
        if path.endswith(NEVER_FINISHES):
            unreadable.add(path)
            continue
        try:
            disclosure, _report = load(path)
        except Exception:  # unreadable, or a reader bug: the batch must fail it too
            unreadable.add(path)
            continue
        facts[disclosure.sha256] = fact_tuples(f.as_dict() for f in disclosure.facts())
    return facts, unreadable


def stored_facts_by_document(url: str) -> dict[str, list[tuple[str, ...]]]:
    store = open_store(url)
    try:
        by_document: dict[str, list[dict[str, Any]]] = {}
        for row in store.facts(latest=False):
            document = row.pop("document")
            row.pop("unit_name")
            row.pop("year")
            by_document.setdefault(document, []).append(row)
        hashes = {doc["sha256"] for doc in store.documents(latest=False)}
    finally:
        store.close()
    return {sha: fact_tuples(by_document.get(sha, [])) for sha in hashes}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_with_broken_files(tmp_path_factory.mktemp("batch"))


@pytest.fixture(scope="module")
def expected(folder: Path) -> tuple[dict[str, list[tuple[str, ...]]], set[str]]:
    return in_process_expectations(folder)


@pytest.fixture(scope="module")
def pool_run(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BatchSummary]:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pool.db'}"
    summary = ingest_paths(
        [folder],
        IngestOptions(url, workers=2, timeout=TIMEOUT, memory_mb=MEMORY_MB, progress=False),
    )
    return url, summary


def test_every_good_document_is_stored_with_the_facts_read_in_process(
    pool_run: tuple[str, BatchSummary], expected: tuple[dict[str, Any], set[str]]
) -> None:
    url, summary = pool_run
    facts, _unreadable = expected
    stored = stored_facts_by_document(url)
    assert set(stored) == set(facts)
    for sha256, document_facts in facts.items():
        assert stored[sha256] == document_facts, sha256
    assert summary.stored + summary.new_versions == len(facts)
    assert summary.files == len(facts) + len(summary.failed)


def test_every_bad_file_is_reported_with_its_reason(
    pool_run: tuple[str, BatchSummary], expected: tuple[dict[str, Any], set[str]], folder: Path
) -> None:
    url, summary = pool_run
    _facts, unreadable = expected
    failed = dict(summary.failed)
    assert set(failed) == unreadable
    for name, fragment in BROKEN.items():
        path = str(folder / name)
        if fragment is not None:
            assert failed[path].strip() and fragment in failed[path], (name, failed[path])
    assert summary.exit_code == 1
    store = open_store(url)
    try:
        recorded = {(f["path"], f["reason"]) for f in store.failures()}
    finally:
        store.close()
    assert recorded == set(summary.failed)


def logged(reason: str) -> str:
    """The traceback a bug report points to (juesuan.bugreport)."""
    if "详情见 " not in reason:
        return reason
    return Path(reason.split("详情见 ")[1].rstrip("）")).read_text(encoding="utf-8")


def test_a_second_run_skips_stored_files_before_parsing_them(
    pool_run: tuple[str, BatchSummary], expected: tuple[dict[str, Any], set[str]], folder: Path
) -> None:
    url, _summary = pool_run
    facts, unreadable = expected
    # The loader raises for any file it is given: only files not stored yet may reach it.
    again = ingest_paths(
        [folder],
        IngestOptions(
            url,
            workers=2,
            timeout=TIMEOUT,
            memory_mb=MEMORY_MB,
            progress=False,
            loader="batch_helpers:refuse_to_load",
        ),
    )
    assert again.skipped == len(facts)
    assert again.stored == again.new_versions == 0
    assert {path for path, _reason in again.failed} == unreadable
    odd = [(p, r) for p, r in again.failed if "parsed although already stored" not in logged(r)]
    assert not odd, odd


def test_dask_local_cluster_stores_identical_facts(
    pool_run: tuple[str, BatchSummary], folder: Path, tmp_path: Path
) -> None:
    pool_url, pool_summary = pool_run
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    summary = ingest_paths(
        [folder],
        IngestOptions(
            dask_url,
            workers=2,
            dask="local",
            timeout=TIMEOUT,
            memory_mb=MEMORY_MB,
            progress=False,
        ),
    )
    assert stored_facts_by_document(dask_url) == stored_facts_by_document(pool_url)
    assert sorted(summary.failed) == sorted(pool_summary.failed)
    assert (summary.stored, summary.new_versions, summary.partial) == (
        pool_summary.stored,
        pool_summary.new_versions,
        pool_summary.partial,
    )
    assert summary.findings == pool_summary.findings


def test_timeout_stops_a_document_that_never_finishes(tmp_path: Path) -> None:
    """With no memory limit, only the timeout can stop the pathological PDF.

    The budget leaves the seed (about 1 s of CPU) room on a loaded 2-core machine."""
    (tmp_path / "forever.pdf").write_bytes(nested_forms_pdf())
    # A quick document beside it: the seed no longer is one within 2 s, its copied performance
    # indicators load the jieba segmenter (seconds of CPU where its cached tables are not yet
    # written, once per process).
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    quick = corpus / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
    summary = ingest_paths(
        [tmp_path / "forever.pdf", quick],
        IngestOptions(
            f"sqlite:///{tmp_path / 't.db'}", workers=1, timeout=10, memory_mb=0, progress=False
        ),
    )
    assert summary.stored == 1
    assert summary.failed == [(str(tmp_path / "forever.pdf"), summary.failed[0][1])]
    assert "超时" in summary.failed[0][1] and "10 秒" in summary.failed[0][1]


def test_a_worker_that_crashes_costs_one_document(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed"
    crash = tmp_path / "crash.txt"
    crash.write_text("\t收入支出决算总表\n" * 10, encoding="utf-8")
    summary = ingest_paths(
        [crash, seed],
        IngestOptions(
            f"sqlite:///{tmp_path / 't.db'}",
            workers=1,
            progress=False,
            loader="batch_helpers:crash_on_crash_marker",
        ),
    )
    assert summary.stored == 1
    assert len(summary.failed) == 1 and summary.failed[0][0] == str(crash)
    assert "signal 11" in summary.failed[0][1]
