"""What the store tests share: corpus paths and running the real ``juesuan`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"
FINAL = CORPUS / "final"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def juesuan_command() -> list[str]:
    """The installed ``juesuan`` script of this interpreter's environment."""
    script = Path(sys.executable).parent / "juesuan"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from juesuan.cli import main; main()"]


def juesuan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*juesuan_command(), *args], capture_output=True, text=True, check=False)
