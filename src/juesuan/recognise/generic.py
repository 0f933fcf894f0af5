"""Tables outside the nine (X01 …): kept as printed — a label per row, its numbers by column.

They carry no canonical vocabulary; a column is named by the header cell above it where the
rows are aligned, else by its place (列1, 列2 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.recognise.cells import RowBuilder, is_code
from juesuan.recognise.flow import is_flow_number


def generic_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> tuple[str, ...]:
    content = [line for line in lines if line.kind is LineKind.ROW or not line.aligned]
    headers: list[GridLine] = []
    columns: list[str] = []
    for line in content:
        numbers = [i for i, c in enumerate(line.cells) if is_flow_number(c.text)]
        if not numbers:
            headers.append(line)
            continue
        names = _column_names(line, numbers, headers)
        key, label, source = _row_key(line.cells, numbers)
        if key is None or source is None:
            continue
        builder.add(
            key,
            label,
            [(name, line.cells[i]) for name, i in zip(names, numbers, strict=True)],
            source,
        )
        columns.extend(n for n in names if n not in columns)
    return tuple(columns)


def _column_names(line: GridLine, numbers: list[int], headers: list[GridLine]) -> list[str]:
    same_width = [h for h in headers if h.aligned and len(h.cells) == len(line.cells)]
    names = []
    for place, index in enumerate(numbers, start=1):
        header = " ".join(
            re.sub(r"\s+", "", h.cells[index].text)
            for h in same_width
            if h.cells[index].text.strip()
        )
        names.append(header if line.aligned and header else f"列{place}")
    return _unique(names)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return result


def _row_key(
    cells: Sequence[GridCell], numbers: list[int]
) -> tuple[str | None, str, GridCell | None]:
    texts = [c for i, c in enumerate(cells) if i not in numbers and c.text.strip()]
    if not texts:
        return None, "", None
    label = " ".join(c.text.strip() for c in texts)
    code = next((c.text.strip() for c in texts if is_code(c.text)), None)
    return code or re.sub(r"\s+", "", label), label, texts[0]
