"""Renderings of check reports: text for people, JSON (interface.md), standalone HTML, XLSX.

Every rendering takes the reports of the documents read and, where the format has room for
it, the inputs that could not be read at all (path, one-line reason).
"""

from __future__ import annotations

import html
import io
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from juesuan.model.findings import CellRef, Finding, Severity
from juesuan.model.tables import STANDARD_TITLES
from juesuan.report.model import Report, Status
from juesuan.report.wording import in_chinese, partial_text

SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
STATUS_NAMES = {
    Status.PASS: "通过",
    Status.FAIL: "未通过",
    Status.NOT_APPLICABLE: "不适用",
    Status.INSUFFICIENT_DATA: "数据不足",
    Status.ERROR: "出错",
}
DOCUMENT_WIDE = "全文"
OTHER_TITLES = {"X": "其他表格", "P": "绩效运行监控表"}


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input that could not be read at all."""

    path: str
    reason: str


# --------------------------------------------------------------------------- shared wording


def table_heading(table_id: str) -> str:
    """``T06 一般公共预算财政拨款基本支出决算表``; ``全文`` for document-wide findings."""
    if not table_id:
        return DOCUMENT_WIDE
    title = STANDARD_TITLES.get(table_id) or OTHER_TITLES.get(table_id[:1], "")
    return f"{table_id} {title}".strip()


def by_table(findings: Sequence[Finding]) -> Iterator[tuple[str, list[Finding]]]:
    """Findings grouped by table, in the (document) order the engine sorted them."""
    for table_id, group in groupby(findings, key=lambda f: f.table):
        yield table_id, list(group)


def cell_text(cell: CellRef) -> str:
    """``T06 301/决算数（line 1534）“61.93”``."""
    where = "/".join(p for p in (cell.section, cell.row_key, cell.column) if p)
    source = f"（{in_chinese(cell.source)}）" if cell.source else ""
    raw = f"“{cell.raw}”" if cell.raw else "“”（空白）"
    return f"{cell.table} {where}{source}{raw}"


def quote_text(finding: Finding) -> str:
    """``原文（page 21）：“…”``: the sentence a narrative finding is about, as printed."""
    where = f"（{in_chinese(finding.source)}）" if finding.source else ""
    return f"原文{where}：“{finding.quote}”"


def document_title(report: Report) -> str:
    unit = report.unit_name or "（未识别单位名称）"
    year = f" {report.year}年度" if report.year else ""
    return f"{unit}{year}"


def outcome_counts(report: Report) -> Counter[Status]:
    return Counter(o.status for o in report.checked)


def outcome_summary(report: Report) -> str:
    counts = outcome_counts(report)
    parts = "，".join(f"{STATUS_NAMES[s]} {counts.get(s, 0)}" for s in Status)
    return f"检查规则 {len(report.checked)} 条：{parts}"


def findings_summary(findings: Sequence[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return "，".join(f"{SEVERITY_NAMES[s]} {counts.get(s, 0)}" for s in Severity)


def overall_summary(reports: Sequence[Report], unreadable: Sequence[Unreadable]) -> str:
    findings = [f for r in reports for f in r.findings]
    line = f"汇总：{len(reports)} 份文档，{findings_summary(findings)}"
    if unreadable:
        line += f"；{len(unreadable)} 份无法读取"
    return line + "。"


# --------------------------------------------------------------------------- text


def render_text(reports: Sequence[Report], unreadable: Sequence[Unreadable] = ()) -> str:
    """Chinese text for a reviewer: per document, findings grouped by table, cells, a summary."""
    lines: list[str] = []
    for report in reports:
        lines += report_to_text_lines(report)
        lines.append("")
    for item in unreadable:
        lines.append(f"{item.path}：无法读取（{item.reason}）")
    lines.append(overall_summary(reports, unreadable))
    return "\n".join(lines) + "\n"


def report_to_text_lines(report: Report) -> list[str]:
    lines = [f"== {document_title(report)}  {report.path}", f"   {outcome_summary(report)}"]
    if report.partial:
        lines.append(f"   注意：{partial_text(report.missing)}")
    for table_id, findings in by_table(report.findings):
        lines.append(f"-- {table_heading(table_id)}（{findings_summary(findings)}）")
        for finding in findings:
            lines.append(
                f"   [{SEVERITY_NAMES[finding.severity]}] {in_chinese(finding.message)}"
                f"  〔{finding.rule}〕"
            )
            if finding.quote:
                lines.append(f"       {quote_text(finding)}")
            if finding.cells:
                lines.append("       单元格：" + "；".join(cell_text(c) for c in finding.cells))
    unusable = [o for o in report.checked if o.status in (Status.INSUFFICIENT_DATA, Status.ERROR)]
    if unusable:
        lines.append("-- 未能完成的检查")
        lines += [f"   {o.rule}：{STATUS_NAMES[o.status]}（{o.detail}）" for o in unusable]
    lines.append(f"   本文档：{findings_summary(report.findings)}。")
    return lines


# --------------------------------------------------------------------------- JSON


def render_json(reports: Sequence[Report], unreadable: Sequence[Unreadable] = ()) -> str:
    """The JSON fixed by interface.md (``documents``), plus ``unreadable`` inputs."""
    data = {
        "documents": [r.as_dict() for r in reports],
        "unreadable": [{"path": u.path, "reason": u.reason} for u in unreadable],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.2em;border-bottom:2px solid #444;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;margin:1.2em 0 .4em} table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left;font-size:.92em}
th{background:#eee} td.num{text-align:right;font-family:monospace;white-space:nowrap}
.error{background:#fde2e1} .warning{background:#fff4d6} .info{background:#eef5ff}
.sev{font-weight:bold;white-space:nowrap} .cells{color:#555;font-size:.85em} .quote{color:#333;font-size:.9em;background:#f6f6f0;padding:2px 4px}
.summary{font-weight:bold} details{margin:.5em 0}
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def render_html(reports: Sequence[Report], unreadable: Sequence[Unreadable] = ()) -> str:
    """A standalone HTML page (no external assets) a reviewer can send on."""
    body: list[str] = ["<h1>部门决算公开审核报告</h1>"]
    body.append(f'<p class="summary">{esc(overall_summary(reports, unreadable))}</p>')
    if unreadable:
        body.append("<h2>无法读取的文件</h2><ul>")
        body += [f"<li>{esc(u.path)}：{esc(u.reason)}</li>" for u in unreadable]
        body.append("</ul>")
    for report in reports:
        body += report_to_html(report)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>审核报告</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def report_to_html(report: Report) -> list[str]:
    out = [f"<h2>{esc(document_title(report))}</h2>", f"<p>文件：{esc(report.path)}<br>"]
    out.append(
        f"{esc(outcome_summary(report))}<br>本文档：{esc(findings_summary(report.findings))}</p>"
    )
    if report.partial:
        out.append(f'<p class="error">{esc(partial_text(report.missing))}</p>')
    if not report.findings:
        out.append("<p>未发现问题。</p>")
    for table_id, findings in by_table(report.findings):
        out.append(f"<h3>{esc(table_heading(table_id))}</h3>")
        out.append(
            "<table><tr><th>级别</th><th>说明</th><th>应为</th><th>实为</th><th>差额</th>"
            "<th>容差</th><th>规则</th></tr>"
        )
        out += [finding_to_html_row(f) for f in findings]
        out.append("</table>")
    out.append(
        "<details><summary>各规则检查结果</summary><table><tr><th>规则</th><th>结果</th><th>说明</th></tr>"
    )
    out += [
        f"<tr><td>{esc(o.rule)}</td><td>{esc(STATUS_NAMES[o.status])}</td><td>{esc(o.detail)}</td></tr>"
        for o in report.checked
    ]
    out.append("</table></details>")
    return out


def finding_to_html_row(finding: Finding) -> str:
    cells = "；".join(cell_text(c) for c in finding.cells)
    cells_html = f'<div class="cells">{esc(cells)}</div>' if cells else ""
    if finding.quote:
        cells_html = f'<div class="quote">{esc(quote_text(finding))}</div>{cells_html}'

    numbers = (finding.expected, finding.actual, finding.difference, finding.tolerance)
    return (
        f'<tr class="{finding.severity.value}"><td class="sev">{esc(SEVERITY_NAMES[finding.severity])}</td>'
        f"<td>{esc(in_chinese(finding.message))}{cells_html}</td>"
        + "".join(f'<td class="num">{esc(n)}</td>' for n in numbers)
        + f"<td>{esc(finding.rule)}</td></tr>"
    )


# --------------------------------------------------------------------------- XLSX

XLSX_COLUMNS = (
    "文件",
    "单位",
    "年度",
    "规则",
    "级别",
    "表",
    "方",
    "行",
    "栏",
    "应为",
    "实为",
    "差额",
    "容差",
    "位置",
    "说明",
    "原文",
)


def finding_to_xlsx_row(report: Report, finding: Finding) -> list[object]:
    return [
        report.path,
        report.unit_name or "",
        report.year or "",
        finding.rule,
        SEVERITY_NAMES[finding.severity],
        finding.table,
        finding.section,
        finding.row_key,
        finding.column,
        finding.expected,
        finding.actual,
        finding.difference,
        finding.tolerance,
        finding.source,
        finding.message,
        finding.quote,
    ]


def render_xlsx(reports: Sequence[Report], unreadable: Sequence[Unreadable] = ()) -> bytes:
    """A workbook: sheet 问题 with one row per finding, sheet 检查结果 with every rule's outcome."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "问题"
    sheet.append(list(XLSX_COLUMNS))
    for report in reports:
        for finding in report.findings:
            sheet.append(finding_to_xlsx_row(report, finding))
    for item in unreadable:
        sheet.append(
            [
                item.path,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                None,
                None,
                None,
                None,
                "",
                f"无法读取：{item.reason}",
            ]
        )
    checked = book.create_sheet("检查结果")
    checked.append(["文件", "规则", "结果", "说明"])
    for report in reports:
        for o in report.checked:
            checked.append([report.path, o.rule, STATUS_NAMES[o.status], o.detail])
    for ws in (sheet, checked):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    sheet.column_dimensions["O"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"text": render_text, "json": render_json, "html": render_html}

__all__ = ["RENDERERS", "Unreadable", "render_html", "render_json", "render_text", "render_xlsx"]
