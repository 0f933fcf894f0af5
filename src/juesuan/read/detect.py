"""Format detection by content, whatever the file is called.

Containers are told apart by what they contain, not by their suffix: a ZIP with ``xl/workbook.xml``
is XLSX, with ``word/document.xml`` DOCX; an OLE2 compound file with a ``Workbook`` stream is XLS,
with a ``WordDocument`` stream a legacy .doc (refused with a reason). Markup is HTML when it starts
like a page or holds a ``<table>``; other text is page text, cell-per-line text or plain text.
"""

from __future__ import annotations

import codecs
import io
import re
import struct

from juesuan.read.celltext import is_spaced_celltext
from juesuan.read.grid import UnreadableError
from juesuan.read.pagetext import is_pagetext
from juesuan.read.textdecode import decode_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_SPREADSHEET_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"


def detect_format(path: str, data: bytes) -> str:
    """One of pdf, xlsx, xls, docx, html, pagetext, celltext, plaintext; else UnreadableError."""
    if not data.strip():
        raise UnreadableError(path, "文件为空")
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(path, data)
    if data.startswith(OLE_MAGIC):
        return _ole_format(path, data)
    if data.startswith(b"{\\rtf"):
        raise UnreadableError(path, "RTF 文档不受支持，请另存为 DOCX 或 PDF")
    head = _text_head(data)
    if _SPREADSHEET_2003 in data[:4096] and b"<table" not in head.lower():
        raise UnreadableError(path, "Excel 2003 XML 表格不受支持，请另存为 XLSX")
    if _HTML_START.match(head.lstrip()) or b"<table" in data[:65536].lower():
        return "html"
    text = decode_text(path, data)
    if is_pagetext(text):
        return "pagetext"
    head_lines = text.splitlines()[:400]
    if sum(1 for line in head_lines if line.startswith("\t")) >= 5:
        return "celltext"
    if is_spaced_celltext(head_lines):
        return "celltext"
    return "plaintext"


def _text_head(data: bytes) -> bytes:
    """The first bytes of a text file without byte-order mark or XML declaration."""
    head = data[:4096]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    head = head.lstrip()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    return head


def _zip_format(path: str, data: bytes) -> str:
    import zipfile  # imported here: a PDF or text read never needs it

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise UnreadableError(path, f"损坏的压缩文件（{exc}）") from exc
    if "xl/workbook.xml" in names or any(name.startswith("xl/") for name in names):
        return "xlsx"
    if "word/document.xml" in names or any(name.startswith("word/") for name in names):
        return "docx"
    if "mimetype" in names or "content.xml" in names:
        raise UnreadableError(
            path,
            "OpenDocument 文件（ODS/ODT）不受支持，请另存为 XLSX 或 DOCX",
        )
    raise UnreadableError(path, "压缩包中没有表格或文档")


def _ole_format(path: str, data: bytes) -> str:
    """An OLE2 compound file: its directory names the streams it holds."""
    streams = _ole_streams(data)
    if streams & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in streams:
        raise UnreadableError(path, "旧版 Word 文档（.doc）不受支持，请另存为 DOCX 或 PDF")
    if "EncryptedPackage" in streams:
        raise UnreadableError(path, "文件已加密，请去除密码后再读取")
    if not streams:
        raise UnreadableError(
            path, "OLE 复合文档的目录已损坏：不是可读的 Word（.doc）或 Excel（.xls）文档"
        )
    raise UnreadableError(path, "无法识别的 OLE 复合文档：不是 Word（.doc）或 Excel（.xls）文档")


def _ole_streams(data: bytes) -> set[str]:
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        return {entry.name for entry in CompDoc(data, logfile=io.StringIO()).dirlist}
    except (CompDocError, IndexError, KeyError, ValueError, struct.error, UnicodeDecodeError):
        # a damaged directory: no names
        return set()
