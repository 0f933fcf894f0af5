"""Fixtures for the store tests: a SQLite file per test, a fresh PostgreSQL database per session."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    url = os.environ.get("JUESUAN_TEST_PG") or DEFAULT_PG
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh database juesuan_test_<random> on the test server, dropped at the end."""
    admin = create_engine(
        admin_url(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        reason = f"no PostgreSQL server at {make_url(admin_url()).render_as_string()}: {exc}".splitlines()[
            0
        ]
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " (CI needs one: run .ci/start-postgres.sh)")
        pytest.skip(reason + " (start one with .ci/start-postgres.sh, or set JUESUAN_TEST_PG)")
    name = f"juesuan_test_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url()).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'juesuan.db'}"


def clear_pg(url: str) -> None:
    """Empty every juesuan table so each test starts from nothing (schema kept)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        names = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename<>'alembic_version'"
                )
            )
        ]
        if names:
            conn.execute(
                text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE")
            )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes db_url runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'juesuan.db'}"
    url: str = request.getfixturevalue("pg_url")
    from juesuan.store import open_store

    open_store(url).close()  # make sure the schema exists before emptying it
    clear_pg(url)
    return url
