"""Response times of the web app with 10,000 stored documents, on SQLite and PostgreSQL.

The store is filled with 10,000 ledger entries (documents with their counts by severity, and their
uploads, inserted in bulk: the ledger reads only these) plus two real documents read and checked
through the app (the seed and the caizhengju PDF), whose review pages are timed. Every request is
made in process through the ASGI app (no network), repeated, and the median and 95th percentile
are printed.

Run: ``python bench/web_bench.py [--documents 10000] [--repeat 30] [--pg postgresql://postgres@127.0.0.1/postgres]``
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from juesuan.store import open_store
from juesuan.store.models import Document
from juesuan.store.web import Upload
from juesuan.web.app import Settings, create_app

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REAL = [
    CORPUS / "seed" / "000_1e6faaba2ab46285.txt",
    CORPUS / "final" / "putuo_caizhengju_2024_final.pdf",
]
KINDS = ("决算", "预算")
REVIEW = ("errors", "to_review", "reviewed", "clean")


def fill(url: str, count: int) -> None:
    """``count`` ledger entries: 500 units × 10 years × 2 kinds, counts varying."""
    store = open_store(url)
    now = datetime.now(UTC)
    documents, uploads = [], []
    for i in range(count):
        sha = f"{i:064x}"
        documents.append(
            {
                "id": i + 1,
                "sha256": sha,
                "path": f"unit{i % 500}.pdf",
                "file_name": f"unit{i % 500}-{i}.pdf",
                "format": "pdf",
                "unit_name": f"测试市第{i % 500:03d}局",
                "year": 2015 + (i // 500) % 10,
                "scope": "部门",
                "kind": KINDS[(i // 5000) % 2],
                "partial": False,
                "missing": [],
                "version": 1,
                "is_latest": True,
                "stored_at": now,
                "errors": i % 7,
                "warnings": i % 5,
                "infos": i % 11,
            }
        )
        uploads.append(
            {
                "sha256": sha,
                "file_name": f"unit{i % 500}-{i}.pdf",
                "size": 1000,
                "format": "pdf",
                "status": "checked",
                "document_id": i + 1,
                "review": REVIEW[i % 4],
                "decided": 0,
                "uploaded_by": "bench",
                "uploaded_at": now,
            }
        )
    with store.engine.begin() as conn:
        for start in range(0, count, 2000):
            conn.execute(insert(Document), documents[start : start + 2000])
            conn.execute(insert(Upload), uploads[start : start + 2000])
        if store.engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('documents_id_seq', (SELECT max(id) FROM documents))"))
            conn.execute(text("ANALYZE"))
    store.close()


def add_real(client: TestClient) -> list[int]:
    csrf = client.get("/api/session").json()["csrf"]
    files = [("file", (p.name, p.read_bytes())) for p in REAL]
    ids = [
        d["id"]
        for d in client.post("/api/documents", files=files, headers={"X-CSRF-Token": csrf}).json()[
            "documents"
        ]
    ]
    while any(
        client.get(f"/api/documents/{i}").json()["status"] not in ("checked", "failed") for i in ids
    ):
        time.sleep(0.5)
    return ids


def timed(client: TestClient, path: str, repeat: int) -> tuple[float, float]:
    client.get(path)  # warm: templates compiled, page rendered once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def run(url: str, label: str, count: int, repeat: int) -> None:
    fill(url, count)
    with TestClient(create_app(Settings(db_url=url, workers=0))) as client:
        seed, pdf = add_real(client)
        deep = count // 2
        with client.app.state.juesuan.store.engine.connect() as conn:  # type: ignore[attr-defined]
            first_page = conn.execute(
                select(Upload.id).order_by(Upload.id.desc()).limit(1)
            ).scalar_one()
        cases = [
            ("ledger JSON, first page (50)", "/api/documents"),
            ("ledger HTML, first page (50)", "/documents"),
            (f"ledger JSON, page at id {deep}", f"/api/documents?before={deep}"),
            ("ledger JSON, search 第123局", "/api/documents?q=%E7%AC%AC123%E5%B1%80"),
            (
                "ledger JSON, 2020 决算 with errors",
                "/api/documents?year=2020&kind=%E5%86%B3%E7%AE%97&status=errors",
            ),
            ("review page HTML, seed (64 findings)", f"/documents/{seed}"),
            ("review page HTML, seed, a finding open", f"/documents/{seed}?finding=40"),
            ("review page HTML, PDF, a finding boxed", f"/documents/{pdf}?finding=5"),
            ("document JSON (as check --format json)", f"/api/documents/{seed}"),
            ("facts JSON", f"/api/documents/{seed}/facts"),
        ]
        print(
            f"\n{label}: {count} ledger entries + 2 real documents (newest id {first_page}), {repeat} requests each"
        )
        print(f"{'request':48} {'median ms':>10} {'p95 ms':>10}")
        for name, path in cases:
            median, p95 = timed(client, path, repeat)
            print(f"{name:48} {median:10.1f} {p95:10.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.db", "SQLite", args.documents, args.repeat)
    if args.skip_pg:
        return 0
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    name = f"juesuan_bench_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        run(
            make_url(args.pg).set(database=name).render_as_string(hide_password=False),
            "PostgreSQL",
            args.documents,
            args.repeat,
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    sys.exit(main())
