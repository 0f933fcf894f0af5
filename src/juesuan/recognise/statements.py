"""Statements of the narrative: what each clause of the 情况说明 says, read for its meaning.

A section's text is joined across lines and pages (``recognise.narrative``); here the whitespace
the layout put between characters is dropped, the text cut into sentences (。) and pieces (；),
and each piece into clauses (，：、). A clause names a subject (本年收入合计, a function class by
its （类）（款）（项） words, 三公 and its items, 政府采购 …) and states values: an amount with its unit,
a share (占…%), a change (增加/减少 X万元) and growth rate (增长/下降 X%), a completion rate, a
comparison of 决算数 with 预算数, a count. A clause without a subject that continues the one
before (支出决算为…) adds to that statement; an amount no subject can be found for is kept
unplaced. Every pattern is a plain alternation or bounded class: linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from juesuan.data import function_class_names
from juesuan.model import narrative as n
from juesuan.model.money import MoneyUnit
from juesuan.model.narrative import LineStart, Money, NarrativeSection, Statement
from juesuan.model.source import Source

# --------------------------------------------------------------------------- normalising


_PAGE_MARK = re.compile(r"[─—－-]\s*\d{1,3}\s*[─—－-]")
_PAGE_NUMBER_LINE = re.compile(r"^\s*[─—－-]?\s*\d{1,3}\s*[─—－-]?\s*$")


def without_page_numbers(section: NarrativeSection) -> str:
    """The section text with page numbers blanked (same length, so offsets hold): lines that
    are only a page number, and ─ 3 ─ marks, which a page break leaves inside a sentence."""
    text = section.text
    chars = list(text)
    offsets = [start.offset for start in section.lines]
    ends = [*offsets[1:], len(text)] if offsets else []
    for begin, end in zip(offsets, ends, strict=True):
        end = min(end, len(text))
        if begin < end and _PAGE_NUMBER_LINE.match(text[begin:end]):
            chars[begin:end] = " " * (end - begin)
    blanked = "".join(chars)
    return _PAGE_MARK.sub(lambda m: " " * len(m.group(0)), blanked)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text without layout whitespace and thousands separators, with each kept char's
    offset in the original."""
    kept: list[str] = []
    where: list[int] = []
    length = len(text)
    for i, char in enumerate(text):
        if char.isspace():
            continue
        if char in ",，" and kept and kept[-1].isdigit() and _thousands_follow(text, i, length):
            continue
        kept.append(
            {"％": "%", "(": "（", ")": "）", ":": "：", ";": "；", "．": ".", ",": "，"}.get(
                char, char
            )
        )
        where.append(i)
    return "".join(kept), where


def _thousands_follow(text: str, i: int, length: int) -> bool:
    digits = text[i + 1 : i + 4]
    return len(digits) == 3 and digits.isdigit() and (i + 4 >= length or not text[i + 4].isdigit())


# --------------------------------------------------------------------------- vocabulary

_NUMBER = r"(\d+(?:\.\d+)?)"
_MONEY = re.compile(_NUMBER + r"(亿元|万元|元|万(?!元))")
_PERCENT = re.compile(_NUMBER + r"%")
_YEAR = re.compile(r"(20\d{2})年")
_COMPARED_YEAR = re.compile(r"(?:与|比|较|同)(20\d{2})年")
_CODE_MARK = re.compile(r"（(\d*)([类款项])）")
_LEADING_NUMBER = re.compile(
    r"^(?:其中|此外)?(?:\d+[、.．]|（\d+）|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?"
    r"[“\"]?"  # 1.“一般公共服务支出（类）…（项）” quotes the whole name
)
_DIRECTION = re.compile(r"减少为|减少到|下降为|增加|减少|增长|下降|降低|上升|提高|持平|无变化|一致")
_COMPARISON = re.compile(
    r"决算数?(大于|小于|等于|高于|低于)预算数|决算数?与预算数(基本持平|持平|一致)"
)
_COMPLETION = re.compile(r"完成(?:年初)?预算(?:数)?的" + _NUMBER + "%")
_SHARE = re.compile(r"占([^，；。]{0,30}?)(?:的)?" + _NUMBER + "%")

UP, DOWN, SAME = "增加", "减少", "持平"
DIRECTION_SENSE = {
    "增加": UP,
    "增长": UP,
    "上升": UP,
    "提高": UP,
    "减少": DOWN,
    "减少为": DOWN,
    "减少到": DOWN,
    "下降为": DOWN,
    "下降": DOWN,
    "降低": DOWN,
    "持平": SAME,
    "无变化": SAME,
    "一致": SAME,
}
#: Direction words that name the new amount itself (减少为 X: the amount is X, not the change).
TO_WORDS = frozenset({"减少为", "减少到", "下降为"})

#: Last characters of a unit's name (财政局, 办事处, 委员会, 办公室, 福利院 …).
UNIT_ENDINGS = "局处会室院心所站队厅馆校园部委"
#: (pattern, subject), longest and most specific first; the earliest match in a clause wins.
SUBJECTS: tuple[tuple[str, str], ...] = (
    (r"财政拨款收入?[、，]?支出?(?:预算)?总计", n.FISCAL_TOTAL),
    (r"收入?[、，]?支出?(?:预算)?总计", n.INCOME_EXPENDITURE_TOTAL),
    (r"本年收入(?:预算)?合计", n.INCOME_TOTAL),
    (r"本年支出(?:预算)?合计", n.EXPENDITURE_TOTAL),
    # a budget's “XX局收入预算X万元”, “支出预算X万元，其中：…”: the unit's whole income/spending
    (rf"(?<=[{UNIT_ENDINGS}])收入预算", n.INCOME_TOTAL),
    (rf"(?<=[{UNIT_ENDINGS}])支出预算|^支出预算", n.EXPENDITURE_TOTAL),
    (r"一般公共预算(?:财政)?拨款基本支出", n.GENERAL_BASIC),
    (r"一般公共预算(?:财政)?拨款(?:支出|预算支出)", n.GENERAL_FISCAL),
    (r"一般公共预算(?:财政)?拨款收入", "一般公共预算财政拨款收入"),
    (r"一般公共预算支出", n.GENERAL_FISCAL),
    (r"一般公共预算收入", "一般公共预算收入"),
    (r"政府性基金预算收入", "政府性基金预算收入"),
    (r"财政专户管理资金", "财政专户管理资金"),
    (r"其他资金", "其他资金"),
    (r"上年结转(?:资金)?|年初结转和结余", "年初结转和结余"),
    (r"结转下年(?:资金)?|年末结转和结余", "年末结转和结余"),
    (r"收入总计|支出总计", n.INCOME_EXPENDITURE_TOTAL),
    (r"(?<!本年)收入合计", n.INCOME_TOTAL),
    (r"(?<!本年)支出合计", n.EXPENDITURE_TOTAL),
    (r"政府性基金(?:预算)?(?:财政)?拨款(?:支出|收入)", "政府性基金预算财政拨款"),
    (r"国有资本经营预算(?:财政)?拨款(?:支出|收入)", "国有资本经营预算财政拨款"),
    (r"“?三公”?经费", n.SANGONG),
    (r"因公出国（境）费?|因公出国（境）|因公出国", n.ABROAD),
    (r"公务用车购置及运行(?:维护)?费", n.VEHICLES),
    (r"公务用车购置(?:费|支出)", n.VEHICLE_PURCHASE),
    (r"公务用车运行(?:维护)?(?:费|支出)", n.VEHICLE_RUNNING),
    (r"(?:国内)?公务接待(?:费|支出)", n.RECEPTION),
    (r"机关运行经费", n.RUNNING_COSTS),
    (r"政府采购(?:金额|预算|支出)(?:总额)?|政府采购总额", n.PROCUREMENT),
    (r"货物采购(?:金额|预算)?|政府采购货物(?:预算)?", n.PROCUREMENT_GOODS),
    (r"工程采购(?:金额|预算)?|政府采购工程(?:预算)?", n.PROCUREMENT_WORKS),
    (r"服务采购(?:金额|预算)?|政府采购服务(?:预算)?", n.PROCUREMENT_SERVICES),
    (r"授予中小企业合同金额", n.PROCUREMENT_SME),
    (r"面向中小企业预留政府采购项目预算(?:金额)?", "政府采购面向中小企业预留"),
    (r"面向小微企业预留政府采购项目预算(?:金额)?", "政府采购面向小微企业预留"),
    (r"预留给小型和微型企业的政府采购项目预算", "政府采购面向小微企业预留"),
    (r"由中小企业供应商中标或成交", "政府采购中小企业中标"),
    (r"由小微企业供应商中标或成交", "政府采购小微企业中标"),
    (r"单位预留机动经费", "单位预留机动经费"),
    (r"编报绩效目标", "编报绩效目标项目"),
    (r"绩效跟踪评价", "绩效跟踪评价项目"),
    (r"绩效自评", "绩效自评项目"),
    (r"人员经费", n.PERSONNEL),
    (r"(?:日常)?公用经费", n.PUBLIC),
    (r"财政拨款收入", n.FISCAL_INCOME),
    (r"财政拨款(?:预算)?支出", "财政拨款支出"),
    (r"基本支出", n.BASIC),
    (r"项目支出", n.PROJECT),
    (r"(?:事业单位)?经营收入", "经营收入"),
    (r"上级补助收入", "上级补助收入"),
    (r"附属单位上缴收入", "附属单位上缴收入"),
    (r"事业收入", "事业收入"),
    (r"其他收入", "其他收入"),
)
_SUBJECT = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(SUBJECTS)))

#: Counts: (pattern with one number group, subject, unit).
COUNTS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"团组(\d+)个"), "因公出国团组数", "个"),
    (re.compile(r"保有量(?:为)?(\d+)辆"), "公务用车保有量", "辆"),
    (re.compile(r"购置(?:公务用车|车辆)?(\d+)辆"), "公务用车购置数", "辆"),
    (re.compile(r"共有车辆(\d+)辆"), n.VEHICLES_HELD, "辆"),
    (re.compile(r"(\d+)批次"), "批次", "批次"),
    (re.compile(r"(\d+)人次"), "人次", "人次"),
)
_VEHICLE_KIND = re.compile(r"([^，；。、：]{2,12}用车)(\d+)辆")
_AS_OF = re.compile(r"截[至止](20\d{2})年(\d{1,2})月(\d{1,2})日")
_TITLE_YEAR = re.compile(r"(20\d{2}|20\d|20\d\s)年度?部门(?:单位)?(?:决算|预算)")
_CONTINUE_START = re.compile(
    r"^(?:20\d{2}年度?(?:当年)?)?(?:年初预算|预算执行数|当年预算执行数|支出决算|决算|预算安排|上年"
    r"|上年(?:预算|决算|执行)数|与上年|比上年|较上年|[与比较]20\d{2}年|同比|增加|减少|增长|下降|完成)"
)
_BASIS_BUDGET = re.compile(r"年初预算|预算数(?:为)?$|预算数为|调整预算")
_BASIS_PRIOR = re.compile(r"预算执行数|上年(?:决算|预算|执行)?数?|上年度")
_BASIS_FINAL = re.compile(r"决算(?:数)?为?|支出决算|预算安排|安排")


# --------------------------------------------------------------------------- pieces


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of a sentence (up to ；or 。) with its place in the normalised section text."""

    text: str
    start: int
    sentence: int  # index of its 。-sentence, for the parent of a share


def pieces_of(text: str) -> Iterator[Piece]:
    sentence = 0
    start = 0
    for i, char in enumerate(text):
        if char in "。；！？":
            if text[start:i].strip():
                yield Piece(text[start : i + 1], start, sentence)
            start = i + 1
            if char != "；":
                sentence += 1
    if text[start:].strip():
        yield Piece(text[start:], start, sentence)


_CLAUSE_CUT = re.compile(r"[，：、]")
_VALUE = re.compile(r"\d(?:万元|元|万|亿元|辆|个|人次|批次|%)")
_REASON = re.compile(r"主要原因|原因是|原因：")
_USE = re.compile(r"主要用于|主要包括|主要是用于|具体包括")
#: The start of a list of what the money is for: a reason before it without its 。 ends there.
_LIST_START = re.compile(r"[^，。；：]{0,20}(?:主要内容|具体情况|明细)如下[:：]")
_NOT_AMOUNT = re.compile(r"单价\d+(?:\.\d+)?万?元（含）以上")


def stated_part(piece: str) -> str:
    """The piece without its explanation: reasons (主要原因…) and uses (主要用于…, up to the next
    clause with a number) name subjects whose values the piece does not state."""
    reason = _REASON.search(piece)
    if reason is not None:
        piece = piece[: reason.start()]
    use = _USE.search(piece)
    while use is not None:
        end = use.end()
        for cut in _CLAUSE_CUT.finditer(piece, use.end()):
            if cut.group(0) == "、":
                continue
            following = piece[cut.end() :]
            nxt = _CLAUSE_CUT.search(following)
            if any(c.isdigit() for c in following[: nxt.start() if nxt else len(following)]):
                end = cut.start()
                break
        else:
            end = len(piece)
        piece = piece[: use.start()] + piece[end:]
        use = _USE.search(piece, use.start() + 1)
    return _NOT_AMOUNT.sub("单价限额以上", piece)


def clauses_of(piece: str) -> list[str]:
    """Clauses cut at ，and ：, and at 、 only after a value (货物…4.79万元、工程…): a 、 inside a
    name (环境保护法规、规划及标准（项）) or a list of words keeps its clause whole."""
    clauses: list[str] = []
    start = 0
    text = piece.rstrip("。；！？")
    for match in _CLAUSE_CUT.finditer(text):
        left = text[start : match.start()]
        if match.group(0) == "、" and not _VALUE.search(left):
            continue
        if left:
            clauses.append(left)
        start = match.end()
    if text[start:]:
        clauses.append(text[start:])
    return clauses


# --------------------------------------------------------------------------- one clause


@dataclass(slots=True)
class Clause:
    """A clause of a sentence, with the subject it names and where that name ends."""

    text: str
    subject: str = ""
    subject_end: int = 0
    code_words: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


@cache
def class_names() -> re.Pattern[str]:
    """The names of the 功能分类 类 (every edition), longest first."""
    names = sorted(function_class_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


def find_subject(text: str) -> Clause | None:
    """The first subject named in the clause: a listed subject or a function class by name."""
    codes = _CODE_MARK.search(text)
    match = _SUBJECT.search(text)
    if codes is not None and (match is None or codes.start() <= match.start() + 12):
        return None  # the code words decide; read by code_words_of
    named = class_names().search(text)
    if named is not None and (match is None or named.start() < match.start()):
        name = named.group(0)
        code = function_class_names()[name]
        return Clause(text, f"类:{name}", named.end(), (name,), (code,))
    if match is None or match.lastgroup is None:
        return None
    return Clause(text, SUBJECTS[int(match.lastgroup[1:])][1], match.end())


def code_words_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str, int]:
    """Names and codes before （类）（款）（项）; the subject they make and where they end."""
    names: list[str] = []
    codes: list[str] = []
    levels: list[str] = []
    pos = 0
    end = 0
    for mark in _CODE_MARK.finditer(text):
        name = _LEADING_NUMBER.sub("", text[pos : mark.start()]).removeprefix("支出")
        if not name:
            break
        names.append(name)
        codes.append(mark.group(1))
        levels.append(mark.group(2))
        pos = end = mark.end()
    if not names:
        return (), (), "", 0
    return tuple(names), tuple(codes), f"{levels[-1]}:{'/'.join(names)}", end


#: “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目: 类-款-项 by name, with dashes.
_DASHED = re.compile(r"“([^“”\-－—]{2,40}(?:[-－—][^“”\-－—]{2,40}){1,2})”(?:科目)?")
_LEVELS = ("类", "款", "项")


def dashed_words_of(text: str) -> tuple[tuple[str, ...], str, int]:
    """Names, subject and end of a 类-款-项 name printed with dashes at the clause's start."""
    lead = _LEADING_NUMBER.match(text)
    start = lead.end() if lead else 0
    if start and text[start - 1] == "“":
        start -= 1  # the leading-number pattern took the opening quote
    match = _DASHED.match(text, start)
    if match is None:
        return (), "", 0
    names = tuple(re.split(r"[-－—]", match.group(1)))
    if not all(re.search(r"[\u4e00-\u9fff]", name) for name in names):
        return (), "", 0  # “2024-2025”: not a class name
    return names, f"{_LEVELS[len(names) - 1]}:{'/'.join(names)}", match.end()


def read_clause(text: str) -> Clause:
    words, codes, subject, end = code_words_of(text)
    if subject:
        return Clause(text, subject, end, words, codes)
    words, subject, end = dashed_words_of(text)
    if subject:
        return Clause(text, subject, end, words, ("",) * len(words))
    return find_subject(text) or Clause(text)


def money_of(match: re.Match[str]) -> Money:
    unit = MoneyUnit.WAN if match.group(2) == "万" else MoneyUnit(match.group(2))
    return Money(Decimal(match.group(1)), unit, match.group(0))


# --------------------------------------------------------------------------- building statements


@dataclass(slots=True)
class Builder:
    """The statements of one section, built clause by clause."""

    section: NarrativeSection
    text: str
    where: list[int]
    statements: list[Statement] = field(default_factory=list)
    last_subject: str = ""
    last_words: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    open_index: int | None = None  # the statement clauses without a subject add to
    parents: dict[int, str] = field(default_factory=dict)  # 。-sentence → its first subject
    pending: int | None = None  # the statement named in this piece that states nothing yet
    piece_start: int = -1  # the piece being read
    piece_quote: str = ""
    reason_sentence: int = -1  # the 。-sentence whose reason (主要原因…) is being given
    open_piece: int = -1  # the piece the open statement was named in

    def source_at(self, offset: int) -> Source:
        original = self.where[offset] if offset < len(self.where) else len(self.section.text)
        found: LineStart | None = None
        for start in self.section.lines:
            if start.offset > original:
                break
            found = start
        return found.source if found is not None else self.section.source

    def add(self, statement: Statement) -> int:
        self.statements.append(statement)
        self.open_index = len(self.statements) - 1
        self.open_piece = self.piece_start
        return self.open_index

    def update(self, index: int, **changes: object) -> None:
        self.statements[index] = replace(self.statements[index], **changes)  # type: ignore[arg-type]

    def printed(self, start: int, length: int) -> str:
        """The text of the section as printed from normalised ``start`` for ``length`` chars."""
        if not self.where or length <= 0:
            return ""
        first = self.where[min(start, len(self.where) - 1)]
        last = self.where[min(start + length, len(self.where)) - 1]
        return self.section.text[first : last + 1].strip()

    def piece(self, piece: Piece) -> None:
        reason = _REASON.search(piece.text)
        listed = _LIST_START.search(piece.text, reason.end()) if reason else None
        if listed is not None:
            # "…的主要原因是工作量增加" printed without its 。, then "支出主要内容如下：1、…":
            # the reason ends where the list starts, and the list is read for its subjects.
            self.piece(Piece(piece.text[: listed.start()], piece.start, piece.sentence))
            self.reason_sentence = -1
            rest = piece.text[listed.start() :]
            self.piece(Piece(rest, piece.start + listed.start(), piece.sentence))
            return
        quote = self.printed(piece.start, len(piece.text))
        source = self.source_at(piece.start)
        compared: int | None = None
        self.pending = None
        self.piece_start = piece.start
        self.piece_quote = quote
        if piece.sentence == self.reason_sentence:
            return  # 主要原因：一是…；二是…: the reason goes on after a ；
        if _REASON.search(piece.text):
            self.reason_sentence = piece.sentence
        for raw in clauses_of(stated_part(piece.text)):
            clause = read_clause(raw)
            year = _COMPARED_YEAR.search(raw)
            if year is not None:
                compared = int(year.group(1))
            self.clause(clause, quote, source, piece.sentence, compared)

    def new(self, clause: Clause, quote: str, source: Source, sentence: int) -> int:
        words, codes = (clause.code_words, clause.codes)
        if clause.subject == self.last_subject and not words:
            words, codes = self.last_words
        year = _YEAR.search(clause.text[: clause.subject_end])
        index = self.add(
            Statement(
                subject=clause.subject,
                quote=quote,
                source=source,
                code_words=words,
                codes=codes,
                section=self.section.title,
                year=int(year.group(1)) if year and "相比" not in clause.text else None,
            )
        )
        self.last_subject = clause.subject
        self.last_words = (words, codes)
        self.parents.setdefault(sentence, clause.subject)
        return index

    def clause(
        self, clause: Clause, quote: str, source: Source, sentence: int, compared: int | None
    ) -> None:
        text = clause.text
        if text.startswith("其中"):
            # What a 其中 list shares out came before it: when it was not placed, the whole of
            # the list's shares is unknown (never the list's first item).
            self.parents.setdefault(sentence, "")
        index: int | None
        if clause.subject and not text.startswith("占"):
            index = self.new(clause, quote, source, sentence)
            self.pending = index
            rest = text[clause.subject_end :]
        else:  # no subject, or the whole of a share (占本年支出合计的…%)
            index = self.open_index
            rest = text
        self.values(index, clause, rest, quote, source, sentence, compared)
        self.counts(text, quote, source)

    def values(
        self,
        index: int | None,
        clause: Clause,
        rest: str,
        quote: str,
        source: Source,
        sentence: int,
        compared: int | None,
    ) -> None:
        comparison = _COMPARISON.search(rest)
        if comparison is not None:
            if index is not None:
                self.update(index, comparison=comparison.group(1) or comparison.group(2))
            return
        completion = _COMPLETION.search(rest)
        if completion is not None and index is not None:
            self.update(index, completion=Decimal(completion.group(1)))
            return
        share = _SHARE.search(rest)
        if share is not None and index is not None:
            whole = read_clause(share.group(1)).subject if share.group(1) else ""
            self.update(
                index,
                share=Decimal(share.group(2)),
                share_of=whole or self.parent_of(sentence, index),
            )
            return
        direction = _DIRECTION.search(rest)
        money = _MONEY.search(rest)
        percent = _PERCENT.search(rest)
        if money is None and percent is None:
            if direction is not None and index is not None and (clause.subject or "与" in rest):
                self.direction(index, direction.group(0), compared)
            return
        if index is None or (
            not clause.subject
            and not self.continues(rest, self.piece_start)
            and not self.is_pending(index)
        ):
            if money is not None:
                self.unplaced(money, quote, source)
                self.open_index = None  # what follows (占…%) is about the unplaced amount
            return
        if money is not None and direction is not None and direction.start() < money.start():
            word = direction.group(0)
            if word in TO_WORDS:
                index = self.amount(index, money, rest, quote, source)
                self.direction(index, word, compared)
            else:
                self.update(index, change=money_of(money))
                self.direction(index, word, compared)
        elif money is not None:
            index = self.amount(index, money, rest, quote, source)
        if percent is not None and direction is not None:
            self.update(index, rate=Decimal(percent.group(1)), rate_direction=direction.group(0))
            if compared is not None:
                self.update(index, compared_year=compared)

    def is_pending(self, index: int) -> bool:
        """The open statement was named earlier in this piece and states nothing yet."""
        return index == self.pending and not has_values(self.statements[index])

    def continues(self, rest: str, start: int) -> bool:
        """A clause without a subject that adds to the open statement: in the piece that named
        it, a clause with a basis or direction word (支出决算为…, 比上年增加…); in a later piece,
        only one that begins with such a word (年初预算为…, 决算数小于预算数…)."""
        if self.open_index is None:
            return False
        if start != self.open_piece:
            if not _CONTINUE_START.match(rest):
                return False
            self.open_piece = start  # continued here: the rest of this piece may add to it
            if self.open_index is not None:  # the quote covers every sentence it was read from
                current = self.statements[self.open_index]
                self.update(self.open_index, quote=f"{current.quote}{self.piece_quote}")
            return True
        return bool(
            _BASIS_BUDGET.search(rest)
            or _BASIS_PRIOR.search(rest)
            or _BASIS_FINAL.search(rest)
            or _DIRECTION.match(rest)
            or rest.startswith(("与", "比", "较", "同比"))
        )

    def amount(
        self, index: int, money: re.Match[str], rest: str, quote: str, source: Source
    ) -> int:
        """Put a stated amount in its slot (上年/预算/决算); the statement it went to."""
        before = rest[: money.start()]
        value = money_of(money)
        if _BASIS_PRIOR.search(before):
            self.update(index, prior=value)
        elif _BASIS_BUDGET.search(before):
            self.update(index, budget=value)
        else:
            basis = "决算" if "决算" in before else ""
            current = self.statements[index]
            if current.amount is not None and current.amount != value:
                # a second amount for the same subject: a statement of its own (its 上年 kept)
                fresh = Statement(
                    subject=current.subject,
                    quote=quote,
                    source=source,
                    prior=current.prior,
                    code_words=current.code_words,
                    codes=current.codes,
                    section=current.section,
                )
                index = self.add(fresh)
            self.update(index, amount=value, basis=basis or current.basis)
        return index

    def direction(self, index: int, word: str, compared: int | None) -> None:
        said = self.statements[index].direction
        if said and word not in said.split("、"):
            word = f"{said}、{word}"  # two directions for one subject: kept for the rules to judge
        self.update(index, direction=word)
        if compared is not None:
            self.update(index, compared_year=compared)

    def parent_of(self, sentence: int, index: int) -> str:
        parent = self.parents.get(sentence, "")
        return "" if parent == self.statements[index].subject else parent

    def unplaced(self, money: re.Match[str], quote: str, source: Source) -> None:
        self.statements.append(
            Statement(
                subject="",
                quote=quote,
                source=source,
                amount=money_of(money),
                section=self.section.title,
            )
        )

    def counts(self, text: str, quote: str, source: Source) -> None:
        for pattern, subject, unit in COUNTS:
            for match in pattern.finditer(text):
                self.statements.append(
                    Statement(
                        subject=self.count_subject(subject, quote),
                        quote=quote,
                        source=source,
                        kind="count",
                        count=int(match.group(1)),
                        count_unit=unit,
                        section=self.section.title,
                    )
                )
        for match in _VEHICLE_KIND.finditer(text):
            self.statements.append(
                Statement(
                    subject=f"车辆:{_LEADING_NUMBER.sub('', match.group(1))}",
                    quote=quote,
                    source=source,
                    kind="count",
                    count=int(match.group(2)),
                    count_unit="辆",
                    section=self.section.title,
                )
            )

    def count_subject(self, subject: str, quote: str) -> str:
        """人次 and 批次 belong to overseas travel or to reception: said in the piece or before."""
        if subject not in ("人次", "批次"):
            return subject
        context = quote if ("出国" in quote or "接待" in quote) else self.last_subject
        if "出国" in context or "团组" in context or context == n.ABROAD:
            return f"因公出国{subject}"
        if "接待" in context or context == n.RECEPTION:
            return f"公务接待{subject}"
        return ""


# --------------------------------------------------------------------------- years


def year_statements(section: NarrativeSection, text: str, builder: Builder) -> Iterator[Statement]:
    """The year a title names (…2024年度部门决算情况说明) and 截至 dates."""
    title = "".join(section.title.split())
    for match in _TITLE_YEAR.finditer(title):
        digits = match.group(1).strip()
        yield Statement(
            subject="标题年度",
            quote=section.title,
            source=section.source,
            kind="year",
            year=int(digits) if len(digits) == 4 else None,
            section=section.title,
        )
    for piece in pieces_of(text):
        for match in _AS_OF.finditer(piece.text):
            yield Statement(
                subject="截至日期",
                quote=builder.printed(piece.start, len(piece.text)),
                source=builder.source_at(piece.start),
                kind="year",
                year=int(match.group(1)),
                section=section.title,
            )


# --------------------------------------------------------------------------- entry points


def section_statements(section: NarrativeSection) -> list[Statement]:
    """The statements of one section, in reading order (values only: pending subjects dropped)."""
    text, where = normalise(without_page_numbers(section))
    builder = Builder(section, text, where)
    for piece in pieces_of(text):
        builder.piece(piece)
    found = [s for s in builder.statements if has_values(s)]
    return [*year_statements(section, text, builder), *found]


def has_values(statement: Statement) -> bool:
    return any(
        value is not None and value != ""
        for value in (
            statement.amount,
            statement.budget,
            statement.prior,
            statement.share,
            statement.change,
            statement.rate,
            statement.completion,
            statement.count,
            statement.comparison or None,
            statement.direction or None,
        )
    )


def narrative_statements(sections: Sequence[NarrativeSection]) -> tuple[Statement, ...]:
    """Every statement of the narrative, section by section."""
    return tuple(s for section in sections for s in section_statements(section))


def unplaced(statements: Iterable[Statement]) -> list[Statement]:
    return [s for s in statements if not s.placed]
