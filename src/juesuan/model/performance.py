"""Performance forms: 绩效运行监控表, 绩效目标表/申报表 of budgets and 绩效自评表 of final accounts,
each for a 部门整体 or a 项目.

Every field is a plain value (str, Decimal, bool, tuples, nested frozen dataclasses) so that
``juesuan parse`` can serialise a form generically. Texts are kept as printed; amounts are exact
decimals with the form's unit; a rate keeps its printed form ("58.98%" vs "0.59"). Each value
carries its Source, directly (amounts, rates, choices) or through ``Indicator.sources``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.source import Source

MONITOR = "监控表"  # 绩效运行监控表 (mid-year monitoring)
TARGET = "目标表"  # 绩效目标表 / 申报表 (set with the budget)
SELF_ASSESSMENT = "自评表"  # 绩效自评表 (scored after the year: 分值 and 得分)


@dataclass(frozen=True, slots=True)
class Amount:
    """A printed amount in the form's unit."""

    value: Decimal
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class Rate:
    """A printed rate: ``value`` is the number as printed (58.98 for "58.98%", 0.59 for "0.59")."""

    raw: str
    value: Decimal
    percent: bool
    source: Source

    @property
    def fraction(self) -> Decimal:
        """The rate as a fraction of one, whatever its printed form."""
        return self.value / 100 if self.percent else self.value


@dataclass(frozen=True, slots=True)
class Points:
    """A printed score: a 分值 (or 权重) an item may earn, or the 得分 it earned."""

    value: Decimal
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class Party:
    """A unit named on the form: 部门（单位）名称, 主管部门及代码, 实施单位.

    ``printed`` is the text as printed ("066001本溪市南芬区工业和信息化局-210505000"); ``code`` the
    leading code (066001), ``name`` the unit's name, ``suffix`` the trailing code (210505000).
    """

    printed: str
    name: str
    code: str
    suffix: str
    source: Source


@dataclass(frozen=True, slots=True)
class FundLine:
    """The form's own amounts (部门整体支出情况 / 项目预算资金) or one 年度任务 row."""

    task: str  # 年度任务 as printed ("" for the form line)
    item: str  # 对应项目 as printed ("" for the form line)
    budget: Amount | None  # 年初预算数
    allocated: Amount | None  # 指标下达金额数
    executed: Amount | None  # 执行数 (6月执行数 …)
    rate: Rate | None  # 执行率
    forecast: Amount | None  # 全年预计执行数
    source: Source
    headers: tuple[str, ...] = ()  # the column headers as printed ("6月执行数" …)
    adjusted: Amount | None = None  # 全年预算数 / 调整后预算数 (自评表)
    weight: Points | None = None  # 分值 / 权重 of the budget-execution item (自评表)
    score: Points | None = None  # 得分
    label: str = ""  # the row's label: 年度资金总额, 其中：当年财政拨款, 上年结转资金 …


@dataclass(frozen=True, slots=True)
class LabelledAmount:
    """An amount printed beside its label, as in 绩效目标表 (项目资金总额 …, 其中：财政资金 …)."""

    label: str
    amount: Amount


@dataclass(frozen=True, slots=True)
class Attribute:
    """A labelled text field (项目性质, 项目类别, 计划开始日期 …)."""

    label: str
    value: str
    source: Source


@dataclass(frozen=True, slots=True)
class FieldSource:
    """Where one field of a performance form was read."""

    field: str
    source: Source


@dataclass(frozen=True, slots=True)
class Indicator:
    """One 三级指标 row.

    ``operator``, ``target`` and ``unit`` are as printed in their columns; where the template
    prints them together ("≥13459.00(平方米)") ``target_text`` keeps the printed whole and the
    three are split from it. ``deviation_reasons`` and ``likelihood`` hold the ticked options.
    """

    level1: str
    level2: str
    level3: str
    operator: str
    target: str
    unit: str
    current: str = ""  # 当期执行情况
    forecast: str = ""  # 全年预计完成情况
    deviation_reasons: tuple[str, ...] = ()
    likelihood: tuple[str, ...] = ()
    improvement: str = ""  # 改进措施
    target_text: str = ""
    source: Source | None = None
    sources: tuple[FieldSource, ...] = ()
    actual: str = ""  # 实际完成值 / 全年实际值 (自评表)
    weight: Points | None = None  # 分值 / 权重
    score: Points | None = None  # 得分
    deviation: str = ""  # 偏差原因分析及改进措施 / 未完成原因分析, as printed

    def source_of(self, field: str) -> Source | None:
        for item in self.sources:
            if item.field == field:
                return item.source
        return self.source


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of 结果应用建议 or a reviewer's opinion, with whether it is ticked."""

    option: str
    ticked: bool
    text: str
    source: Source


@dataclass(frozen=True, slots=True)
class Opinion:
    """A block of options: 结果应用建议, 主管部门审核意见, 财政部门审核意见; and its 总体意见."""

    section: str
    choices: tuple[Choice, ...] = ()
    overall: str = ""
    overall_source: Source | None = None

    @property
    def ticked(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.ticked)


@dataclass(frozen=True, slots=True)
class LabelledPoints:
    """Points printed with a label: a section's share ("绩效指标(90分)") or a total (总分, 合计)."""

    label: str
    points: Points


@dataclass(frozen=True, slots=True)
class PerformanceForm:
    """One form as printed; ``number`` is its place in document order (P1, P2 …).

    ``template`` is 监控表, 目标表 or 自评表. ``complete`` is False for a form the document cuts
    off; ``missing_sections`` then names what never came. A 自评表 prints each item's 分值 and
    得分; ``sections`` holds a section's printed share ("绩效指标" 90), ``totals`` the total row
    (总分 or 合计: its 分值 and 得分 as printed).
    """

    number: int
    kind: str  # 部门整体 or 项目
    name: str
    title: str
    source: Source
    complete: bool = True
    template: str = MONITOR
    year: int | None = None
    money_unit: str = ""  # 万元 / 元 as the form states
    unit: Party | None = None  # 部门（单位）名称 (部门整体) or 实施单位 (项目)
    supervisor: Party | None = None  # 主管部门及代码
    implementer: Party | None = None  # 实施单位
    funds: FundLine | None = None
    tasks: tuple[FundLine, ...] = ()
    amounts: tuple[LabelledAmount, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    goal_headers: tuple[str, ...] = ()  # 年初总体目标 | 6月完成情况, or 项目总目标 | 年度总体目标
    goal: str = ""
    progress: str = ""
    long_term_goal: str = ""
    goal_source: Source | None = None
    indicators: tuple[Indicator, ...] = ()
    opinions: tuple[Opinion, ...] = ()
    missing_sections: tuple[str, ...] = ()
    fund_parts: tuple[FundLine, ...] = ()  # 其中：当年财政拨款, 上年结转资金, 其他资金 …
    sections: tuple[LabelledPoints, ...] = ()
    total_weight: Points | None = None
    total_score: Points | None = None

    @property
    def id(self) -> str:
        return f"P{self.number}"

    def opinion(self, section: str) -> Opinion | None:
        for block in self.opinions:
            if block.section == section:
                return block
        return None


__all__ = [
    "MONITOR",
    "SELF_ASSESSMENT",
    "TARGET",
    "Amount",
    "Attribute",
    "Choice",
    "FieldSource",
    "FundLine",
    "Indicator",
    "LabelledAmount",
    "LabelledPoints",
    "Opinion",
    "Party",
    "PerformanceForm",
    "Points",
    "Rate",
]
