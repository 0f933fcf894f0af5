"""Accounts and sessions: scrypt password hashes, expiring sessions with a CSRF token each, and a
limit on failed logins."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, select

from juesuan.store.web import ROLES, WebUser

# scrypt at n=2**14, r=8: about 16 MiB and tens of milliseconds per try (OWASP's minimum).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
LOCAL_USER = "local"


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(candidate.hex(), digest)


def add_user(engine: Engine, name: str, role: str, password: str) -> None:
    if role not in ROLES:
        raise AccountError(f"未知角色 {role}（可用：{'、'.join(ROLES)}）")
    if not name.strip() or len(name) > 100:
        raise AccountError("用户名不能为空，且不超过 100 个字符")
    if len(password) < 8:
        raise AccountError("密码至少 8 个字符")
    with engine.begin() as conn:
        if conn.execute(select(WebUser.id).where(WebUser.name == name)).first():
            raise AccountError(f"用户 {name} 已存在")
        conn.execute(
            insert(WebUser).values(
                name=name, role=role, password_hash=hash_password(password), created_at=now()
            )
        )


def count_users(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(WebUser)).scalar_one())


def check_login(engine: Engine, name: str, password: str) -> str | None:
    """The user's role when name and password match, else None (same work either way)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(WebUser.role, WebUser.password_hash).where(WebUser.name == name)
        ).first()
    if row is None:
        verify_password(password, DUMMY_HASH)  # no timing hint that the name does not exist
        return None
    return str(row.role) if verify_password(password, row.password_hash) else None


def now() -> datetime:
    return datetime.now(UTC)


DUMMY_HASH = hash_password(secrets.token_hex(8))


@dataclass(slots=True)
class Session:
    user: str
    role: str
    csrf: str
    expires: float


@dataclass
class Sessions:
    """Sessions in memory: a restart logs everyone out, which is safe."""

    lifetime: float = 8 * 3600
    items: dict[str, Session] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, user: str, role: str) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        session = Session(user, role, secrets.token_urlsafe(24), time.time() + self.lifetime)
        with self.lock:
            if len(self.items) > 10_000:  # clients without cookies each start one: drop the old
                self.items = {k: v for k, v in self.items.items() if v.expires > time.time()}
            self.items[token_key(token)] = session
        return token, session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self.lock:
            session = self.items.get(token_key(token))
            if session is None:
                return None
            if session.expires < time.time():
                del self.items[token_key(token)]
                return None
            return session

    def end(self, token: str | None) -> None:
        if token:
            with self.lock:
                self.items.pop(token_key(token), None)


def token_key(token: str) -> str:
    """Sessions are kept by a hash of their token, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per name and per client address in ``window`` seconds."""

    attempts: int = 5
    window: float = 300.0
    failures: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def blocked(self, *keys: str) -> bool:
        cutoff = time.time() - self.window
        with self.lock:
            for key in keys:
                recent = [t for t in self.failures.get(key, []) if t > cutoff]
                self.failures[key] = recent
                if len(recent) >= self.attempts:
                    return True
        return False

    def failed(self, *keys: str) -> None:
        with self.lock:
            for key in keys:
                self.failures.setdefault(key, []).append(time.time())

    def succeeded(self, *keys: str) -> None:
        with self.lock:
            for key in keys:
                self.failures.pop(key, None)
