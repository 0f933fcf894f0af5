"""``juesuan serve [--db URL] [--host 127.0.0.1] [--port 8000] [--max-upload-mb 100]``."""

from __future__ import annotations

import sys

import click

from juesuan.cli import main


@main.command("serve")
@click.option("--db", "db_url", default=None, help="数据库 URL（默认本机 SQLite 文件）")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=int, help="端口")
@click.option(
    "--max-upload-mb", default=100.0, show_default=True, type=float, help="单个上传文件的上限（MB）"
)
@click.option("--max-files", default=500, show_default=True, type=int, help="一次上传的文件数上限")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="后台读取进程数（0：在服务进程的线程里读）",
)
def serve_command(
    db_url: str | None, host: str, port: int, max_upload_mb: float, max_files: int, workers: int
) -> None:
    """启动网页应用：台账、复核工作台、图表。"""
    import uvicorn

    from juesuan.store import StoreError, open_store
    from juesuan.web.app import Settings, create_app, is_loopback
    from juesuan.web.auth import count_users

    loopback = is_loopback(host)
    try:
        with open_store(db_url, command_name="serve") as store:
            users = count_users(store.engine)
    except StoreError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    if not loopback and users == 0:
        click.echo(
            f"juesuan: 拒绝在非本机地址 {host} 上启动：还没有账户。"
            "先用 juesuan user add NAME --role admin 创建一个。",
            err=True,
        )
        sys.exit(2)
    settings = Settings(db_url, max_upload_mb, max_files, workers, loopback)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"juesuan 网页应用：http://{shown}:{port}/" + ("（本机单用户模式）" if users == 0 else "")
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
