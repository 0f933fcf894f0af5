"""The CJK TrueType font the PDF embeds.

reportlab embeds TrueType (glyf) fonts only; the Noto CJK fonts are OpenType/CFF and cannot be
used. ``scripts/setup.sh`` installs fonts-wqy-microhei; JUESUAN_CJK_FONT names another file.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Fonts looked for, in order: file, index of the face inside a collection.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)
FONT_NAME = "JuesuanCJK"
ENV = "JUESUAN_CJK_FONT"


class FontMissingError(RuntimeError):
    """No CJK TrueType font: the PDF cannot be written (the message says how to get one)."""


def find_cjk_font() -> tuple[str, int]:
    chosen = os.environ.get(ENV)
    if chosen:
        if not Path(chosen).is_file():
            raise FontMissingError(f"{ENV}={chosen} 不是文件")
        return chosen, 0
    for path, index in CANDIDATES:
        if Path(path).is_file():
            return path, index
    raise FontMissingError(
        "找不到可嵌入的中文 TrueType 字体：请安装 fonts-wqy-microhei（apt-get install "
        f"fonts-wqy-microhei），或用环境变量 {ENV} 指定 .ttf/.ttc 字体文件"
    )


def register_cjk_font() -> str:
    """Register the font with reportlab once; returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path, index = find_cjk_font()
    try:
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
    except TTFError as exc:
        raise FontMissingError(f"字体 {path} 无法嵌入（{exc}）；需要 TrueType 字体") from exc
    return FONT_NAME
