"""Building blocks shared by every rule module: locating amounts, comparing them, wording findings.

A rule works on ``Amount``s: a cell together with the table and row it sits in, so a finding can
name the cell as a reviewer reads it ("公开02表 合计行“本年收入合计”") and carry its source.

The comparisons follow the rounding envelope (``juesuan.rules.envelope``): exact → no finding,
a non-zero difference inside the envelope → an info (尾差), outside it → an error (or the severity
the caller passes). The checks return ``Defect``s: the rule that yields one gets its code stamped.
A blank cell is not a part of a sum; a printed 0.00 is. A cell whose value is unknown (a formula
saved without its result) is neither: an identity involving it is not checked, and the rule's
outcome says so (InsufficientData naming the cell).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import CellRef, Severity
from juesuan.model.tables import STANDARD_TITLES, Cell, CodeKind, Row, Table
from juesuan.rules.envelope import Comparison, compare_derived, compare_equal, compare_sum
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable
from juesuan.template.codes import child_digits

TOTAL_KEY = "合计"
ZERO = Decimal(0)


# --------------------------------------------------------------------------- locating amounts


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount cell with its table and row. ``value`` is None for a blank cell."""

    table: Table
    row: Row
    cell: Cell

    @property
    def value(self) -> Decimal | None:
        return self.cell.value

    @property
    def printed(self) -> bool:
        return self.cell.value is not None

    @property
    def unknown(self) -> bool:
        return self.cell.unknown

    @property
    def column(self) -> str:
        return self.cell.column

    @property
    def ref(self) -> CellRef:
        return cell_ref(self.table, self.row, self.cell)

    def describe(self) -> str:
        """The cell as a reviewer reads it, e.g. ``公开02表 合计行“本年收入合计”``."""
        return f"{table_name(self.table)} {row_name(self.table, self.row)}{column_name(self.table, self.cell.column)}"


def cell_ref(table: Table | str, row: Row, cell: Cell) -> CellRef:
    """The CellRef of a cell of a row (table given as a Table or its id)."""
    table_id = table if isinstance(table, str) else table.id
    return CellRef(
        table=table_id,
        row_key=row.key,
        column=cell.column,
        section=row.section,
        source=cell.source.label(),
        raw=cell.raw,
    )


def amount(table: Table, row: Row | str | None, column: str, section: str = "") -> Amount | None:
    """The amount of ``row`` (a Row or a row key) in ``column``.

    None when the row or the column is not in the table at all (the table cannot show it);
    an Amount whose value is None when the cell is there but blank.
    """
    if isinstance(row, str):
        row = table.row(row, section)
    if row is None:
        return None
    cell = row.cell(column)
    if cell is None:
        if column not in table.columns:
            return None
        # The column exists but the row printed nothing in it: a blank cell.
        cell = Cell(column=column, value=None, raw="", source=row.source)
    return Amount(table, row, cell)


def amounts(table: Table, rows: Iterable[Row], column: str) -> list[Amount]:
    """The amounts of several rows in one column (rows without the column are skipped)."""
    found = (amount(table, row, column) for row in rows)
    return [a for a in found if a is not None]


def refuse_unknown(*cells: Amount | None) -> None:
    """InsufficientData when an identity involves a cell whose value the file did not save."""
    unknown = [a.describe() for a in cells if a is not None and a.unknown]
    if unknown:
        raise InsufficientData(f"{'、'.join(unknown)}是没有保存计算结果的公式，值未知，未核对")


def printed(parts: Iterable[Amount | None]) -> list[Amount]:
    """Only the printed amounts: blanks and absent cells are not parts."""
    return [a for a in parts if a is not None and a.value is not None]


# --------------------------------------------------------------------------- wording


def fmt(value: Decimal) -> str:
    """An amount as printed in Chinese disclosures: thousands separators, its own precision."""
    return f"{value:,}"


def table_name(table: Table) -> str:
    """``公开02表`` when the document labels the table, else ``T02（收入决算表）``."""
    if table.label:
        return table.label
    title = table.title or STANDARD_TITLES.get(table.id, "")
    return f"{table.id}（{title}）" if title else table.id


def row_name(table: Table, row: Row) -> str:
    """``合计行``, ``201“一般公共服务支出”行``, ``收入“本年收入合计”行``."""
    section = row.section
    if row.key == TOTAL_KEY:
        return f"{section}合计行"
    if row.code:
        name = row.label.strip()
        return f"{row.code}“{name}”行" if name and name != row.code else f"{row.code}行"
    return f"{section}“{row.key}”行"


def column_name(table: Table, column: str) -> str:
    """``“基本支出”栏``; nothing for a table with a single amount column (T01, T06)."""
    if len(table.columns) <= 1:
        return ""
    return f"“{column}”栏"


def envelope_text(comparison: Comparison) -> str:
    """Why a difference is or is not a 尾差."""
    tolerance = comparison.tolerance
    if abs(comparison.difference) <= tolerance:
        return f"在舍入误差范围（±{tolerance}）内，属尾差。"
    return f"超出舍入误差范围（±{tolerance}），数据不一致。"


def show(value: Decimal | None) -> str:
    return "空白" if value is None else fmt(value)


# --------------------------------------------------------------------------- comparisons


def finding_for(
    comparison: Comparison,
    at: Amount,
    message: str,
    cells: Sequence[Amount],
    severity: Severity = Severity.ERROR,
) -> Defect | None:
    """A Defect for a comparison (None when exact); info inside the envelope.

    Its severity is always explicit, so a helper's default (error) holds whatever the severity
    of the rule that yields it; the rule's code is stamped by ``@rule``.
    """
    level = comparison.severity
    if level is None:
        return None
    return Defect(
        message,
        Severity.INFO if level is Severity.INFO else severity,
        table=at.table.id,
        section=at.row.section,
        row_key=at.row.key,
        column=at.column,
        expected=comparison.expected,
        actual=comparison.actual,
        difference=comparison.difference,
        tolerance=comparison.tolerance,
        source=at.cell.source.label(),
        cells=tuple(dict.fromkeys(a.ref for a in (at, *cells))),
    )


def check_sum(
    total: Amount | None,
    parts: Sequence[Amount | None],
    parts_text: str,
    severity: Severity = Severity.ERROR,
) -> Defect | None:
    """Check a printed total against the sum of its printed parts.

    ``parts_text`` names the parts for the message (``各类之和``, ``基本支出与项目支出之和``).
    A blank total with printed parts counts as 0.00 (a blank means nothing was spent);
    nothing is checked when the total or every part is absent from the table (it cannot show
    them), or when neither the total nor any part is printed.
    """
    refuse_unknown(total, *parts)
    if total is None or all(part is None for part in parts):
        return None
    shown = printed(parts)
    if total.value is None and not any(a.value for a in shown):
        return None
    actual = total.value if total.value is not None else ZERO
    comparison = compare_sum(actual, [a.value for a in shown if a.value is not None])
    message = (
        f"{total.describe()} {show(total.value)} 与{parts_text} {fmt(comparison.expected)} "
        f"相差 {fmt(abs(comparison.difference))}，{envelope_text(comparison)}"
    )
    return finding_for(comparison, total, message, shown, severity)


def check_equal(
    expected: Amount | None,
    actual: Amount | None,
    severity: Severity = Severity.ERROR,
    relation: str = "应相等",
) -> Defect | None:
    """Check two printed amounts that should be equal (tolerance 0.01); the finding is at ``actual``.

    Nothing is checked unless both are present; a blank counts as 0.00 when the other is printed.
    """
    refuse_unknown(expected, actual)
    if expected is None or actual is None:
        return None
    if expected.value is None and actual.value is None:
        return None
    comparison = compare_equal(expected.value or ZERO, actual.value or ZERO)
    message = (
        f"{actual.describe()} {show(actual.value)} 与{expected.describe()} {show(expected.value)} "
        f"{relation}，相差 {fmt(abs(comparison.difference))}，{envelope_text(comparison)}"
    )
    return finding_for(comparison, actual, message, [expected], severity)


def check_derived(
    actual: Amount | None,
    terms: Sequence[tuple[int, Amount | None]],
    formula: str,
    severity: Severity = Severity.ERROR,
) -> Defect | None:
    """Check a printed amount against ``Σ sign × term`` of printed terms (e.g. 年末 = 年初 + 收入 − 支出).

    ``formula`` words the identity for the message (``年初结转和结余 + 本年收入 − 本年支出合计``).
    Blank terms are left out; nothing is checked when no term and not the amount is printed.
    """
    refuse_unknown(actual, *(a for _, a in terms))
    if actual is None:
        return None
    shown = [(sign, a) for sign, a in terms if a is not None and a.value is not None]
    if actual.value is None and not any(a.value for _, a in shown):
        return None
    expected = sum((sign * (a.value or ZERO) for sign, a in shown), ZERO)
    comparison = compare_derived(actual.value or ZERO, expected, len(shown))
    message = (
        f"{actual.describe()} {show(actual.value)} 与按“{formula}”计算的 {fmt(expected)} "
        f"相差 {fmt(abs(comparison.difference))}，{envelope_text(comparison)}"
    )
    return finding_for(comparison, actual, message, [a for _, a in shown], severity)


def check_not_above(
    smaller: Amount | None,
    larger: Amount | None,
    relation: str,
    severity: Severity = Severity.ERROR,
) -> Defect | None:
    """Check that ``smaller`` does not exceed ``larger``; an inequality needs no tolerance.

    ``relation`` says why (``财政拨款支出不应大于全部支出``). The finding is at ``smaller``.
    A blank counts as 0.00; nothing is checked when either cell is absent.
    """
    refuse_unknown(smaller, larger)
    if smaller is None or larger is None or smaller.value is None:
        return None
    limit = larger.value if larger.value is not None else ZERO
    if smaller.value <= limit:
        return None
    difference = smaller.value - limit
    return Defect(
        f"{smaller.describe()} {fmt(smaller.value)} 大于{larger.describe()} {show(larger.value)}，"
        f"超出 {fmt(difference)}；{relation}。",
        severity,
        table=smaller.table.id,
        section=smaller.row.section,
        row_key=smaller.row.key,
        column=smaller.column,
        expected=limit,
        actual=smaller.value,
        difference=difference,
        tolerance=ZERO,
        source=smaller.cell.source.label(),
        cells=(smaller.ref, larger.ref),
    )


# --------------------------------------------------------------------------- code hierarchy


def code_rows(table: Table, kind: CodeKind | None = None) -> list[Row]:
    """The rows keyed by a code (of ``kind`` if given), in document order."""
    return [r for r in table.rows if r.code and (kind is None or r.code_kind is kind)]


def class_rows(table: Table, kind: CodeKind | None = None) -> list[Row]:
    """The 类 rows (3-digit codes)."""
    return [r for r in code_rows(table, kind) if r.code and len(r.code) == 3]


def children(table: Table, parent: Row) -> list[Row]:
    """The rows one level below ``parent`` (5-digit under 3, 7 under 5; economic 5 under 3).

    Empty when the table prints none: the parent is then a leaf.
    """
    if not parent.code:
        return []
    digits = child_digits(parent.code, parent.code_kind or CodeKind.FUNCTION)
    if digits is None:
        return []
    return [
        r
        for r in code_rows(table, parent.code_kind)
        if r.code and len(r.code) == digits and r.code.startswith(parent.code)
    ]


def parents_with_children(
    table: Table, kind: CodeKind | None = None
) -> Iterator[tuple[Row, list[Row]]]:
    """Every code row that has printed child rows, with those children."""
    for row in code_rows(table, kind):
        kids = children(table, row)
        if kids:
            yield row, kids


# --------------------------------------------------------------------------- requirements


def require_table(disclosure: Disclosure, table_id: str) -> Table:
    """The table, or NotApplicable when the document has none; InsufficientData when cut off."""
    table = disclosure.table(table_id)
    if table is None:
        raise NotApplicable(f"文档中没有{STANDARD_TITLES.get(table_id, table_id)}（{table_id}）")
    if not table.complete:
        raise InsufficientData(f"{table_name(table)}不完整（文档在表中截止或部分无法读取）")
    return table


def require_tables(disclosure: Disclosure, *table_ids: str) -> tuple[Table, ...]:
    """Several tables at once (see ``require_table``)."""
    return tuple(require_table(disclosure, table_id) for table_id in table_ids)


def require_amounts(table: Table) -> Table:
    """The table, or NotApplicable when it holds no printed amount (an empty T08/T09)."""
    if not table.has_amounts:
        raise NotApplicable(f"{table_name(table)}无数据")
    return table


def require_row(table: Table, key: str, section: str = "") -> Row:
    """A row the rule cannot do without; InsufficientData when the table does not show it."""
    row = table.row(key, section)
    if row is None:
        where = f"{section}" if section else ""
        raise InsufficientData(f"{table_name(table)}中找不到{where}“{key}”行")
    return row


def collect(defects: Iterable[Defect | None]) -> Iterator[Defect]:
    """Drop the Nones that the check_* functions return for an exact match."""
    return (d for d in defects if d is not None)


__all__ = [
    "Amount",
    "amount",
    "amounts",
    "cell_ref",
    "check_derived",
    "check_equal",
    "check_not_above",
    "check_sum",
    "children",
    "class_rows",
    "code_rows",
    "collect",
    "finding_for",
    "fmt",
    "parents_with_children",
    "printed",
    "refuse_unknown",
    "require_amounts",
    "require_row",
    "require_table",
    "require_tables",
    "table_name",
]
