"""One entry point for the three writers."""

from __future__ import annotations

from pathlib import Path

from juesuan.model.disclosure import Disclosure
from juesuan.prepare.document import build_outline


def write_document(data: Disclosure, previous: Disclosure | None, fmt: str, path: Path) -> None:
    outline = build_outline(data, previous)
    if fmt == "pdf":
        from juesuan.prepare.pdf import outline_to_pdf

        outline_to_pdf(outline, path)
    elif fmt == "docx":
        from juesuan.prepare.docx import outline_to_docx

        outline_to_docx(outline, path)
    elif fmt == "xlsx":
        from juesuan.prepare.xlsx import outline_to_xlsx

        outline_to_xlsx(outline, path)
    else:
        raise ValueError(f"unknown format {fmt}")
