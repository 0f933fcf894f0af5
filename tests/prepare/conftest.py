"""Prepared documents, written once per test session (each takes seconds on a shared machine)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from prepare_kit import INPUTS, run_prepare

from juesuan.prepare.fonts import FontMissingError, find_cjk_font


@pytest.fixture(scope="session")
def cjk_font() -> None:
    try:
        find_cjk_font()
    except FontMissingError as exc:  # scripts/setup.sh installs one; say plainly when absent
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def prepared(
    tmp_path_factory: pytest.TempPathFactory, cjk_font: None
) -> Callable[[str, str], Path]:
    """prepared(input, fmt) → the written file (made on first use, then reused)."""
    folder = tmp_path_factory.mktemp("prepared")
    made: dict[tuple[str, str], Path] = {}

    def make(name: str, fmt: str) -> Path:
        if (name, fmt) not in made:
            args, *_ = INPUTS[name]
            out = folder / f"{name}.{fmt}"
            result = run_prepare(*args, "--format", fmt, "-o", str(out))
            assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
            made[name, fmt] = out
        return made[name, fmt]

    return make
