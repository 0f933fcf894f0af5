"""Done-when 2: the written PDF's tables have the official template's structure. Both PDFs are
read by pdfplumber (not juesuan's reader): the same header rows and the same row labels."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from prepare_kit import TEMPLATE

#: The template's pages of T01 (收入支出决算总表) and T07 (“三公”经费), counted by hand.
TEMPLATE_T01_PAGE = 5
TEMPLATE_T07_PAGE = 12


def page_table(path: Path, number: int) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        [table] = pdf.pages[number - 1].extract_tables()
    return [[cell or "" for cell in row] for row in table]


def page_of(path: Path, title: str, label: str) -> int:
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            if title in text and label in text:
                return number
    raise AssertionError(f"{title} not found in {path}")


def test_t01_has_the_templates_rows_and_headers(prepared: Callable[[str, str], Path]) -> None:
    written = prepared("seed", "pdf")
    template = page_table(TEMPLATE, TEMPLATE_T01_PAGE)
    mine = page_table(written, page_of(written, "收入支出决算总表", "公开01表"))
    assert len(mine) == len(template) == 30
    assert mine[:2] == template[:2]  # 收入 | 支出 ; 项目 决算数 项目 决算数
    labels = [(row[0], row[2]) for row in mine]
    assert labels == [(row[0], row[2]) for row in template]
    # amounts stand where the template leaves them blank: 一般公共预算财政拨款收入 1,081.09
    assert mine[2][1] == "1,081.09" and template[2][1] == ""


def test_t07_has_the_templates_column_groups(prepared: Callable[[str, str], Path]) -> None:
    written = prepared("seed", "pdf")
    template = page_table(TEMPLATE, TEMPLATE_T07_PAGE)
    mine = page_table(written, page_of(written, "财政拨款“三公”经费支出决算表", "公开07表"))

    def words(rows: list[list[str]]) -> list[list[str]]:
        return [["".join(c.split()) for c in row if c.strip()] for row in rows]

    assert words(mine[:4]) == words(template[:4])
    # 合计 预算数/决算数 1.50 1.50 then the vehicles' 小计 and 运行维护费 pairs (seed, typed)
    assert mine[4][:2] == ["1.50", "1.50"]


def test_a_rendered_page_has_ink(prepared: Callable[[str, str], Path], tmp_path: Path) -> None:
    """pdftoppm renders the T01 page (the picture is kept for a person to look at)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    written = prepared("seed", "pdf")
    number = page_of(written, "收入支出决算总表", "公开01表")
    stem = tmp_path / "t01"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-f",
            str(number),
            "-l",
            str(number),
            "-png",
            "-singlefile",
            str(written),
            str(stem),
        ],
        check=True,
        timeout=60,
    )
    from PIL import Image

    with Image.open(f"{stem}.png") as image:
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 2000  # rulings and text, not a blank page


def test_every_font_is_embedded(prepared: Callable[[str, str], Path]) -> None:
    """Readable everywhere: pdffonts lists only embedded fonts with a Unicode map (text layer)."""
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    listing = subprocess.run(
        ["pdffonts", str(prepared("seed", "pdf"))],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()[2:]
    assert listing, "no font at all"
    for line in listing:
        emb, _sub, uni = line.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), line
