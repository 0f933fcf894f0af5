"""Rules on performance forms (绩效运行监控表, 绩效目标表/申报表, 绩效自评表).

A finding about a form has ``table`` P1 … and ``row_key`` the 三级指标 or the field it is about
(interface.md). Arithmetic follows the rounding envelope: a rate is recomputed from its printed
figures, each known only to half a unit of 0.01; a difference inside that envelope is an info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from juesuan.data import function_codes
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import Severity
from juesuan.model.money import decimals_of
from juesuan.model.performance import (
    MONITOR,
    Amount,
    FundLine,
    Indicator,
    PerformanceForm,
    Points,
    Rate,
)
from juesuan.model.source import Source
from juesuan.perf.fit import (
    Function,
    document_copies,
    form_fits,
    function_of,
    match_function,
    specific,
)
from juesuan.rules.envelope import compare_sum, half_unit, printed_decimals, sum_tolerance
from juesuan.rules.registry import Defect, NotApplicable, rule

TAGS = ("perf",)
FIELD_NAMES = {
    "budget": "年初预算数",
    "allocated": "指标下达金额数",
    "executed": "执行数",
    "rate": "执行率",
    "forecast": "全年预计执行数",
}
FUND_COLUMN_NAMES = {**FIELD_NAMES, "budget": "年初预算数", "adjusted": "全年预算数"}


def forms_of(disclosure: Disclosure) -> tuple[PerformanceForm, ...]:
    if not disclosure.performance_forms:
        raise NotApplicable("文档中没有绩效表")
    return disclosure.performance_forms


def where(source: Source | None) -> str:
    return source.label() if source is not None else ""


def fund_lines(form: PerformanceForm) -> Iterator[tuple[str, FundLine]]:
    """The form's own line (column "") and each 年度任务 row (column = 对应项目)."""
    if form.funds is not None:
        yield "", form.funds
    for task in form.tasks:
        yield task.item or task.task, task


def line_name(form: PerformanceForm, column: str) -> str:
    return f"{form.id}年度任务“{column}”" if column else f"{form.id}（{form.kind} {form.name}）"


def money(amount: Amount, unit: str) -> str:
    return f"{amount.raw}{unit}"


# ---------------------------------------------------------------- rates


def rate_base(line: FundLine) -> tuple[str, Amount] | None:
    """执行率 = 执行数 ÷ 全年预算数 (自评表) or 指标下达金额数 (the 年初预算数 when nothing
    was 下达)."""
    if line.adjusted is not None and line.adjusted.value:
        return "全年预算数", line.adjusted
    if line.allocated is not None and line.allocated.value:
        return "指标下达金额数", line.allocated
    if line.budget is not None and line.budget.value:
        return "年初预算数", line.budget
    return None


def rate_envelope(executed: Amount, base: Amount, rate: Rate) -> tuple[Decimal, Decimal, Decimal]:
    """(exact rate, expected printed rate, tolerance) in the rate's printed form.

    The tolerance is half a unit of the rate's last printed place plus how far the quotient can
    move when each amount is off by half a unit of 0.01.
    """
    scale = Decimal(100) if rate.percent else Decimal(1)
    h = half_unit(printed_decimals([executed.value, base.value]))
    exact = executed.value / base.value * scale
    low = (executed.value - h) / (base.value + h) * scale
    high = (executed.value + h) / (base.value - h) * scale
    places = decimals_of(rate.value)
    expected = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    tolerance = half_unit(places) + max(high - exact, exact - low)
    return exact, expected, tolerance


def check_rate(form: PerformanceForm, column: str, line: FundLine) -> Defect | None:
    base = rate_base(line)
    if line.rate is None or line.executed is None or base is None:
        return None
    base_label, base_amount = base
    exact, expected, tolerance = rate_envelope(line.executed, base_amount, line.rate)
    if expected == line.rate.value:
        return None
    difference = line.rate.value - exact
    inside = abs(difference) <= tolerance
    sign = "%" if line.rate.percent else ""
    shown = exact.quantize(Decimal("0.0001"))
    message = (
        f"{line_name(form, column)}执行率：执行数{line.executed.raw}÷{base_label}{base_amount.raw}"
        f"={shown}{sign}，按表中的小数位应印作{expected}{sign}，表中为{line.rate.raw}"
    )
    message += (
        "；差异在印出数字的舍入范围内（尾差）。"
        if inside
        else f"；相差{abs(difference).quantize(Decimal('0.0001'))}{sign}，超出印出数字允许的舍入误差"
        f"{tolerance.quantize(Decimal('0.0001'))}{sign}，执行率与其金额不符。"
    )
    return Defect(
        severity=Severity.INFO if inside else Severity.ERROR,
        message=message,
        table=form.id,
        row_key="执行率",
        column=column,
        expected=expected,
        actual=line.rate.value,
        difference=line.rate.value - expected,
        tolerance=tolerance.quantize(Decimal("0.0001")),
        source=where(line.rate.source),
    )


@rule(
    "perf.rate",
    severity=Severity.ERROR,
    title="绩效表：执行率与执行数、预算数相符",
    tables=("P",),
    tags=TAGS,
)
def rates_match_amounts(disclosure: Disclosure) -> Iterator[Defect]:
    """执行率 recomputed from 执行数 and 指标下达金额数 within the rounding envelope."""
    for form in forms_of(disclosure):
        for column, line in fund_lines(form):
            finding = check_rate(form, column, line)
            if finding is not None:
                yield finding


@rule(
    "perf.rate_form",
    severity=Severity.WARNING,
    title="绩效表：同一张表中执行率写法一致",
    tables=("P",),
    tags=TAGS,
)
def rates_one_form(disclosure: Disclosure) -> Iterator[Defect]:
    """A form should not write some rates as percentages (58.98%) and others as fractions (0.36)."""
    for form in forms_of(disclosure):
        rates = [(column, line.rate) for column, line in fund_lines(form) if line.rate is not None]
        percent = [r.raw for _, r in rates if r.percent]
        fraction = [r.raw for _, r in rates if not r.percent]
        if percent and fraction:
            first = next(r for _, r in rates if not r.percent)
            yield Defect(
                message=(
                    f"{form.id}中执行率写法不一致：{'、'.join(percent)}写成百分数，"
                    f"{'、'.join(fraction)}写成小数（如{fraction[0]}即{first.value * 100}%）；"
                    "同一张表应统一写法，否则读者会把0.36误读为0.36%。"
                ),
                table=form.id,
                row_key="执行率",
                source=where(first.source),
            )


# ---------------------------------------------------------------- forecasts and sums


def forecast_findings(form: PerformanceForm, column: str, line: FundLine) -> Iterator[Defect]:
    forecast, executed = line.forecast, line.executed
    ceiling = line.allocated or line.budget
    unit = form.money_unit
    if forecast is None:
        return
    if executed is not None and forecast.value < executed.value:
        hint = ""
        if ceiling is not None and forecast.value <= 1 < ceiling.value:
            hint = f"；{forecast.raw}像是比例而不是金额"
        yield Defect(
            message=(
                f"{line_name(form, column)}全年预计执行数{money(forecast, unit)}小于已执行数"
                f"{money(executed, unit)}：全年支出不会少于年中已支出的数"
                + (f"（年初预算数{money(ceiling, unit)}）" if ceiling is not None else "")
                + hint
                + "。"
            ),
            table=form.id,
            row_key="全年预计执行数",
            column=column,
            expected=executed.value,
            actual=forecast.value,
            difference=forecast.value - executed.value,
            source=where(forecast.source),
        )
    elif ceiling is not None and forecast.value > ceiling.value:
        yield Defect(
            severity=Severity.WARNING,
            message=(
                f"{line_name(form, column)}全年预计执行数{money(forecast, unit)}超过"
                f"可用的{money(ceiling, unit)}（指标下达金额数/年初预算数），请核实是否追加了预算。"
            ),
            table=form.id,
            row_key="全年预计执行数",
            column=column,
            expected=ceiling.value,
            actual=forecast.value,
            difference=forecast.value - ceiling.value,
            source=where(forecast.source),
        )


@rule(
    "perf.forecast",
    severity=Severity.ERROR,
    title="绩效表：全年预计执行数不小于已执行数、不超过预算",
    tables=("P",),
    tags=TAGS,
)
def forecasts_plausible(disclosure: Disclosure) -> Iterator[Defect]:
    """全年预计执行数 between 执行数 (already spent) and 指标下达金额数 (available)."""
    for form in forms_of(disclosure):
        for column, line in fund_lines(form):
            yield from forecast_findings(form, column, line)


def column_sums(
    whole: Any, lines: Sequence[Any], columns: Sequence[str]
) -> Iterator[tuple[str, Amount, list[Amount], Any, Severity]]:
    """Each amount column of the lines summed against the whole's amount (rounding envelope):
    (column, total, parts, comparison, severity) for every column whose sum differs."""
    for attr in columns:
        total: Amount | None = getattr(whole, attr)
        parts = [getattr(line, attr) for line in lines if getattr(line, attr) is not None]
        if total is None or not parts:
            continue
        comparison = compare_sum(total.value, [p.value for p in parts])
        if comparison.severity is not None:
            yield attr, total, parts, comparison, comparison.severity


@rule(
    "perf.task_sum",
    severity=Severity.ERROR,
    title="绩效表：年度任务各行之和等于整体金额",
    tables=("P",),
    tags=TAGS,
)
def tasks_add_up(disclosure: Disclosure) -> Iterator[Defect]:
    """Each amount column of the 年度任务 rows sums to the form's own amount (rounding envelope)."""
    for form in forms_of(disclosure):
        if form.funds is None or not form.tasks:
            continue
        columns = ("budget", "allocated", "executed", "forecast")
        for attr, total, parts, comparison, severity in column_sums(
            form.funds, form.tasks, columns
        ):
            name = FIELD_NAMES[attr]
            within = severity is Severity.INFO
            yield Defect(
                severity=severity,
                message=(
                    f"{form.id}年度任务{len(parts)}行的{name}之和为{comparison.expected}，"
                    f"整体{name}为{total.raw}，相差{abs(comparison.difference)}"
                    + (
                        f"，在{len(parts)}项舍入允许的{comparison.tolerance}以内（尾差）。"
                        if within
                        else f"，超出{len(parts)}项舍入允许的{comparison.tolerance}，各行与整体不符。"
                    )
                ),
                table=form.id,
                row_key=name,
                expected=comparison.expected,
                actual=total.value,
                difference=comparison.difference,
                tolerance=comparison.tolerance,
                source=where(total.source),
            )


# ---------------------------------------------------------------- indicators

NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
MEASURE_ONLY_RE = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:率|度)$")


def incompleteness(indicator: Indicator) -> tuple[str, str] | None:
    """(column, why) when a quantitative indicator lacks its operator, value or unit."""
    op, target, unit = indicator.operator, indicator.target.strip(), indicator.unit
    if NUMBER_RE.match(target):
        if not op:
            return (
                "运算符号",
                f"指标值{target}{unit}没有运算符号（=、≥、≤），看不出是下限、上限还是定值",
            )
        if not unit:
            return "度量单位", f"指标值{op}{target}没有度量单位"
        return None
    if not target:
        if op or unit:
            return "指标值", f"有运算符号“{op}”或单位“{unit}”，却没有指标值"
        return "指标值", "指标值为空"
    if MEASURE_ONLY_RE.match(target) and not re.search(r"\d", target):
        return "指标值", f"指标值只写了“{target}”，是计量的名称而不是目标值，缺少数值"
    return None


@rule(
    "perf.indicator_incomplete",
    severity=Severity.WARNING,
    title="绩效表：定量指标有运算符号、指标值和度量单位",
    tables=("P",),
    tags=TAGS,
)
def indicators_complete(disclosure: Disclosure) -> Iterator[Defect]:
    """A quantitative indicator needs all three; qualitative ones (管理规范, 提高) need none."""
    for form in forms_of(disclosure):
        for indicator in form.indicators:
            problem = incompleteness(indicator)
            if problem is None:
                continue
            column, why = problem
            yield Defect(
                message=f"{form.id}三级指标“{indicator.level3}”：{why}。",
                table=form.id,
                row_key=indicator.level3,
                column=column,
                source=where(indicator.source_of("target")),
            )


@rule(
    "perf.likelihood_ticks",
    severity=Severity.WARNING,
    title="绩效监控表：完成目标可能性恰好勾选一项",
    tables=("P",),
    tags=TAGS,
)
def likelihood_ticked_once(disclosure: Disclosure) -> Iterator[Defect]:
    """完成目标可能性 (确定能 / 有可能 / 完全不可能) is one choice per indicator."""
    for form in forms_of(disclosure):
        if form.template != MONITOR or not form.indicators:
            continue
        if not any(i.likelihood for i in form.indicators):
            yield Defect(
                message=f"{form.id}所有指标的“完成目标可能性”都没有勾选，无法判断能否完成目标。",
                table=form.id,
                row_key="完成目标可能性",
                source=where(form.indicators[0].source),
            )
            continue
        for indicator in form.indicators:
            if len(indicator.likelihood) == 1:
                continue
            ticked = "、".join(indicator.likelihood) or "一项也没有"
            yield Defect(
                message=(
                    f"{form.id}三级指标“{indicator.level3}”的完成目标可能性勾选了{ticked}；"
                    "应当且只能勾选一项。"
                ),
                table=form.id,
                row_key=indicator.level3,
                column="完成目标可能性",
                source=where(indicator.source),
            )


def forecast_contradicts_certain(indicator: Indicator) -> bool:
    """全年预计完成情况 below the target (or a fraction below 1) beside a ticked 确定能."""
    if indicator.likelihood != ("确定能",) or not NUMBER_RE.match(indicator.forecast.strip()):
        return False
    forecast = Decimal(indicator.forecast.strip())
    if forecast < 1:
        return True
    if indicator.operator in ("=", ">=", "≥", ">") and NUMBER_RE.match(indicator.target.strip()):
        return forecast < Decimal(indicator.target.strip())
    return False


@rule(
    "perf.forecast_likelihood",
    severity=Severity.WARNING,
    title="绩效监控表：全年预计完成情况与完成目标可能性一致",
    tables=("P",),
    tags=TAGS,
)
def forecast_matches_likelihood(disclosure: Disclosure) -> Iterator[Defect]:
    """A forecast of 0.6 (60 %) of the target does not go with “确定能” complete the target."""
    for form in forms_of(disclosure):
        groups: dict[str, list[Indicator]] = {}
        for indicator in form.indicators:
            if forecast_contradicts_certain(indicator):
                groups.setdefault(indicator.forecast.strip(), []).append(indicator)
        for value, indicators in groups.items():
            names = "、".join(f"“{i.level3}”" for i in indicators[:3])
            more = f"等{len(indicators)}个指标" if len(indicators) > 3 else ""
            yield Defect(
                message=(
                    f"{form.id}中{names}{more}的全年预计完成情况为{value}"
                    f"（即只完成目标的{Decimal(value) * 100 if Decimal(value) < 1 else value}"
                    f"{'%' if Decimal(value) < 1 else ''}），却勾选了“确定能”完成目标，二者矛盾。"
                ),
                table=form.id,
                row_key=indicators[0].level3,
                column="全年预计完成情况",
                source=where(indicators[0].source_of("forecast")),
            )


# ---------------------------------------------------------------- other units named

PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:省|市|区|县|旗|州)")
ORG_SUFFIX = r"(?:局|委员会|办公室|办事处|中心|政府|委|厅|院)"


def own_names(form: PerformanceForm) -> list[str]:
    parties = [form.unit, form.supervisor, form.implementer]
    return [p.name for p in parties if p is not None and p.name]


def texts_of(form: PerformanceForm) -> Iterator[tuple[str, str, Source | None]]:
    """(field, text, source) of the free texts a unit writes about itself."""
    progress_label = next((h for h in form.goal_headers if "完成情况" in h), "完成情况")
    yield progress_label, form.progress, form.goal_source
    yield "年度目标", form.goal, form.goal_source
    for block in form.opinions:
        for choice in block.choices:
            yield block.section, choice.text, choice.source
        yield block.section, block.overall, block.overall_source


def other_units_named(form: PerformanceForm) -> Iterator[tuple[str, str, Source | None]]:
    names = own_names(form)
    stems = {m.group(1) for n in names for m in PLACE_RE.finditer(n)}
    if not stems:
        return
    mention_re = re.compile(
        f"(?:{'|'.join(map(re.escape, sorted(stems)))})[\u4e00-\u9fff]{{0,16}}?{ORG_SUFFIX}"
    )
    for field, text, source in texts_of(form):
        for mention in dict.fromkeys(m.group(0) for m in mention_re.finditer(text or "")):
            if not any(mention in n for n in names):
                yield field, mention, source


@rule(
    "perf.other_unit",
    severity=Severity.WARNING,
    title="绩效表：文字说明写的是本单位",
    tables=("P",),
    tags=TAGS,
)
def texts_name_own_unit(disclosure: Disclosure) -> Iterator[Defect]:
    """完成情况 and opinions that name another unit were likely copied from that unit's form."""
    for form in forms_of(disclosure):
        own = own_names(form)
        for field, mention, source in other_units_named(form):
            yield Defect(
                message=(
                    f"{form.id}“{field}”写的是“{mention}”，而本表的单位是“{own[0]}”："
                    "说明文字可能抄自其他单位的表，或把单位名称写错了。"
                ),
                table=form.id,
                row_key=field,
                source=where(source),
            )


# ---------------------------------------------------------------- duplicates and cut-offs


def signature(form: PerformanceForm) -> list[tuple[str, ...]]:
    """The printed content of a form in order, without where it was printed."""
    items: list[tuple[str, ...]] = []
    for column, line in fund_lines(form):
        for attr in FIELD_NAMES:
            value = getattr(line, attr)
            items.append((column or "整体", FIELD_NAMES[attr], value.raw if value else ""))
    items.append(("年度目标", form.goal, form.progress))
    for i in form.indicators:
        items.append(
            (i.level3, i.operator, i.target, i.unit, i.current, i.forecast, "、".join(i.likelihood))
        )
    for block in form.opinions:
        for c in block.choices:
            items.append((block.section, c.option, "√" if c.ticked else "", c.text))
        if block.overall:
            items.append((block.section, "总体意见", block.overall))
    return items


def same_form(a: PerformanceForm, b: PerformanceForm) -> bool:
    return (a.template, a.kind, a.name, a.title) == (b.template, b.kind, b.name, b.title)


def first_difference(earlier: list[tuple[str, ...]], later: list[tuple[str, ...]]) -> str | None:
    """The first item that differs; a cut-off copy is compared on what it printed."""
    for old, new in zip(earlier, later, strict=False):
        if old != new:
            return f"“{' '.join(x for x in old if x)}” 与 “{' '.join(x for x in new if x)}”"
    return None


@rule(
    "perf.duplicate",
    severity=Severity.ERROR,
    title="绩效表：同一张表没有重复印出（内容不同则为错误）",
    tables=("P",),
    tags=TAGS,
)
def forms_printed_once(disclosure: Disclosure) -> Iterator[Defect]:
    """A form printed twice: identical → warning; same title and unit, different content → error."""
    forms = forms_of(disclosure)
    for k, later in enumerate(forms):
        earlier = next((f for f in forms[:k] if same_form(f, later)), None)
        if earlier is None:
            continue
        old, new = signature(earlier), signature(later)
        if not later.complete:
            old = old[: len(new)]
        if not earlier.complete:
            new = new[: len(old)]
        diff = first_difference(old, new)
        if diff is None and len(old) == len(new):
            yield Defect(
                severity=Severity.WARNING,
                message=(
                    f"{later.id}与{earlier.id}是同一张表（{later.kind} {later.name}）重复印出，"
                    + ("内容相同（后一份不完整）。" if not later.complete else "内容完全相同。")
                ),
                table=later.id,
                source=where(later.source),
            )
        else:
            yield Defect(
                message=(
                    f"{later.id}与{earlier.id}标题和单位相同（{later.kind} {later.name}），内容却不同："
                    f"{diff or '项目数不同'}；应只保留正确的一份。"
                ),
                table=later.id,
                source=where(later.source),
            )


@rule("perf.cut_off", severity=Severity.ERROR, title="绩效表：表格完整", tables=("P",), tags=TAGS)
def forms_complete(disclosure: Disclosure) -> Iterator[Defect]:
    """A form the document stops inside: an error, a warning when a complete copy is printed too."""
    forms = forms_of(disclosure)
    for form in forms:
        if form.complete:
            continue
        copy = next((f for f in forms if f is not form and f.complete and same_form(f, form)), None)
        missing = "、".join(form.missing_sections)
        yield Defect(
            severity=Severity.WARNING if copy else Severity.ERROR,
            message=(
                f"{form.id}（{form.kind} {form.name}）没有印完，缺少{missing}"
                + (f"；{copy.id}印有完整的同一张表。" if copy else "。")
            ),
            table=form.id,
            source=where(form.source),
        )


# ---------------------------------------------------------------- indicators across projects


@rule(
    "perf.reused_indicators",
    severity=Severity.WARNING,
    title="绩效表：不同项目没有套用相同的专项指标",
    tables=("P",),
    tags=TAGS,
)
def indicators_not_reused(disclosure: Disclosure) -> Iterator[Defect]:
    """Two different projects sharing specific indicators (not 预算执行率-like ones) copied them."""
    projects = [f for f in forms_of(disclosure) if f.kind == "项目"]
    for k, later in enumerate(projects):
        for earlier in projects[:k]:
            if earlier.name == later.name:
                continue
            theirs = {i.level3 for i in earlier.indicators}
            shared = [i for i in later.indicators if i.level3 in theirs and specific(i)]
            if not shared:
                continue
            names = "、".join(f"“{i.level3}”" for i in shared)
            yield Defect(
                message=(
                    f"{later.id}“{later.name}”与{earlier.id}“{earlier.name}”是不同项目，"
                    f"却使用了相同的专项指标{names}；专项指标应反映各自项目的产出和效益，"
                    "可能是照搬了其他项目的指标。"
                ),
                table=later.id,
                row_key=shared[0].level3,
                source=where(shared[0].source),
            )


def t05_functions(disclosure: Disclosure) -> list[tuple[Function, Decimal | None, str]]:
    """The 项 of T05 with their 款 and 类 named (from T05, else from the reference list)."""
    table = disclosure.table("T05")
    if table is None:
        return []
    names = {code: refs[0].name for code, refs in function_codes().items()}
    names.update({row.code: row.label for row in table.rows if row.code})
    rows = []
    for row in table.rows:
        if row.code and len(row.code) == 7:
            function = function_of(row.code, row.label, names)
            rows.append((function, row.value("合计"), row.source.label()))
    return rows


def project_function(
    form: PerformanceForm, functions: Sequence[tuple[Function, Decimal | None, str]]
) -> tuple[Function, Decimal | None, str] | None:
    """The T05 项 whose name shares the most subject words with the project's name."""
    match = match_function(form.name, [(f.code, f.name) for f, _, _ in functions], {})
    if match is None:
        return None
    return next((f, v, src) for f, v, src in functions if f.code == match.code)


@rule(
    "perf.unfit_indicator",
    severity=Severity.WARNING,
    title="绩效表：指标与项目相符",
    tables=("P",),
    tags=TAGS,
)
def indicators_fit_project(disclosure: Disclosure) -> Iterator[Defect]:
    """An indicator naming a subject that nothing of its project (name, goals, function class)
    names, not a common indicator, in a form that shares such an indicator word for word with
    another project of the document: strong evidence only (see perf/fit.py)."""
    functions = t05_functions(disclosure)
    forms = forms_of(disclosure)
    copies = document_copies(forms)
    for form in forms:
        if not copies.get(form.number):
            continue  # no copy evidence: the rule says nothing
        match = project_function(form, functions)
        profile, fits = form_fits(form, match[0] if match else None, copies=copies[form.number])
        for fit in fits:
            if not fit.unfit:
                continue
            yield Defect(
                message=f"{form.id}：{fit.explain(profile, fits)}",
                table=form.id,
                row_key=fit.indicator.level3,
                source=where(fit.indicator.source),
            )


@rule(
    "perf.project_function",
    severity=Severity.INFO,
    title="绩效表：项目预算与其支出功能科目决算数（供参考）",
    tables=("P", "T05"),
    tags=TAGS,
)
def project_beside_function(disclosure: Disclosure) -> Iterator[Defect]:
    """A project's budget beside the T05 function it was spent under: information, never an error."""
    functions = t05_functions(disclosure)
    if not functions:
        raise NotApplicable("没有一般公共预算财政拨款支出决算表（T05）")
    for form in forms_of(disclosure):
        if form.kind != "项目" or form.funds is None or form.funds.budget is None:
            continue
        match = project_function(form, functions)
        if match is None:
            continue
        function, value, source = match
        table = disclosure.table("T05")
        unit = (table.unit if table else None) or disclosure.meta.money_unit
        yield Defect(
            message=(
                f"{form.id}项目“{form.name}”年初预算数{form.funds.budget.raw}{form.money_unit}；"
                f"决算T05中名称相近的支出功能科目{function.code} {function.name}决算数为"
                f"{value}{unit.value if unit else ''}。监控表是年中数据，二者口径不同，仅供核对参考。"
            ),
            table="T05",
            row_key=function.code,
            column="合计",
            expected=form.funds.budget.value,
            actual=value,
            source=source,
        )


#: 绩效目标表: a part printed under 其中 never exceeds the total it belongs to.
TARGET_PARTS = (("其中：财政资金", "项目资金总额"), ("其中：当年财政拨款", "年度资金申请总额"))


def labelled(form: PerformanceForm, label: str) -> Amount | None:
    return next((a.amount for a in form.amounts if a.label == label), None)


@rule(
    "perf.target_amounts",
    severity=Severity.ERROR,
    title="绩效目标表：“其中”金额不超过其总额",
    tables=("P",),
    tags=TAGS,
)
def target_parts_within_totals(disclosure: Disclosure) -> Iterator[Defect]:
    """其中：当年财政拨款 ≤ 年度资金申请总额, 其中：财政资金 ≤ 项目资金总额."""
    for form in forms_of(disclosure):
        for part_label, total_label in TARGET_PARTS:
            part, total = labelled(form, part_label), labelled(form, total_label)
            if part is None or total is None or part.value <= total.value:
                continue
            yield Defect(
                message=(
                    f"{form.id}“{form.name}”{part_label}{part.raw}{form.money_unit}大于"
                    f"{total_label}{total.raw}{form.money_unit}：“其中”部分不能超过总额。"
                ),
                table=form.id,
                row_key=part_label.removeprefix("其中："),
                expected=total.value,
                actual=part.value,
                difference=part.value - total.value,
                source=where(part.source),
            )


# ---------------------------------------------------------------- 自评表: points and completion


def scored_items(form: PerformanceForm) -> list[tuple[str, Points | None, Points | None]]:
    """(name, 分值, 得分) of every scored item: the budget-execution line and each indicator."""
    items: list[tuple[str, Points | None, Points | None]] = []
    if form.funds is not None and (form.funds.weight or form.funds.score):
        items.append(("预算执行率", form.funds.weight, form.funds.score))
    items += [(i.level3, i.weight, i.score) for i in form.indicators if i.weight or i.score]
    return items


def points_sum_finding(
    form: PerformanceForm,
    what: str,
    total: Points,
    parts: list[Points],
    exact: bool,
    row_key: str = "",
) -> Defect | None:
    """分值 are assigned, so their sum must be exact; 得分 may be rounded, so a sum of them gets
    the rounding envelope at the printed digits."""
    values = [p.value for p in parts]
    expected = sum(values, Decimal(0))
    if expected == total.value:
        return None
    decimals = max(decimals_of(v) for v in [total.value, *values])
    tolerance = Decimal(0) if exact else sum_tolerance(len(parts), decimals)
    inside = abs(total.value - expected) <= tolerance
    return Defect(
        severity=Severity.INFO if inside else Severity.ERROR,
        message=(
            f"{form.id}（{form.kind} {form.name}）{len(parts)}项的{what}之和为{expected}，"
            f"表中{what}合计为{total.raw}，相差{abs(total.value - expected)}"
            + (
                f"，在{len(parts)}项舍入允许的{tolerance}以内（尾差）。"
                if inside
                else "，各项与合计不符。"
            )
        ),
        table=form.id,
        row_key=row_key or what,
        expected=expected,
        actual=total.value,
        difference=total.value - expected,
        tolerance=tolerance,
        source=where(total.source),
    )


def section_parts(form: PerformanceForm, label: str) -> list[Points]:
    """The 分值 a section label ("绩效指标(90分)", "预算执行情况(10分)") shares out."""
    if "指标" in label:
        return [i.weight for i in form.indicators if i.weight is not None]
    if form.funds is not None and form.funds.weight is not None:
        return [form.funds.weight]
    return []


def score_sum_findings(form: PerformanceForm) -> Iterator[Defect]:
    items = scored_items(form)
    weights = [w for _, w, _ in items if w is not None]
    scores = [s for _, _, s in items if s is not None]
    for what, total, parts, exact in (
        ("分值", form.total_weight, weights, True),
        ("得分", form.total_score, scores, False),
    ):
        if total is not None and parts:
            finding = points_sum_finding(form, what, total, parts, exact)
            if finding is not None:
                yield finding
    for section in form.sections:
        parts = section_parts(form, section.label)
        if parts:
            finding = points_sum_finding(
                form, "分值", section.points, parts, exact=True, row_key=section.label
            )
            if finding is not None:
                yield finding
    hundred = (
        form.total_weight.value
        if form.total_weight
        else sum((w.value for w in weights), Decimal(0))
    )
    if weights and hundred != 100:
        yield Defect(
            severity=Severity.ERROR if form.total_weight else Severity.WARNING,
            message=(
                f"{form.id}（{form.kind} {form.name}）总分为{hundred}分；"
                "绩效自评按百分制，各项分值合计应为100分。"
            ),
            table=form.id,
            row_key="分值",
            expected=Decimal(100),
            actual=hundred,
            difference=hundred - 100,
            source=where(form.total_weight.source if form.total_weight else weights[0].source),
        )


@rule(
    "perf.score_sum",
    severity=Severity.ERROR,
    title="绩效自评表：各项分值、得分之和等于合计，总分100分",
    tables=("P",),
    tags=TAGS,
)
def scores_add_up(disclosure: Disclosure) -> Iterator[Defect]:
    """分值 of the items add up to the printed total and to each section's share (exactly);
    得分 add up to the printed total score (rounding envelope); the total is 100."""
    for form in forms_of(disclosure):
        yield from score_sum_findings(form)


@rule(
    "perf.score_within",
    severity=Severity.ERROR,
    title="绩效自评表：得分不超过分值",
    tables=("P",),
    tags=TAGS,
)
def scores_within_weights(disclosure: Disclosure) -> Iterator[Defect]:
    """An item cannot earn more than its 分值, nor less than nothing (an inequality: no envelope)."""
    for form in forms_of(disclosure):
        for name, weight, score in scored_items(form):
            if score is None or weight is None:
                continue
            if 0 <= score.value <= weight.value:
                continue
            why = "超过分值" if score.value > weight.value else "为负数"
            yield Defect(
                message=f"{form.id}“{name}”得分{score.raw}{why}（分值{weight.raw}）。",
                table=form.id,
                row_key=name,
                column="得分",
                expected=weight.value,
                actual=score.value,
                difference=score.value - weight.value,
                source=where(score.source),
            )


ACTUAL_RE = re.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s]{0,6})\s*$")
MEETS = {
    "≥": lambda a, t: a >= t,
    ">=": lambda a, t: a >= t,
    ">": lambda a, t: a > t,
    "≤": lambda a, t: a <= t,
    "<=": lambda a, t: a <= t,
    "<": lambda a, t: a < t,
    "=": lambda a, t: a == t,
}


def completion(indicator: Indicator) -> tuple[bool, Decimal] | None:
    """(target met, actual value) when the target and the 实际完成值 are numbers in one unit."""
    meets = MEETS.get(indicator.operator.strip())
    match = ACTUAL_RE.match(indicator.actual.replace("％", "%"))
    if meets is None or match is None or not NUMBER_RE.match(indicator.target.strip()):
        return None
    unit = match.group("unit")
    if unit and indicator.unit and unit != indicator.unit:
        return None  # 万元 against 元: not compared
    actual = Decimal(match.group("num"))
    return bool(meets(actual, Decimal(indicator.target.strip()))), actual


def unmet(form: PerformanceForm) -> Iterator[tuple[Indicator, Decimal]]:
    for indicator in form.indicators:
        result = completion(indicator)
        if result is not None and not result[0]:
            yield indicator, result[1]


def target_words(indicator: Indicator) -> str:
    return (
        f"年度指标值{indicator.operator}{indicator.target}{indicator.unit}，"
        f"实际完成值{indicator.actual}"
    )


@rule(
    "perf.deviation_unexplained",
    severity=Severity.WARNING,
    title="绩效自评表：未达到指标值的说明了偏差原因",
    tables=("P",),
    tags=TAGS,
)
def deviations_explained(disclosure: Disclosure) -> Iterator[Defect]:
    """A 实际完成值 short of its 年度指标值 needs its 偏差原因分析 (未完成原因) filled."""
    for form in forms_of(disclosure):
        for indicator, actual in unmet(form):
            if indicator.deviation.strip(" /／-—无"):
                continue
            yield Defect(
                message=(
                    f"{form.id}三级指标“{indicator.level3}”{target_words(indicator)}，未达到目标，"
                    "却没有填写偏差原因分析及改进措施。"
                ),
                table=form.id,
                row_key=indicator.level3,
                column="偏差原因分析",
                expected=Decimal(indicator.target.strip()),
                actual=actual,
                source=where(indicator.source_of("actual")),
            )


@rule(
    "perf.score_unmet",
    severity=Severity.WARNING,
    title="绩效自评表：未达到指标值的指标没有得满分",
    tables=("P",),
    tags=TAGS,
)
def unmet_not_full_marks(disclosure: Disclosure) -> Iterator[Defect]:
    """An indicator that missed its target should not earn its whole 分值."""
    for form in forms_of(disclosure):
        for indicator, _ in unmet(form):
            weight, score = indicator.weight, indicator.score
            if weight is None or score is None or score.value < weight.value:
                continue
            yield Defect(
                message=(
                    f"{form.id}三级指标“{indicator.level3}”{target_words(indicator)}，未达到目标，"
                    f"却得了满分{score.raw}分（分值{weight.raw}）。"
                ),
                table=form.id,
                row_key=indicator.level3,
                column="得分",
                expected=weight.value,
                actual=score.value,
                source=where(score.source),
            )


@rule(
    "perf.fund_parts",
    severity=Severity.ERROR,
    title="绩效表：资金来源各项之和等于资金总额",
    tables=("P",),
    tags=TAGS,
)
def fund_parts_add_up(disclosure: Disclosure) -> Iterator[Defect]:
    """当年财政拨款 + 上年结转资金 + 其他资金 … = 年度资金总额, column by column (envelope)."""
    for form in forms_of(disclosure):
        if form.funds is None or not form.fund_parts:
            continue
        columns = ("budget", "adjusted", "allocated", "executed")
        for attr, total, _parts, comparison, severity in column_sums(
            form.funds, form.fund_parts, columns
        ):
            name = FUND_COLUMN_NAMES[attr]
            within = severity is Severity.INFO
            labels = "、".join(p.label for p in form.fund_parts)
            yield Defect(
                severity=severity,
                message=(
                    f"{form.id}{labels}的{name}之和为{comparison.expected}，"
                    f"{form.funds.label or '资金总额'}{name}为{total.raw}，相差{abs(comparison.difference)}"
                    + (
                        f"，在舍入允许的{comparison.tolerance}以内（尾差）。"
                        if within
                        else "，资金来源各项与总额不符。"
                    )
                ),
                table=form.id,
                row_key=name,
                column=form.funds.label,
                expected=comparison.expected,
                actual=total.value,
                difference=comparison.difference,
                tolerance=comparison.tolerance,
                source=where(total.source),
            )
