"""The command line: ``juesuan parse|facts|check|ingest|export`` (see spec/interface.md).

Each command lives in a module of its own and registers itself on the group. The group
imports a command's module only when that command runs (or ``--help`` lists the commands),
so that ``juesuan check`` of a text file never loads the PDF, workbook, batch or database
libraries.
"""

from __future__ import annotations

import importlib

import click

from juesuan import __version__
from juesuan.cli.common import JuesuanGroup
from juesuan.cli.zh import use_chinese_in_click

use_chinese_in_click()

COMMAND_MODULES = ("parse", "check", "ingest", "export", "prepare", "sample", "serve", "user")
#: Commands defined in a module of another name.
COMMANDS_ELSEWHERE = {"facts": "parse", "grid": "parse"}


class LazyGroup(JuesuanGroup):
    """A group whose commands are imported on first use, by the module that defines them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *COMMANDS_ELSEWHERE, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            module = COMMANDS_ELSEWHERE.get(cmd_name, cmd_name)
            if module in COMMAND_MODULES:
                importlib.import_module(f"juesuan.cli.{module}")
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="juesuan")
def main() -> None:
    """juesuan: 部门决算公开的读取、审核、存储与导出。"""
