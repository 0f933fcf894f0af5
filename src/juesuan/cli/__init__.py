"""The command line: ``juesuan parse|facts|check|ingest|export`` (see spec/interface.md).

Each command lives in a module of its own and registers itself on the group.
"""

from __future__ import annotations

import importlib

import click

from juesuan import __version__

COMMAND_MODULES = ("parse", "check", "ingest", "export", "serve", "user")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="juesuan")
def main() -> None:
    """juesuan: 部门决算公开的读取、审核、存储与导出。"""


for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"juesuan.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command not built yet
        if _exc.name != f"juesuan.cli.{_name}":
            raise
