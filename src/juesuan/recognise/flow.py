"""Flow rows (page text: tokens separated by spaces, blanks lost) → typed rows of T01–T09.

Numbers in flow text are amounts only when printed as amounts (with decimals or separators,
or a zero mark); bare integers are codes, 行次 or page numbers. Where a flattened header no
longer shows which number belongs to which column, the template's column order decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from juesuan.model.money import ZERO_MARKS, is_amount_text
from juesuan.model.tables import CodeKind
from juesuan.read.grid import GridCell, GridLine, LineKind
from juesuan.recognise import aligned
from juesuan.recognise.cells import RowBuilder, is_code, unread_row_note
from juesuan.template.final import TABLE_COLUMNS, t07_key


def is_flow_number(text: str) -> bool:
    token = text.strip()
    if token in ZERO_MARKS:
        return True
    return is_amount_text(token) and ("." in token or "," in token)


def content_lines(lines: Sequence[GridLine]) -> list[GridLine]:
    return [line for line in lines if line.kind is not LineKind.BREAK and not line.is_blank]


def joined(cells: Sequence[GridCell]) -> GridCell:
    """Several text tokens as one label cell, at the first token's place."""
    return GridCell("".join(c.text for c in cells), cells[0].source)


def flow_to_rows(table_id: str, lines: Sequence[GridLine], builder: RowBuilder) -> tuple[str, ...]:
    if table_id in ("T01", "T04"):
        two_sided_flow_to_rows(table_id, lines, builder)
    elif table_id == "T06":
        t06_flow_to_rows(lines, builder)
    elif table_id == "T07":
        t07_flow_to_rows(lines, builder)
    else:
        return code_table_flow_to_rows(table_id, lines, builder)
    return TABLE_COLUMNS[table_id]


# --- T01, T04 -------------------------------------------------------------------------------


def line_to_segments(cells: Sequence[GridCell]) -> list[aligned.Segment]:
    """Label tokens followed by their numbers: one segment per label."""
    segments: list[aligned.Segment] = []
    label: list[GridCell] = []
    for cell in cells:
        if is_flow_number(cell.text):
            if label:
                segments.append((-1, joined(label), []))
                label = []
            if segments:
                segments[-1][2].append(("", cell))
        else:
            if label and segments and not segments[-1][2]:
                pass
            label.append(cell)
    return segments


def two_sided_flow_to_rows(table_id: str, lines: Sequence[GridLine], builder: RowBuilder) -> None:
    state = aligned.TwoSidedState(table_id)
    for line in content_lines(lines):
        if not any(is_flow_number(c.text) for c in line.cells):
            continue
        segments = line_to_segments(line.cells)
        if not segments:
            builder.note(
                f"{table_id} 一行只有数字、没有项目名称，未读取：{line.text}", line.cells[0]
            )
            continue
        state.add_line(segments, builder)


# --- code tables ----------------------------------------------------------------------------


@dataclass
class PendingRow:
    """A code row whose label may continue on the next lines."""

    code: str
    label: list[str] = field(default_factory=list)
    source: GridCell | None = None


def code_table_flow_to_rows(
    table_id: str, lines: Sequence[GridLine], builder: RowBuilder
) -> tuple[str, ...]:
    content = content_lines(lines)
    header = " ".join(aligned.compact(line.text) for line in content if not _has_numbers(line))
    columns = aligned.present_columns(table_id, header)
    template = TABLE_COLUMNS[table_id]
    pending: PendingRow | None = None
    for line in content:
        cells = list(line.cells)
        numbers = [c for c in cells if is_flow_number(c.text)]
        texts = [c for c in cells if not is_flow_number(c.text)]
        lead_code = cells[0].text if cells and is_code(cells[0].text) else None
        if lead_code and not numbers:
            pending = PendingRow(lead_code, [c.text for c in cells[1:]], cells[0])
            continue
        if not numbers:
            if pending is not None:
                pending.label.extend(c.text for c in cells)
            continue
        key, label, source = _flow_row_key(cells, texts, lead_code, pending)
        pending = None
        if key is None or source is None:
            lead = list(takewhile(lambda text: text.strip().isdigit(), (c.text for c in cells)))
            builder.note(unread_row_note(table_id, lead, line.text), cells[0])
            continue
        cols = columns if len(numbers) == len(columns) else template
        if len(numbers) != len(cols):
            builder.note(
                f"{table_id} 行“{key}”有 {len(numbers)} 个金额，与表头的 {len(columns)} 列对不上，未读取。",
                source,
            )
            continue
        builder.add(
            key,
            label,
            list(zip(cols, numbers, strict=True)),
            source,
            code_kind=None if key == "合计" else CodeKind.FUNCTION,
        )
    return columns


def _has_numbers(line: GridLine) -> bool:
    return any(is_flow_number(c.text) for c in line.cells)


def _flow_row_key(
    cells: Sequence[GridCell],
    texts: Sequence[GridCell],
    lead_code: str | None,
    pending: PendingRow | None,
) -> tuple[str | None, str, GridCell | None]:
    if lead_code:
        label = "".join(c.text for c in texts[1:])
        return lead_code, label, cells[0]
    if any(aligned.compact(c.text) in aligned.TOTAL_LABELS for c in texts):
        total = next(c for c in texts if aligned.compact(c.text) in aligned.TOTAL_LABELS)
        return "合计", total.text, total
    if pending is not None and not texts:
        return pending.code, "".join(pending.label), pending.source
    return None, "", None


# --- T06 ------------------------------------------------------------------------------------

_T06_TOTALS = aligned.T06_TOTALS


@dataclass
class T06Segment:
    """One (code, name, amount) or (total label, amount) group of a page-text T06 line."""

    code: str | None
    label: str
    amount: GridCell
    first: GridCell
    named: bool  # the name was printed on the amount's own line
    prefix: str = ""
    suffix: str = ""


def t06_flow_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> None:
    """Rows of T06, with names that wrap onto the lines above and below put back together."""
    parsed = [(line, t06_tokens_to_segments(list(line.cells))) for line in content_lines(lines)]
    for index, (line, segments) in enumerate(parsed):
        if not segments:
            before = _nearest_segments(parsed, index, -1)
            after = _nearest_segments(parsed, index, +1)
            _attach_fragments([c.text for c in line.cells], before, after)
    for _line, segments in parsed:
        for seg in segments:
            label = seg.prefix + seg.label + seg.suffix
            if seg.code is None:
                builder.add(_T06_TOTALS[seg.label], seg.label, [("决算数", seg.amount)], seg.first)
            else:
                builder.add(
                    seg.code,
                    label,
                    [("决算数", seg.amount)],
                    seg.first,
                    code_kind=CodeKind.ECONOMIC,
                )


def _nearest_segments(
    parsed: list[tuple[GridLine, list[T06Segment]]], index: int, step: int
) -> list[T06Segment]:
    """The segments of the adjacent line, when that line holds amounts (else none)."""
    neighbour = index + step
    if 0 <= neighbour < len(parsed):
        return parsed[neighbour][1]
    return []


def _attach_fragments(
    fragments: list[str], before: list[T06Segment], after: list[T06Segment]
) -> None:
    """A wrapped name's pieces stand above and below its amount line, one per column group.

    With two pieces, the first belongs to the left group and the second to the right one; a piece
    starts a name whose amount line printed none (below), else ends the name above it. A single
    piece goes to the one nameless neighbour, or ends the name above when that line has one group.
    """
    if len(fragments) == 2:
        for slot, fragment in enumerate(fragments):
            below = after[slot] if slot < len(after) else None
            above = before[slot] if slot < len(before) else None
            if below is not None and not below.named and not below.prefix:
                below.prefix = fragment
            elif above is not None and above.code is not None:
                above.suffix += fragment
    elif len(fragments) == 1:
        fragment = fragments[0]
        nameless_above = [seg for seg in before if not seg.named and seg.code is not None]
        nameless_below = [seg for seg in after if not seg.named and not seg.prefix]
        if len(nameless_above) == 1:
            nameless_above[0].suffix += fragment
        elif len(nameless_below) == 1:
            nameless_below[0].prefix = fragment
        elif len(before) == 1 and before[0].code is not None:
            before[0].suffix += fragment


def t06_tokens_to_segments(cells: list[GridCell]) -> list[T06Segment]:
    """(class code[, 款 code], name tokens, amount) and (total label, amount) in a line."""
    segments: list[T06Segment] = []
    i = 0
    while i < len(cells):
        text = cells[i].text.strip()
        if text in _T06_TOTALS and i + 1 < len(cells) and is_flow_number(cells[i + 1].text):
            segments.append(T06Segment(None, text, cells[i + 1], cells[i], named=True))
            i += 2
            continue
        if re.fullmatch(r"\d{3}|\d{5}", text):
            code, j = text, i + 1
            if len(text) == 3 and j < len(cells) and re.fullmatch(r"\d{2}", cells[j].text):
                code, j = text + cells[j].text, j + 1
            name: list[str] = []
            while (
                j < len(cells)
                and not is_flow_number(cells[j].text)
                and not re.fullmatch(r"\d{3}|\d{5}", cells[j].text)
            ):
                name.append(cells[j].text)
                j += 1
            if j < len(cells) and is_flow_number(cells[j].text):
                segments.append(
                    T06Segment(code, "".join(name), cells[j], cells[i], named=bool(name))
                )
                i = j + 1
                continue
        i += 1
    return segments


# --- T07 ------------------------------------------------------------------------------------


def t07_flow_to_rows(lines: Sequence[GridLine], builder: RowBuilder) -> None:
    content = content_lines(lines)
    columns = aligned.t07_columns_order(content)
    for line in content:
        numbers = [c for c in line.cells if is_flow_number(c.text)]
        texts = [c for c in line.cells if not is_flow_number(c.text) and c.text.strip("|｜")]
        if not texts and len(numbers) >= 4 and len(columns) == 2:
            aligned.t07_across_to_rows(content, numbers, (columns[0], columns[1]), builder)
        elif texts and numbers:
            key = t07_key(joined(texts).text)
            if key:
                builder.add(
                    key, joined(texts).text, list(zip(columns, numbers, strict=False)), texts[0]
                )
