"""Every finding code a reader, the recogniser or the engine can raise is declared in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from juesuan.model.codes import FINDING_CODES
from juesuan.rules.registry import RULES

SRC = Path(__file__).resolve().parents[2] / "src" / "juesuan"
CODE = re.compile(r'"((?:read|recognise|engine)\.[a-z_]+)"')


def test_every_raised_code_is_declared_once() -> None:
    declared = [spec.code for spec in FINDING_CODES]
    assert len(declared) == len(set(declared))
    used = {
        m.group(1)
        for path in SRC.rglob("*.py")
        for m in CODE.finditer(path.read_text(encoding="utf-8"))
    }
    assert used - set(declared) == set()
    assert set(declared).isdisjoint(RULES)
