"""Reading formats: file → DocumentGrid. One function per format, chosen by content."""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind, UnreadableError
from juesuan.read.limits import MAX_FILE_BYTES, bound_grid, check_zip_container, mib
from juesuan.read.textdecode import utf16_as_utf8

Reader = Callable[[str, bytes], DocumentGrid]

#: format → "module:function"; imported lazily so a missing optional library fails one format only.
READERS: dict[str, str] = {
    "celltext": "juesuan.read.celltext:celltext_to_grid",
    "pagetext": "juesuan.read.pagetext:pagetext_to_grid",
    "plaintext": "juesuan.read.plaintext:plaintext_to_grid",
    "pdf": "juesuan.read.pdf:pdf_to_grid",
    "xlsx": "juesuan.read.xlsx:xlsx_to_grid",
    "xls": "juesuan.read.xls:xls_to_grid",
    "docx": "juesuan.read.docx:docx_to_grid",
    "html": "juesuan.read.html:html_to_grid",
}

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".xlsx", ".xls", ".docx", ".html", ".htm")


def reader_for(fmt: str) -> Reader:
    module_name, func = READERS[fmt].split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnreadableError("", f"格式 {fmt} 的读取器不可用 ({exc})") from exc
    reader: Reader = getattr(module, func)
    return reader


def special_file_reason(path: str | Path) -> str | None:
    """Why a path that exists is not a regular file; None for a file, a folder or nothing.

    A FIFO or a device is never opened: a read would block or never end.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing: the reader says so when it opens it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "是命名管道，不是普通文件，已跳过"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备文件，不是普通文件，已跳过"
    return "不是普通文件，已跳过"


def file_bytes(path: str) -> bytes:
    """The file's content; UnreadableError (not OSError) when it cannot be opened."""
    reason = special_file_reason(path)
    if reason:
        raise UnreadableError(path, reason)
    try:
        if os.path.isdir(path):
            raise UnreadableError(path, "是文件夹，不是文件")
        if os.stat(path).st_size > MAX_FILE_BYTES:
            raise UnreadableError(path, f"文件大于读取上限 {mib(MAX_FILE_BYTES)}，未读取")
        return Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableError(path, f"无法打开文件 ({exc.strerror or exc})") from exc


#: Reader findings that mean values were lost: the document is then read only in part.
LOST_VALUE_CODES = {"read.formula_without_value": "没有保存计算结果的公式单元格"}


def mark_lost_values(grid: DocumentGrid) -> DocumentGrid:
    """A grid whose reader lost values (formulas without cached results) is marked partial."""
    lost = [
        f"{f.source or grid.path} 中{LOST_VALUE_CODES[f.rule]}"
        for f in grid.findings
        if f.rule in LOST_VALUE_CODES
    ]
    if not lost:
        return grid
    return replace(grid, missing=(*grid.missing, *lost))


def file_to_grid(path: str | Path, data: bytes | None = None) -> DocumentGrid:
    """Read any supported file into a grid; UnreadableError when nothing can be read."""
    path = str(path)
    if data is None:
        data = file_bytes(path)
    data = utf16_as_utf8(data)  # UTF-16 text (or HTML) is read as the same text in UTF-8
    from juesuan.read.detect import detect_format

    fmt = detect_format(path, data)
    if fmt in ("xlsx", "docx"):
        check_zip_container(path, data)
    try:
        return mark_lost_values(bound_grid(reader_for(fmt)(path, data)))
    except UnreadableError as exc:
        if not exc.path:
            raise UnreadableError(path, exc.reason) from exc
        raise


def __getattr__(name: str) -> Any:
    if name == "detect_format":  # imported on use: the CLI's start-up needs no format detection
        from juesuan.read.detect import detect_format

        return detect_format
    raise AttributeError(f"module 'juesuan.read' has no attribute {name!r}")


__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "DocumentGrid",
    "GridCell",
    "GridLine",
    "LineKind",
    "UnreadableError",
    "detect_format",
    "file_bytes",
    "file_to_grid",
    "special_file_reason",
]
