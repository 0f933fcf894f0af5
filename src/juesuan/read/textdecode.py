"""Decoding text files: UTF-8 (with or without BOM), else GB18030; garbage is refused."""

from __future__ import annotations

import codecs

from juesuan.read.grid import UnreadableError

_CONTROL_OK = {"\t", "\n", "\r", "\f"}


def utf16_as_utf8(data: bytes) -> bytes:
    """Text saved as UTF-16 (with its byte-order mark, LE or BE) re-encoded as UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def decode_text(path: str, data: bytes) -> str:
    """The text of a file, or UnreadableError if it is not text in a Chinese encoding."""
    data = utf16_as_utf8(data)
    if not data.strip():
        raise UnreadableError(path, "文件为空")
    if b"\x00" in data[:4096]:
        raise UnreadableError(path, "不是文本文件，也不是支持的格式")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UnreadableError(path, "无法识别的编码或二进制内容（不是 UTF-8、UTF-16 或 GB18030 文本）")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _CONTROL_OK) or ch == "\ufffd")
    return bad / len(sample) < 0.01
