"""Security of the web app: accounts and roles, CSRF, sessions that expire, login limits, upload
limits, and a document's text that stays text."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from web_helpers import SEED, upload, wait_until_read

HOSTILE_UNIT = "<script>alert('unit')</script>局"
HOSTILE_FILE = "<img src=x onerror=alert(1)>.txt"


def add_user(db_url: str, name: str, role: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "juesuan", "user", "add", name, "--role", role, "--db", db_url],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


def login(client, name: str, password: str) -> str:
    response = client.post("/api/login", json={"name": name, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf"])


def test_login_is_required_once_an_account_exists(make_client, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    client = make_client(url)
    assert client.get("/api/documents").status_code == 200  # loopback, no account: the local user
    created = add_user(url, "admin1", "admin", "correct horse battery")
    assert created.returncode == 0, created.stderr
    time.sleep(2.5)  # the app looks for accounts every two seconds
    client.cookies.clear()
    assert client.get("/api/documents").status_code == 401
    page = client.get("/documents")
    assert page.status_code == 401 and 'action="/login"' in page.text
    assert (
        client.post("/api/login", json={"name": "admin1", "password": "wrong password"}).status_code
        == 401
    )
    login(client, "admin1", "correct horse battery")
    assert client.get("/api/documents").status_code == 200
    with create_engine(url).connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM web_users")).scalar_one()
    assert stored.startswith("scrypt$") and "correct horse" not in stored


def test_a_viewer_may_read_but_not_upload_or_decide(make_client, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    assert add_user(url, "rev", "reviewer", "reviewer-pass").returncode == 0
    assert add_user(url, "view", "viewer", "viewer-pass").returncode == 0
    reviewer = make_client(url)
    csrf = login(reviewer, "rev", "reviewer-pass")
    (doc,) = upload(reviewer, [("seed.txt", SEED.read_bytes())], csrf).json()["documents"]
    wait_until_read(reviewer, [doc["id"]])

    viewer = make_client(url)
    viewer_csrf = login(viewer, "view", "viewer-pass")
    assert viewer.get(f"/api/documents/{doc['id']}").status_code == 200
    assert upload(viewer, [("x.txt", b"abc")], viewer_csrf).status_code == 403
    decision = {"finding": 0, "decision": "dismissed", "reason": "x"}
    response = viewer.post(
        f"/api/documents/{doc['id']}/decisions",
        json=decision,
        headers={"X-CSRF-Token": viewer_csrf},
    )
    assert response.status_code == 403
    form = viewer.post(f"/documents/{doc['id']}/decisions", data={**decision, "csrf": viewer_csrf})
    assert form.status_code == 403
    assert (
        '<form method="post" action="/documents/' not in viewer.get(f"/documents/{doc['id']}").text
    )


def test_every_write_needs_the_csrf_token(make_client):
    client = make_client()
    csrf = client.get("/api/session").json()["csrf"]
    assert upload(client, [("seed.txt", SEED.read_bytes())], "forged").status_code == 403
    (doc,) = upload(client, [("seed.txt", SEED.read_bytes())], csrf).json()["documents"]
    wait_until_read(client, [doc["id"]])
    form = {"finding": "0", "decision": "dismissed", "reason": "x"}
    assert client.post(f"/documents/{doc['id']}/decisions", data=form).status_code == 403
    assert (
        client.post(
            f"/documents/{doc['id']}/decisions", data={**form, "csrf": "forged"}
        ).status_code
        == 403
    )
    ok = client.post(
        f"/documents/{doc['id']}/decisions", data={**form, "csrf": csrf}, follow_redirects=False
    )
    assert ok.status_code == 303
    assert client.post("/logout", data={}).status_code == 403


def test_login_attempts_are_limited(make_client, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    assert add_user(url, "admin1", "admin", "right-password").returncode == 0
    client = make_client(url)
    codes = [
        client.post("/api/login", json={"name": "admin1", "password": f"guess{i}"}).status_code
        for i in range(6)
    ]
    assert codes == [401] * 5 + [429]
    # even the right password waits now
    assert (
        client.post("/api/login", json={"name": "admin1", "password": "right-password"}).status_code
        == 429
    )


def test_sessions_expire(make_client, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    assert add_user(url, "admin1", "admin", "right-password").returncode == 0
    client = make_client(url, session_hours=1 / 3600)  # one second
    login(client, "admin1", "right-password")
    assert client.get("/api/documents").status_code == 200
    time.sleep(1.5)
    assert client.get("/api/documents").status_code == 401


def test_uploads_are_limited_in_size_and_count(make_client):
    client = make_client(max_upload_mb=0.01, max_files=2)
    csrf = client.get("/api/session").json()["csrf"]
    assert upload(client, [("big.txt", b"x" * 20_000)], csrf).status_code == 413
    assert upload(client, [(f"{i}.txt", b"x") for i in range(3)], csrf).status_code == 413
    assert (
        client.get("/api/documents").json()["documents"] == []
    )  # nothing kept from refused requests


def test_refuses_to_start_on_another_address_without_an_account(tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "juesuan",
            "serve",
            "--host",
            "0.0.0.0",
            "--db",
            f"sqlite:///{tmp_path / 'w.db'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "juesuan user add" in result.stderr
    assert "Traceback" not in result.stderr


def test_hostile_file_and_unit_names_stay_text(make_client):
    client = make_client()
    hostile = SEED.read_text(encoding="utf-8").replace(
        "辽宁省本溪市南芬区工业和信息化局（本级）", HOSTILE_UNIT
    )
    (doc,) = upload(
        client, [(HOSTILE_FILE, hostile.encode()), ("../../etc/passwd", b"root:x:0:0")]
    ).json()["documents"][:1]
    wait_until_read(client, [doc["id"]])
    assert client.get(f"/api/documents/{doc['id']}").json()["unit_name"] == HOSTILE_UNIT
    names = [r["file_name"] for r in client.get("/api/documents").json()["documents"]]
    assert "passwd" in names and not any("/" in n for n in names)  # never the client's path
    for path in (
        "/documents",
        f"/documents/{doc['id']}",
        f"/documents/{doc['id']}/explore",
        "/explore?unit=x",
    ):
        page = client.get(path)
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "&lt;script&gt;alert(" in client.get("/documents").text
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in client.get("/documents").text


def test_user_add_refuses_short_passwords_and_duplicates(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    short = add_user(url, "a", "admin", "short")
    assert short.returncode == 2 and "密码至少 8 个字符" in short.stderr
    assert add_user(url, "a", "admin", "long enough").returncode == 0
    again = add_user(url, "a", "viewer", "long enough")
    assert again.returncode == 2 and "已存在" in again.stderr
