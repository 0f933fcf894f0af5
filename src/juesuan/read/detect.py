"""Format detection by content, whatever the file is called."""

from __future__ import annotations

import io
import zipfile

from juesuan.read.grid import UnreadableError
from juesuan.read.pagetext import is_pagetext
from juesuan.read.textdecode import decode_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(path: str, data: bytes) -> str:
    """One of pdf, xlsx, xls, docx, html, pagetext, celltext, plaintext; else UnreadableError."""
    if not data.strip():
        raise UnreadableError(path, "文件为空 (empty file)")
    head = data[:2048].lstrip()
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(path, data)
    if data.startswith(OLE_MAGIC):
        return "xls"
    lowered = head[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in data[:65536].lower():
        return "html"
    text = decode_text(path, data)
    if is_pagetext(text):
        return "pagetext"
    if sum(1 for line in text.splitlines()[:400] if line.startswith("\t")) >= 5:
        return "celltext"
    return "plaintext"


def _zip_format(path: str, data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise UnreadableError(path, f"损坏的压缩文件 (damaged zip container: {exc})") from exc
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    raise UnreadableError(path, "压缩包中没有表格或文档 (zip file that is neither XLSX nor DOCX)")
