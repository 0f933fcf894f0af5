"""How well an indicator fits its project, from public structure only.

The evidence, each piece one a reviewer can check:

1. *The project's own words*: its name, 年度目标 (and 项目总目标, 完成情况, 年度任务), its unit,
   and the names of its 支出功能分类 项 and of that 项's 款 and 类 — the classification names say
   what the money is for.
2. *The common indicator framework* (``framework.toml``): 预算执行率, 满意度, 完成及时率 … any
   project may use; such an indicator always fits, and the framework's words never count as a
   subject.
3. *General-purpose word segmentation* (jieba, with its part-of-speech tags and its
   inverse-document-frequency table of general Chinese text): the subject words of an indicator
   are its nouns that are not general words — not framework words and not frequent in Chinese at
   large (IDF below ``GENERAL_IDF``).

An indicator is a *candidate* when it names a subject (a noun such as 残疾人 or 频道); none of its
words shares a character pair with any of the project's words, nor its subjects a character with
the project's name or function class; it is not a common indicator; the project's name or
function class names a subject of its own (a catch-all 各类工作经费 gives no evidence); and no
sibling indicator that does tie to the project shares its subject.

A candidate alone is weak evidence: names and goals are short, and only knowledge of the field
ties 高血压随访 to 国家基本公共卫生服务 (on forms of other provinces, 30% of original indicators were
candidates — bench/perf_fit/results_v1.md). An indicator is *unfit* only when its form also shows
that it was assembled from another project's list: a candidate of the form is printed word for
word in the form of another project of the same document (``copies``). Then every candidate of
the form is unfit, and the finding names the copy. Where the evidence is weaker the measure says
nothing. Each form's project words are gathered once, so the cost is linear in its indicators.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from juesuan.model.performance import Indicator, PerformanceForm

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
#: Words at least this rare in general Chinese (jieba's IDF) may name a subject. Fitted on the
#: seed's forms only (bench/perf_fit/run.py prints the fit); never on the held-out forms.
GENERAL_IDF = 6.0
#: jieba part-of-speech tags of nouns (common, proper, place, organisation, other, verbal noun).
NOUN_TAGS = frozenset({"n", "nz", "nr", "ns", "nt", "nrt", "ng", "vn"})
#: Endings of words that name a measure (利用率, 可控性, 标准化), not a subject.
MEASURE_END = ("率", "度", "性", "化", "感", "量", "数")


# ---------------------------------------------------------------- segmentation


@cache
def _segmenter() -> tuple[Any, Mapping[str, float]]:
    """jieba's tagger and IDF table, loaded on first use: the parts the texts need, from a cache
    file (jieba's own loading takes two seconds; see jieba_tables.py)."""
    from juesuan.perf.jieba_tables import load_tagger

    return load_tagger()


@dataclass(frozen=True, slots=True)
class Word:
    """A word as jieba cuts it, with its part-of-speech tag and IDF."""

    text: str
    tag: str
    idf: float  # inf for a word jieba's general corpus never saw


@lru_cache(maxsize=65536)
def segment(text: str) -> tuple[Word, ...]:
    posseg, idf = _segmenter()
    return tuple(
        Word(w.word, w.flag, idf.get(w.word, float("inf"))) for w in posseg.lcut(text or "")
    )


def bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in CJK_RUN.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


# ---------------------------------------------------------------- the common framework


@dataclass(frozen=True, slots=True)
class Framework:
    """The common indicator framework: its indicator names and its general words."""

    common: tuple[str, ...]  # common indicator names, longest first
    general: frozenset[str]  # words of the framework: never a subject


FRAMEWORK = Path(__file__).with_name("framework.toml")  # a path: importlib.resources costs 4 ms
#: Changes whenever load_framework would find other general words in the same framework with
#: the same jieba: its cached words (general_words) are then found again.
GENERAL_WORDS_VERSION = 1


@cache
def _framework_bytes() -> bytes:
    return FRAMEWORK.read_bytes()


@cache
def _framework_data() -> dict[str, Any]:
    return tomllib.loads(_framework_bytes().decode("utf-8"))


@cache
def common_indicators() -> tuple[str, ...]:
    """The framework's common indicator names, longest first (no segmentation needed)."""
    data = _framework_data()
    return tuple(
        sorted({t for terms in data["common"].values() for t in terms}, key=len, reverse=True)
    )


@cache
def load_framework() -> Framework:
    return Framework(common_indicators(), general_words())


def general_words(path: Path | None = None) -> frozenset[str]:
    """The framework's general words, kept in the user's cache directory: segmenting its 200
    phrases costs every process tens of milliseconds. The file is keyed on jieba's sources, the
    framework's bytes themselves (3 KB: exact, and no hash to import) and GENERAL_WORDS_VERSION;
    the words are found again when it is missing, stale or damaged."""
    from juesuan.perf.jieba_tables import cache_file, load_derived

    path = path or cache_file().with_name("framework-words.bin")
    key = (GENERAL_WORDS_VERSION, _framework_bytes())
    words: frozenset[str] = load_derived(path, key, find_general_words)
    return words


def find_general_words() -> frozenset[str]:
    """The words of the framework's levels, common indicators and general vocabulary, and the
    vocabulary's terms themselves."""
    data = _framework_data()
    phrases = [*data["levels"], *common_indicators(), *data["vocabulary"]["general"]]
    general = {w.text for p in phrases for w in segment(p) if len(w.text) >= 2}
    general.update(p for p in data["vocabulary"]["general"])
    return frozenset(general)


def common_indicator(text: str, framework: Framework | None = None) -> str:
    """The common indicator an indicator's name contains ("" if none)."""
    common = framework.common if framework else common_indicators()
    compact = re.sub(r"\s", "", text)
    return next((term for term in common if term in compact), "")


def content_words(
    text: str,
    framework: Framework | None = None,
    general_idf: float = GENERAL_IDF,
    nouns_only: bool = False,
) -> tuple[str, ...]:
    """The words of a text that are not general (not framework words, not frequent in Chinese
    at large, not a measure such as 利用率), rarest first; with nouns_only, its subjects."""
    framework = framework or load_framework()
    found: dict[str, float] = {}
    for word in segment(text):
        if (
            (word.tag in NOUN_TAGS or not nouns_only)
            and len(word.text) >= 2
            and CJK_RUN.fullmatch(word.text)
            and word.idf >= general_idf
            and not word.text.endswith(MEASURE_END)
            and not any(g in word.text for g in framework.general)
        ):
            found[word.text] = word.idf
    return tuple(sorted(found, key=lambda w: -found[w]))


def subject_words(
    text: str, framework: Framework | None = None, general_idf: float = GENERAL_IDF
) -> tuple[str, ...]:
    """The nouns of a text that name a subject (残疾人, 频道), rarest first."""
    return content_words(text, framework, general_idf, nouns_only=True)


# ---------------------------------------------------------------- the project's evidence


@dataclass(frozen=True, slots=True)
class Function:
    """The 支出功能分类 项 a project was matched to, with its 款 and 类 ((code, name) pairs)."""

    code: str
    name: str
    parents: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    def names(self) -> tuple[str, ...]:
        return (self.name, *(name for _, name in self.parents))


@dataclass(frozen=True, slots=True)
class ProjectProfile:
    """What a performance form says of its project, gathered once per form for the fit measure."""

    name: str
    text: str  # every project word together
    grams: frozenset[str]
    subjects: tuple[str, ...]  # the subject words of the project's name and function class
    name_chars: frozenset[str]  # the characters of the project's name and function class
    function: Function | None = None
    goal: str = ""


def form_to_profile(form: PerformanceForm, function: Function | None = None) -> ProjectProfile:
    name = form.name
    if form.kind == "部门整体" and form.unit is not None:
        name = form.unit.name
    parts = [name, form.goal, form.long_term_goal, form.progress]
    parts += [t.task for t in form.tasks] + [t.item for t in form.tasks]
    parts += [p.name for p in (form.unit, form.implementer, form.supervisor) if p is not None]
    if function is not None:
        parts += function.names()
    text = "。".join(p for p in parts if p)
    own = "。".join([name, *(function.names() if function else ())])
    return ProjectProfile(
        name,
        text,
        frozenset(bigrams(text)),
        subject_words(own),
        frozenset("".join(CJK_RUN.findall(own))),
        function,
        form.goal,
    )


def indicator_text(indicator: Indicator) -> str:
    """The words of an indicator: its 三级指标 and, for a qualitative one, its 指标值."""
    qualitative = indicator.target and not re.search(r"\d", indicator.target)
    return indicator.level3 + ("。" + indicator.target if qualitative else "")


def ties(words: Iterable[str], grams: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The words one of whose character pairs occurs in grams."""
    return tuple(w for w in words if bigrams(w) & grams)


# ---------------------------------------------------------------- the fit of one form


@dataclass(frozen=True, slots=True)
class Fit:
    """The fit of one indicator to its project, with the evidence for a reviewer."""

    indicator: Indicator
    unfit: bool
    common: str  # the common indicator it names ("" if none)
    subjects: tuple[str, ...]  # its subject words, rarest first
    tied: tuple[str, ...]  # its words that also occur in the project's words
    sibling: str = ""  # a sibling tied to the project that shares its subject
    candidate: bool = False  # nothing of the project names its subject (weak evidence alone)
    copies: tuple[tuple[str, str], ...] = ()  # (candidate of the form, other project printing it)

    def explain(self, profile: ProjectProfile, others: Sequence[Fit] = ()) -> str:
        """Why the indicator does not fit, from the public structure it was judged on."""
        words = "、".join(f"“{w}”" for w in self.subjects[:3])
        evidence = f"项目名称“{profile.name}”" + ("、年度目标" if profile.goal else "")
        if profile.function is not None:
            evidence += f"及功能科目“{profile.function.label}”"
        text = (
            f"三级指标“{self.indicator.level3}”涉及{words}，与{evidence}均无关，"
            "也不是预算执行率、满意度一类的通用指标"
        )
        if profile.function is None:
            text += "（未能确定项目的功能科目）"
        own_copy = next((p for n, p in self.copies if n == self.indicator.level3), "")
        if own_copy:
            text += f"；该指标与“{own_copy}”项目表中的指标一字不差"
        elif self.copies:
            name, project = self.copies[0]
            text += f"；本表的“{name}”与“{project}”项目表中的指标一字不差"
        siblings = [f.indicator.level3 for f in others if f is not self and f.unfit]
        if siblings:
            names = "、".join(f"“{s}”" for s in siblings[:3])
            more = f"等{len(siblings)}个指标" if len(siblings) > 3 else ""
            text += f"。同表的{names}{more}同样与本项目无关，可能整组套用了其他项目的指标"
        return text + "。请核实该指标是否属于本项目。"


def form_fits(
    form: PerformanceForm,
    function: Function | None = None,
    general_idf: float = GENERAL_IDF,
    extra: Sequence[Indicator] = (),
    copies: Mapping[str, str] | None = None,
) -> tuple[ProjectProfile, list[Fit]]:
    """The fit of every indicator of a form (and of ``extra`` ones put into it) to its project.

    ``copies`` maps a 三级指标 of the form to another project of the same document that prints
    it word for word.
    ``general_idf`` is the measure's one parameter (see GENERAL_IDF).

    Linear in the indicators: the project's words once, each indicator's words once, and the
    subjects of the indicators tied to the project once.
    """
    framework = load_framework()
    profile = form_to_profile(form, function)
    indicators = (*form.indicators, *extra)
    first = []
    for indicator in indicators:
        subjects = subject_words(indicator.level3, framework, general_idf)
        words = content_words(indicator_text(indicator), framework, general_idf)
        tied = ties(words, profile.grams)
        tied += tuple(w for w in subjects if set(w) & profile.name_chars and w not in tied)
        first.append((indicator, subjects, tied))
    anchors: set[str] = set()
    anchor_of: dict[str, str] = {}
    for indicator, subjects, tied in first:
        if tied:
            for word in subjects:
                for gram in bigrams(word):
                    anchors.add(gram)
                    anchor_of.setdefault(gram, indicator.level3)
    copies = copies or {}
    judged = []
    for indicator, subjects, tied in first:
        common = common_indicator(indicator.level3, framework)
        bridged = ""
        if not tied:
            grams = (g for w in subjects for g in sorted(bigrams(w)) if g in anchors)
            bridged = next((anchor_of[g] for g in grams), "")
        candidate = bool(subjects and profile.subjects and not tied and not common and not bridged)
        judged.append((indicator, subjects, tied, common, bridged, candidate))
    copied = tuple(
        (indicator.level3, copies[indicator.level3])
        for indicator, *_, candidate in judged
        if candidate and indicator.level3 in copies
    )
    fits = [
        Fit(
            indicator,
            candidate and bool(copied),
            common,
            subjects,
            tied,
            bridged,
            candidate,
            copied,
        )
        for indicator, subjects, tied, common, bridged, candidate in judged
    ]
    return profile, fits


def document_copies(forms: Sequence[PerformanceForm]) -> dict[int, dict[str, str]]:
    """For each project form (by its number): its 三级指标 that another project of the same
    document — another name — prints word for word, with that project's name (common indicators
    such as 居民满意度 are no evidence of a copy). Linear: one index of every 三级指标."""
    printed_by: dict[str, list[str]] = {}
    for form in forms:
        if form.kind == "项目":
            for indicator in form.indicators:
                names = printed_by.setdefault(indicator.level3, [])
                if form.name not in names:
                    names.append(form.name)
    return {
        form.number: {
            i.level3: next(n for n in printed_by[i.level3] if n != form.name)
            for i in form.indicators
            if len(printed_by[i.level3]) > 1 and not common_indicator(i.level3)
        }
        for form in forms
        if form.kind == "项目"
    }


def specific(indicator: Indicator, general_idf: float = GENERAL_IDF) -> bool:
    """An indicator with words of its own, not a common one (预算执行率 may be shared)."""
    if common_indicator(indicator.level3):  # checked first: it needs no segmentation
        return False
    return bool(content_words(indicator.level3, general_idf=general_idf))


# ---------------------------------------------------------------- matching the function class


def match_function(
    name: str, items: Sequence[tuple[str, str]], names_by_code: dict[str, str]
) -> Function | None:
    """The 项 (code, name) whose name shares the most subject words' character pairs with a
    project's name; its 款 and 类 named from names_by_code. None when nothing is shared."""
    if not any(bigrams(name) & bigrams(item) for _, item in items):
        return None  # nothing shared at all: no need to segment
    grams = {g for w in subject_words(name) for g in bigrams(w)}
    best: tuple[int, str, str] | None = None
    for code, item in items:
        score = len(grams & bigrams(item))
        if score and (best is None or score > best[0]):
            best = (score, code, item)
    if best is None:
        return None
    return function_of(best[1], best[2], names_by_code)


def function_of(code: str, name: str, names_by_code: dict[str, str]) -> Function:
    """A 项 with its 款 and 类 named from names_by_code (those known)."""
    parents = tuple(
        (code[:n], names_by_code[code[:n]]) for n in (5, 3) if code[:n] in names_by_code
    )
    return Function(code, name, parents)
