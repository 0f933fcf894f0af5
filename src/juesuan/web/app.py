"""The web app: ledger, review workbench, charts and comparison over the store, with a JSON twin
for every page (``/api/...``, documented at ``/docs`` and ``/openapi.json``)."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import insert, select
from starlette.datastructures import FormData, UploadFile

from juesuan.store import Store, open_store
from juesuan.store.web import Upload, UploadBlob
from juesuan.web import views
from juesuan.web.auth import LOCAL_USER, LoginLimiter, Session, Sessions, check_login, count_users
from juesuan.web.ledger import adopt_stored_documents
from juesuan.web.process import Processor
from juesuan.web.review import now

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = STATIC / "node_modules" / "echarts" / "dist"  # npm ci in static/ (scripts/setup.sh)
SWAGGER = STATIC / "node_modules" / "swagger-ui-dist"
COOKIE = "juesuan_session"
PUBLIC_PATHS = ("/login", "/api/login", "/static/", "/docs", "/openapi.json")
WRITERS = ("admin", "reviewer")
MB = 1024 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    db_url: str | None = None
    max_upload_mb: float = 100.0
    max_files: int = 500
    workers: int = 1
    loopback: bool = True
    session_hours: float = 8.0


@dataclass
class AppState:
    settings: Settings
    store: Store
    processor: Processor
    sessions: Sessions
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    users_checked: float = 0.0
    has_users: bool = False

    def accounts_exist(self) -> bool:
        """Cached a few seconds: an account added with ``juesuan user add`` soon takes effect."""
        if self.has_users or time.time() - self.users_checked > 2:
            self.has_users = count_users(self.store.engine) > 0
            self.users_checked = time.time()
        return self.has_users


def templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
    )
    env.filters["money"] = lambda v: "" if v is None else str(v)
    return env


def create_app(settings: Settings) -> FastAPI:
    store = open_store(settings.db_url, command_name="serve")
    processor = Processor(store, settings.workers)
    state = AppState(settings, store, processor, Sessions(settings.session_hours * 3600))
    with store.engine.begin() as conn:
        adopt_stored_documents(conn)
    processor.resume()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        processor.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served below from the package's own copy of Swagger UI: no CDN
        redoc_url=None,
        title="juesuan",
        summary="部门预决算公开的审核台账、复核工作台与图表",
        description=API_DESCRIPTION,
        version="1",
    )
    app.state.juesuan = state
    app.state.env = templates()
    app.mount("/static/vendor", StaticFiles(directory=VENDOR, check_dir=False), name="vendor")
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER, check_dir=False), name="swagger")
    app.get("/docs", include_in_schema=False)(api_docs)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.middleware("http")(security_middleware)
    views.register(app)
    return app


API_DESCRIPTION = """\
Every HTML page has a JSON twin under `/api`. Log in with `POST /api/login`; send the returned
`csrf` token as the `X-CSRF-Token` header on every POST. On a loopback address with no account a
single local user is signed in automatically. 401: not logged in; 403: the role may not act
(viewers read only); 413: upload too large or too many files."""


def api_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="juesuan API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="",
    )


# --- sessions, roles, CSRF ----------------------------------------------------------------


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.juesuan
    return state


async def security_middleware(request: Request, call_next: Any) -> Response:
    state = app_state(request)
    token = request.cookies.get(COOKIE)
    session = state.sessions.get(token)
    new_token: str | None = None
    if session is None and not state.accounts_exist() and state.settings.loopback:
        new_token, session = state.sessions.start(LOCAL_USER, "admin")
    request.state.session = session
    length = int(request.headers.get("content-length") or 0)
    if length > state.settings.max_upload_mb * MB * state.settings.max_files + MB:
        return JSONResponse({"detail": "请求过大"}, status_code=413)
    if session is None and not request.url.path.startswith(PUBLIC_PATHS):
        return unauthorised(request)
    response: Response = await call_next(request)
    if new_token:
        set_session_cookie(response, new_token, state)
    # Swagger UI starts itself with an inline script; every other page runs only our own files.
    scripts = "'self' 'unsafe-inline'" if request.url.path == "/docs" else "'self'"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def unauthorised(request: Request) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "需要登录"}, status_code=401)
    env: Environment = request.app.state.env
    html = env.get_template("login.html").render(error="", next=request.url.path, session=None)
    return HTMLResponse(html, status_code=401)


def set_session_cookie(response: Response, token: str, state: AppState) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(state.settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=False,  # served over plain HTTP on loopback; put TLS in front for other hosts
    )


def current(request: Request, *roles: str) -> Session:
    """The signed-in session; 401 without one, 403 when its role is not among ``roles``."""
    session: Session | None = request.state.session
    if session is None:
        raise HTTPException(401, "需要登录")
    if roles and session.role not in roles:
        raise HTTPException(403, f"角色 {session.role} 无权执行此操作")
    return session


def check_csrf(request: Request, session: Session, form: FormData | None = None) -> None:
    sent = request.headers.get("x-csrf-token") or (str(form.get("csrf") or "") if form else "")
    if not secrets.compare_digest(sent, session.csrf):
        raise HTTPException(403, "CSRF 校验失败，请刷新页面后重试")


def try_login(request: Request, name: str, password: str) -> tuple[str, Session] | None:
    state = app_state(request)
    client = request.client.host if request.client else "?"
    keys = (f"name:{name}", f"ip:{client}")
    if state.limiter.blocked(*keys):
        raise HTTPException(429, "登录失败次数过多，请稍后再试")
    role = check_login(state.store.engine, name, password)
    if role is None:
        state.limiter.failed(*keys)
        return None
    state.limiter.succeeded(*keys)
    return state.sessions.start(name, role)


# --- uploads ------------------------------------------------------------------------------


def safe_name(name: str | None) -> str:
    """The client's file name, shown only: its last part, printable, bounded."""
    last = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in last if ch.isprintable()).strip()[:200]
    return clean or "upload"


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(MB):
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"文件 {safe_name(upload.filename)} 超过 {limit // MB} MB")
        chunks.append(chunk)
    return b"".join(chunks)


async def store_uploads(request: Request, form: FormData, session: Session) -> list[dict[str, Any]]:
    state = app_state(request)
    files = [f for f in form.getlist("file") if isinstance(f, UploadFile)]
    if not files:
        raise HTTPException(400, "没有上传文件（字段 file）")
    if len(files) > state.settings.max_files:
        raise HTTPException(413, f"一次最多上传 {state.settings.max_files} 个文件")
    limit = int(state.settings.max_upload_mb * MB)
    contents = [(safe_name(f.filename), await read_limited(f, limit)) for f in files]
    batch = str(form.get("batch") or "")[:40] or secrets.token_hex(8)
    return [register_upload(state, name, data, session.user, batch) for name, data in contents]


def register_upload(
    state: AppState, name: str, data: bytes, user: str, batch: str
) -> dict[str, Any]:
    sha256 = hashlib.sha256(data).hexdigest()
    engine = state.store.engine
    with engine.begin() as conn:
        existing = conn.execute(select(Upload.id).where(Upload.sha256 == sha256)).scalar()
        has_blob = conn.execute(
            select(UploadBlob.sha256).where(UploadBlob.sha256 == sha256)
        ).first()
        if not has_blob:  # also the file of a document stored by `juesuan ingest`
            conn.execute(insert(UploadBlob).values(sha256=sha256, data=data))
        if existing is None:
            existing = conn.execute(
                insert(Upload).values(
                    sha256=sha256,
                    file_name=name,
                    size=len(data),
                    status="queued",
                    batch=batch,
                    decided=0,
                    uploaded_by=user,
                    uploaded_at=now(),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            fresh = True
        else:
            fresh = False
    if fresh:
        state.processor.submit(int(existing), name, data)
    return views.upload_summary(state.store.engine, int(existing)) | {"batch": batch}
