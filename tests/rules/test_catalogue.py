"""docs/rules.md is generated from the registry and kept in step with it."""

from __future__ import annotations

from pathlib import Path

from juesuan.rules.catalogue import catalogue_text
from juesuan.rules.engine import load_rule_modules

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_committed_catalogue_is_the_generated_one() -> None:
    assert DOCS.read_text(encoding="utf-8") == catalogue_text(), (
        "docs/rules.md is out of date: run `python -m juesuan.rules.catalogue docs/rules.md`"
    )


def test_catalogue_lists_every_rule_once() -> None:
    text = catalogue_text()
    for code in load_rule_modules():
        assert text.count(f"| `{code}` |") == 1, code
