"""The command line: ``juesuan parse|facts|check|ingest|export`` (see spec/interface.md).

Each command lives in a module of its own and registers itself on the group.
"""

from __future__ import annotations

import importlib

import click

from juesuan import __version__
from juesuan.cli.common import JuesuanGroup

COMMAND_MODULES = ("parse", "check", "ingest", "export", "prepare", "sample")


@click.group(cls=JuesuanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="juesuan")
def main() -> None:
    """juesuan: 部门决算公开的读取、审核、存储与导出。"""


for _name in COMMAND_MODULES:
    importlib.import_module(f"juesuan.cli.{_name}")
