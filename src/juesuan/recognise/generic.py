"""Tables outside the nine (X01 …): kept as printed — a label per row, its numbers by column.

They carry no canonical vocabulary; a column is named by the header cell above it where the
rows are aligned, else by its place (列1, 列2 …).

* A code printed in 类/款/项 columns (``201 | 05 | 07``) keys its row by the whole code
  (2010507); where the 类 (or 类 and 款) is printed once above, the row inherits it from the
  code row above, placed by the column it is printed in.
* A row that prints labels again after its numbers (收入 on the left, 支出 on the right) is two
  rows, one per side, each in its own section, so the keys of the two sides are never glued.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from juesuan.model.money import FULL_WIDTH
from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.recognise.cells import X_TOLERANCE, RowBuilder, SplitCodes, is_code
from juesuan.recognise.flow import is_flow_number

#: Sections of a table printed in two sides, when its header names them.
SIDE_WORDS = ("收入", "支出")


def generic_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> tuple[str, ...]:
    content = [line for line in lines if line.kind is LineKind.ROW or not line.aligned]
    layout = _SideLayout.learn(content)
    headers: list[GridLine] = []
    columns: list[str] = []
    codes = SplitCodes()
    for line in content:
        numbers = [i for i, c in enumerate(line.cells) if is_flow_number(c.text)]
        if not numbers:
            headers.append(line)
            codes.learn_header(line.cells, line.aligned)
            continue
        sides = layout.sides(line, numbers)
        sections = _side_names(headers, len(sides))
        for section, side in zip(sections, sides, strict=True):
            side_numbers = [i for i in numbers if i in side]
            names = _column_names(line, side_numbers, headers)
            key, label, source = _row_key(line, side, side_numbers, codes)
            if key is None or source is None:
                continue
            builder.add(
                key,
                label,
                [(name, line.cells[i]) for name, i in zip(names, side_numbers, strict=True)],
                source,
                section=section,
            )
            columns.extend(n for n in names if n not in columns)
    return tuple(columns)


def _number_starts(cells: Sequence[GridCell], numbers: list[int]) -> list[int]:
    """Where the row's sides start: a label printed after numbers starts a new side.

    Text after the last number (a remark) stays with the side before it.
    """
    starts = [0]
    seen_number = False
    for i, cell in enumerate(cells):
        if i in numbers:
            seen_number = True
        elif cell.text.strip() and seen_number:
            starts.append(i)
            seen_number = False
    if len(starts) > 1 and not any(i >= starts[-1] for i in numbers):
        starts.pop()
    return starts


@dataclass
class _SideLayout:
    """Where each side of a two-sided table starts, learned from the rows whose sides both print
    numbers, so that a row with a blank amount on one side is still cut in the same place."""

    columns: dict[int, list[int]] = field(default_factory=dict)  # row width → start indexes
    xs: list[float] = field(default_factory=list)  # flow rows: x of each later side's label

    @classmethod
    def learn(cls, content: Sequence[GridLine]) -> _SideLayout:
        layout = cls()
        for line in content:
            numbers = [i for i, c in enumerate(line.cells) if is_flow_number(c.text)]
            starts = _number_starts(line.cells, numbers)[1:] if numbers else []
            if line.aligned:
                known = layout.columns.setdefault(len(line.cells), [])
                known.extend(i for i in starts if i not in known)
                known.sort()
                continue
            for i in starts:
                x = line.cells[i].x0
                if x is not None and not any(abs(x - seen) <= X_TOLERANCE for seen in layout.xs):
                    layout.xs.append(x)
        layout.xs.sort()
        return layout

    def sides(self, line: GridLine, numbers: list[int]) -> list[range]:
        """The row's cells side by side (one range for a one-sided table)."""
        count = len(line.cells)
        if line.aligned:
            learned = self.columns.get(count, [])
            starts = [0, *(i for i in learned if _side_starts_at(line.cells, numbers, i))]
        else:
            starts = self._flow_starts(line) or _number_starts(line.cells, numbers)
        ends = [*starts[1:], count]
        return [range(a, b) for a, b in zip(starts, ends, strict=True)]

    def _flow_starts(self, line: GridLine) -> list[int] | None:
        """Side starts of a flow row by x: each side begins at its first cell right of the cut."""
        if not self.xs or any(c.x0 is None for c in line.cells):
            return None
        starts = [0]
        for x in self.xs:
            after = next(
                (i for i, c in enumerate(line.cells) if (c.x0 or 0.0) >= x - X_TOLERANCE),
                len(line.cells),
            )
            if after > starts[-1] and _side_starts_at(line.cells, None, after):
                starts.append(after)
        return starts


def _side_starts_at(cells: Sequence[GridCell], numbers: list[int] | None, index: int) -> bool:
    """A later side starts at ``index``: a label (not a code part) after an amount or a blank.

    ``numbers`` None: page text, whose blanks are lost; the cut was placed by x.
    """
    if not 0 < index < len(cells):
        return False
    text = cells[index].text.strip().translate(FULL_WIDTH)
    if not text or text.isdigit():
        return False
    if numbers is None:
        return True
    before = cells[index - 1].text.strip()
    return index - 1 in numbers or not before or is_flow_number(before)


def _side_names(headers: list[GridLine], count: int) -> list[str]:
    """Section per side: none for one side; 收入/支出 where the header names them, else 左栏/右栏."""
    if count == 1:
        return [""]
    header = "".join(re.sub(r"\s+", "", h.text) for h in headers)
    if count == len(SIDE_WORDS) and all(word in header for word in SIDE_WORDS):
        return list(SIDE_WORDS)
    if count == 2:
        return ["左栏", "右栏"]
    return [f"第{n}栏组" for n in range(1, count + 1)]


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
    line: GridLine, side: range, numbers: list[int], codes: SplitCodes
) -> tuple[str | None, str, GridCell | None]:
    texts = [(i, line.cells[i]) for i in side if i not in numbers and line.cells[i].text.strip()]
    if not texts:
        return None, "", None
    label = " ".join(c.text.strip() for _, c in texts)
    code = codes.code_of(texts, line.aligned) or next(
        (c.text.strip() for _, c in texts if is_code(c.text)), None
    )
    if code:
        codes.last = code
    return code or re.sub(r"\s+", "", label), label, texts[0][1]
