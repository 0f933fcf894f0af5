"""Building typed rows from grid cells, collecting what could not be read as findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from juesuan.model.findings import Finding, Severity
from juesuan.model.money import FULL_WIDTH, AmountError, is_amount_text, parse_amount
from juesuan.model.tables import Cell, CodeKind, Row
from juesuan.read.grid import GridCell

CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_NAME_RE = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s.,，．].*)$")
_HEADER_WORDS = ("栏次", "行次")


def is_code(text: str) -> bool:
    return bool(CODE_RE.match(text.strip().translate(FULL_WIDTH)))


def is_amount(text: str) -> bool:
    """A printed amount (not a code-like bare integer of 3/5/7 digits)."""
    stripped = text.strip()
    return bool(stripped) and is_amount_text(stripped)


@cache
def _cjk() -> re.Pattern[str]:
    # compiled on first use: a class of the whole CJK range takes ~3 ms to compile, and only a
    # cell that is not an amount yet holds a digit asks
    return re.compile(r"[\u4e00-\u9fff]")


def is_malformed_amount(text: str) -> bool:
    """Text in an amount column that was meant as a number but is not one ("91.97a", "9,1.97")."""
    stripped = text.strip()
    return (
        bool(re.search(r"\d", stripped))
        and not _cjk().search(stripped)
        and len(stripped) <= 30
        and not is_amount_text(stripped)
    )


def amount_or_blank(text: str) -> bool:
    """A printed amount, a blank, or a malformed amount (kept so the row survives, then reported)."""
    return not text.strip() or is_amount(text) or is_malformed_amount(text)


def is_header_row(texts: Sequence[str]) -> bool:
    first = next((t.strip() for t in texts if t.strip()), "")
    return "".join(first.split()) in _HEADER_WORDS


def split_code_name(text: str) -> tuple[str, str] | None:
    """ "2011308 招商引资" → ("2011308", "招商引资"): a code and name printed in one cell."""
    match = _CODE_NAME_RE.match(text.strip().translate(FULL_WIDTH))
    return (match.group(1), match.group(2).strip()) if match else None


def join_code_parts(parts: Sequence[str]) -> str | None:
    """Codes printed in separate 类/款/项 columns ("208", "05", "01") → "2080501"."""
    digits = [p.strip().translate(FULL_WIDTH) for p in parts if p.strip()]
    if not digits:
        return None
    if len(digits) == 1:
        return digits[0] if is_code(digits[0]) else None
    head, *rest = digits
    if not (len(head) == 3 and head.isdigit() and all(len(p) == 2 and p.isdigit() for p in rest)):
        return None
    return head + "".join(rest)


#: Points within which page-text tokens stand in the same column.
X_TOLERANCE = 3.0


def unread_row_note(table_id: str, lead: Sequence[str], line_text: str) -> str:
    """Why a row with amounts was not read: no code, or a code printed broken ("301 2" for 30102,
    "7 11 02" for 2101102) — the reviewer is told which, with the printed digits."""
    digits = [t.strip() for t in lead if t.strip().isdigit()]
    if digits:
        return f"{table_id} 一行有金额但科目编码不完整或有误（“{' '.join(digits)}”），未读取：{line_text}"
    return f"{table_id} 一行有金额但没有科目编码，未读取：{line_text}"


@dataclass
class SplitCodes:
    """Codes printed in 类/款/项 columns, row after row of one table.

    ``201 | 05 | 07`` is 2010507. Where the 类 (or 类 and 款) is printed once above, a row printing
    only its 款/项 inherits them from the code row above, placed by the column it is printed in
    (cell index for aligned rows, x for page text) — never guessed from a lone number.
    """

    last: str = ""  # the code of the row above
    places: list[float] = field(default_factory=list)  # where the 类, 款, 项 columns stand

    def learn_header(self, cells: Sequence[GridCell], aligned: bool) -> None:
        """Where a header row prints 类 | 款 (| 项), the code columns stand."""
        texts = [(i, c) for i, c in enumerate(cells) if c.text.strip()]
        words = [re.sub(r"\s+", "", c.text) for _, c in texts]
        for n in range(len(words) - 1):
            if words[n : n + 2] == ["类", "款"]:
                run = texts[n : n + (3 if words[n + 2 : n + 3] == ["项"] else 2)]
                self.places = [float(i) if aligned or c.x0 is None else c.x0 for i, c in run]
                return

    def code_of(self, texts: Sequence[tuple[int, GridCell]], aligned: bool) -> str | None:
        """The whole code of a row from its leading non-blank cells (index, cell); None if none."""
        parts: list[tuple[float, str]] = []
        for index, cell in texts:
            digits = cell.text.strip().translate(FULL_WIDTH)
            if not digits.isdigit():
                break
            if len(digits) not in ((2, 3) if not parts else (2,)):
                return None  # "301 | 2": a code part that is not one, never read as 301
            parts.append((float(index) if aligned or cell.x0 is None else cell.x0, digits))
        if not parts:
            return None
        numbers = [digits for _, digits in parts]
        if len(numbers[0]) == 3:
            code = join_code_parts(numbers)
            if code and len(parts) > 1:
                self.places = [place for place, _ in parts] + self.places[len(parts) :]
        else:
            code = self._inherited(parts[0][0], numbers, aligned)
        if code:
            self.last = code
        return code

    def _inherited(self, place: float, parts: list[str], aligned: bool) -> str | None:
        if not self.last or len(self.places) < 2:
            return None  # no split code printed above: a lone 2-digit number is not a code
        levels = range(1, min(len(self.places), 3))  # 款 = 1, 项 = 2
        level = min(levels, key=lambda n: abs(self.places[n] - place))
        if abs(self.places[level] - place) > (0 if aligned else X_TOLERANCE):
            return None  # not under the 款 or 项 column of the code above
        head = self.last[: 1 + 2 * level]
        if len(head) != 1 + 2 * level or level + len(parts) > 3:
            return None
        return head + "".join(parts)


@dataclass
class RowBuilder:
    """Collects rows and the findings about cells that could not be read."""

    table_id: str
    rows: list[Row] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unread: bool = False  # some printed amounts could not be placed: the table is partial

    def cell(self, column: str, grid_cell: GridCell | None, key: str) -> Cell | None:
        """A typed cell; None (and a finding) for text that is not an amount."""
        if grid_cell is None:
            return None
        if grid_cell.unknown:  # a formula without its saved result: neither blank nor 0
            return Cell(column=column, value=None, raw="", source=grid_cell.source, unknown=True)
        text = grid_cell.text
        try:
            value = parse_amount(text)
        except AmountError:
            self.findings.append(
                Finding(
                    rule="recognise.bad_amount",
                    severity=Severity.ERROR,
                    message=f"{self.table_id} 行“{key}”列“{column}”的内容“{text}”不是金额，未读取。",
                    table=self.table_id,
                    row_key=key,
                    column=column,
                    source=grid_cell.source.label(),
                )
            )
            return None
        return Cell(column=column, value=value, raw=text, source=grid_cell.source)

    def add(
        self,
        key: str,
        label: str,
        pairs: Sequence[tuple[str, GridCell | None]],
        source_cell: GridCell,
        section: str = "",
        code_kind: CodeKind | None = None,
    ) -> None:
        cells = tuple(c for col, gc in pairs if (c := self.cell(col, gc, key)) is not None)
        code = key if code_kind is not None else None
        if any(r.key == key and r.section == section for r in self.rows):
            if not any(c.value is not None for c in cells):
                return  # a repeated blank line (e.g. a header row printed again)
            self.note(
                f"{self.table_id} 中“{key}”出现多次，保留第一次。", source_cell, Severity.WARNING
            )
            return
        self.rows.append(
            Row(
                key=key,
                label=label.strip(),
                cells=cells,
                source=source_cell.source,
                section=section,
                code=code,
                code_kind=code_kind,
            )
        )

    def note(self, message: str, grid_cell: GridCell, severity: Severity = Severity.ERROR) -> None:
        """Record a row that could not be read; an error marks the table as read only in part."""
        if severity is Severity.ERROR:
            self.unread = True
        self.findings.append(
            Finding(
                rule="recognise.row_unread",
                severity=severity,
                message=message,
                table=self.table_id,
                source=grid_cell.source.label(),
            )
        )
