"""The JSON API over a real store: what it returns for a document is what ``juesuan check`` and
``juesuan facts`` print for the same file; broken files are kept as failed; decisions are kept
and carried to a new version; the ledger filters and pages."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from web_helpers import CAIZHENGJU, SEED, upload, wait_until_read


def cli(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "juesuan", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("original", [SEED, CAIZHENGJU], ids=["seed", "pdf"])
def test_api_gives_the_findings_and_facts_of_the_command_line(
    make_client, web_db, tmp_path, original
):
    name = "doc" + original.suffix
    shutil.copy(original, tmp_path / name)  # the CLI reads it under the same name as the upload
    client = make_client(web_db)
    response = upload(client, [(name, original.read_bytes())])
    assert response.status_code == 201
    (summary,) = response.json()["documents"]
    assert summary["status"] in ("queued", "processing", "checked")
    (row,) = wait_until_read(client, [summary["id"]])
    assert row["status"] == "checked"

    document = client.get(f"/api/documents/{summary['id']}").json()
    (expected,) = json.loads(cli("check", name, "--format", "json", cwd=tmp_path))["documents"]
    assert document["findings"] == expected["findings"]
    assert document["checked"] == expected["checked"]
    assert (document["unit_name"], document["year"]) == (expected["unit_name"], expected["year"])

    facts = client.get(f"/api/documents/{summary['id']}/facts").json()
    expected_facts = list(csv.DictReader(io.StringIO(cli("facts", name, cwd=tmp_path))))
    assert len(facts) > 100
    assert facts == expected_facts


def test_a_broken_upload_is_listed_as_failed_with_its_reason(make_client):
    client = make_client()
    response = upload(
        client,
        [("report.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n"), ("empty.xlsx", b"PK\x03\x04junk")],
    )
    ids = [d["id"] for d in response.json()["documents"]]
    rows = wait_until_read(client, ids)
    assert [r["status"] for r in rows] == ["failed", "failed"]
    assert all(r["reason"] for r in rows)
    failed = client.get("/api/documents", params={"status": "failed"}).json()
    assert {r["id"] for r in failed["documents"]} == set(ids)
    assert failed["counts"]["failed"] == 2
    page = client.get("/documents", params={"status": "failed"}).text
    assert "读取失败" in page and "report.pdf" in page


def test_the_same_file_twice_is_one_upload(make_client):
    client = make_client()
    first = upload(client, [("a.txt", SEED.read_bytes())]).json()["documents"][0]
    second = upload(client, [("b.txt", SEED.read_bytes())]).json()["documents"][0]
    assert first["id"] == second["id"]
    assert first["sha256"] == second["sha256"]


def changed_seed() -> bytes:
    """The seed with one printed amount changed: a new version of the same disclosure."""
    text = SEED.read_text(encoding="utf-8")
    assert "\t1.50\n" in text
    return text.replace("\t1.50\n", "\t1.51\n", 1).encode()


def test_a_decision_is_kept_and_carried_to_a_new_version(make_client, web_db):
    client = make_client(web_db)
    csrf = client.get("/api/session").json()["csrf"]
    (first,) = upload(client, [("seed.txt", SEED.read_bytes())], csrf).json()["documents"]
    wait_until_read(client, [first["id"]])
    findings = client.get(f"/api/documents/{first['id']}").json()["findings"]
    position = next(i for i, f in enumerate(findings) if f["severity"] == "error")
    response = client.post(
        f"/api/documents/{first['id']}/decisions",
        json={"finding": position, "decision": "dismissed", "reason": "印刷错误，已核实原件"},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 201, response.text
    assert response.json()["decision"]["decision"] == "dismissed"
    assert response.json()["decision"]["decided_by"] == "local"

    (second,) = upload(client, [("seed-v2.txt", changed_seed())], csrf).json()["documents"]
    (row,) = wait_until_read(client, [second["id"]])
    assert row["version"] == 2
    carried = client.get(f"/api/documents/{second['id']}").json()["decisions"]
    key = {k: findings[position][k] for k in ("rule", "table", "section", "row_key", "column")}
    assert any(
        {k: d[k] for k in key} == key and d["decision"]["reason"] == "印刷错误，已核实原件"
        for d in carried
    )
    # the old version left the ledger; the new one counts the carried decision
    ids = [r["id"] for r in client.get("/api/documents").json()["documents"]]
    assert second["id"] in ids and first["id"] not in ids
    assert row["decided"] >= 1


def test_the_ledger_filters_and_pages_by_key(make_client):
    client = make_client()
    ids = [
        d["id"]
        for d in upload(client, [("seed.txt", SEED.read_bytes()), ("bad.pdf", b"%PDF-1.4")]).json()[
            "documents"
        ]
    ]
    wait_until_read(client, ids)
    first = client.get("/api/documents", params={"limit": 1}).json()
    assert len(first["documents"]) == 1 and first["next_before"] == first["documents"][0]["id"]
    second = client.get(
        "/api/documents", params={"limit": 1, "before": first["next_before"]}
    ).json()
    assert second["documents"][0]["id"] < first["documents"][0]["id"]
    assert second["next_before"] is None
    found = client.get(
        "/api/documents", params={"q": "南芬区", "year": 2023, "kind": "决算"}
    ).json()
    assert [r["unit_name"] for r in found["documents"]] == [
        "辽宁省本溪市南芬区工业和信息化局（本级）"
    ]
    assert found["documents"][0]["errors"] > 0
    assert client.get("/api/documents", params={"kind": "预算"}).json()["documents"] == []
    assert client.get("/api/documents", params={"year": "x"}).status_code == 400


def test_exports_hold_the_decisions(make_client):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = make_client()
    csrf = client.get("/api/session").json()["csrf"]
    (doc,) = upload(client, [("p.pdf", CAIZHENGJU.read_bytes())], csrf).json()["documents"]
    wait_until_read(client, [doc["id"]])
    findings = client.get(f"/api/documents/{doc['id']}").json()["findings"]
    position = next(i for i, f in enumerate(findings) if f["cells"])
    client.post(
        f"/api/documents/{doc['id']}/decisions",
        json={"finding": position, "decision": "confirmed", "reason": "已核对"},
        headers={"X-CSRF-Token": csrf},
    )
    book = load_workbook(io.BytesIO(client.get(f"/documents/{doc['id']}/review.xlsx").content))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row]
    assert "已核对" in values and "确认" in values
    review_pdf = PdfReader(io.BytesIO(client.get(f"/documents/{doc['id']}/review.pdf").content))
    assert "已核对" in "".join(page.extract_text() for page in review_pdf.pages)
    annotated = PdfReader(io.BytesIO(client.get(f"/documents/{doc['id']}/annotated.pdf").content))
    notes = [
        annotation.get_object()
        for page in annotated.pages
        for annotation in page.get("/Annots") or []
    ]
    highlights = [n for n in notes if n["/Subtype"] == "/Highlight"]
    assert highlights and any("已核对" in str(n["/Contents"]) for n in highlights)
    assert len(annotated.pages) == len(PdfReader(CAIZHENGJU).pages)


def test_charts_tables_and_compare(make_client):
    client = make_client()
    ids = [
        d["id"]
        for d in upload(
            client, [("seed.txt", SEED.read_bytes()), ("v2.txt", changed_seed())]
        ).json()["documents"]
    ]
    wait_until_read(client, ids)
    charts = client.get(f"/api/documents/{ids[0]}/charts").json()
    assert charts["function"]["table"] == "T03"
    assert [n["code"] for n in charts["function"]["nodes"]][:1] == ["201"]
    assert set(charts["basic_project"]) == {"基本支出", "项目支出"}
    assert charts["sangong"] and all("决算数" in s for s in charts["sangong"])
    tables = client.get(f"/api/documents/{ids[0]}/tables").json()
    assert [t["id"] for t in tables][:3] == ["T01", "T02", "T03"]
    compare = client.get("/api/compare", params={"a": ids[0], "b": ids[1]}).json()
    changed = [r for r in compare["rows"] if r["change"] != "same"]
    assert len(changed) == 1
    assert {(r["a"], r["b"], r["difference"]) for r in changed} >= {("1.50", "1.51", "0.01")}
    assert client.get(f"/api/documents/{ids[1]}").json()["related"]["previous_version"] == ids[0]
    assert f'href="/compare?a={ids[0]}&amp;b={ids[1]}"' in client.get(f"/documents/{ids[1]}").text
    across = client.get("/api/explore", params={"year": 2023}).json()
    assert across["series"] and across["series"][0]["basic"] is not None
    for path in (
        f"/documents/{ids[0]}/explore",
        "/explore?year=2023",
        f"/compare?a={ids[0]}&b={ids[1]}",
    ):
        assert client.get(path).status_code == 200


def test_units_by_year_show_what_was_not_uploaded(make_client):
    client = make_client()
    ids = [
        d["id"]
        for d in upload(
            client, [("seed.txt", SEED.read_bytes()), ("p.pdf", CAIZHENGJU.read_bytes())]
        ).json()["documents"]
    ]
    wait_until_read(client, ids)
    matrix = client.get("/api/units", params={"kind": "决算"}).json()
    assert matrix["years"] == [2023, 2024]
    by_unit = {u["unit_name"]: u["cells"] for u in matrix["units"]}
    assert set(by_unit["上海市普陀区财政局"]) == {"2024决算"}  # 2023 not uploaded
    assert by_unit["辽宁省本溪市南芬区工业和信息化局（本级）"]["2023决算"]["review"] == "errors"
    page = client.get("/units").text
    assert "未上传" in page and "上海市普陀区财政局" in page
    assert client.get("/api/units", params={"kind": "预算"}).json()["units"] == []


def test_the_api_is_documented_and_served_offline(make_client):
    client = make_client()
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/documents",
        "/api/documents/{upload_id}",
        "/api/documents/{upload_id}/facts",
        "/api/login",
    ):
        assert path in schema["paths"], path
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/echarts.min.js").status_code == 200


def test_documents_stored_by_the_command_line_join_the_ledger(tmp_path, make_client):
    from juesuan.pipeline import load
    from juesuan.store import open_store

    url = f"sqlite:///{tmp_path / 'web.db'}"
    disclosure, report = load(SEED)
    with open_store(url) as store:
        store.save(disclosure, report)
    client = make_client(url)
    (row,) = client.get("/api/documents").json()["documents"]
    assert (row["unit_name"], row["status"], row["review"]) == (
        "辽宁省本溪市南芬区工业和信息化局（本级）",
        "checked",
        "errors",
    )
    document = client.get(f"/api/documents/{row['id']}").json()
    stored_rules = [f["rule"] for f in document["findings"]]
    assert stored_rules == [f.rule for f in disclosure.read_findings] + [
        f.rule for f in report.findings if f not in disclosure.read_findings
    ]
    from markupsafe import escape

    page = client.get(f"/documents/{row['id']}?finding=0").text
    assert str(escape(document["findings"][0]["message"])) in page
