"""``juesuan user add NAME --role admin|reviewer|viewer [--db URL]``: the password from stdin."""

from __future__ import annotations

import sys

import click

from juesuan.cli import main


@main.group("user")
def user_group() -> None:
    """网页应用的账户。"""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "viewer"]), required=True)
@click.option("--db", "db_url", default=None, help="数据库 URL（默认本机 SQLite 文件）")
def user_add(name: str, role: str, db_url: str | None) -> None:
    """创建账户；密码从标准输入读取（一行）。"""
    from juesuan.store import StoreError, open_store
    from juesuan.web.auth import AccountError, add_user

    if sys.stdin.isatty():
        password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        with open_store(db_url, command_name="user add") as store:
            add_user(store.engine, name, role, password)
    except (StoreError, AccountError) as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    click.echo(f"已创建用户 {name}（{role}）")
