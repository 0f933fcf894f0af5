"""DocumentGrid → PerformanceForm: read 绩效运行监控表, 绩效目标表/申报表 and 绩效自评表 from any
reader's grid.

A form is a run of grid lines from a title (…绩效运行监控表, …绩效目标填报表, …绩效自评表) to the
next title,
a heading outside the form, or the end of the document. Inside it, each row is placed by its
label (部门（单位）名称, 年初预算数, 年度任务, 一级指标 …) and each cell by the position of its
column header, so the same code reads cell-per-line text and ruled PDF tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.model.money import (
    FULL_WIDTH,
    AmountError,
    MoneyUnit,
    is_amount_text,
    parse_amount,
)
from juesuan.model.performance import (
    MONITOR,
    SELF_ASSESSMENT,
    TARGET,
    Amount,
    Attribute,
    Choice,
    FieldSource,
    FundLine,
    Indicator,
    LabelledAmount,
    LabelledPoints,
    Opinion,
    Party,
    PerformanceForm,
    Points,
    Rate,
)
from juesuan.model.source import Source
from juesuan.perf.titles import FORM_NAME, clean_text, form_title
from juesuan.read.grid import DocumentGrid, GridLine, LineKind

TITLE_RE = re.compile(FORM_NAME)
YEAR_RE = re.compile(r"(20\d\d)\s*年")
#: A heading that ends a form when it appears as a text line (not a table row).
HEADING_RE = re.compile(r"^第[一二三四五六七八九十]+部分|^[一二三四五六七八九十]+、")
TICKS = frozenset({"√", "✓", "✔", "☑", "■", "▇", "●", "V", "v", "是"})

NAME_LABELS = ("部门（单位）名称", "部门(单位)名称", "单位名称", "部门名称", "项目名称")
SUPERVISOR_LABELS = ("主管部门及代码", "主管部门")
IMPLEMENTER_LABELS = ("实施单位", "项目实施单位", "预算单位")
#: Goals printed as label–value pairs (申报表): label → the form's field.
GOAL_LABELS = {
    "年度目标": "goal",
    "年度绩效目标": "goal",
    "本年度绩效目标": "goal",
    "长期目标": "long_term_goal",
    "实施期绩效目标": "long_term_goal",
}
#: A project name printed after its code: "51000021R000000019951-工资性支出".
PROJECT_CODE_RE = re.compile(r"^(?P<code>[0-9A-Z]{12,})\s*[-－—]\s*(?P<name>.+)$")
STAMP_RE = re.compile(r"\s*[(（]\s*盖章\s*[)）]\s*$")
OPINION_SECTIONS = ("结果应用建议", "主管部门审核意见", "财政部门审核意见")
OVERALL_LABELS = {"主管部门总体意见": "主管部门审核意见", "财政部门总体意见": "财政部门审核意见"}
#: The closing sections of a monitoring form, in printed order.
MONITOR_TAIL = (
    "结果应用建议",
    "主管部门审核意见",
    "主管部门总体意见",
    "财政部门审核意见",
    "财政部门总体意见",
)
REASON_MARK = "原因分析"
LIKELIHOOD_OPTIONS = ("确定能", "有可能", "完全不可能", "不可能")

#: Column header endings → FundLine fields, the more specific first.
FUND_FIELDS = {
    "全年预计执行数": "forecast",
    "预计执行数": "forecast",
    "年初预算数": "budget",
    "年初预算": "budget",
    "全年预算数": "adjusted",
    "调整后预算数": "adjusted",
    "指标下达金额数": "allocated",
    "下达金额": "allocated",
    "执行数": "executed",
    "执行率": "rate",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "预算数": "budget",
}
#: A row under the form's funds that splits them by source (其中：当年财政拨款, 上年结转资金 …).
FUND_PART_RE = re.compile(r"^其中|资金$|拨款$|结转|结余")
#: Rows that total a form's items (分值 and 得分) or its 年度主要任务 amounts.
TOTAL_LABELS = ("总分", "合计", "总计", "金额合计")
#: A section label printed with its share of the 100 points: "绩效指标(90分)".
SECTION_POINTS_RE = re.compile(
    r"^(?P<label>[^()（）]+?)\s*[(（]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[)）]$"
)
#: Closing rows of a 自评表: they end the indicators and are kept as labelled fields.
CONCLUSION_LABELS = ("评价结论", "存在问题", "改进措施", "项目负责人", "财务负责人", "填表人")
POINTS_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
INDICATOR_FIELDS = (
    ("偏差原因分析及改进措施", "deviation"),
    ("未完成原因和改进措施", "deviation"),
    ("未完成原因分析", "deviation"),
    ("实际完成值", "actual"),
    ("全年实际值", "actual"),
    ("完成值", "actual"),
    ("指标性质", "operator"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "level3"),
    ("运算符号", "operator"),
    ("度量单位", "unit"),
    ("计量单位", "unit"),
    ("当期执行情况", "current"),
    ("执行情况", "current"),
    ("全年预计完成情况", "forecast"),
    ("预计完成情况", "forecast"),
    ("改进措施", "improvement"),
    ("指标值", "target"),
)
COMBINED_TARGET_RE = re.compile(
    r"^(?P<op>[≥≤><=＞＜＝]|>=|<=)?\s*(?P<num>-?\d+(?:\.\d+)?)\s*"
    r"(?:[(（](?P<unit>[^()（）]+)[)）]|(?P<bare>[^\d()（）.]{1,6}))?$"
)
WORD_OPERATORS = {
    "不低于": "≥",
    "不少于": "≥",
    "至少": "≥",
    "不高于": "≤",
    "不超过": "≤",
    "不多于": "≤",
}
WORDED_TARGET_RE = re.compile(
    r"^(?P<word>不低于|不少于|至少|不高于|不超过|不多于)?(?P<num>\d+(?:\.\d+)?)(?P<pct>[%％])$"
)
PARTY_RE = re.compile(r"^(?P<code>\d*)\s*(?P<name>.*?)\s*(?:[-－—]\s*(?P<suffix>\d+))?$")


# ---------------------------------------------------------------- cells and rows


@dataclass(frozen=True, slots=True)
class Cell:
    """A form cell's cleaned text and its source."""

    text: str
    source: Source


def line_cells(line: GridLine) -> list[Cell]:
    return [Cell(clean_text(c.text or ""), c.source) for c in line.cells]


def first_text(cells: Sequence[Cell]) -> Cell | None:
    return next((c for c in cells if c.text), None)


def after(cells: Sequence[Cell], index: int) -> Cell | None:
    """The first non-empty cell after position index."""
    return first_text(cells[index + 1 :])


def find(cells: Sequence[Cell], labels: Sequence[str]) -> int | None:
    for i, cell in enumerate(cells):
        if cell.text in labels:
            return i
    return None


def is_ticked(text: str) -> bool:
    return text.strip() in TICKS


# ---------------------------------------------------------------- values


def text_to_amount(cell: Cell | None) -> Amount | None:
    if cell is None or not cell.text or not is_amount_text(cell.text):
        return None
    try:
        value = parse_amount(cell.text)
    except AmountError:
        return None
    return None if value is None else Amount(value, cell.text, cell.source)


def text_to_rate(cell: Cell | None) -> Rate | None:
    if cell is None or not cell.text:
        return None
    text = cell.text.translate(FULL_WIDTH).replace("％", "%").replace(" ", "")
    percent = text.endswith("%")
    number = text.rstrip("%")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", number):
        return None
    return Rate(cell.text, Decimal(number), percent, cell.source)


def text_to_points(cell: Cell | None) -> Points | None:
    """A printed 分值 or 得分; None for a blank, "/" or "—"."""
    if cell is None or not POINTS_RE.match(cell.text.replace(" ", "")):
        return None
    return Points(Decimal(cell.text.replace(" ", "")), cell.text, cell.source)


def section_points(cell: Cell) -> LabelledPoints | None:
    """ "绩效指标(90分)" → (绩效指标, 90)."""
    match = SECTION_POINTS_RE.match(cell.text)
    if match is None:
        return None
    return LabelledPoints(
        match.group("label"), Points(Decimal(match.group("points")), cell.text, cell.source)
    )


def text_to_party(cell: Cell) -> Party:
    match = PARTY_RE.match(cell.text)
    assert match is not None  # the pattern matches any text
    return Party(
        printed=cell.text,
        name=match.group("name") or cell.text,
        code=match.group("code") or "",
        suffix=match.group("suffix") or "",
        source=cell.source,
    )


def split_target(text: str) -> tuple[str, str, str]:
    """Operator, value and unit of a combined 指标值 ("≥13459.00(平方米)", "不低于50%", "90%");
    qualitative text stays whole."""
    compact = text.replace(" ", "")
    worded = WORDED_TARGET_RE.match(compact)
    if worded:
        operator = WORD_OPERATORS.get(worded.group("word") or "", "")
        return operator, worded.group("num"), "%" if worded.group("pct") else ""
    match = COMBINED_TARGET_RE.match(compact)
    if not match:
        return "", text, ""
    operator = match.group("op") or ""
    operator = {"＞": ">", "＜": "<", "＝": "="}.get(operator, operator)
    return operator, match.group("num"), match.group("unit") or match.group("bare") or ""


# ---------------------------------------------------------------- form segments


def grid_to_segments(grid: DocumentGrid) -> list[tuple[str, list[GridLine], bool]]:
    """(title, lines, ends_document) for each form, in document order."""
    segments: list[tuple[str, list[GridLine], bool]] = []
    current: tuple[str, list[GridLine]] | None = None
    for line in grid.lines:
        title = form_title(line)
        if title is not None:
            if current:
                segments.append((current[0], current[1], False))
            current = (title, [line])
            continue
        if current is None:
            continue
        if line.kind is LineKind.TEXT and HEADING_RE.match(line.text.strip()):
            segments.append((current[0], current[1], False))
            current = None
            continue
        current[1].append(line)
    if current:
        segments.append((current[0], current[1], True))
    return segments


def grid_to_forms(grid: DocumentGrid) -> tuple[PerformanceForm, ...]:
    """Every performance form of the document, numbered P1, P2 … in document order."""
    return grid_to_forms_and_lines(grid)[0]


def grid_to_forms_and_lines(
    grid: DocumentGrid,
) -> tuple[tuple[PerformanceForm, ...], set[int]]:
    """The forms, and the ids of the grid lines they were read from (no prose of the narrative)."""
    forms: list[PerformanceForm] = []
    used: set[int] = set()
    for title, lines, at_end in grid_to_segments(grid):
        form = segment_to_form(len(forms) + 1, title, lines, at_end)
        if form.name or form.funds or form.indicators:  # a title with no form under it is prose
            forms.append(form)
            used.update(id(line) for line in lines)
    return tuple(forms), used


# ---------------------------------------------------------------- one form


@dataclass
class IndicatorColumns:
    """Which column of an indicator table holds which field."""

    fields: dict[int, str] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)
    likelihood: dict[int, str] = field(default_factory=dict)
    combined_target: bool = False


@dataclass
class FormBuilder:
    """A performance form while its rows are read; ``build`` makes the PerformanceForm."""

    number: int
    title: str
    source: Source
    year: int | None = None
    template: str = MONITOR
    money_unit: str = ""
    name: str = ""
    name_party: Party | None = None
    supervisor: Party | None = None
    implementer: Party | None = None
    funds: FundLine | None = None
    tasks: list[FundLine] = field(default_factory=list)
    fund_parts: list[FundLine] = field(default_factory=list)
    points: list[LabelledPoints] = field(default_factory=list)
    total_weight: Points | None = None
    total_score: Points | None = None
    amounts: list[LabelledAmount] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    goal_headers: tuple[str, ...] = ()
    goal: str = ""
    progress: str = ""
    long_term_goal: str = ""
    goal_source: Source | None = None
    indicators: list[Indicator] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    last_row_short: bool = False


def title_to_kind(title: str, has_project_name: bool) -> str:
    if "整体" in title:
        return "部门整体"
    return "项目" if has_project_name or "项目" in title or "政策" in title else "部门整体"


def segment_to_form(
    number: int, title: str, lines: list[GridLine], at_end: bool
) -> PerformanceForm:
    builder = FormBuilder(number=number, title=title, source=lines[0].source)
    builder.template = title_to_template(title)
    builder.year = title_year(title)
    rows = [line_cells(line) for line in lines[1:] if line.kind is not LineKind.BREAK]
    read_rows(builder, rows)
    return builder_to_form(builder, at_end)


def title_to_template(title: str) -> str:
    if "自评" in title:
        return SELF_ASSESSMENT
    return TARGET if "目标" in title and "监控" not in title else MONITOR


def title_year(title: str) -> int | None:
    match = YEAR_RE.search(title)
    return int(match.group(1)) if match else None


def read_rows(b: FormBuilder, rows: list[list[Cell]]) -> None:
    """Walk the rows of one form, dispatching each on its label; sections consume their body."""
    i = 0
    while i < len(rows):
        cells = rows[i]
        texts = [c.text for c in cells]
        label = first_text(cells)
        if label is None:
            i += 1
            continue
        if b.year is None and YEAR_RE.search(label.text) and len([t for t in texts if t]) == 1:
            b.year = title_year(label.text)
            i += 1
        elif "一级指标" in texts and "三级指标" in texts:
            i = read_indicators(b, rows, i)
        elif label.text in ("年度任务", "年度主要任务") or (
            "对应项目" in texts and "年初预算数" in texts
        ):
            i = read_tasks(b, rows, i)
        elif any(t.endswith("预算数") or t.endswith("执行数") for t in texts[1:]):
            i = read_funds(b, rows, i)
        elif is_goal_header(texts):
            i = read_goal(b, rows, i)
        elif label.text in OPINION_SECTIONS:
            i = read_opinion(b, rows, i)
        elif label.text in OVERALL_LABELS:
            read_overall(b, cells, label.text)
            i += 1
        else:
            read_labelled_fields(b, cells)
            i += 1


GOAL_HEADERS = ("年初总体目标", "年度总体目标", "项目总目标", "项目年度目标")
#: Headers over the year's goal (the 总体目标 ones match by their ending).
GOAL_NAMES = ("预期目标", "项目年度目标", "年初设定目标")


def is_goal_header(texts: list[str]) -> bool:
    return any(t in GOAL_HEADERS for t in texts)


def read_labelled_fields(b: FormBuilder, cells: list[Cell]) -> None:
    """Label–value pairs of the head of a form: names, 主管部门, 实施单位, amounts, dates."""
    i = 0
    while i < len(cells):
        cell = cells[i]
        if not cell.text or is_amount_text(cell.text):
            i += 1
            continue
        value_index = next((j for j in range(i + 1, len(cells)) if cells[j].text), None)
        if value_index is None:
            break
        value = cells[value_index]
        if not place_field(b, cell, value):
            i += 1
            continue
        i = value_index + 1


def place_field(b: FormBuilder, label: Cell, value: Cell) -> bool:
    """Store one label–value pair; False when label is not a field label (then it is skipped)."""
    text = STAMP_RE.sub("", label.text)
    if text in NAME_LABELS:
        b.name = value.text
        b.name_party = text_to_party(value)
        b.sections.append("名称")
        if text == "项目名称":
            b.name_party = None
            coded = PROJECT_CODE_RE.match(value.text)
            if coded:
                b.name = coded.group("name")
                b.attributes.append(Attribute("项目编码", coded.group("code"), value.source))
        return True
    if text in SUPERVISOR_LABELS:
        b.supervisor = text_to_party(value)
        return True
    if text in IMPLEMENTER_LABELS:
        b.implementer = text_to_party(value)
        return True
    if value.text in GOAL_LABELS:  # "总体目标 | 年度目标 | …": the goal's own label follows
        return False
    if text in GOAL_LABELS:
        setattr(b, GOAL_LABELS[text], value.text)
        b.goal_source = b.goal_source or value.source
        b.sections.append("年度目标")
        return True
    amount = text_to_amount(value)
    if amount is not None and not is_amount_text(text):
        b.amounts.append(LabelledAmount(text, amount))
        unit = MoneyUnit.parse(text)
        if unit and not b.money_unit:
            b.money_unit = unit.value
        return True
    if len(text) <= 12 and not is_amount_text(value.text) and value.text not in NAME_LABELS:
        if MoneyUnit.parse(text) and not b.money_unit:
            b.money_unit = MoneyUnit.parse(text).value  # type: ignore[union-attr]
            return False
        b.attributes.append(Attribute(text, value.text, value.source))
        return True
    return False


def fund_columns(header: list[Cell]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for i, cell in enumerate(header):
        for name, attr in FUND_FIELDS.items():
            if cell.text.endswith(name) and attr not in columns.values():
                columns[i] = attr
                break
    return columns


def cells_to_fund_line(
    cells: list[Cell],
    columns: dict[int, str],
    task: str,
    item: str,
    headers: tuple[str, ...],
    label: str = "",
) -> FundLine:
    values: dict[str, object] = {}
    for i, attr in columns.items():
        cell = cells[i] if i < len(cells) else None
        if attr == "rate":
            values[attr] = text_to_rate(cell)
        elif attr in ("weight", "score"):
            values[attr] = text_to_points(cell)
        else:
            values[attr] = text_to_amount(cell)
    return FundLine(
        task=task,
        item=item,
        budget=values.get("budget"),  # type: ignore[arg-type]
        allocated=values.get("allocated"),  # type: ignore[arg-type]
        executed=values.get("executed"),  # type: ignore[arg-type]
        rate=values.get("rate"),  # type: ignore[arg-type]
        forecast=values.get("forecast"),  # type: ignore[arg-type]
        source=cells[0].source,
        headers=headers,
        adjusted=values.get("adjusted"),  # type: ignore[arg-type]
        weight=values.get("weight"),  # type: ignore[arg-type]
        score=values.get("score"),  # type: ignore[arg-type]
        label=label,
    )


def note_header(b: FormBuilder, header: list[Cell]) -> None:
    """The money unit ("年度预算数(万元)") and a section's points ("预算执行情况(10分)")."""
    for cell in header:
        unit = MoneyUnit.parse(cell.text) if cell.text else None
        if unit and not b.money_unit and not cell.text.endswith(("数", "率")):
            b.money_unit = unit.value
        share = section_points(cell)
        if share is not None:
            b.points.append(share)


def row_label(cells: list[Cell]) -> str:
    """The first text of a row that is not a number."""
    return next((c.text for c in cells if c.text and not is_amount_text(c.text)), "")


def read_funds(b: FormBuilder, rows: list[list[Cell]], i: int) -> int:
    header = rows[i]
    note_header(b, header)
    columns = fund_columns(header)
    headers = tuple(header[j].text for j in sorted(columns))
    j = i + 1
    if j < len(rows) and any(text_to_amount(c) or text_to_rate(c) for c in rows[j]):
        label = row_label([c for k, c in enumerate(rows[j]) if k not in columns])
        b.funds = cells_to_fund_line(rows[j], columns, "", "", headers, label)
        b.sections.append("资金")
        j += 1
        while j < len(rows):  # 其中：当年财政拨款, 上年结转资金, 其他资金 …
            part = row_label([c for k, c in enumerate(rows[j]) if k not in columns])
            if not FUND_PART_RE.search(part) or part in TOTAL_LABELS:
                break
            b.fund_parts.append(cells_to_fund_line(rows[j], columns, "", "", headers, part))
            j += 1
    return j


def read_tasks(b: FormBuilder, rows: list[list[Cell]], i: int) -> int:
    header = rows[i]
    columns = fund_columns(header)
    headers = tuple(header[j].text for j in sorted(columns))
    item_col = find(header, ("对应项目",))
    task_col = find(header, ("任务名称",)) or 0
    task = ""
    j = i + 1
    while j < len(rows):
        cells = rows[j]
        if not any(text_to_amount(cells[k]) for k in columns if k < len(cells)):
            break
        label = first_text(cells)
        if label is not None and label.text in TOTAL_LABELS:  # 金额合计: the form's own line
            if b.funds is None:
                b.funds = cells_to_fund_line(cells, columns, "", "", headers, label.text)
            j += 1
            break
        if task_col < len(cells) and cells[task_col].text:
            task = cells[task_col].text
        item = cells[item_col].text if item_col is not None and item_col < len(cells) else ""
        b.tasks.append(cells_to_fund_line(cells, columns, task, item, headers))
        j += 1
    b.sections.append("年度任务")
    return j


def read_goal(b: FormBuilder, rows: list[list[Cell]], i: int) -> int:
    header = rows[i]
    positions = [(k, c.text) for k, c in enumerate(header) if k > 0 and c.text]
    b.goal_headers = tuple(t for _, t in positions)
    if i + 1 >= len(rows):
        return i + 1
    values = rows[i + 1]

    def value_at(k: int) -> str:
        return values[k].text if k < len(values) else ""

    for k, name in positions:
        if name == "项目总目标":
            b.long_term_goal = value_at(k)
        elif name.endswith("总体目标") or name in GOAL_NAMES:
            b.goal = value_at(k)
        elif "完成情况" in name:
            b.progress = value_at(k)
    b.goal_source = values[0].source if values else None
    b.sections.append("年度目标")
    return i + 2


# ---------------------------------------------------------------- indicators


def indicator_columns(header: list[Cell], sub: list[Cell] | None) -> IndicatorColumns:
    """Column positions; the sub-header names the options under 偏差原因分析 and 完成目标可能性."""
    cols = IndicatorColumns()
    spans_at = None
    for k, cell in enumerate(header):
        if cell.text in ("偏差原因分析", "完成目标可能性") and spans_at is None:
            spans_at = k
        if spans_at is not None and k >= spans_at:
            continue
        attr = header_to_field(cell.text)
        if attr:
            cols.fields[k] = attr
    if sub is not None:
        for k, cell in enumerate(sub):
            if REASON_MARK in cell.text:
                cols.reasons[k] = cell.text
            elif cell.text in LIKELIHOOD_OPTIONS:
                cols.likelihood[k] = cell.text
        last = max([*cols.reasons, *cols.likelihood], default=len(header) - 1)
        trailing = (
            [c.text for c in header[spans_at + 1 :] if c.text] if spans_at is not None else []
        )
        trailing = [t for t in trailing if t not in ("偏差原因分析", "完成目标可能性")]
        for offset, text in enumerate(trailing, start=1):
            attr = header_to_field(text)
            if attr:
                cols.fields[last + offset] = attr
    if "operator" not in cols.fields.values():
        cols.combined_target = True
    return cols


def header_to_field(text: str) -> str | None:
    for name, attr in INDICATOR_FIELDS:
        if text.endswith(name) or (name == "指标值" and "指标值" in text):
            return attr
    return None


def is_indicator_subheader(cells: list[Cell]) -> bool:
    return any(REASON_MARK in c.text or c.text in LIKELIHOOD_OPTIONS for c in cells)


def read_totals(b: FormBuilder, cells: list[Cell], cols: IndicatorColumns) -> None:
    """The 总分 / 合计 row: its 分值 and 得分, in their columns or else in printed order."""
    at = {attr: k for k, attr in cols.fields.items()}
    weight = text_to_points(cells[at["weight"]]) if at.get("weight", 99) < len(cells) else None
    score = text_to_points(cells[at["score"]]) if at.get("score", 99) < len(cells) else None
    if weight is None and score is None:
        numbers: list[Points | None] = [p for p in map(text_to_points, cells) if p is not None]
        weight, score = [*numbers, None, None][:2]
    b.total_weight, b.total_score = weight, score


def ends_indicators(cells: list[Cell], label: str) -> bool:
    return (
        label in OPINION_SECTIONS
        or label in OVERALL_LABELS
        or label.rstrip("：:") in CONCLUSION_LABELS
        or label.startswith(CONCLUSION_LABELS)
        or is_goal_header([c.text for c in cells])
    )


def read_indicators(b: FormBuilder, rows: list[list[Cell]], i: int) -> int:
    header = rows[i]
    note_header(b, header)
    sub = rows[i + 1] if i + 1 < len(rows) and is_indicator_subheader(rows[i + 1]) else None
    cols = indicator_columns(header, sub)
    j = i + (2 if sub is not None else 1)
    carried = {"level1": "", "level2": ""}
    width = max(len(header), len(sub) if sub else 0)
    while j < len(rows):
        cells = rows[j]
        label = first_text(cells)
        if label is None:
            j += 1
            continue
        if ends_indicators(cells, label.text):
            break
        if label.text in TOTAL_LABELS:
            read_totals(b, cells, cols)
            j += 1
            continue
        indicator = cells_to_indicator(cells, cols, carried)
        if indicator is not None:
            b.indicators.append(indicator)
            b.last_row_short = len(cells) < width
        j += 1
    b.sections.append("绩效指标")
    return j


def cells_to_indicator(
    cells: list[Cell], cols: IndicatorColumns, carried: dict[str, str]
) -> Indicator | None:
    values: dict[str, str] = {}
    sources: list[FieldSource] = []
    points: dict[str, Points | None] = {}
    for k, attr in cols.fields.items():
        if k < len(cells):
            values[attr] = cells[k].text
            sources.append(FieldSource(attr, cells[k].source))
            if attr in ("weight", "score"):
                points[attr] = text_to_points(cells[k])
    for level in ("level1", "level2"):
        if values.get(level):
            if level == "level1" and values[level] != carried["level1"]:
                carried["level2"] = ""
            carried[level] = values[level]
        values[level] = carried[level]
    if not values.get("level3"):
        return None
    operator, target, unit = (
        values.get("operator", ""),
        values.get("target", ""),
        values.get("unit", ""),
    )
    target_text = ""
    if cols.combined_target:
        target_text = target
        operator, target, split_unit = split_target(target)
        unit = unit or split_unit
    reasons = tuple(
        name for k, name in cols.reasons.items() if k < len(cells) and is_ticked(cells[k].text)
    )
    likely = tuple(
        name for k, name in cols.likelihood.items() if k < len(cells) and is_ticked(cells[k].text)
    )
    return Indicator(
        level1=values["level1"],
        level2=values["level2"],
        level3=values["level3"],
        operator=operator,
        target=target,
        unit=unit,
        current=values.get("current", ""),
        forecast=values.get("forecast", ""),
        deviation_reasons=reasons,
        likelihood=likely,
        improvement=values.get("improvement", ""),
        target_text=target_text,
        source=cells[0].source,
        sources=tuple(sources),
        actual=values.get("actual", ""),
        weight=points.get("weight"),
        score=points.get("score"),
        deviation=values.get("deviation", ""),
    )


# ---------------------------------------------------------------- opinions


def read_opinion(b: FormBuilder, rows: list[list[Cell]], i: int) -> int:
    """A block of options: [section label or blank, option, tick, text] rows."""
    section = first_text(rows[i])
    assert section is not None
    choices: list[Choice] = []
    start_col = next(k for k, c in enumerate(rows[i]) if c.text == section.text)
    j = i
    if any(
        c.text.endswith("选项") for c in rows[i]
    ):  # 结果应用建议 | 结果应用建议选项 | 具体建议内容
        j += 1
    while j < len(rows):
        cells = rows[j]
        label = first_text(cells)
        if label is None:
            j += 1
            continue
        if j > i and (label.text in OPINION_SECTIONS or label.text in OVERALL_LABELS):
            break
        if j > i and is_title_like(cells):
            break
        choice = cells_to_choice(cells, start_col + 1)
        if choice is not None:
            choices.append(choice)
            b.last_row_short = len(cells) < start_col + 4
        j += 1
    b.opinions.append(Opinion(section.text, tuple(choices)))
    b.sections.append(section.text)
    return j


def is_title_like(cells: list[Cell]) -> bool:
    texts = [c.text for c in cells if c.text]
    return len(texts) == 1 and bool(TITLE_RE.search(texts[0]))


def cells_to_choice(cells: list[Cell], option_col: int) -> Choice | None:
    if option_col >= len(cells) or not cells[option_col].text:
        return None
    tick = cells[option_col + 1].text if option_col + 1 < len(cells) else ""
    text = cells[option_col + 2].text if option_col + 2 < len(cells) else ""
    return Choice(cells[option_col].text, is_ticked(tick), text, cells[option_col].source)


def read_overall(b: FormBuilder, cells: list[Cell], label: str) -> None:
    index = find(cells, (label,))
    value = after(cells, index) if index is not None else None
    section = OVERALL_LABELS[label]
    b.sections.append(label)
    for k, block in enumerate(b.opinions):
        if block.section == section:
            b.opinions[k] = Opinion(
                block.section,
                block.choices,
                value.text if value else "",
                value.source if value else cells[0].source,
            )
            return
    b.opinions.append(
        Opinion(
            section, (), value.text if value else "", value.source if value else cells[0].source
        )
    )


# ---------------------------------------------------------------- assembling


def missing_sections(b: FormBuilder, at_end: bool) -> tuple[str, ...]:
    """What a form that stops early never printed."""
    core = ("名称", "绩效指标") if b.template != MONITOR else ("名称", "资金", "绩效指标")
    missing = [s for s in core if s not in b.sections]
    opened_tail = [s for s in MONITOR_TAIL if s in b.sections]
    if b.template == MONITOR and opened_tail:
        last = max(MONITOR_TAIL.index(s) for s in opened_tail)
        missing += [s for s in MONITOR_TAIL[last + 1 :] if s not in b.sections]
    return tuple(missing)


def builder_to_form(b: FormBuilder, at_end: bool) -> PerformanceForm:
    missing = missing_sections(b, at_end)
    complete = not missing and not (at_end and b.last_row_short)
    kind = title_to_kind(b.title, b.name_party is None and bool(b.name))
    unit = b.name_party if kind == "部门整体" else b.implementer
    name = b.name_party.name if kind == "部门整体" and b.name_party else b.name
    return PerformanceForm(
        number=b.number,
        kind=kind,
        name=name,
        title=b.title,
        source=b.source,
        complete=complete,
        template=b.template,
        year=b.year,
        money_unit=b.money_unit,
        unit=unit,
        supervisor=b.supervisor,
        implementer=b.implementer,
        funds=b.funds,
        tasks=tuple(b.tasks),
        amounts=tuple(b.amounts),
        attributes=tuple(b.attributes),
        goal_headers=b.goal_headers,
        goal=b.goal,
        progress=b.progress,
        long_term_goal=b.long_term_goal,
        goal_source=b.goal_source,
        indicators=tuple(b.indicators),
        opinions=tuple(b.opinions),
        missing_sections=missing if missing or complete else ("（表格在此中断）",),
        fund_parts=tuple(b.fund_parts),
        sections=tuple(b.points),
        total_weight=b.total_weight,
        total_score=b.total_score,
    )
