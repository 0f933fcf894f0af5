"""What every command shares: the one-line messages, exit codes, safe output and bug reports.

Exit status: 0 fine; 1 ``check`` found errors; 2 an input (or the output) could not be read or
written, with a one-line reason on stderr; 3 a bug in juesuan (the traceback goes to a log file).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from juesuan.read import special_file_reason
from juesuan.read.grid import UnreadableError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_BUG = 3
#: Allocations between two young-generation garbage collections in a command's process.
YOUNG_COLLECTION_EVERY = 10_000


def unreadable_line(path: str, reason: str) -> str:
    """The one wording of "this input could not be read"."""
    return f"juesuan: 无法读取 {path}: {reason}"


def partial_line(path: str, missing: list[str] | tuple[str, ...]) -> str:
    """The one wording of "this result is incomplete", with the file's path."""
    from juesuan.report.wording import partial_text

    return f"{path} {partial_text(missing)}"


def say_unreadable(path: str, reason: str) -> None:
    click.echo(unreadable_line(path, reason), err=True)


def fail_unreadable(exc: UnreadableError) -> NoReturn:
    """Print the one-line reason on stderr and exit with status 2."""
    say_unreadable(exc.path, exc.reason)
    sys.exit(EXIT_UNREADABLE)


def fail_output(target: str, exc: OSError) -> NoReturn:
    """Output that cannot be written is not "errors found": its own message and status 2."""
    click.echo(f"juesuan: 无法写入 {target}: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_UNREADABLE)


def warn(message: str) -> None:
    click.echo(f"juesuan: 警告: {message}", err=True)


def write_output(data: str | bytes, output: str | Path | None) -> None:
    """Write to the file named (a missing folder or a full disk: exit 2 naming it) or stdout."""
    if output is None:
        write_stdout(data)
        return
    target = Path(output)
    try:
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    except OSError as exc:
        fail_output(str(target), exc)


def write_stdout(data: str | bytes) -> None:
    try:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (… | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except OSError as exc:
        fail_output("标准输出", exc)


def paths_to_inputs(paths: tuple[str, ...] | list[str]) -> Iterator[Path | UnreadableError]:
    """Files as named; a directory means every supported file below it.

    Something that is neither a file nor a folder (a FIFO, a device) is never opened: it comes
    back as an UnreadableError for the caller to report, so one bad input cannot hang a batch.
    """
    from juesuan.batch.discover import folder_to_files

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = folder_to_files(path)
            if not found:
                warn(f"{raw} 下没有支持的文件")
            for item in found:
                reason = special_file_reason(item)
                yield UnreadableError(str(item), reason) if reason else item
            continue
        reason = special_file_reason(path)
        yield UnreadableError(raw, reason) if reason else path


class JuesuanGroup(click.Group):
    """The command group: a bug anywhere ends in a bug report (exit 3), never a bare traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        # A read allocates tens of thousands of small objects and few cycles: with Python's
        # default (a young-generation collection every 700 allocations) the collector costs a
        # PDF's `facts` 2-3 % of its instructions; every 10 000 costs it a tenth of a megabyte.
        gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except UnreadableError as exc:
            fail_unreadable(exc)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            from juesuan.bugreport import bug_report  # only when a bug happens: tempfile, traceback

            click.echo(bug_report(exc), err=True)
            sys.exit(EXIT_BUG)
