"""Helpers of the web tests: the corpus files, uploading and waiting until files are read."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
SCREENSHOTS = REPO / "out" / "screenshots"


def wait_until_read(
    client: TestClient, ids: list[int], timeout: float = 300
) -> list[dict[str, Any]]:
    """Poll until every upload is checked or failed; their ledger rows (latest versions only)."""
    deadline = time.time() + timeout
    while True:
        statuses = [client.get(f"/api/documents/{i}").json()["status"] for i in ids]
        if all(s in ("checked", "failed") for s in statuses):
            rows = client.get("/api/documents", params={"limit": 500}).json()["documents"]
            return [r for r in rows if r["id"] in ids]
        if time.time() > deadline:
            raise AssertionError(f"uploads not read in {timeout} s: {statuses}")
        time.sleep(0.3)


def upload(
    client: TestClient, files: list[tuple[str, bytes]], csrf: str | None = None
) -> httpx.Response:
    token = csrf or client.get("/api/session").json()["csrf"]
    return client.post(
        "/api/documents",
        files=[("file", (name, data)) for name, data in files],
        headers={"X-CSRF-Token": token},
    )
