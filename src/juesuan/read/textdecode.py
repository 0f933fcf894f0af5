"""Decoding text files: UTF-8 (with or without BOM), else GB18030; garbage is refused."""

from __future__ import annotations

from juesuan.read.grid import UnreadableError

_CONTROL_OK = {"\t", "\n", "\r", "\f"}


def decode_text(path: str, data: bytes) -> str:
    """The text of a file, or UnreadableError if it is not text in a Chinese encoding."""
    if not data.strip():
        raise UnreadableError(path, "文件为空 (empty file)")
    if b"\x00" in data[:4096]:
        raise UnreadableError(
            path, "不是文本文件，也不是支持的格式 (binary data of no supported format)"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UnreadableError(path, "无法识别的编码或二进制内容 (not text in UTF-8 or GB18030)")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _CONTROL_OK) or ch == "\ufffd")
    return bad / len(sample) < 0.01
