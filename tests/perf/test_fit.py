"""The indicator-fit measure on tiny inputs: each kind of public evidence and the explanation."""

from __future__ import annotations

from juesuan.model.performance import Indicator, PerformanceForm
from juesuan.model.source import Source
from juesuan.perf.fit import (
    Function,
    common_indicator,
    content_words,
    document_copies,
    form_fits,
    function_of,
    match_function,
    subject_words,
)

SRC = Source("inline.txt", line=1)
INVESTMENT = Function("2011308", "招商引资", (("20113", "商贸事务"), ("201", "一般公共服务支出")))
MEDIA_COPY = {"运维频道数量": "媒体融合经费"}


def ind(level3: str, target: str = "100") -> Indicator:
    return Indicator("产出指标", "数量指标", level3, "≥", target, "个", source=SRC)


def form(name: str, *indicators: Indicator, goal: str = "", number: int = 1) -> PerformanceForm:
    return PerformanceForm(
        number, "项目", name, "项目支出绩效运行监控表", SRC, goal=goal, indicators=indicators
    )


def candidates(f: PerformanceForm, function: Function | None = None) -> list[str]:
    """Indicators nothing of the project names (weak evidence on its own)."""
    _, fits = form_fits(f, function)
    return [x.indicator.level3 for x in fits if x.candidate]


def unfit_names(
    f: PerformanceForm, function: Function | None = None, copies: dict[str, str] | None = None
) -> list[str]:
    _, fits = form_fits(f, function, copies=copies)
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


def test_foreign_subject_is_a_candidate_and_common_is_not():
    f = form(
        "招商经费", ind("资金拨付及时率"), ind("逐步提高残疾人生活质量"), ind("招商签约项目数")
    )
    assert candidates(f, INVESTMENT) == ["逐步提高残疾人生活质量"]


def test_a_candidate_alone_is_not_unfit_copy_evidence_makes_it_so():
    f = form("招商经费", ind("运维频道数量"), ind("逐步提高残疾人生活质量"), ind("预算执行率"))
    assert unfit_names(f, INVESTMENT) == []  # weak evidence: the rule says nothing
    assert unfit_names(f, INVESTMENT, MEDIA_COPY) == ["运维频道数量", "逐步提高残疾人生活质量"]
    shared_common = {"预算执行率": "媒体融合经费"}  # a shared common indicator is no evidence
    assert unfit_names(f, INVESTMENT, shared_common) == []


def test_copies_found_across_projects_of_a_document():
    a = form("招商经费", ind("运维频道数量"), ind("预算执行率"))
    b = form("疫情防控物资", ind("运维频道数量"), number=2)
    again = form("招商经费", ind("预算执行率"), number=3)
    copies = document_copies([a, b, again])
    assert copies[1] == {"运维频道数量": "疫情防控物资"}
    assert copies[2] == {"运维频道数量": "招商经费"}
    assert copies[3] == {}  # the same project printed twice is not a copy


def test_shared_words_make_a_fit():
    f = form("河道保洁经费", ind("河道巡查里程"), ind("保洁面积"))
    assert candidates(f) == []


def test_goal_and_function_names_are_evidence():
    f = form("专项经费", ind("视频作品数量"), ind("签约客商数量"))
    assert candidates(f) == []  # a catch-all name and no function: nothing is known
    assert "视频作品数量" in candidates(f, INVESTMENT)
    goal = form("招商经费", ind("宣传视频作品数量"), goal="制作宣传视频推介园区")
    assert candidates(goal, INVESTMENT) == []


def test_sibling_tied_to_the_project_vouches_for_a_shared_subject():
    f = form("招商经费", ind("招商视频播放量"), ind("视频作品数量"))
    assert candidates(f, INVESTMENT) == []


def test_function_matched_by_subject_with_its_parents_named():
    names = {"20113": "商贸事务", "201": "一般公共服务支出"}
    match = match_function("招商经费", [("2011308", "招商引资"), ("2010506", "统计管理")], names)
    assert match == INVESTMENT
    assert match_function("各类工作经费", [("2011308", "招商引资")], names) is None
    assert function_of("2011308", "招商引资", {}).parents == ()


def test_explanation_cites_the_public_structure():
    f = form("招商经费", ind("逐步提高残疾人生活质量"), ind("运维频道数量"), ind("预算执行率"))
    profile, fits = form_fits(f, INVESTMENT, copies=MEDIA_COPY)
    text = fits[0].explain(profile, fits)
    assert "涉及“残疾人”" in text and "功能科目“2011308 招商引资”均无关" in text
    assert "项目名称“招商经费”" in text and "“运维频道数量”同样与本项目无关" in text
    assert "本表的“运维频道数量”与“媒体融合经费”项目表中的指标一字不差" in text
    assert "该指标与“媒体融合经费”项目表中的指标一字不差" in fits[1].explain(profile, fits)
