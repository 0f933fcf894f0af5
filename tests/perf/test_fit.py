"""The indicator-fit measure on tiny inputs: each kind of evidence and the explanation."""

from __future__ import annotations

from juesuan.model.performance import Indicator, PerformanceForm
from juesuan.model.source import Source
from juesuan.perf.fit import (
    Function,
    code_to_kinds,
    form_fits,
    load_lexicon,
    subject_bigrams,
    text_to_kinds,
)

SRC = Source("inline.txt", line=1)


def ind(level3: str, target: str = "100") -> Indicator:
    return Indicator("产出指标", "数量指标", level3, "≥", target, "个", source=SRC)


def form(name: str, *indicators: Indicator, goal: str = "") -> PerformanceForm:
    return PerformanceForm(
        1, "项目", name, "项目支出绩效运行监控表", SRC, goal=goal, indicators=indicators
    )


def unfit_names(f: PerformanceForm, function: Function | None = None) -> list[str]:
    _, fits = form_fits(f, function)
    return [x.indicator.level3 for x in fits if x.unfit]


def test_lexicon_loads_with_general_category():
    lexicon = load_lexicon()
    assert lexicon.category("general").terms
    assert "完成" in lexicon.stop_bigrams


def test_kinds_and_bigrams():
    lexicon = load_lexicon()
    assert set(text_to_kinds("残疾人康复服务人数", lexicon)) == {"disability"}
    assert text_to_kinds("预算执行率", lexicon) == {}
    assert "完成" not in subject_bigrams("项目完成率", lexicon)
    assert code_to_kinds("2011308", lexicon) == ("investment",)


def test_foreign_kind_is_unfit_and_general_is_not():
    f = form("残疾人康复补贴", ind("康复训练人次"), ind("资金拨付及时率"), ind("招商签约项目数"))
    assert unfit_names(f) == ["招商签约项目数"]


def test_shared_subject_words_make_a_fit_without_lexicon_kind():
    f = form("河道保洁经费", ind("河道巡查里程"))
    assert unfit_names(f) == []


def test_goal_and_function_inform_the_project_kind():
    f = form("专项经费", ind("视频作品数量"), ind("签约客商数量"))
    assert unfit_names(f) == []  # nothing says what the project is: neither is singled out
    assert unfit_names(f, Function("2011308", "招商引资")) == ["视频作品数量"]
    goal = form("专项经费", ind("视频作品数量"), ind("签约客商数量"), goal="引进客商，推动签约落地")
    assert unfit_names(goal) == ["视频作品数量"]


def test_unknown_project_kind_flags_only_an_outlier_among_siblings():
    f = form("专项经费", ind("视频作品数量"), ind("频道运维数量"), ind("残疾人康复人次"))
    assert unfit_names(f) == ["残疾人康复人次"]


def test_explanation_names_the_evidence():
    f = form("招商经费", ind("运维频道数量"), ind("优质内容视频作品"), ind("签约项目数量"))
    profile, fits = form_fits(f)
    text = fits[0].explain(profile)
    assert "运维频道数量" in text and "新闻媒体与网络传播" in text and "用词：频道" in text
    assert "招商引资与经济服务" in text and "依据：招商" in text
    assert "“优质内容视频作品”1个指标也属于这一类" in text
