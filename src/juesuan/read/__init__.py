"""Reading formats: file → DocumentGrid. One function per format, chosen by content."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind, UnreadableError

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


def file_bytes(path: str) -> bytes:
    """The file's content; UnreadableError (not OSError) when it cannot be opened."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableError(path, f"无法打开文件 ({exc.strerror or exc})") from exc


def file_to_grid(path: str | Path, data: bytes | None = None) -> DocumentGrid:
    """Read any supported file into a grid; UnreadableError when nothing can be read."""
    path = str(path)
    if data is None:
        data = file_bytes(path)
    from juesuan.read.detect import detect_format

    fmt = detect_format(path, data)
    try:
        return reader_for(fmt)(path, data)
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
]
