"""Grid lines → table blocks: where each table starts and ends, and what its title block says."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from juesuan.model.money import MoneyUnit, is_amount_text
from juesuan.model.tables import STANDARD_TITLES
from juesuan.read.grid import GridLine, LineKind
from juesuan.template.empty import EMPTY_STATEMENT, is_empty_statement
from juesuan.template.titles import (
    compact_title,
    kind_of_title,
    prose_part_title,
    strip_fund_names,
    table_label_number,
    title_to_table_id,
)

PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
FORM_TITLE = re.compile(r"绩效(?:运行)?监控表|绩效目标表|绩效自评表|绩效目标申报表")
_CONFIRM = re.compile(
    r"单位[:：]|金额单位|公开\d+表|^表[一二三四五六七八九十\d]+$|项\s*目|科目|决算数|预算数|栏次|万元|元$"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_NOTE_START = re.compile(r"^(?:注|说明|备注)\s*[:：\d]|^本表|^[如若]本表|^注[:：]?$")


@dataclass
class TableBlock:
    """The lines of one table, from its title to the next title or part heading."""

    table_id: str
    title: str
    title_line: GridLine
    lines: list[GridLine] = field(default_factory=list)
    label: str = ""
    ends_document: bool = False


def line_title_id(line: GridLine, kind: str | None = None) -> tuple[str, str] | None:
    """(table id, title) if the line is a table title; None otherwise."""
    if line.kind is LineKind.BREAK:
        return None
    texts = [t for t in line.texts if t.strip()]
    if not texts or (len(texts) > 2 and line.aligned):
        return None
    candidates = [" ".join(texts), texts[0]]
    if not line.aligned:
        candidates = [line.text]
    for text in candidates:
        table_id = title_to_table_id(text, kind)
        if table_id:
            return table_id, "".join(text.split())
    return None


def wrapped_title_id(
    lines: tuple[GridLine, ...], index: int, kind: str | None
) -> tuple[str, str] | None:
    """A title printed over two lines ("…培训费支出预算" / "表"), read as one."""
    line = lines[index]
    if not _short_text(line) or index + 1 >= len(lines):
        return None
    tail = lines[index + 1]
    if not _short_text(tail) or len(tail.text.strip()) > 3:
        return None
    text = line.text.strip() + tail.text.strip()
    table_id = title_to_table_id(text, kind)
    return (table_id, "".join(text.split())) if table_id else None


_DOC_KIND = re.compile(r"(?:19|20)\d{2}\s*年度?.{0,12}?(决算|预算)|(决算|预算)(?:公开|草案|情况)")


def document_kind(lines: tuple[GridLine, ...]) -> str:
    """预算 or 决算 by the document's own words: its title lines, else most of its table titles."""
    for line in lines[:60]:
        if not _short_text(line):
            continue
        text = strip_fund_names("".join(line.text.split()))
        match = _DOC_KIND.search(text)
        if match and len(text) < 40 and "目录" not in text and "表" not in text[-1:]:
            return match.group(1) or match.group(2)
    titles = (compact_title(line.text) for line in lines if _short_text(line))
    votes = [kind_of_title(title) for title in titles if title.endswith("表")]
    budget, final = votes.count("预算"), votes.count("决算")
    return "预算" if budget > final else "决算"


def _short_text(line: GridLine) -> bool:
    """A line of one or two texts (a title, heading or caption), shorter than a paragraph line."""
    if line.kind is LineKind.BREAK or len(line.text.strip()) >= 40:
        return False
    return sum(1 for t in line.texts if t.strip()) <= 2


def is_part_heading(line: GridLine) -> bool:
    """A line that ends any table: a part heading, a form title, a budget's prose part title."""
    text = line.text.strip()
    if PART_HEADING.match(text) or (FORM_TITLE.search(text) and len(text) < 60):
        return True
    # 其他相关情况说明 follows the last table on a page of its own, with no part heading before it
    return line.kind is LineKind.TEXT and prose_part_title(text)


def grid_lines_to_blocks(lines: tuple[GridLine, ...], kind: str | None = None) -> list[TableBlock]:
    """Split a document's lines into table blocks; lines outside tables are not kept here.

    A block starts at a confirmed title; where a page or sheet starts a table with no title,
    at its label (公开05表) or, failing that, at a header whose signature names the table.
    """
    kind = kind or document_kind(lines)
    blocks: list[TableBlock] = []
    current: TableBlock | None = None
    wrapped_tail: GridLine | None = None
    for index, line in enumerate(lines):
        if line is wrapped_tail:
            continue  # the 表 of a title printed over two lines
        titled = line_title_id(line, kind)
        wrapped = None if titled else wrapped_title_id(lines, index, kind)
        if (titled or wrapped) and _confirmed_title(lines, index + (1 if wrapped else 0), kind):
            table_id, title = titled or wrapped  # type: ignore[misc]
            current = TableBlock(table_id=table_id, title=title, title_line=line)
            blocks.append(current)
            wrapped_tail = lines[index + 1] if wrapped else None
            continue
        starts_sheet = index == 0 or (
            line.kind is LineKind.BREAK and (current is None or line.source.sheet is not None)
        )
        untitled = _untitled_table_at(lines, index, kind) if starts_sheet else None
        label_number = _standard_label(line) if kind == "决算" else None
        if (
            label_number
            and current is not None
            and any(_standard_label(seen) for seen in current.lines)
        ):
            untitled = (f"T{label_number:02d}", STANDARD_TITLES[f"T{label_number:02d}"], line)
        if untitled and (current is None or current.table_id != untitled[0]):
            current = TableBlock(table_id=untitled[0], title=untitled[1], title_line=untitled[2])
            blocks.append(current)
            if line.kind is LineKind.BREAK:
                continue
        if current is None:
            continue
        if starts_sheet and line.kind is LineKind.BREAK and _holds_rows(current):
            current = None  # a worksheet with no table title of its own does not continue a table
            continue
        if line.kind is not LineKind.BREAK and is_part_heading(line):
            current = None
            continue
        current.lines.append(line)
    if current is not None:
        current.ends_document = True
    return blocks


def _holds_rows(block: TableBlock) -> bool:
    return any(line.kind is LineKind.ROW for line in block.lines)


#: Header words that name a table when no title is printed (all must appear).
SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("T04", ("年初财政拨款结转和结余", "一般公共预算财政拨款", "政府性基金预算财政拨款")),
    ("T01", ("本年收入合计", "本年支出合计", "年初结转和结余", "上级补助收入")),
    ("T02", ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入")),
    ("T03", ("本年支出合计", "基本支出", "项目支出", "上缴上级支出")),
    ("T06", ("人员经费", "公用经费", "科目编码")),
    ("T07", ("因公出国", "公务接待", "公务用车")),
)


def _standard_label(line: GridLine) -> int | None:
    """N of a line that is only a standard label 公开0N表 (N in 1–9), else None."""
    texts = [t.strip() for t in line.texts if t.strip()]
    if len(texts) != 1 or not texts[0].startswith("公开"):
        return None
    number = table_label_number(texts[0])
    return number if number and 1 <= number <= 9 else None


def _untitled_table_at(
    lines: tuple[GridLine, ...], index: int, kind: str = "决算"
) -> tuple[str, str, GridLine] | None:
    """(table id, title, first line) of a 决算 table that a page or sheet starts without a title.

    The signatures and 公开0N表 labels are those of the 决算 template; a budget's numbering
    differs by province, so a budget table is only ever found by its title.
    """
    if kind != "决算":
        return None
    window = [line for line in lines[index : index + 14] if line.kind is not LineKind.BREAK]
    if not window or any(line_title_id(line, kind) for line in window[:10]):
        return None
    for line in window[:6]:
        number = _standard_label(line)
        if number:
            return f"T{number:02d}", STANDARD_TITLES[f"T{number:02d}"], line
    rows = [line for line in window if line.kind is LineKind.ROW]
    if not any(any(is_amount_text(t) and "." in t for t in line.texts) for line in rows):
        return None  # a header with no amounts under it is prose, not a table
    header = "".join(" ".join(line.text for line in rows).split())
    for table_id, words in SIGNATURES:
        if all(word in header for word in words):
            return table_id, STANDARD_TITLES[table_id], window[0]
    return None


_NUMBERED = re.compile(r"^\s*(?:\d+\s*[、.．]|[一二三四五六七八九十]+、)")


def _in_contents(lines: tuple[GridLine, ...], index: int, kind: str | None) -> bool:
    """The last entry of a table of contents: numbered, below another numbered title."""
    if not _NUMBERED.match(lines[index].text):
        return False
    previous = next((line for line in reversed(lines[:index]) if not line.is_blank), None)
    return (
        previous is not None
        and previous.kind is not LineKind.BREAK
        and bool(_NUMBERED.match(previous.text))
        and line_title_id(previous, kind) is not None
    )


def _confirmed_title(lines: tuple[GridLine, ...], index: int, kind: str | None = None) -> bool:
    """A title is followed, before any other title, by a unit, a label or a header line."""
    if _in_contents(lines, index, kind):
        return False
    seen = 0
    for line in lines[index + 1 : index + 12]:
        if line.kind is LineKind.BREAK or line.is_blank:
            continue
        if line_title_id(line, kind):
            return False
        if _CONFIRM.search(line.text):
            return True
        seen += 1
        if seen >= 6:
            return False
    return False


@dataclass(frozen=True)
class BlockMeta:
    """What a table block states besides its rows: label, 单位, year, money unit, notes and an
    explicit empty statement."""

    label: str = ""
    unit_name: str | None = None
    year: int | None = None
    money_unit: MoneyUnit | None = None
    empty_statement: str | None = None
    notes: tuple[str, ...] = ()


def block_meta(block: TableBlock) -> BlockMeta:
    """The label, 单位, year, money unit, notes and explicit empty statement of a block."""
    label = ""
    unit_name: str | None = None
    year: int | None = None
    money_unit: MoneyUnit | None = None
    empty: str | None = None
    notes: list[str] = []
    title_texts = [t for t in block.title_line.texts if t.strip()]
    for text in title_texts[1:]:
        if table_label_number(text):
            label = text.strip()
    texts = [raw.strip() for line in block.lines for raw in _meta_texts(line) if raw.strip()]
    captions = _caption_texts(block)
    for index, text in enumerate(texts):
        if not label and table_label_number(text):
            label = text
        money = _money_unit_of(text) or _wrapped_money_unit(texts, index)
        if money and money_unit is None:
            money_unit = money
        name = _unit_name_of(text)
        if name and unit_name is None:
            unit_name = _wrapped_name(name, text, captions)
        found_year = _year_of(text)
        if found_year and year is None:
            year = found_year
        if _NOTE_START.match(text) or EMPTY_STATEMENT.search("".join(text.split())):
            notes.append(text)
            if is_empty_statement(text):
                empty = text
    return BlockMeta(label, unit_name, year, money_unit, empty, tuple(notes))


def _caption_texts(block: TableBlock) -> list[str]:
    """The short texts printed between a table's title and its first row of columns."""
    captions: list[str] = []
    for line in block.lines:
        if line.kind is LineKind.BREAK:
            continue
        filled = [t.strip() for t in line.texts if t.strip()]
        if len(filled) > 2:
            break
        captions.extend(filled)
    return captions


@cache
def _fragment() -> re.Pattern[str]:
    # compiled on first use (a CJK range takes ~2 ms): only a caption that names a unit asks
    return re.compile(r"^[\u4e00-\u9fff（）()]{1,8}$")


def _wrapped_name(name: str, text: str, captions: list[str]) -> str:
    """A unit name that wraps onto a caption line of its own ("部门名称：江苏省人大" … "常委会办公厅")."""
    if text not in captions or not "".join(text.split()).endswith(name):
        return name
    after = captions[captions.index(text) + 1 : captions.index(text) + 4]
    for piece in after:
        compact = "".join(piece.split())
        if (
            _fragment().match(compact)
            and not _money_unit_of(compact)
            and compact not in ("元", "万元")
        ):
            return name + compact
    return name


def _wrapped_money_unit(texts: list[str], index: int) -> MoneyUnit | None:
    """单位：万 / 元 printed over two lines."""
    compact = "".join(texts[index].split())
    if index + 1 < len(texts) and re.search(r"单位[:：][万亿]$", compact):
        following = "".join(texts[index + 1].split())
        if following.startswith("元"):
            return MoneyUnit.parse(compact[-1] + "元")
    return None


def _meta_texts(line: GridLine) -> list[str]:
    """Texts of a line that may state metadata: each cell of short rows, the whole of text lines."""
    if line.kind is LineKind.BREAK:
        return []
    if not line.aligned:
        return [line.text]
    filled = [t for t in line.texts if t.strip()]
    return filled if len(filled) <= 4 else []


def _money_unit_of(text: str) -> MoneyUnit | None:
    compact = "".join(text.split())
    match = re.search(r"(?:金额)?单位[:：](万元|元|亿元)(?:$|[^\u4e00-\u9fff])", compact + " ")
    if match:
        return MoneyUnit(match.group(1))
    if compact in ("万元", "元", "亿元", "（万元）", "(万元)", "（元）"):
        return MoneyUnit.parse(compact)
    return None


_UNIT_NAME = re.compile(r"^(?:编制|填报|预算|决算|主管)*(?:单位|部门)(?:名称)?[:：](.+)$")
_NOT_A_NAME = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d+[、.．])|目录|[。；;，,]|^[万亿]?元$"
)


def plausible_unit_name(name: str | None) -> str | None:
    """A unit name as printed, or None for a heading, a paragraph, a fragment or a money unit."""
    if not name:
        return None
    name = name.strip()
    if len(name) < 3 or len(name) > 40 or _NOT_A_NAME.search(name):
        return None
    return name


def _unit_name_of(text: str) -> str | None:
    compact = "".join(text.split())
    match = _UNIT_NAME.match(compact)
    if not match:
        return None
    name = re.split(r"(?:金额)?单位[:：]|\d{4}年", match.group(1))[0].strip()
    if MoneyUnit.parse(name) and name in ("万元", "元", "亿元"):
        return None
    return plausible_unit_name(name)


def _year_of(text: str) -> int | None:
    compact = "".join(text.split())
    if re.fullmatch(r"((?:19|20)\d{2})年度?", compact) or re.search(
        r"^((?:19|20)\d{2})年度", compact
    ):
        match = _YEAR.search(compact)
        return int(match.group(1)) if match else None
    return None
