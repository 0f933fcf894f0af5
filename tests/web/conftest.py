"""Fixtures for the web app: the app on a SQLite file or on PostgreSQL, a test client, a server
started as ``juesuan serve`` in a process of its own."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from juesuan.web.app import Settings, create_app
from store.conftest import clear_pg, pg_url  # noqa: F401  (the store tests' PostgreSQL fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def web_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'web.db'}"
    url: str = request.getfixturevalue("pg_url")
    from juesuan.store import open_store

    open_store(url).close()
    clear_pg(url)
    return url


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """A client on a fresh app; reading happens in a thread of the app (workers=0)."""
    clients: list[TestClient] = []

    def make(db_url: str | None = None, **settings: Any) -> TestClient:
        url = db_url or f"sqlite:///{tmp_path / 'web.db'}"
        client = TestClient(create_app(Settings(db_url=url, workers=0, **settings)))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``juesuan serve`` on a free loopback port with its own SQLite file; yields its URL."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "juesuan",
            "serve",
            "--db",
            f"sqlite:///{tmp_path / 'serve.db'}",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(url + "/login", timeout=2)
                break
            except httpx.TransportError:
                if time.time() > deadline or process.poll() is not None:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
