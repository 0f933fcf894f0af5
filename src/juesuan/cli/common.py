"""What every command shares: the one-line message for unreadable input, exit codes."""

from __future__ import annotations

import sys

import click

from juesuan.read.grid import UnreadableError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def fail_unreadable(exc: UnreadableError) -> None:
    """Print the one-line reason on stderr and exit with status 2."""
    click.echo(f"juesuan: 无法读取 {exc.path}: {exc.reason}", err=True)
    sys.exit(EXIT_UNREADABLE)


def warn(message: str) -> None:
    click.echo(f"juesuan: 警告: {message}", err=True)
