"""A document's review handed on: XLSX and PDF lists of findings with their decisions, and the
original PDF with each finding's cells highlighted and a note (pypdf annotations)."""

from __future__ import annotations

import io
from typing import Any

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DECISION_NAMES = {"confirmed": "确认", "dismissed": "驳回"}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
COLUMNS = (
    "序号",
    "严重程度",
    "规则",
    "表",
    "行",
    "列",
    "说明",
    "原文",
    "应为",
    "实为",
    "差额",
    "容差",
    "位置",
    "复核",
    "理由",
    "复核人",
    "时间",
)


def finding_line(position: int, finding: dict[str, Any]) -> list[Any]:
    decision = finding["decision"] or {}
    return [
        position + 1,
        SEVERITY_NAMES.get(finding["severity"], finding["severity"]),
        finding["rule"],
        finding["table"],
        finding["row_key"],
        finding["column"],
        finding["message"],
        finding["quote"],
        finding["expected"],
        finding["actual"],
        finding["difference"],
        finding["tolerance"],
        finding["source"],
        DECISION_NAMES.get(decision.get("decision", ""), "未复核"),
        decision.get("reason", ""),
        decision.get("decided_by", ""),
        decision.get("decided_at", ""),
    ]


def title_of(upload: dict[str, Any]) -> str:
    parts = [
        upload.get("unit_name") or upload["file_name"],
        str(upload.get("year") or ""),
        upload.get("kind") or "",
    ]
    return " ".join(p for p in parts if p) + " 复核结果"


def review_xlsx(upload: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "复核结果"
    sheet.append([title_of(upload)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["文件", upload["file_name"], "SHA-256", upload["sha256"]])
    sheet.append(list(COLUMNS))
    for position, finding in enumerate(upload["findings"]):
        sheet.append([as_cell(v) for v in finding_line(position, finding)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_cell(value: Any) -> Any:
    """Text stays text: a document's text starting with = must never become a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def review_pdf(upload: dict[str, Any]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=14, leading=18)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=title_of(upload))
    header = ("序号", "严重程度", "规则", "表", "行", "列", "说明", "复核", "理由", "复核人")
    wanted = [COLUMNS.index(name) for name in header]
    rows = [
        [Paragraph(escape(str(line[i] or "")), body) for i in wanted]
        for line in (finding_line(p, f) for p, f in enumerate(upload["findings"]))
    ]
    table = Table(
        [[Paragraph(h, body) for h in header], *rows],
        repeatRows=1,
        colWidths=[24, 36, 110, 28, 70, 60, 230, 36, 110, 50],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    document.build([Paragraph(escape(title_of(upload)), head), Spacer(1, 8), table])
    return buffer.getvalue()


def escape(text: str) -> str:
    """reportlab paragraphs read a little markup: a document's text must stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def annotated_pdf(data: bytes, upload: dict[str, Any]) -> bytes:
    """The original with a highlight over every cell a finding names and the finding as its note."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    from juesuan.web.pages import finding_boxes

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    boxes = upload.get("boxes") or {}
    for position, finding in enumerate(upload["findings"]):
        note = note_text(position, finding)
        for page_number, page_boxes in finding_boxes(finding, boxes).items():
            if not 1 <= page_number <= len(writer.pages):
                continue
            page = writer.pages[page_number - 1]
            left, _bottom, _, top = (float(v) for v in page.mediabox)
            for x0, y_top, x1, y_bottom in page_boxes:
                rect = (left + x0, top - y_bottom, left + x1, top - y_top)
                quad = ArrayObject(
                    [
                        FloatObject(v)
                        for v in (
                            rect[0],
                            rect[3],
                            rect[2],
                            rect[3],
                            rect[0],
                            rect[1],
                            rect[2],
                            rect[1],
                        )
                    ]
                )
                annotation = Highlight(
                    rect=rect, quad_points=quad, highlight_color=colour_of(finding)
                )
                annotation[NameObject("/Contents")] = TextStringObject(note)
                annotation[NameObject("/T")] = TextStringObject("juesuan")
                writer.add_annotation(page_number - 1, annotation)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def colour_of(finding: dict[str, Any]) -> str:
    decision = (finding["decision"] or {}).get("decision")
    if decision == "dismissed":
        return "cccccc"
    return {"error": "ff6666", "warning": "ffcc33"}.get(finding["severity"], "99ccff")


def note_text(position: int, finding: dict[str, Any]) -> str:
    line = f"[{position + 1}] {SEVERITY_NAMES.get(finding['severity'], '')} {finding['rule']}: {finding['message']}"
    decision = finding["decision"]
    if decision:
        line += f"\n复核：{DECISION_NAMES.get(decision['decision'], '')}（{decision['decided_by']}）{decision['reason']}"
    return line
