"""How well an indicator fits its project: an explainable measure.

Three kinds of evidence, each one a reviewer can check:

1. *Kind of spending* — the lexicon (``lexicon.toml``) sorts words into kinds of spending.
   The project's kinds come from its name, its goals and its function class; the indicator's
   from its 三级指标 (and a qualitative 指标值). Sharing a kind is a fit.
2. *Shared vocabulary* — the character bigrams of the indicator that also occur in the project's
   name, goals or function class, leaving out bigrams that carry no subject (完成, 提高 …).
3. *Siblings* — the other indicators of the same form: an indicator whose kind none of its
   siblings share stands out; a whole group of indicators of a foreign kind is named as a group.

An indicator made only of general words (预算执行率, 满意度) fits any project. An indicator is
*unfit* when it has a kind of its own, shares no kind and no subject bigram with its project, and
the project's kind is known; when the project's name and goals say nothing about its kind, the
indicator is unfit only if none of its siblings shares its kind while two or more siblings share
another kind (an outlier in a form that is otherwise about one thing).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from juesuan.model.performance import Indicator, PerformanceForm

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
#: Share of an indicator's subject bigrams that must occur in the project text to count as a fit.
NGRAM_FIT = 0.34


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label: str
    functions: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    categories: tuple[Category, ...]
    stop_bigrams: frozenset[str]

    def category(self, key: str) -> Category:
        return next(c for c in self.categories if c.key == key)


@cache
def load_lexicon() -> Lexicon:
    data = tomllib.loads(
        resources.files("juesuan.perf").joinpath("lexicon.toml").read_text("utf-8")
    )
    categories = tuple(
        Category(c["key"], c["label"], tuple(c["functions"]), tuple(c["terms"]))
        for c in data["category"]
    )
    return Lexicon(categories, frozenset(data["stop_bigrams"]))


def text_to_kinds(text: str, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """The non-general kinds of spending a text speaks of, each with the words that show it."""
    kinds: dict[str, tuple[str, ...]] = {}
    for category in lexicon.categories:
        if category.key == "general":
            continue
        words = tuple(t for t in category.terms if t in text)
        if words:
            kinds[category.key] = words
    return kinds


def code_to_kinds(code: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Kinds whose usual function classes include this code (by its most specific prefix)."""
    best: dict[str, int] = {}
    for category in lexicon.categories:
        for prefix in category.functions:
            if code.startswith(prefix):
                best[category.key] = max(best.get(category.key, 0), len(prefix))
    if not best:
        return ()
    top = max(best.values())
    return tuple(k for k, n in best.items() if n == top)


def subject_bigrams(text: str, lexicon: Lexicon) -> set[str]:
    grams: set[str] = set()
    for run in CJK_RUN.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams - lexicon.stop_bigrams


@dataclass(frozen=True, slots=True)
class Function:
    """The function class a project was matched to (from T05), as evidence of its kind."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ProjectProfile:
    name: str
    text: str  # name, goals and function class name together
    kinds: dict[str, tuple[str, ...]]  # kind → the words (or code) that show it
    function: Function | None = None


def form_to_profile(
    form: PerformanceForm, function: Function | None = None, lexicon: Lexicon | None = None
) -> ProjectProfile:
    lexicon = lexicon or load_lexicon()
    name = form.name
    if form.kind == "部门整体" and form.unit is not None:
        name = form.unit.name
    parts = [name, form.goal, form.long_term_goal]
    if function is not None:
        parts.append(function.name)
    text = "。".join(p for p in parts if p)
    kinds = dict(text_to_kinds(text, lexicon))
    if function is not None:
        for key in code_to_kinds(function.code, lexicon):
            kinds.setdefault(key, (f"{function.code} {function.name}",))
    return ProjectProfile(name, text, kinds, function)


def indicator_text(indicator: Indicator) -> str:
    """The words of an indicator: its 三级指标 and, for a qualitative one, its 指标值."""
    qualitative = indicator.target and not re.search(r"\d", indicator.target)
    return indicator.level3 + ("。" + indicator.target if qualitative else "")


@dataclass(frozen=True, slots=True)
class Fit:
    """The fit of one indicator to its project, with the evidence for a reviewer."""

    indicator: Indicator
    unfit: bool
    score: float  # 1 = fits; 0 = nothing ties it to the project
    kinds: dict[str, tuple[str, ...]]  # the indicator's kinds and their words
    shared_kinds: tuple[str, ...]
    shared_bigrams: tuple[str, ...]
    sibling_kinds: tuple[str, ...]  # siblings sharing one of its kinds (三级指标)
    generic: bool  # made only of general words

    def explain(self, profile: ProjectProfile, lexicon: Lexicon | None = None) -> str:
        """Why the indicator does not fit, in words a reviewer accepts."""
        lexicon = lexicon or load_lexicon()
        what = "、".join(
            f"“{lexicon.category(k).label}”（用词：{'、'.join(w)}）" for k, w in self.kinds.items()
        )
        if profile.kinds:
            strongest = sorted(profile.kinds.items(), key=lambda kw: -len(kw[1]))[:3]
            own = "、".join(
                f"“{lexicon.category(k).label}”（依据：{'、'.join(w[:4])}）" for k, w in strongest
            )
            if len(profile.kinds) > 3:
                own += f"等{len(profile.kinds)}类"
            project = f"而“{profile.name}”属于{own}"
        else:
            project = f"而“{profile.name}”的名称和目标看不出与此有关"
        text = (
            f"三级指标“{self.indicator.level3}”讲的是{what}，{project}；"
            "指标与项目名称、年度目标没有共同的实义用词"
        )
        if self.sibling_kinds:
            names = "、".join(f"“{s}”" for s in self.sibling_kinds[:4])
            more = "等" if len(self.sibling_kinds) > 4 else ""
            text += f"。同表的{names}{more}{len(self.sibling_kinds)}个指标也属于这一类，可能整组套用了其他项目的指标"
        return text + "。请核实该指标是否属于本项目。"


def indicator_fit(
    indicator: Indicator,
    siblings: Sequence[Indicator],
    profile: ProjectProfile,
    lexicon: Lexicon | None = None,
) -> Fit:
    lexicon = lexicon or load_lexicon()
    kinds = text_to_kinds(indicator_text(indicator), lexicon)
    grams = subject_bigrams(indicator.level3, lexicon)
    shared_grams = tuple(sorted(grams & subject_bigrams(profile.text, lexicon)))
    ngram_score = len(shared_grams) / len(grams) if grams else 0.0
    shared_kinds = tuple(k for k in kinds if k in profile.kinds)
    sibling_kinds = [
        (s.level3, set(text_to_kinds(indicator_text(s), lexicon)))
        for s in siblings
        if s is not indicator
    ]
    sibling_names = tuple(name for name, found in sibling_kinds if found & set(kinds))
    counts = Counter(k for _, found in sibling_kinds for k in found)
    generic = not kinds
    score = 1.0 if generic or shared_kinds else min(1.0, ngram_score / NGRAM_FIT)
    if generic or shared_kinds or ngram_score >= NGRAM_FIT:
        unfit = False
    elif profile.kinds:
        unfit = True
    else:  # the project's kind is unknown: only an outlier against a kind its siblings share
        unfit = not sibling_names and any(n >= 2 for n in counts.values())
    return Fit(indicator, unfit, score, kinds, shared_kinds, shared_grams, sibling_names, generic)


def form_fits(
    form: PerformanceForm, function: Function | None = None, lexicon: Lexicon | None = None
) -> tuple[ProjectProfile, list[Fit]]:
    """The fit of every indicator of a form to the form's project (or unit)."""
    lexicon = lexicon or load_lexicon()
    profile = form_to_profile(form, function, lexicon)
    return profile, [indicator_fit(i, form.indicators, profile, lexicon) for i in form.indicators]


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
