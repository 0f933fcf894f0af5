"""Flow rows (page text: tokens separated by spaces, blanks lost) → typed rows of T01–T09."""

from __future__ import annotations

from collections.abc import Sequence

from juesuan.read.grid import GridLine
from juesuan.recognise.cells import RowBuilder
from juesuan.recognise.vocab import TABLE_COLUMNS


def flow_to_rows(table_id: str, lines: Sequence[GridLine], builder: RowBuilder) -> tuple[str, ...]:
    return TABLE_COLUMNS[table_id]
