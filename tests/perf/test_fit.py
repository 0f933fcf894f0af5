"""The indicator-fit measure on tiny inputs: each kind of public evidence and the explanation."""

from __future__ import annotations

from juesuan.model.performance import Indicator, PerformanceForm
from juesuan.model.source import Source
from juesuan.perf.fit import (
    Function,
    common_indicator,
    content_words,
    form_fits,
    function_of,
    match_function,
    subject_words,
)

SRC = Source("inline.txt", line=1)
INVESTMENT = Function("2011308", "招商引资", (("20113", "商贸事务"), ("201", "一般公共服务支出")))


def ind(level3: str, target: str = "100") -> Indicator:
    return Indicator("产出指标", "数量指标", level3, "≥", target, "个", source=SRC)


def form(name: str, *indicators: Indicator, goal: str = "") -> PerformanceForm:
    return PerformanceForm(
        1, "项目", name, "项目支出绩效运行监控表", SRC, goal=goal, indicators=indicators
    )


def unfit_names(f: PerformanceForm, function: Function | None = None) -> list[str]:
    _, fits = form_fits(f, function)
    return [x.indicator.level3 for x in fits if x.unfit]


def test_common_indicators_come_from_the_framework():
    assert common_indicator("资金拨付及时率") and common_indicator("社区居民满意度")
    assert common_indicator("预算执行率") == "预算执行率"
    assert common_indicator("残疾人康复人次") == ""


def test_subject_words_leave_out_general_words_and_measures():
    assert subject_words("逐步提高残疾人生活质量") == ("残疾人",)
    assert subject_words("预算执行率") == ()
    assert "利用率" not in subject_words("数据利用率")  # a measure, not a subject
    assert "完成" not in content_words("项目完成时间")


def test_foreign_subject_is_unfit_and_common_is_not():
    f = form(
        "招商经费", ind("资金拨付及时率"), ind("逐步提高残疾人生活质量"), ind("招商签约项目数")
    )
    assert unfit_names(f, INVESTMENT) == ["逐步提高残疾人生活质量"]


def test_shared_words_make_a_fit():
    f = form("河道保洁经费", ind("河道巡查里程"), ind("保洁面积"))
    assert unfit_names(f) == []


def test_goal_and_function_names_are_evidence():
    f = form("专项经费", ind("视频作品数量"), ind("签约客商数量"))
    assert unfit_names(f) == []  # a catch-all name and no function: the rule says nothing
    with_function = unfit_names(f, INVESTMENT)
    assert "视频作品数量" in with_function
    goal = form("招商经费", ind("宣传视频作品数量"), goal="制作宣传视频推介园区")
    assert unfit_names(goal, INVESTMENT) == []


def test_sibling_tied_to_the_project_vouches_for_a_shared_subject():
    f = form("招商经费", ind("招商视频播放量"), ind("视频作品数量"))
    assert unfit_names(f, INVESTMENT) == []


def test_function_matched_by_subject_with_its_parents_named():
    names = {"20113": "商贸事务", "201": "一般公共服务支出"}
    match = match_function("招商经费", [("2011308", "招商引资"), ("2010506", "统计管理")], names)
    assert match == INVESTMENT
    assert match_function("各类工作经费", [("2011308", "招商引资")], names) is None
    assert function_of("2011308", "招商引资", {}).parents == ()


def test_explanation_cites_the_public_structure():
    f = form("招商经费", ind("逐步提高残疾人生活质量"), ind("运维频道数量"), ind("预算执行率"))
    profile, fits = form_fits(f, INVESTMENT)
    text = fits[0].explain(profile, fits)
    assert "涉及“残疾人”" in text and "功能科目“2011308 招商引资”均无关" in text
    assert "项目名称“招商经费”" in text and "“运维频道数量”同样与本项目无关" in text
