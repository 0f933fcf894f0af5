"""Helpers for the batch tests: broken and pathological files, loaders for the worker hooks.

Imported by the tests and, through the loader hook, by the worker processes (they get the
parent's import path), so it must stay importable on its own.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

from pdf_bytes import pdf_file

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"


def nested_forms_pdf(depth: int = 60) -> bytes:
    """A 4 KB PDF that never finishes rendering: each form draws the next one twice.

    Reading its one page means 2**depth form draws. Real readers (pdfium, pdfminer) keep an
    object per draw, so the process grows by hundreds of MB a second until it is stopped.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /F0 5 0 R >> >> >>",
        stream(b"", b"q /F0 Do Q"),
    ]
    for level in range(depth):
        if level + 1 < depth:
            resources = b"/Resources << /XObject << /F %d 0 R >> >>" % (6 + level)
            objects.append(form(resources, b"q /F Do Q q /F Do Q"))
        else:
            objects.append(form(b"", b"0 0 1 1 re f"))
    return pdf_file(objects)


def stream(dictionary: bytes, body: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(body), body)


def form(resources: bytes, body: bytes) -> bytes:
    return stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources, body)


def truncated_xlsx(dest: Path) -> None:
    """A real workbook cut in half."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 200):
        sheet.append([f"行{row}", row * 1.5, "收入决算表"])
    whole = dest.with_suffix(".whole")
    workbook.save(whole)
    data = whole.read_bytes()
    whole.unlink()
    dest.write_bytes(data[: len(data) // 2])


#: name → what must be said about it (a fragment of the failure reason)
BROKEN = {
    "broken/truncated.pdf": "PDF",
    "broken/truncated.xlsx": "",  # any reason, but one
    "broken/truncated_seed.txt": None,  # cut text is read in part or not at all: either is fine
    "broken/garbage.xlsx": "不是",
    "broken/garbage.txt": "",
    "broken/empty.txt": "文件为空",
    "broken/sub/deeper/forever.pdf": "内存超限",
}


def make_broken_files(folder: Path) -> None:
    (folder / "broken" / "sub" / "deeper").mkdir(parents=True)
    random = bytes((i * 7919 + 13) % 256 for i in range(4096))
    (folder / "broken/truncated.pdf").write_bytes(CAIZHENGJU.read_bytes()[:6000])
    truncated_xlsx(folder / "broken/truncated.xlsx")
    seed = (CORPUS / "seed" / "000_1e6faaba2ab46285.txt").read_bytes()
    (folder / "broken/truncated_seed.txt").write_bytes(seed[:700])
    (folder / "broken/garbage.xlsx").write_bytes(random)
    (folder / "broken/garbage.txt").write_bytes(b"\x00\xff\xfe" + random)
    (folder / "broken/empty.txt").write_bytes(b"")
    (folder / "broken/sub/deeper/forever.pdf").write_bytes(nested_forms_pdf())


def corpus_with_broken_files(folder: Path) -> Path:
    shutil.copytree(CORPUS, folder / "corpus")
    make_broken_files(folder)
    return folder


# --- loaders for the worker hook (``loader="batch_helpers:…"``) -------------------------------


def refuse_to_load(path: str, data: bytes | None = None) -> Any:
    """A loader that must never be reached: the file should have been skipped before."""
    raise RuntimeError(f"parsed although already stored: {path}")


def crash_on_crash_marker(path: str, data: bytes | None = None) -> Any:
    """Kill the worker outright (as a segfault in a C library would) for files named crash*."""
    if Path(path).name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    from juesuan.pipeline import load

    return load(path, data)
