"""Which rules a run selects: ``--select``/``--ignore`` patterns and a ``juesuan.toml`` file.

Kept apart from the engine, which loads every rule module: ``juesuan check`` reads its
selection before the first file and runs the rules after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "juesuan.toml"


def split_patterns(values: Iterable[str]) -> frozenset[str]:
    """Patterns given repeatedly and/or comma-separated, blanks dropped."""
    return frozenset(p.strip() for value in values for p in value.split(",") if p.strip())


@dataclass(frozen=True, slots=True)
class Selection:
    """The patterns of a run: ``select`` None (or empty) means every rule."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()


class ConfigError(Exception):
    """The config file cannot be used; the message says why in one line."""


def read_config(path: Path | None = None) -> Selection:
    """The selection of a config file: ``path``, else ``juesuan.toml`` in the current directory."""
    if path is None:
        path = Path.cwd() / CONFIG_NAME
        if not path.is_file():
            return Selection()
    import tomllib  # only a run with a config file parses TOML

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 无法读取: {exc}") from exc
    select = config_patterns(data, "select", path)
    ignore = config_patterns(data, "ignore", path)
    return Selection(select=select, ignore=ignore or frozenset())


def config_patterns(data: dict[str, object], key: str, path: Path) -> frozenset[str] | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return split_patterns([value])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return split_patterns(value)
    raise ConfigError(f"配置文件 {path} 中 {key} 应为字符串或字符串列表")


def merge_selection(config: Selection, select: frozenset[str], ignore: frozenset[str]) -> Selection:
    """Command-line ``--select`` replaces the config's; ``--ignore`` adds to it."""
    return Selection(
        select=select if select else config.select,
        ignore=config.ignore | ignore,
    )
