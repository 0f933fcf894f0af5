"""The rich progress bar: done of total, counts, documents per second and time left."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Documents per second over the last seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(
            "— 份/秒" if speed is None else f"{speed:.2f} 份/秒", style="progress.data.speed"
        )


def batch_progress(console: Console, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]入库"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )
