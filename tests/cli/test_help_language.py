"""One language per output (issue 15): the command line's help and usage errors are Chinese,
whatever the terminal's locale; only names (options, metavars, codes) stay as they are typed."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from juesuan.cli import COMMAND_MODULES, COMMANDS_ELSEWHERE, main

#: What may stay in Latin letters: option names, metavars, formats, placeholders, our own names.
NAMES = re.compile(
    r"--?[a-z][a-z-]*|\b(?:[A-Z]+|juesuan|PATH|PATHS|text|json|html|xlsx|csv|jsonl|parquet|fdp"
    r"|pdf|docx|sqlite|postgresql|user|host|db|file|URL|SQLite|PostgreSQL|XLSX|PDF|JSON|HTML"
    r"|CSV|MB|check|facts|local|tcp|toml|select|ignore|T\d\d|B\d\d|t\d\d|Dask|x)\b"
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")

COMMANDS = sorted({*COMMAND_MODULES, *COMMANDS_ELSEWHERE})
#: Command names, and the program name CliRunner gives the group.
COMMAND_NAMES = {*COMMANDS, "add", "main"}


def english_words(text: str) -> list[str]:
    words = ENGLISH_WORD.findall(NAMES.sub(" ", text))
    return [w for w in words if w not in COMMAND_NAMES]


@pytest.mark.parametrize("args", [["--help"], *([name, "--help"] for name in COMMANDS)])
def test_help_is_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "用法" in result.output and "选项" in result.output
    assert english_words(result.output) == [], result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check"], "缺少参数"),
        (["check", "--nope", "x"], "没有选项"),
        (["ingest", "--timeout", "-1", "x"], "取值无效"),
        (["nonsense"], "没有命令"),
    ],
)
def test_usage_errors_are_chinese(args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert said in result.output and "错误" in result.output
    assert "Error" not in result.output and "Usage" not in result.output
