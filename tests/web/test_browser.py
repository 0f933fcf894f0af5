"""The web app in a real browser (Playwright driving Debian's Chromium) against ``juesuan serve``:
upload, ledger, a finding's page with its cells boxed, a decision kept over a reload, charts
without console errors, exports, and a 300-document folder with progress. Screenshots go to
out/screenshots/."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_helpers import CAIZHENGJU, REPO, SCREENSHOTS, SEED

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.errors = []  # console errors and uncaught exceptions, checked by the tests
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def ledger_ids(server: str, page: Any) -> dict[str, int]:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    rows = httpx.get(server + "/api/documents", cookies=cookies, timeout=30).json()["documents"]
    return {r["file_name"]: r["id"] for r in rows}


def test_review_workflow_in_the_browser(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server + "/")
    assert page.title().startswith("台账")
    page.set_input_files("#files", [str(SEED), str(CAIZHENGJU)])
    page.click("#send")
    page.wait_for_selector("text=上海市普陀区财政局", timeout=300_000)
    page.wait_for_selector("text=辽宁省本溪市南芬区工业和信息化局（本级）")
    shot(page, "01-ledger.png")
    ids = ledger_ids(server, page)

    # a finding of the PDF: its page, with the cells boxed
    page.click("text=上海市普陀区财政局")
    page.locator("li.finding", has_text="t02.classes_total").first.locator("a.open").click()
    page.wait_for_selector(".pdfpage .box")
    image = page.locator(".pdfpage img")
    page.wait_for_function("() => document.querySelector('.pdfpage img').naturalWidth > 0")
    assert image.bounding_box()["width"] > 300
    boxes = page.locator(".pdfpage .box")
    assert boxes.count() >= 1
    box = boxes.first.bounding_box()
    frame = page.locator(".pdfpage").bounding_box()
    assert (
        0 < box["width"] < frame["width"] / 2 and box["y"] > frame["y"]
    )  # a cell, inside the page
    page.locator(".pdfpage").scroll_into_view_if_needed()
    shot(page, "02-review-pdf-cell-boxed.png")

    # dismiss an error of the seed, reload, the decision is still there
    page.goto(f"{server}/documents/{ids[SEED.name]}")
    first_error = page.locator("li.finding.error").first
    finding_id = first_error.get_attribute("id")
    first_error.locator("input[name=reason]").fill("原件核对无误：印刷顺序不同")
    first_error.locator("button[value=dismissed]").click()
    page.wait_for_load_state()
    page.reload()
    kept = page.locator(f"li#{finding_id}")
    assert "decided-dismissed" in kept.get_attribute("class")
    assert "原件核对无误：印刷顺序不同" in kept.inner_text()
    kept.scroll_into_view_if_needed()
    shot(page, "03-decision-kept.png")

    # export the review: the decision is in the workbook
    with page.expect_download() as download:
        page.click("#export-xlsx")
    path = tmp_path / "review.xlsx"
    download.value.save_as(path)
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row]
    assert "原件核对无误：印刷顺序不同" in cells
    page.goto(f"{server}/documents/{ids[CAIZHENGJU.name]}")
    with page.expect_download() as download:
        page.click("#export-annotated")
    from pypdf import PdfReader

    annotated = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert any(page_.get("/Annots") for page_ in annotated.pages)

    # charts: drawn, no console error
    page.errors.clear()
    page.goto(f"{server}/documents/{ids[SEED.name]}/explore")
    for chart in ("function", "basic", "economic", "sangong"):
        page.wait_for_selector(f"#chart-{chart} canvas")
    page.wait_for_timeout(800)  # let the animations finish before the screenshot
    shot(page, "04-charts.png")
    page.goto(f"{server}/explore?year=2023")
    page.wait_for_selector("#chart-across canvas")
    page.check("#share")
    page.wait_for_timeout(800)
    shot(page, "05-units-of-a-year.png")
    assert page.errors == []


def test_a_folder_of_300_documents_uploads_with_progress(
    server: str, page: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    made = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate.py"),
            str(folder),
            "--text",
            "300",
            "--seed",
            "12",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) == 300
    page.goto(server + "/")
    page.set_input_files("#folder", str(folder))
    page.click("#send")
    page.wait_for_selector("#progress-text:has-text('已审核')", timeout=300_000)
    shot(page, "06-folder-progress.png")
    page.wait_for_selector("#progress-text:has-text('完成')", timeout=900_000)
    assert page.locator("#progress-text").inner_text().startswith("已审核 300 / 300")
    page.wait_for_selector(
        "#ledger tbody tr:nth-child(50)", timeout=60_000
    )  # reloaded: the ledger lists them
    shot(page, "07-folder-done.png")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    ledger = httpx.get(
        server + "/api/documents", params={"limit": 500}, cookies=cookies, timeout=30
    ).json()
    # variants that share a unit and year are versions of one disclosure: the ledger lists the
    # latest, and the latest's version number counts them all
    assert all(r["status"] == "checked" for r in ledger["documents"])
    assert sum(r["version"] for r in ledger["documents"]) == 300
    assert "failed" not in ledger["counts"] and "queued" not in ledger["counts"]
    shutil.rmtree(folder)
