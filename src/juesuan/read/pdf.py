"""PDF with a text layer → DocumentGrid, with pypdfium2 (Apache-2.0/BSD; PyMuPDF is AGPL).

Every page starts with a BREAK line. Ruled tables become aligned ROW lines, one cell per
physical column, merged cells with their span; the rest of the page becomes TEXT lines in
reading order. A page whose text cannot be read (a font without a Unicode map, a scanned
image, text drawn as outlines) gives a ``read.page_unreadable`` finding and is left out.
"""

from __future__ import annotations

import pypdfium2 as pdfium

from juesuan.model.findings import Finding, Severity
from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridLine, LineKind, UnreadableError
from juesuan.read.pdf_chars import PageContent, page_to_content
from juesuan.read.pdf_layout import page_to_grid_lines

RULE_UNREADABLE = "read.page_unreadable"
RULE_UNMAPPED = "read.chars_unmapped"
BAD_SHARE = 0.05  # more than this share of characters without Unicode: the page is unreadable
BAD_COUNT = 20
IMAGE_SHARE = 0.3  # a page without text whose images cover this much of it is a scan
MIN_TEXT = 5  # fewer characters than this on a page is "no text layer"
OUTLINE_CURVES = 200  # a textless page with this many curve segments shows text as outlines


def pdf_to_grid(path: str, data: bytes) -> DocumentGrid:
    document = open_pdf(path, data)
    try:
        lines: list[GridLine] = []
        findings: list[Finding] = []
        missing: list[str] = []
        pages = len(document)
        for index in range(pages):
            number = index + 1
            lines.append(GridLine(LineKind.BREAK, (), Source(path, page=number)))
            try:
                content = read_page(document, index)
                reason = unreadable_reason(content)
                page_lines = [] if reason else page_to_grid_lines(content, path)
            except Exception as exc:  # a damaged page must not cost the other pages
                reason = f"页面无法解析（{type(exc).__name__}: {exc}）"
            if reason:
                findings.append(unreadable_finding(path, number, reason))
                missing.append(f"page {number}")
                continue
            if content.bad_chars:
                findings.append(unmapped_chars_finding(path, number, content.bad_chars))
            lines.extend(page_lines)
    finally:
        document.close()
    if pages and len(missing) == pages:
        raise UnreadableError(path, f"PDF 的 {pages} 页均无法读取文字（{findings[0].message}）")
    return DocumentGrid(
        path=path,
        format="pdf",
        lines=tuple(lines),
        findings=tuple(findings),
        pages=pages,
        missing=tuple(missing),
    )


def open_pdf(path: str, data: bytes) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableError(path, damage_reason(data, exc)) from exc
    if len(document) == 0:
        document.close()
        raise UnreadableError(path, "PDF 文件没有页面（可能已截断）")
    return document


def damage_reason(data: bytes, exc: Exception) -> str:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "password" in detail.lower() or b"/Encrypt" in data[-4096:]:
        return f"PDF 文件已加密，需要密码才能打开：{detail}"
    if b"%%EOF" not in data[-2048:]:
        return f"PDF 文件不完整（末尾缺少 %%EOF，可能被截断），无法打开：{detail}"
    return f"不是有效的 PDF 文件或文件已损坏，无法打开：{detail}"


def read_page(document: pdfium.PdfDocument, index: int) -> PageContent:
    page = document[index]
    try:
        return page_to_content(page, index + 1)
    finally:
        page.close()


def unreadable_reason(content: PageContent) -> str:
    """Why a page's text cannot be trusted, in Chinese; empty when it can."""
    total = len(content.chars)
    if content.bad_chars > BAD_COUNT or (total and content.bad_chars > BAD_SHARE * total):
        return (
            f"{content.bad_chars}/{total} 个字符的字体没有 Unicode 映射（ToUnicode），无法识别文字"
        )
    if total < MIN_TEXT and content.image_area >= IMAGE_SHARE:
        return "页面是扫描图像，没有文字层"
    if total < MIN_TEXT and content.curve_segments >= OUTLINE_CURVES:
        return "页面文字以曲线轮廓绘制，没有文字层"
    return ""


def unreadable_finding(path: str, page: int, reason: str) -> Finding:
    return Finding(
        rule=RULE_UNREADABLE,
        severity=Severity.ERROR,
        message=f"第 {page} 页无法读取：{reason}；本页内容未读入。",
        source=Source(path, page=page).label(),
    )


def unmapped_chars_finding(path: str, page: int, count: int) -> Finding:
    """A few characters without Unicode on an otherwise readable page: shown as U+FFFD, so an
    amount holding one is no longer a number and cannot be read wrongly."""
    return Finding(
        rule=RULE_UNMAPPED,
        severity=Severity.WARNING,
        message=f"第 {page} 页有 {count} 个字符没有 Unicode 映射，以“\ufffd”代替；含这些字符的单元格未能读取。",
        source=Source(path, page=page).label(),
    )
