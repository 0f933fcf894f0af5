"""Which files a batch reads: folders recursively, supported suffixes, hidden files left out."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from juesuan.read import SUPPORTED_SUFFIXES


def is_candidate(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith((".", "~$"))


def folder_to_files(folder: Path) -> list[Path]:
    """Every supported file below folder, not descending into hidden folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / name for name in sorted(files) if is_candidate(Path(name)))
    return found


def paths_to_files(paths: Iterable[str | Path]) -> list[str]:
    """The files named or found below the folders named, largest first.

    A file named explicitly is always taken (its format is detected from content); a path
    that does not exist is kept too, so the batch reports it. Largest first keeps a big PDF
    from being the last straggler of a run.
    """
    files: dict[str, int] = {}
    for raw in paths:
        path = Path(raw)
        for found in folder_to_files(path) if path.is_dir() else [path]:
            files.setdefault(str(found), file_size(found))
    return sorted(files, key=lambda name: (-files[name], name))


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def file_sha256(path: str) -> str | None:
    """The content hash, read in blocks; None if the file cannot be read."""
    import hashlib  # here: a check finds its files with this module and hashes nothing

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
