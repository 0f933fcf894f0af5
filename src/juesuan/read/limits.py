"""Bounds on what a file may make juesuan read: a zip bomb or a huge sheet is refused or cut.

Checked where a container is opened (``juesuan.read.file_to_grid``), before any reader inflates
it, so the bound holds whatever reader a format uses. Python's zipfile never inflates a member
beyond the size its directory states, so the directory's sizes are a safe bound.
"""

from __future__ import annotations

import io
from dataclasses import replace

from juesuan.model.findings import Finding, Severity
from juesuan.read.grid import DocumentGrid, UnreadableError

MiB = 1 << 20
#: One input file (the largest 决算 PDF seen is about 30 MiB).
MAX_FILE_BYTES = 1024 * MiB
#: One member of an XLSX/DOCX: a 200,000-row sheet is about 60 MiB of XML.
MAX_MEMBER_BYTES = 128 * MiB
#: All members together.
MAX_TOTAL_BYTES = 256 * MiB
#: Inflation ratio above which a large member is a bomb, not a spreadsheet (real sheets: < 100).
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 16 * MiB
#: Lines of one document a reader may hand on (a 决算 document has a few thousand).
MAX_GRID_LINES = 300_000
#: Pages of one PDF.
MAX_PDF_PAGES = 3_000

LIMIT_CODE = "read.size_limit"


def mib(size: int) -> str:
    return f"{size / MiB:.0f} MiB"


def check_zip_container(path: str, data: bytes) -> None:
    """Refuse an XLSX/DOCX whose members would inflate beyond the bounds (UnreadableError)."""
    import zipfile  # imported here: a PDF or text read never needs it

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise UnreadableError(path, f"损坏的压缩文件 ({exc})") from exc
    total = 0
    for member in members:
        size = member.file_size
        total += size
        ratio = size / max(member.compress_size, 1)
        if size > MAX_MEMBER_BYTES or (size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO):
            raise UnreadableError(
                path,
                f"压缩包成员 {member.filename} 解压后 {mib(size)}（压缩比 {ratio:.0f}），"
                f"超过上限 {mib(MAX_MEMBER_BYTES)}/压缩比 {MAX_RATIO}：疑为压缩炸弹，未读取",
            )
    if total > MAX_TOTAL_BYTES:
        raise UnreadableError(
            path, f"压缩包解压后共 {mib(total)}，超过上限 {mib(MAX_TOTAL_BYTES)}：未读取"
        )


def bound_grid(grid: DocumentGrid, max_lines: int = MAX_GRID_LINES) -> DocumentGrid:
    """A grid cut at max_lines, marked partial and saying so (never silently)."""
    if len(grid.lines) <= max_lines:
        return grid
    cut = grid.lines[max_lines]
    where = cut.source.label()
    finding = Finding(
        rule=LIMIT_CODE,
        severity=Severity.ERROR,
        message=f"文件超过 {max_lines} 行的读取上限：自 {where} 起未读取。",
        source=where,
    )
    return replace(
        grid,
        lines=grid.lines[:max_lines],
        findings=(*grid.findings, finding),
        missing=(*grid.missing, f"{where} 以后（超过读取上限）"),
    )
