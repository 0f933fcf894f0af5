"""The pages and their JSON twins. Each handler gathers data once; the HTML page renders it with
an autoescaping template, the ``/api`` twin returns it as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import Engine, select

from juesuan.store.web import DECISIONS, UploadBlob
from juesuan.web import charts, exports
from juesuan.web.ledger import (
    LedgerQuery,
    batch_progress,
    ledger_page,
    ledger_years,
    unit_year_matrix,
)
from juesuan.web.pages import finding_boxes, render_page
from juesuan.web.review import (
    decide,
    findings_with_decisions,
    related_uploads,
    upload_document,
    upload_report,
)

if TYPE_CHECKING:
    from juesuan.web.auth import Session


class Login(BaseModel):
    name: str
    password: str


class DecisionIn(BaseModel):
    finding: int  # the finding's position in the document's report
    decision: str  # confirmed / dismissed
    reason: str = ""


def web() -> Any:
    from juesuan.web import app as web_app

    return web_app


def page(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
    env = request.app.state.env
    html = env.get_template(template).render(session=request.state.session, **data)
    return HTMLResponse(html, status_code=status)


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.juesuan.store.engine
    return engine


def upload_summary(engine: Engine, upload_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        upload = upload_document(conn, upload_id)
    assert upload is not None
    return {
        "id": upload["id"],
        "sha256": upload["sha256"],
        "file_name": upload["file_name"],
        "unit_name": upload["unit_name"],
        "year": upload["year"],
        "kind": upload["kind"],
        "status": upload["status"],
        "reason": upload["reason"],
    }


def ledger_query(request: Request) -> LedgerQuery:
    params = request.query_params
    try:
        year = int(params["year"]) if params.get("year") else None
        before = int(params["before"]) if params.get("before") else None
        limit = min(max(int(params.get("limit") or 50), 1), 500)
    except ValueError as exc:
        raise HTTPException(400, "year、before、limit 须为整数") from exc
    return LedgerQuery(
        q=params.get("q", "")[:200],
        year=year,
        kind=params.get("kind", "") if params.get("kind") in ("预算", "决算") else "",
        status=params.get("status", "")[:20],
        before=before,
        limit=limit,
    )


def ledger_data(request: Request) -> dict[str, Any]:
    query = ledger_query(request)
    with engine_of(request).connect() as conn:
        data = ledger_page(conn, query)
        data["years"] = ledger_years(conn)
    data["query"] = {"q": query.q, "year": query.year, "kind": query.kind, "status": query.status}
    return data


def document_data(request: Request, upload_id: int) -> dict[str, Any]:
    with engine_of(request).connect() as conn:
        upload = upload_document(conn, upload_id)
        if upload is None:
            raise HTTPException(404, f"没有编号为 {upload_id} 的文档")
        upload["report_json"] = upload_report(conn, upload)
        upload["findings"] = findings_with_decisions(conn, upload)
        upload["related"] = related_uploads(conn, upload)
    return upload


def blob(request: Request, sha256: str) -> bytes | None:
    with engine_of(request).connect() as conn:
        data: bytes | None = conn.execute(
            select(UploadBlob.data).where(UploadBlob.sha256 == sha256)
        ).scalar()
    return data


def facts_of(request: Request, upload: dict[str, Any]) -> list[dict[str, Any]]:
    if upload["document_id"] is None:
        return []
    store = request.app.state.juesuan.store
    return [
        {k: v for k, v in fact.items() if k not in ("unit_name", "year", "document")}
        for fact in store.facts(latest=False, document_id=upload["document_id"])
    ]


def grouped_findings(
    findings: list[dict[str, Any]],
) -> list[tuple[str, list[tuple[str, list[dict[str, Any]]]]]]:
    """Findings by table (document-wide ones first), then by severity error → warning → info."""
    order = {"error": 0, "warning": 1, "info": 2}
    tables: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for finding in sorted(findings, key=lambda f: (f["table"], order.get(f["severity"], 3))):
        tables.setdefault(finding["table"], {}).setdefault(finding["severity"], []).append(finding)
    return [(table, list(by_severity.items())) for table, by_severity in tables.items()]


def register(app: FastAPI) -> None:
    w = web()

    # --- login ---------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return page(request, "login.html", error="", next="/")

    @app.post("/login", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        form = await request.form()
        started = w.try_login(request, str(form.get("name") or ""), str(form.get("password") or ""))
        if started is None:
            return page(request, "login.html", 401, error="用户名或密码不正确", next="/")
        target = str(form.get("next") or "/")
        response = RedirectResponse(
            target if target.startswith("/") and not target.startswith("//") else "/", 303
        )
        w.set_session_cookie(response, started[0], request.app.state.juesuan)
        return response

    @app.post("/api/login", tags=["session"], summary="登录，返回会话 cookie 与 CSRF 令牌")
    def api_login(request: Request, body: Login) -> JSONResponse:
        started = w.try_login(request, body.name, body.password)
        if started is None:
            return JSONResponse({"detail": "用户名或密码不正确"}, status_code=401)
        token, session = started
        response = JSONResponse({"name": session.user, "role": session.role, "csrf": session.csrf})
        w.set_session_cookie(response, token, request.app.state.juesuan)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        session = w.current(request)
        w.check_csrf(request, session, await request.form())
        request.app.state.juesuan.sessions.end(request.cookies.get(w.COOKIE))
        response = RedirectResponse("/login", 303)
        response.delete_cookie(w.COOKIE)
        return response

    @app.get("/api/session", tags=["session"], summary="当前用户、角色与 CSRF 令牌")
    def api_session(request: Request) -> dict[str, Any]:
        session = w.current(request)
        return {"name": session.user, "role": session.role, "csrf": session.csrf}

    # --- ledger and uploads --------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def ledger(request: Request) -> HTMLResponse:
        w.current(request)
        return page(request, "ledger.html", **ledger_data(request))

    @app.get(
        "/api/documents",
        tags=["ledger"],
        summary="台账：单位 × 年度 × 类型、状态、按严重程度计数；按 before 翻页",
    )
    def api_ledger(request: Request) -> dict[str, Any]:
        w.current(request)
        return ledger_data(request)

    def matrix_data(request: Request) -> dict[str, Any]:
        params = request.query_params
        kind = params.get("kind", "") if params.get("kind") in ("预算", "决算") else ""
        with engine_of(request).connect() as conn:
            data = unit_year_matrix(
                conn, kind, params.get("q", "")[:200], params.get("after", "")[:500]
            )
        return data | {"query": {"q": params.get("q", ""), "kind": kind}}

    @app.get("/units", response_class=HTMLResponse, include_in_schema=False)
    def matrix(request: Request) -> HTMLResponse:
        w.current(request)
        return page(request, "units.html", **matrix_data(request))

    @app.get(
        "/api/units",
        tags=["ledger"],
        summary="单位 × 年度：每年最新文档的复核状态；未上传的年度为空；按 after 翻页",
    )
    def api_matrix(request: Request) -> dict[str, Any]:
        w.current(request)
        return matrix_data(request)

    @app.post(
        "/api/documents",
        status_code=201,
        tags=["ledger"],
        summary="上传一个或多个文件（multipart 字段 file）",
    )
    async def api_upload(request: Request) -> dict[str, Any]:
        session = w.current(request, *w.WRITERS)
        form = await request.form(max_files=request.app.state.juesuan.settings.max_files + 1)
        w.check_csrf(request, session, form)
        return {"documents": await w.store_uploads(request, form, session)}

    @app.get("/api/batches/{batch}", tags=["ledger"], summary="一批上传的进度（按状态计数）")
    def api_batch(request: Request, batch: str) -> dict[str, int]:
        w.current(request)
        with engine_of(request).connect() as conn:
            return batch_progress(conn, batch)

    # --- one document --------------------------------------------------------------------

    @app.get("/documents/{upload_id}", response_class=HTMLResponse, include_in_schema=False)
    def review(request: Request, upload_id: int, finding: int | None = None) -> HTMLResponse:
        w.current(request)
        upload = document_data(request, upload_id)
        findings = upload["findings"]
        chosen = findings[finding] if finding is not None and 0 <= finding < len(findings) else None
        pages = finding_boxes(chosen, upload["boxes"] or {}) if chosen else {}
        grid = charts.finding_grid(facts_of(request, upload), chosen) if chosen else None
        shown = min(pages) if pages else None
        size = None
        if shown is not None and upload["format"] == "pdf":
            rendered = render_page(upload["sha256"], lambda: blob(request, upload["sha256"]), shown)
            size = rendered[1:] if rendered else None
        return page(
            request,
            "review.html",
            doc=upload,
            groups=grouped_findings(findings),
            chosen=chosen,
            pages=pages,
            shown=shown,
            size=size,
            grid=grid,
            decisions=DECISIONS,
        )

    @app.get(
        "/api/documents/{upload_id}",
        tags=["document"],
        summary="文档审核结果，同 check --format json",
    )
    def api_document(request: Request, upload_id: int) -> dict[str, Any]:
        w.current(request)
        upload = document_data(request, upload_id)
        report = upload["report_json"] or {"findings": [], "checked": []}
        return {
            **report,
            "id": upload_id,
            "status": upload["status"],
            "reason": upload["reason"],
            "kind": upload["kind"],
            "review": upload["review"],
            "related": upload["related"],
            "decisions": [f for f in upload["findings"] if f["decision"]],
        }

    @app.get(
        "/api/documents/{upload_id}/facts",
        tags=["document"],
        summary="文档的事实行，同 juesuan facts",
    )
    def api_facts(request: Request, upload_id: int) -> list[dict[str, Any]]:
        w.current(request)
        return facts_of(request, document_data(request, upload_id))

    @app.get("/documents/{upload_id}/pages/{number}.png", include_in_schema=False)
    def page_image(request: Request, upload_id: int, number: int) -> Response:
        w.current(request)
        upload = document_data(request, upload_id)
        if upload["format"] != "pdf":
            raise HTTPException(404, "此文档没有可显示的 PDF 页面")
        try:
            rendered = render_page(
                upload["sha256"], lambda: blob(request, upload["sha256"]), number
            )
        except IndexError as exc:
            raise HTTPException(404, f"没有第 {number} 页") from exc
        if rendered is None:
            raise HTTPException(404, "原文件不在库中")
        png = rendered[0]
        return Response(
            png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
        )

    async def record_decision(
        request: Request,
        upload_id: int,
        position: int,
        decision: str,
        reason: str,
        session: Session,
    ) -> None:
        if decision not in DECISIONS:
            raise HTTPException(400, f"decision 须为 {' 或 '.join(DECISIONS)}")
        with engine_of(request).begin() as conn:
            upload = upload_document(conn, upload_id)
            if upload is None:
                raise HTTPException(404, f"没有编号为 {upload_id} 的文档")
            findings = findings_with_decisions(conn, upload)
            if not 0 <= position < len(findings):
                raise HTTPException(404, f"没有第 {position} 条发现")
            decide(conn, upload, findings[position], decision, reason[:2000], session.user)

    @app.post("/documents/{upload_id}/decisions", include_in_schema=False)
    async def decision_form(request: Request, upload_id: int) -> Response:
        session = w.current(request, *w.WRITERS)
        form = await request.form()
        w.check_csrf(request, session, form)
        try:
            position = int(str(form.get("finding")))
        except ValueError as exc:
            raise HTTPException(400, "finding 须为整数") from exc
        await record_decision(
            request,
            upload_id,
            position,
            str(form.get("decision") or ""),
            str(form.get("reason") or ""),
            session,
        )
        return RedirectResponse(f"/documents/{upload_id}?finding={position}#f{position}", 303)

    @app.post(
        "/api/documents/{upload_id}/decisions",
        status_code=201,
        tags=["document"],
        summary="确认或驳回一条发现（附理由）",
    )
    async def api_decision(request: Request, upload_id: int, body: DecisionIn) -> dict[str, Any]:
        session = w.current(request, *w.WRITERS)
        w.check_csrf(request, session)
        await record_decision(request, upload_id, body.finding, body.decision, body.reason, session)
        return document_data(request, upload_id)["findings"][body.finding]

    @app.get("/documents/{upload_id}/review.xlsx", tags=["export"], summary="复核结果 XLSX")
    def review_xlsx(request: Request, upload_id: int) -> Response:
        w.current(request)
        data = exports.review_xlsx(document_data(request, upload_id))
        return attachment(data, f"review-{upload_id}.xlsx", exports.XLSX_TYPE)

    @app.get("/documents/{upload_id}/review.pdf", tags=["export"], summary="复核结果 PDF")
    def review_pdf(request: Request, upload_id: int) -> Response:
        w.current(request)
        data = exports.review_pdf(document_data(request, upload_id))
        return attachment(data, f"review-{upload_id}.pdf", "application/pdf")

    @app.get(
        "/documents/{upload_id}/annotated.pdf",
        tags=["export"],
        summary="原 PDF 加批注（高亮单元格与说明）",
    )
    def annotated(request: Request, upload_id: int) -> Response:
        w.current(request)
        upload = document_data(request, upload_id)
        data = blob(request, upload["sha256"])
        if data is None or upload["format"] != "pdf":
            raise HTTPException(404, "此文档不是 PDF")
        return attachment(
            exports.annotated_pdf(data, upload), f"annotated-{upload_id}.pdf", "application/pdf"
        )

    # --- explore and compare -------------------------------------------------------------

    @app.get("/documents/{upload_id}/explore", response_class=HTMLResponse, include_in_schema=False)
    def explore(request: Request, upload_id: int) -> HTMLResponse:
        w.current(request)
        upload = document_data(request, upload_id)
        tables = charts.tables_view(request.app.state.juesuan.store, upload)
        return page(request, "explore.html", doc=upload, tables=tables)

    @app.get(
        "/api/documents/{upload_id}/charts",
        tags=["explore"],
        summary="图表数据：功能分类、基本/项目、经济分类、三公",
    )
    def api_charts(request: Request, upload_id: int) -> dict[str, Any]:
        w.current(request)
        return charts.document_charts(facts_of(request, document_data(request, upload_id)))

    @app.get(
        "/api/documents/{upload_id}/tables", tags=["explore"], summary="九张表，按文档中的样子"
    )
    def api_tables(request: Request, upload_id: int) -> list[dict[str, Any]]:
        w.current(request)
        return charts.tables_view(
            request.app.state.juesuan.store, document_data(request, upload_id)
        )

    @app.get("/explore", response_class=HTMLResponse, include_in_schema=False)
    def explore_many(request: Request, unit: str = "", year: int | None = None) -> HTMLResponse:
        w.current(request)
        return page(request, "explore_many.html", unit=unit, year=year)

    @app.get(
        "/api/explore", tags=["explore"], summary="一个单位历年，或一年各单位并列（基本/项目支出）"
    )
    def api_explore(request: Request, unit: str = "", year: int | None = None) -> dict[str, Any]:
        w.current(request)
        return charts.across(request.app.state.juesuan.store, unit, year)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(request: Request, a: int, b: int) -> HTMLResponse:
        w.current(request)
        return page(request, "compare.html", **compare_data(request, a, b))

    @app.get("/api/compare", tags=["explore"], summary="两个版本或两个年度逐单元格比较")
    def api_compare(request: Request, a: int, b: int) -> dict[str, Any]:
        w.current(request)
        return compare_data(request, a, b)

    def compare_data(request: Request, a: int, b: int) -> dict[str, Any]:
        first, second = document_data(request, a), document_data(request, b)
        rows = charts.compare_facts(facts_of(request, first), facts_of(request, second))
        keep = ("id", "unit_name", "year", "kind", "version", "file_name")
        return {"a": {k: first[k] for k in keep}, "b": {k: second[k] for k in keep}, "rows": rows}


def attachment(data: bytes, name: str, media_type: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
