"""PDF with a text layer → DocumentGrid, with PDFium as pypdfium2 ships it (Apache-2.0/BSD;
PyMuPDF is AGPL).

Every page starts with a BREAK line. Ruled tables become aligned ROW lines, one cell per
physical column, merged cells with their span; the rest of the page becomes TEXT lines in
reading order. A page whose text cannot be read (a font without a Unicode map, a scanned
image, text drawn as outlines) gives a ``read.page_unreadable`` finding and is left out.
A file cut short is repaired as far as its objects are complete (``read.pdf_truncated``); a
file that is no PDF at all, or is encrypted, raises UnreadableError with a one-line reason.
"""

from __future__ import annotations

import re

from juesuan.model.findings import Finding, Severity
from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridLine, LineKind, UnreadableError
from juesuan.read.limits import MAX_PDF_PAGES
from juesuan.read.pdf_chars import PageContent, page_to_content
from juesuan.read.pdf_document import Document, PdfiumError
from juesuan.read.pdf_layout import page_to_grid_lines

RULE_UNREADABLE = "read.page_unreadable"
RULE_UNMAPPED = "read.chars_unmapped"
RULE_TRUNCATED = "read.pdf_truncated"
BAD_SHARE = 0.05  # more than this share of characters without Unicode: the page is unreadable
BAD_COUNT = 20
IMAGE_SHARE = 0.3  # a page without text whose images cover this much of it is a scan
MIN_TEXT = 5  # fewer characters than this on a page is "no text layer"
OUTLINE_CURVES = 200  # a textless page with this many curve segments shows text as outlines


def pdf_to_grid(path: str, data: bytes) -> DocumentGrid:
    document, truncated = open_pdf(path, data)
    lines: list[GridLine] = []
    findings: list[Finding] = [truncated_finding(path)] if truncated else []
    missing: list[str] = []
    pages = len(document)
    if pages > MAX_PDF_PAGES:  # read the first pages; the rest is reported, never silently lost
        missing.append(f"第{MAX_PDF_PAGES + 1}页以后（超过 {MAX_PDF_PAGES} 页的读取上限）")
        pages = MAX_PDF_PAGES
    try:
        for index in range(pages):
            number = index + 1
            lines.append(GridLine(LineKind.BREAK, (), Source(path, page=number)))
            try:
                content = read_page(document, index)
                reason = unreadable_reason(content, truncated)
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
    if len(missing) == pages:
        cause = "文件被截断，" if truncated else ""
        raise UnreadableError(
            path, f"{cause}PDF 的 {pages} 页均无法读取文字（{findings[-1].message}）"
        )
    return DocumentGrid(
        path=path,
        format="pdf",
        lines=tuple(lines),
        findings=tuple(findings),
        pages=pages,
        missing=tuple(missing),
    )


def open_pdf(path: str, data: bytes) -> tuple[Document, bool]:
    """The document, and whether it had to be repaired after being cut short."""
    truncated = False
    try:
        document = Document(data)
    except PdfiumError as exc:
        repaired = repair_truncated(data)
        if repaired is None:
            raise UnreadableError(path, damage_reason(data, exc)) from exc
        try:
            document = Document(repaired)
        except PdfiumError:
            raise UnreadableError(path, damage_reason(data, exc)) from exc
        truncated = True
    if len(document) == 0:
        document.close()
        raise UnreadableError(path, "PDF 文件没有页面（可能已截断）")
    return document, truncated


CATALOG = re.compile(rb"(\d+)\s+0\s+obj\s*<<(?:(?!endobj).){0,400}?/Type\s*/Catalog", re.S)


def repair_truncated(data: bytes) -> bytes | None:
    """A file cut short loses its cross-reference table and trailer: keep the complete objects
    and add a trailer naming the catalog, so that PDFium rebuilds the table from the objects.
    The pages whose objects were lost then fail one by one and are reported."""
    if not data.startswith(b"%PDF-") or b"%%EOF" in data[-2048:]:
        return None
    end = data.rfind(b"endobj")
    catalog = CATALOG.search(data, 0, end) if end > 0 else None
    if catalog is None:
        return None
    root = catalog.group(1).decode()
    return data[: end + 6] + f"\ntrailer\n<< /Root {root} 0 R >>\nstartxref\n0\n%%EOF\n".encode()


def truncated_finding(path: str) -> Finding:
    return Finding(
        rule=RULE_TRUNCATED,
        severity=Severity.ERROR,
        message="PDF 文件不完整（被截断，缺少交叉引用表和文件尾）：只读取了仍然完整的页面，其余页面逐页列为无法读取。",
        source=Source(path).label(),
    )


def damage_reason(data: bytes, exc: Exception) -> str:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "password" in detail.lower() or b"/Encrypt" in data[-4096:]:
        return f"PDF 文件已加密，需要密码才能打开：{detail}"
    if b"%%EOF" not in data[-2048:]:
        return f"PDF 文件不完整（末尾缺少 %%EOF，可能被截断），无法打开：{detail}"
    return f"不是有效的 PDF 文件或文件已损坏，无法打开：{detail}"


def read_page(document: Document, index: int) -> PageContent:
    page = document.page(index)
    try:
        return page_to_content(page, index + 1)
    finally:
        page.close()


def unreadable_reason(content: PageContent, truncated: bool = False) -> str:
    """Why a page's text cannot be trusted, in Chinese; empty when it can."""
    total = len(content.chars)
    if truncated and content.bad_chars:
        return f"文件被截断，{content.bad_chars} 个字符的字体已缺失"
    if truncated and total < MIN_TEXT:
        # in a file cut short, an empty page is a page whose content was lost
        return "页面内容或字体在文件被截断的部分，没有读到文字"
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
