"""A command's process collects young garbage less often than Python's default (cli/common.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from juesuan.cli import main
from juesuan.cli.common import YOUNG_COLLECTION_EVERY


@pytest.fixture
def default_threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_a_command_raises_only_the_young_generation_threshold(
    default_threshold: tuple[int, int, int],
) -> None:
    result = CliRunner().invoke(main, ["sample", "--help"])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == (YOUNG_COLLECTION_EVERY, *default_threshold[1:])
    assert gc.isenabled()
