"""Rules about the document as a whole: its tables, how it names itself, its codes and units.

The tables its template requires, present once each; one unit name, one year and one money unit
wherever the tables state them; a money unit that cannot be right; codes of the right shape and
kind under a printed parent; one code, one name; names against the packaged reference lists;
template placeholders left in; a table declared empty that holds numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from juesuan.data import ReferenceCode, economic_codes, function_codes
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import CellRef, Severity
from juesuan.model.money import MoneyUnit
from juesuan.model.tables import (
    STANDARD_TABLE_IDS,
    STANDARD_TITLES,
    Cell,
    CodeKind,
    Row,
    Table,
)
from juesuan.rules.cross import declared_empty, normal_name
from juesuan.rules.helpers import Amount, amount, code_rows, fmt, table_name
from juesuan.rules.registry import Defect, InsufficientData, NotApplicable, rule
from juesuan.template.codes import (
    DIGITS,
    FIRST_DIGITS,
    KIND_NAMES,
    TABLE_CODE_KIND,
    parent_code,
)

#: Tables keyed by codes, of a 决算 (T) and of a budget (B).
CODED_TABLES = tuple(TABLE_CODE_KIND)
#: First digit of a class code: 功能分类 2xx; 经济分类 3xx (部门) or 5xx (政府预算).
#: The year of the first template with the 国有资本经营预算财政拨款 table (T09): documents up to
#: 2019 (梧州 2018, 台前 2017, 楚雄 2019 in the corpus) print eight tables; from 2020 nine.
FIRST_YEAR_WITH_T09 = 2020


def tags(*more: str) -> tuple[str, ...]:
    return ("document", *more)


def final_accounts(disclosure: Disclosure) -> None:
    if disclosure.meta.kind != "决算":
        raise NotApplicable("预算文档的表与决算表不同，本规则只适用于决算")


# --------------------------------------------------------------------------- the tables


def required_tables(year: int | None) -> tuple[tuple[str, ...], str]:
    """The standard tables the document's template requires, and why."""
    if year is None:
        return STANDARD_TABLE_IDS, "未能确定年度，按现行模板要求九张表"
    if year < FIRST_YEAR_WITH_T09:
        return STANDARD_TABLE_IDS[
            :8
        ], f"{year}年度的模板为八张表（尚无国有资本经营预算财政拨款支出决算表）"
    return STANDARD_TABLE_IDS, f"{year}年度的模板要求九张表"


@rule(
    "doc.tables_present",
    severity=Severity.ERROR,
    title="模板要求的决算表齐全",
    tables=STANDARD_TABLE_IDS,
    tags=tags("tables"),
)
def tables_present(disclosure: Disclosure) -> Iterable[Defect]:
    """Every table the template requires is in the document: the standard nine for current
    templates, eight (no 国有资本经营 table) for 2019 and earlier. Where the document is cut off
    inside a table, the tables that would follow it are a warning (lost to the cut, not omitted);
    a document of the 三公 table alone may be a 三公 disclosure of its own: one warning."""
    final_accounts(disclosure)
    if not disclosure.standard_tables:
        raise InsufficientData("文档中未识别出任何决算表")
    if {t.id for t in disclosure.standard_tables} == {"T07"}:
        # 三公 is also published on its own (a 三公经费决算 page): one warning, not eight errors
        yield Defect(
            "本文件只有财政拨款“三公”经费支出决算表（T07）：若是单独公开的“三公”经费决算，不要求其他表；"
            "若是完整的部门决算，则缺少其余各表。",
            Severity.WARNING,
            table="T07",
        )
        return
    required, why = required_tables(disclosure.meta.year)
    present = {t.id for t in disclosure.tables}
    cut_after = min((t.id for t in disclosure.standard_tables if not t.complete), default=None)
    for table_id in required:
        if table_id in present:
            continue
        lost = cut_after is not None and table_id > cut_after
        yield Defect(
            f"缺少{STANDARD_TITLES[table_id]}（{table_id}）"
            + (f"（文档在{cut_after}中截止，可能在截断部分）" if lost else "")
            + f"；{why}。",
            Severity.WARNING if lost else Severity.ERROR,
            table=table_id,
        )


@rule(
    "doc.table_blank",
    severity=Severity.ERROR,
    title="决算表不应空白而不作说明",
    tables=STANDARD_TABLE_IDS[:7],
    tags=tags("tables"),
)
def table_blank(disclosure: Disclosure) -> Iterable[Defect]:
    """T01–T07 print at least one amount (0.00 counts) or say why they are empty. T08/T09 are
    often empty: x.t04_t08.empty and x.t04_t09.empty decide for them."""
    final_accounts(disclosure)
    tables = [t for t in disclosure.tables if t.id in STANDARD_TABLE_IDS[:7] and t.complete]
    if not tables:
        raise NotApplicable("没有 T01–T07")
    yield from unexplained_blanks(tables, sangong="T07")


def unexplained_blanks(tables: Iterable[Table], sangong: str) -> Iterator[Defect]:
    """Tables printing no amount and not saying why; a blank 三公 table is only a warning (a unit
    without 三公 money often prints it blank)."""
    for table in tables:
        if table.has_amounts or declared_empty(table):
            continue
        yield Defect(
            f"{table_name(table)}没有任何金额，也未说明本表为何为空。",
            Severity.WARNING if table.id == sangong else Severity.ERROR,
            table=table.id,
            source=table.source.label(),
        )


@rule(
    "doc.tables_once",
    severity=Severity.ERROR,
    title="每张决算表只出现一次",
    tables=STANDARD_TABLE_IDS,
    tags=tags("tables"),
)
def tables_once(disclosure: Disclosure) -> Iterable[Defect]:
    """No standard table is printed twice (two different versions of one table)."""
    final_accounts(disclosure)
    if not disclosure.standard_tables:
        raise InsufficientData("文档中未识别出任何决算表")
    counts = Counter(t.id for t in disclosure.standard_tables)
    for table_id, count in sorted(counts.items()):
        if count > 1:
            places = "、".join(
                t.source.label() for t in disclosure.standard_tables if t.id == table_id
            )
            yield Defect(
                f"{STANDARD_TITLES[table_id]}（{table_id}）出现 {count} 次（{places}），应只有一张。",
                table=table_id,
                source=places,
            )


@rule(
    "doc.declared_empty",
    severity=Severity.ERROR,
    title="声明为空的表不应有数",
    tables=STANDARD_TABLE_IDS,
    tags=tags("tables"),
)
def declared_empty_holds_numbers(disclosure: Disclosure) -> Iterable[Defect]:
    """A table that says it is empty (本表无数据) holds no amount other than zero. A conditional
    note (如本表为空，则…) declares nothing."""
    declared = [t for t in disclosure.tables if declared_empty(t)]
    if not declared:
        raise NotApplicable("没有声明为空的表")
    for table in declared:
        cells = [(row, c) for row in table.rows for c in row.cells if c.value]
        if cells:
            row, cell = cells[0]
            yield Defect(
                f"{table_name(table)}声明“{table.empty_statement or '本表为空'}”，"
                f"却列有 {len(cells)} 个非零金额（如{row.label or row.key} {cell.raw}）。",
                table=table.id,
                section=row.section,
                row_key=row.key,
                column=cell.column,
                source=cell.source.label(),
            )


# --------------------------------------------------------------------------- what the tables state

_UNIT_PREFIX = re.compile(r"^(?:编制单位|编制部门|单位名称|单位|部门)[:：]")
_TRAILING_BRACKET = re.compile(r"（[^（）]*）$")


def normal_unit_name(text: str) -> str:
    return _UNIT_PREFIX.sub("", normal_name(text))


@dataclass(frozen=True, slots=True)
class Statement:
    """Something a table (or the document's own heading) states about the document."""

    where: str  # table id, or "" for the document's heading
    label: str  # how a reviewer finds it
    value: str
    source: str


#: What the document states → the attribute of Metadata and of Table that holds it.
STATED = {
    "unit_name": ("unit_name", "unit_name"),
    "year": ("year", "year"),
    "money_unit": ("money_unit", "unit"),
}


def statements(disclosure: Disclosure, what: str) -> list[Statement]:
    """The unit name / year / money unit wherever the heading or a table states it."""
    meta_attribute, table_attribute = STATED[what]
    found: list[Statement] = []
    meta_value = getattr(disclosure.meta, meta_attribute)
    if meta_value is not None:
        found.append(Statement("", "文档标题", str(meta_value), ""))
    # A template may print its extra tables (X01 …) in another unit: the 三公 table of Shanghai's
    # budget template is in 万元, the others in 元. Money units are compared on the nine only.
    tables = disclosure.standard_tables if what == "money_unit" else disclosure.tables
    for table in tables:
        value = getattr(table, table_attribute)
        if value is not None:
            found.append(Statement(table.id, table_name(table), str(value), table.source.label()))
    return found


def majority(values: Iterable[str]) -> str:
    """The most frequent value (first seen wins a tie)."""
    return Counter(values).most_common(1)[0][0]


def disagreements(found: list[Statement]) -> tuple[str, list[Statement]]:
    """The value most statements agree on, and the statements that differ from it."""
    if len(found) < 2:
        raise NotApplicable("少于两处标明，无从比较")
    usual = majority(s.value for s in found)
    return usual, [s for s in found if s.value != usual]


def statement_defect(
    what: str, usual: str, odd: Statement, severity: Severity | None = None
) -> Defect:
    return Defect(
        f"{odd.label}标明的{what}“{odd.value}”与其他各处的“{usual}”不一致。",
        severity,
        table=odd.where,
        source=odd.source,
    )


def without_placeholders(found: list[Statement]) -> list[Statement]:
    """Placeholders are doc.placeholder's business, not a second name."""
    return [s for s in found if not placeholders_in(s.value)]


@rule(
    "doc.unit_name",
    severity=Severity.ERROR,
    title="各表单位名称一致",
    tables=STANDARD_TABLE_IDS,
    tags=tags("metadata"),
)
def unit_names_agree(disclosure: Disclosure) -> Iterable[Defect]:
    """The unit name is the same wherever the tables (and the heading) state it; a name that only
    adds or drops a bracket such as （本级） is a warning."""
    found = [
        Statement(s.where, s.label, normal_unit_name(s.value), s.source)
        for s in without_placeholders(statements(disclosure, "unit_name"))
    ]
    usual, odd = disagreements(found)
    for statement in odd:
        bare = _TRAILING_BRACKET.sub("", statement.value) == _TRAILING_BRACKET.sub("", usual)
        severity = Severity.WARNING if bare else Severity.ERROR
        yield statement_defect("单位名称", usual, statement, severity)


@rule(
    "doc.year",
    severity=Severity.ERROR,
    title="各表年度一致",
    tables=STANDARD_TABLE_IDS,
    tags=tags("metadata"),
)
def years_agree(disclosure: Disclosure) -> Iterable[Defect]:
    """The year is the same wherever the tables (and the heading) state it."""
    usual, odd = disagreements(statements(disclosure, "year"))
    for statement in odd:
        yield statement_defect("年度", usual, statement)


@rule(
    "doc.money_unit",
    severity=Severity.WARNING,
    title="各表金额单位一致",
    tables=STANDARD_TABLE_IDS,
    tags=tags("metadata", "unit"),
)
def money_units_agree(disclosure: Disclosure) -> Iterable[Defect]:
    """The money unit is the same wherever the tables state it (tables in other units are not
    compared with each other by the cross-table rules)."""
    usual, odd = disagreements(statements(disclosure, "money_unit"))
    for statement in odd:
        yield statement_defect("金额单位", usual, statement)


# --------------------------------------------------------------------------- a unit that cannot be right

#: Pairs of cells that the cross-table rules require to be equal: (table, section, row, column) ×2.
#: T06's row "人员经费合计+公用经费合计" is the sum of its two group totals.
EQUAL_CELLS = (
    (("T01", "收入", "本年收入合计", "决算数"), ("T02", "", "合计", "本年收入合计")),
    (("T01", "支出", "本年支出合计", "决算数"), ("T03", "", "合计", "本年支出合计")),
    (
        ("T01", "收入", "一般公共预算财政拨款收入", "决算数"),
        ("T04", "收入", "一般公共预算财政拨款", "决算数"),
    ),
    (("T04", "支出", "本年支出合计", "一般公共预算财政拨款"), ("T05", "", "合计", "合计")),
    (("T05", "", "合计", "基本支出"), ("T06", "", "人员经费合计+公用经费合计", "决算数")),
    (("T02", "", "合计", "财政拨款收入"), ("T04", "收入", "本年收入合计", "决算数")),
)
SCALES = (Decimal(10_000), Decimal(100_000_000))
T06_GROUPS = "人员经费合计+公用经费合计"


def group_sum(table: Table) -> Amount | None:
    """T06's 人员经费合计 + 公用经费合计 as one amount (at the 人员经费合计 cell)."""
    parts = [amount(table, key, "决算数") for key in T06_GROUPS.split("+")]
    shown = [a for a in parts if a is not None and a.value is not None]
    if len(shown) != 2:
        return None
    total = sum((a.value or Decimal(0) for a in shown), Decimal(0))
    first = shown[0]
    cell = Cell(
        column="决算数",
        value=total,
        raw=f"{shown[0].cell.raw}+{shown[1].cell.raw}",
        source=first.cell.source,
    )
    return Amount(table, first.row, cell)


def locate(disclosure: Disclosure, where: tuple[str, str, str, str]) -> Amount | None:
    """A non-zero printed amount of a table, or None."""
    table_id, section, key, column = where
    table = disclosure.table(table_id)
    if table is None:
        return None
    found = group_sum(table) if key == T06_GROUPS else amount(table, key, column, section)
    return found if found is not None and found.value else None


def unit_of(disclosure: Disclosure, table: Table) -> MoneyUnit | None:
    return table.unit or disclosure.meta.money_unit


def in_yuan(disclosure: Disclosure, a: Amount) -> tuple[Decimal, Decimal] | None:
    """The amount in 元 with half a unit of its last printed place (in 元)."""
    unit = unit_of(disclosure, a.table)
    if unit is None or a.value is None:
        return None
    return a.value * unit.factor, Decimal("0.005") * unit.factor


def scale_between(disclosure: Disclosure, first: Amount, second: Amount) -> Decimal | None:
    """The factor (1万, 1亿) by which ``first`` is ``second`` scaled, within rounding; else None.

    Both are taken in 元 by their tables' stated units: each carries half a unit of its last
    printed place, so the scaled one carries that half unit times the factor."""
    a, b = in_yuan(disclosure, first), in_yuan(disclosure, second)
    if a is None or b is None:
        return None
    (x, half_x), (y, half_y) = a, b
    for factor in SCALES:
        if abs(x - factor * y) <= half_x + factor * half_y:
            return factor
        if abs(y - factor * x) <= half_y + factor * half_x:
            return 1 / factor
    return None


def scale_text(factor: Decimal) -> str:
    return "10,000" if factor in (10_000, Decimal(1) / 10_000) else "100,000,000"


@rule(
    "doc.money_unit_scale",
    severity=Severity.ERROR,
    title="金额单位与数额相符（如万元表头下填列元）",
    tables=STANDARD_TABLE_IDS,
    tags=tags("unit"),
)
def money_unit_scale(disclosure: Disclosure) -> Iterable[Defect]:
    """Amounts that should be equal across tables but differ by a factor of 10,000 (or 1亿) after
    each table's stated unit: one table's unit cannot be right. The table out of line with the
    others is named; the narrative's 万元 totals decide for T01 when they are there."""
    final_accounts(disclosure)
    pairs = [(locate(disclosure, a), locate(disclosure, b)) for a, b in EQUAL_CELLS]
    usable = [(a, b) for a, b in pairs if a is not None and b is not None]
    narrative = narrative_amounts(disclosure)
    if not usable and not narrative:
        raise InsufficientData("没有可用来核对金额单位的对应数额")
    consistent = {
        t
        for a, b in usable
        if scale_between(disclosure, a, b) is None
        for t in (a.table.id, b.table.id)
    }
    for a, b in usable:
        factor = scale_between(disclosure, a, b)
        if factor is None:
            continue
        odd = b if b.table.id not in consistent or a.table.id in consistent else a
        bigger = a if factor > 1 else b
        smaller = b if bigger is a else a
        yield Defect(
            message=(
                f"{bigger.describe()} {fmt(bigger.value or Decimal(0))}（{unit_of(disclosure, bigger.table)}）"
                f"约为{smaller.describe()} {fmt(smaller.value or Decimal(0))}（{unit_of(disclosure, smaller.table)}）"
                f"的 {scale_text(factor)} 倍，二者本应相等：{table_name(odd.table)}的金额单位不可能正确。"
            ),
            table=odd.table.id,
            section=odd.row.section,
            row_key=odd.row.key,
            column=odd.column,
            source=odd.cell.source.label(),
            cells=(a.ref, b.ref),
        )
    yield from narrative_scale(disclosure, narrative)


_WAN_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元")


def narrative_amounts(disclosure: Disclosure) -> set[Decimal]:
    """Every amount the narrative states in 万元."""
    found: set[Decimal] = set()
    for section in disclosure.narrative:
        for match in _WAN_AMOUNT.finditer(section.text):
            found.add(Decimal(match.group(1).replace(",", "")))
    return found


def narrative_scale(disclosure: Disclosure, narrative: set[Decimal]) -> Iterator[Defect]:
    """T01 总计 in a 万元 table that the narrative states as a 10,000th of it, never as itself."""
    t01 = disclosure.table("T01")
    if t01 is None or not narrative or unit_of(disclosure, t01) is not MoneyUnit.WAN:
        return
    total = amount(t01, "总计", "决算数", "收入") or amount(t01, "本年收入合计", "决算数", "收入")
    if total is None or not total.value or total.value < 10_000:
        return
    as_wan = total.value / 10_000
    if any(abs(n - total.value) <= Decimal("0.01") for n in narrative):
        return
    stated = [n for n in narrative if abs(n - as_wan) <= Decimal("0.006")]
    if stated:
        yield Defect(
            message=(
                f"{total.describe()} {fmt(total.value)} 标为万元，但情况说明写作 {fmt(stated[0])} 万元"
                f"（为表中数的 1/10,000）：{table_name(t01)}的金额像是以元填列。"
            ),
            table="T01",
            section=total.row.section,
            row_key=total.row.key,
            column=total.column,
            source=total.cell.source.label(),
            cells=(total.ref,),
        )


# --------------------------------------------------------------------------- codes


def coded_tables(disclosure: Disclosure) -> list[tuple[Table, CodeKind]]:
    """The standard tables keyed by codes, with the kind of code each must hold."""
    found = [
        (t, CodeKind(TABLE_CODE_KIND[t.id]))
        for t in disclosure.tables
        if t.id in TABLE_CODE_KIND and code_rows(t)
    ]
    if not found:
        raise NotApplicable("没有列示科目编码的表")
    return found


def row_defect(message: str, table: Table, row: Row) -> Defect:
    return Defect(
        message, table=table.id, section=row.section, row_key=row.key, source=row.source.label()
    )


def describe_row(table: Table, row: Row) -> str:
    return f"{table_name(table)} {row.code}“{row.label}”"


@rule(
    "doc.code_digits",
    severity=Severity.ERROR,
    title="科目编码位数正确",
    tables=CODED_TABLES,
    tags=tags("codes", *CODED_TABLES),
)
def code_digits(disclosure: Disclosure) -> Iterable[Defect]:
    """A function code has 3, 5 or 7 digits (类/款/项); an economic code 3 or 5 (类/款)."""
    for table, kind in coded_tables(disclosure):
        for row in code_rows(table):
            if row.code and len(row.code) not in DIGITS[kind]:
                allowed = "、".join(str(n) for n in DIGITS[kind])
                yield row_defect(
                    f"{describe_row(table, row)}的编码为 {len(row.code)} 位，{KIND_NAMES[kind]}编码应为 {allowed} 位。",
                    table,
                    row,
                )


@rule(
    "doc.code_kind",
    severity=Severity.ERROR,
    title="功能分类与经济分类编码不混用",
    tables=CODED_TABLES,
    tags=tags("codes", *CODED_TABLES),
)
def code_kind(disclosure: Disclosure) -> Iterable[Defect]:
    """Tables by function (T02, T03, T05, T08, T09) hold function codes (2xx); T06 holds economic
    codes (3xx, or 5xx of the 政府预算 classification)."""
    for table, kind in coded_tables(disclosure):
        for row in code_rows(table):
            if row.code is None:
                continue
            wrong_kind = row.code_kind is not None and row.code_kind is not kind
            if wrong_kind or row.code[0] not in FIRST_DIGITS[kind]:
                yield row_defect(
                    f"{describe_row(table, row)}不是{KIND_NAMES[kind]}编码，"
                    f"{table_name(table)}只应列{KIND_NAMES[kind]}科目。",
                    table,
                    row,
                )


@rule(
    "doc.code_parent",
    severity=Severity.WARNING,
    title="款、项编码列在其上级科目之下",
    tables=CODED_TABLES,
    tags=tags("codes", *CODED_TABLES),
)
def code_parent(disclosure: Disclosure) -> Iterable[Defect]:
    """Every 款 has its 类 printed in the same table, every 项 its 款."""
    for table, kind in coded_tables(disclosure):
        printed_codes = {r.code for r in code_rows(table)}
        for row in code_rows(table):
            parent = parent_code(row.code or "", kind)
            if parent is not None and parent not in printed_codes:
                yield row_defect(
                    f"{describe_row(table, row)}的上级科目 {parent} 未在表中列出。",
                    table,
                    row,
                )


def same_name(printed_name: str, other: str) -> bool:
    """Equal after white space and brackets; a name cut short by a narrow cell (at least four
    characters of the other's beginning) is the same name."""
    a, b = normal_name(printed_name), normal_name(other)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter)


def named_code_rows(disclosure: Disclosure) -> Iterator[tuple[Table, Row, CodeKind]]:
    for table, kind in coded_tables(disclosure):
        for row in code_rows(table):
            if row.code and row.label and row.label != row.code:
                yield table, row, kind


def row_ref(table: Table, row: Row) -> CellRef:
    return CellRef(
        table=table.id,
        row_key=row.key,
        column="",
        section=row.section,
        source=row.source.label(),
        raw=row.label,
    )


@rule(
    "doc.code_name",
    severity=Severity.WARNING,
    title="同一科目编码在各表名称一致",
    tables=CODED_TABLES,
    tags=tags("codes", *CODED_TABLES),
)
def code_names_agree(disclosure: Disclosure) -> Iterable[Defect]:
    """One code, one name: a code printed with two different names (in two tables or twice)."""
    first_seen: dict[tuple[CodeKind, str], tuple[Table, Row]] = {}
    reported: set[tuple[CodeKind, str, str]] = set()
    for table, row, kind in named_code_rows(disclosure):
        key = (kind, row.code or "")
        if key not in first_seen:
            first_seen[key] = (table, row)
            continue
        first_table, first_row = first_seen[key]
        name = normal_name(row.label)
        if same_name(row.label, first_row.label) or (*key, name) in reported:
            continue
        reported.add((*key, name))
        yield Defect(
            message=(
                f"科目 {row.code} 在{table_name(table)}名为“{row.label}”，"
                f"在{table_name(first_table)}名为“{first_row.label}”：同一编码应为同一名称。"
            ),
            table=table.id,
            section=row.section,
            row_key=row.key,
            source=row.source.label(),
            cells=(row_ref(first_table, first_row), row_ref(table, row)),
        )


def reference_for(kind: CodeKind) -> dict[str, tuple[ReferenceCode, ...]]:
    return function_codes() if kind is CodeKind.FUNCTION else economic_codes()


def listed_names(refs: tuple[ReferenceCode, ...]) -> str:
    return "、".join(
        f"“{r.name}”" + (f"（{'、'.join(str(y) for y in r.years_seen)}年）" if r.years_seen else "")
        for r in refs
    )


@rule(
    "doc.reference_name",
    severity=Severity.WARNING,
    title="科目名称与参考目录一致",
    tables=CODED_TABLES,
    tags=tags("codes", "reference", *CODED_TABLES),
)
def names_against_reference(disclosure: Disclosure) -> Iterable[Defect]:
    """A code's printed name against the packaged reference lists (partial, compiled from
    published sources): a different name is a warning. A code the lists do not have says
    nothing: the lists hold a small part of the ~1,500 项, so a miss is no evidence (2150501 行政运行
    is a standard code the lists lack)."""
    seen: set[tuple[CodeKind, str, str]] = set()
    for table, row, kind in named_code_rows(disclosure):
        code = row.code or ""
        key = (kind, code, normal_name(row.label))
        if key in seen or len(code) not in DIGITS[kind]:
            continue
        seen.add(key)
        refs = reference_for(kind).get(code)
        if refs is not None and not any(same_name(row.label, r.name) for r in refs):
            yield row_defect(
                f"{describe_row(table, row)}的名称与参考目录中的{listed_names(refs)}不同"
                f"（科目名称随年度版本变化，请核对）。",
                table,
                row,
            )


# --------------------------------------------------------------------------- placeholders

PLACEHOLDERS = (
    re.compile(r"(?<![A-Za-z])[XxＸｘ×╳]{2,}(?![A-Za-z])"),  # XX局, ××单位, 20XX年
    re.compile(r"某某"),
    re.compile(r"(?<![\d０-９])20\d?\s*年度"),  # 202 年度, 20 年度: a year with missing digits
    re.compile(r"[〔【\[](?:单位|部门)名称[〕】\]]"),
)


def placeholders_in(text: str) -> list[str]:
    return [m.group(0) for pattern in PLACEHOLDERS for m in pattern.finditer(text)]


def texts_of(disclosure: Disclosure) -> Iterator[tuple[str, str, str, str, str]]:
    """(text, what it is, table id, row key, source) of every title, unit name and label."""
    meta = disclosure.meta
    for what, text in (("文档标题", meta.title), ("单位名称", meta.unit_name)):
        if text:
            yield text, what, "", "", ""
    for table in disclosure.tables:
        where = table.source.label()
        for what, text in (
            ("表名", table.title),
            ("表号", table.label),
            ("单位名称", table.unit_name),
        ):
            if text:
                yield text, f"{table_name(table)}{what}", table.id, "", where
        for row in table.rows:
            if row.label:
                yield row.label, f"{table_name(table)}行名", table.id, row.key, row.source.label()
        for note in dict.fromkeys((*table.notes, table.empty_statement or "")):
            if note:
                yield note, f"{table_name(table)}表注", table.id, "", where
    for section in disclosure.narrative:
        yield section.title, "情况说明标题", "", "", section.source.label()


@rule(
    "doc.placeholder",
    severity=Severity.ERROR,
    title="未替换的模板占位符",
    tables=STANDARD_TABLE_IDS,
    tags=tags("placeholder"),
)
def template_placeholders(disclosure: Disclosure) -> Iterable[Defect]:
    """Template placeholders left in titles, unit names, labels and table notes: XX局, ××, 某某,
    a year with missing digits (202 年度)."""
    for text, what, table_id, row_key, source in texts_of(disclosure):
        found = placeholders_in(text)
        if found:
            yield Defect(
                f"{what}“{text.strip()}”中留有模板占位符“{'”“'.join(found)}”。",
                table=table_id,
                row_key=row_key,
                source=source,
            )
