"""A bug in juesuan is reported as one: the traceback goes to a log file, the user gets one line.

Never dressed up as "unreadable input": the user is asked to report it, with the log.
"""

from __future__ import annotations

import os
import tempfile
import traceback
from pathlib import Path


def bug_report(exc: BaseException) -> str:
    """Log the traceback to a file and return the one line a user sends on."""
    log = Path(tempfile.gettempdir()) / f"juesuan-error-{os.getpid()}.log"
    try:
        with log.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)))
        where = f"详情见 {log}"
    except OSError:
        where = "日志无法写入"
    return f"juesuan 内部错误，请报告：{type(exc).__name__}（{where}）"
