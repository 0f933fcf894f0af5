"""The 情况说明 (第三部分) written from the tables' numbers, section by section as the template.

Numbers come from the disclosure being written and, for the year-over-year sentences, from last
year's disclosure when given. The sentences themselves come from ``prepare.sentences``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.disclosure import Disclosure
from juesuan.model.tables import Row
from juesuan.prepare import sentences as s
from juesuan.prepare.outline import Block, heading, paragraph, subheading

INCOME_PARTS = (
    "财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
SPENDING_PARTS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
T01_APPROPRIATIONS = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
)
#: The three 三公 items as the 情况说明 names them, with their T07 keys.
SANGONG_ITEMS = (
    ("因公出国（境）费", "因公出国（境）费"),
    ("公务用车购置及运行维护费", "公务用车购置及运行费"),
    ("公务接待费", "公务接待费"),
)


@dataclass(frozen=True)
class Numbers:
    """Look-ups into one disclosure's tables (None where the table or cell is blank)."""

    disclosure: Disclosure

    def value(self, table_id: str, key: str, column: str, section: str = "") -> Decimal | None:
        table = self.disclosure.table(table_id)
        row = table.row(key, section) if table else None
        return row.value(column) if row else None

    def rows(self, table_id: str) -> list[Row]:
        table = self.disclosure.table(table_id)
        return list(table.rows) if table else []

    def code_rows(self, table_id: str, digits: int) -> list[Row]:
        rows = [r for r in self.rows(table_id) if r.key.isdigit() and len(r.key) == digits]
        return sorted(rows, key=lambda r: r.key)

    def leaf_rows(self, table_id: str) -> list[Row]:
        """The most detailed code rows (项, or a 类/款 printed without anything below it)."""
        rows = (
            self.code_rows(table_id, 7) + self.code_rows(table_id, 5) + self.code_rows(table_id, 3)
        )
        codes = [r.key for r in rows]
        leaves = [r for r in rows if not any(c != r.key and c.startswith(r.key) for c in codes)]
        return sorted(leaves, key=lambda r: r.key)

    def name_of(self, table_id: str, code: str) -> str:
        for row in self.rows(table_id):
            if row.key == code:
                return row.label
        return s.placeholder(f"{code} 科目名称")


def explanation(
    current: Disclosure, previous: Disclosure | None, unit_name: str, year: int
) -> list[Block]:
    now = Numbers(current)
    before = Numbers(previous) if previous is not None else None
    unit = current.meta.money_unit.value if current.meta.money_unit else "万元"
    writer = Writer(now, before, unit_name, year, unit)
    return writer.all()


@dataclass
class Writer:
    now: Numbers
    before: Numbers | None
    unit_name: str
    year: int
    unit: str

    def previous(self, table_id: str, key: str, column: str, section: str = "") -> Decimal | None:
        return self.before.value(table_id, key, column, section) if self.before else None

    def all(self) -> list[Block]:
        blocks: list[Block] = []
        for section in (
            self.overall,
            self.income,
            self.spending,
            self.appropriations,
            self.general_budget,
            self.basic,
            self.sangong,
            self.gov_fund,
            self.state_capital,
            self.performance,
            self.other_matters,
        ):
            blocks.extend(section())
        return blocks

    # 一、收入支出决算总体情况说明
    def overall(self) -> list[Block]:
        return self.grand("一、收入支出决算总体情况说明", "T01", "收入支出", "决算数")

    # 四、财政拨款收入支出决算总体情况说明
    def appropriations(self) -> list[Block]:
        return self.grand(
            "四、财政拨款收入支出决算总体情况说明", "T04", "财政拨款收入支出", "决算数"
        )

    def grand(self, title: str, table_id: str, subject: str, column: str) -> list[Block]:
        total = self.now.value(table_id, "总计", column, "收入")
        if total is None:
            return [heading(title), paragraph(s.placeholder(f"{subject}总计（表中无数）"))]
        text = s.grand_total(self.unit_name, self.year, subject, total, self.unit)
        last = self.previous(table_id, "总计", column, "收入")
        text += s.compared(self.year, f"{subject}总计", total, last, self.unit)
        if last is not None and last != total:
            text += s.reason_sentence()
        return [heading(title), paragraph(text)]

    # 二、收入决算情况说明
    def income(self) -> list[Block]:
        title = "二、收入决算情况说明"
        total = self.now.value("T02", "合计", "本年收入合计")
        if total is None:
            total = self.now.value("T01", "本年收入合计", "决算数", "收入")
        if total is None:
            return [heading(title), paragraph(s.placeholder("本年收入合计（表中无数）"))]
        parts = [(name, v) for name in INCOME_PARTS if (v := self.income_part(name))]
        return [
            heading(title),
            paragraph(s.parts_with_shares("本年收入合计", total, parts, self.unit)),
        ]

    def income_part(self, name: str) -> Decimal | None:
        value = self.now.value("T02", "合计", name)
        if value is not None:
            return value
        if name == "财政拨款收入":
            found = [self.now.value("T01", k, "决算数", "收入") for k in T01_APPROPRIATIONS]
            return sum((v for v in found if v is not None), Decimal(0)) if any(found) else None
        return self.now.value("T01", name, "决算数", "收入")

    # 三、支出决算情况说明
    def spending(self) -> list[Block]:
        title = "三、支出决算情况说明"
        total = self.now.value("T03", "合计", "本年支出合计")
        if total is None:
            return [heading(title), paragraph(s.placeholder("本年支出合计（表中无数）"))]
        parts = [(n, v) for n in SPENDING_PARTS if (v := self.now.value("T03", "合计", n))]
        return [
            heading(title),
            paragraph(s.parts_with_shares("本年支出合计", total, parts, self.unit)),
        ]

    # 五、一般公共预算财政拨款支出决算情况说明
    def general_budget(self) -> list[Block]:
        blocks = [heading("五、一般公共预算财政拨款支出决算情况说明")]
        subject = "一般公共预算财政拨款支出"
        total = self.now.value("T05", "合计", "合计")
        if total is None:
            return [*blocks, paragraph(s.none_of(self.unit_name, self.year, subject))]
        whole = self.now.value("T01", "本年支出合计", "决算数", "支出")
        first = s.share_of_total(subject, total, "本年支出合计", whole or Decimal(0), self.unit)
        last = self.previous("T05", "合计", "合计")
        first += s.compared(self.year, subject, total, last, self.unit)
        if last is not None and last != total:
            first += s.reason_sentence()
        classes = [(r.label, v) for r in self.now.code_rows("T05", 3) if (v := r.value("合计"))]
        items = [(r, v) for r in self.now.leaf_rows("T05") if (v := r.value("合计")) is not None]
        details = [
            paragraph(s.item_detail(n, self.names("T05", r.key), v, self.unit))
            for n, (r, v) in enumerate(items, start=1)
        ]
        return [
            *blocks,
            subheading("（一）一般公共预算财政拨款支出决算总体情况"),
            paragraph(first),
            subheading("（二）一般公共预算财政拨款支出决算结构情况"),
            paragraph(s.structure(subject, total, classes, self.unit)),
            subheading("（三）一般公共预算财政拨款支出决算具体情况"),
            paragraph(s.budget_completion(subject, total, self.unit)),
            *details,
        ]

    def names(self, table_id: str, code: str) -> list[str]:
        """The 类, 款 and 项 names of a code, as the table prints them."""
        return [self.now.name_of(table_id, code[:n]) for n in (3, 5, 7) if n <= len(code)]

    # 六、一般公共预算财政拨款基本支出决算情况说明
    def basic(self) -> list[Block]:
        title = heading("六、一般公共预算财政拨款基本支出决算情况说明")
        total = self.now.value("T05", "合计", "基本支出")
        if total is None:
            return [
                title,
                paragraph(s.none_of(self.unit_name, self.year, "一般公共预算财政拨款基本支出")),
            ]
        items = self.now.code_rows("T06", 5)
        staff = [r.label for r in items if r.key.startswith(("301", "303")) and r.value("决算数")]
        office = [
            r.label for r in items if not r.key.startswith(("301", "303")) and r.value("决算数")
        ]
        text = s.basic_spending(
            total,
            self.now.value("T06", "人员经费合计", "决算数"),
            staff,
            self.now.value("T06", "公用经费合计", "决算数"),
            office,
            self.unit,
        )
        return [title, paragraph(text)]

    # 七、财政拨款“三公”经费支出决算情况说明
    def sangong(self) -> list[Block]:
        blocks = [heading("七、财政拨款“三公”经费支出决算情况说明")]
        spent = self.now.value("T07", "合计", "决算数")
        budget = self.now.value("T07", "合计", "预算数")
        nothing = s.none_of(self.unit_name, self.year, "“三公”经费财政拨款支出")
        if spent is None and budget is None:
            return [*blocks, paragraph(nothing)]
        spent = spent if spent is not None else Decimal("0.00")
        items = [
            (
                name,
                self.now.value("T07", key, "决算数") or Decimal("0.00"),
                self.now.value("T07", key, "预算数"),
            )
            for name, key in SANGONG_ITEMS
        ]
        changes = [
            (name, value, self.previous("T07", key, "决算数"))
            for (name, value, _), (_, key) in zip(items, SANGONG_ITEMS, strict=True)
        ]
        blocks += [
            subheading("（一）“三公”经费财政拨款支出决算总体情况说明。"),
            paragraph(s.sangong_budget(budget, spent, items, self.year, self.unit)),
            paragraph(
                s.sangong_change(
                    self.year, spent, self.previous("T07", "合计", "决算数"), changes, self.unit
                )
            ),
            subheading("（二）“三公”经费财政拨款支出决算具体情况说明。"),
        ]
        if not spent:
            return [*blocks, paragraph(nothing)]
        blocks.append(paragraph(s.sangong_shares(spent, [(n, v) for n, v, _ in items], self.unit)))
        details = {
            "因公出国（境）费": f"全年安排因公出国（境）团组{s.placeholder('个数')}个、累计{s.placeholder('人次')}人次。开支内容包括：{s.placeholder('开支内容')}。",
            "公务用车购置及运行维护费": self.vehicles_detail(),
            "公务接待费": f"主要用于{s.placeholder('接待内容、批次和人次')}。",
        }
        for number, (name, value, _) in enumerate(items, start=1):
            blocks.append(paragraph(s.sangong_item(number, name, value, self.unit, details[name])))
        return blocks

    def vehicles_detail(self) -> str:
        buy = self.now.value("T07", "公务用车购置费", "决算数") or Decimal("0.00")
        run = self.now.value("T07", "公务用车运行维护费", "决算数") or Decimal("0.00")
        return (
            f"其中：公务用车购置支出为{s.money(buy, self.unit)}，主要用于{s.placeholder('购置用途及数量')}；"
            f"公务用车运行维护支出{s.money(run, self.unit)}，主要用于{s.placeholder('运行维护用途')}。"
            f"{self.year}年末，公务用车保有量为{s.placeholder('辆数')}辆。"
        )

    # 八、九、政府性基金 / 国有资本经营
    def gov_fund(self) -> list[Block]:
        return self.fund("八、政府性基金预算财政拨款收入支出决算情况说明", "T08", "政府性基金预算")

    def state_capital(self) -> list[Block]:
        return self.fund(
            "九、国有资本经营预算财政拨款收入支出决算情况说明", "T09", "国有资本经营预算"
        )

    def fund(self, title: str, table_id: str, fund: str) -> list[Block]:
        table = self.now.disclosure.table(table_id)
        if table is None or not table.has_amounts:
            return [
                heading(title),
                paragraph(s.none_of(self.unit_name, self.year, f"{fund}财政拨款收入和支出")),
            ]
        income = self.now.value(table_id, "合计", "本年收入")
        spent = self.now.value(table_id, "合计", "本年支出合计")
        blocks = [heading(title), paragraph(s.fund_totals(fund, income, spent, self.unit))]
        rows = [
            (r, v)
            for r in self.now.leaf_rows(table_id)
            if (v := r.value("本年支出合计")) is not None
        ]
        for number, (row, value) in enumerate(rows, start=1):
            blocks.append(
                paragraph(s.item_detail(number, self.names(table_id, row.key), value, self.unit))
            )
        return blocks

    # 十、十一: what the tables do not hold
    def performance(self) -> list[Block]:
        return [
            heading("十、预算绩效管理情况"),
            paragraph(
                f"{self.unit_name}{self.year}年度预算绩效管理工作开展情况如下："
                f"{s.placeholder('预算绩效管理制度、工作机制和全过程绩效管理实施情况')}。"
            ),
        ]

    def other_matters(self) -> list[Block]:
        return [
            heading("十一、其他重要事项的情况说明"),
            subheading("（一）机关运行经费支出情况"),
            paragraph(s.placeholder("机关运行经费支出及与上年比较")),
            subheading("（二）政府采购支出情况"),
            paragraph(s.placeholder("政府采购金额及货物、工程、服务采购金额")),
            subheading("（三）国有资产占有使用情况说明"),
            paragraph(s.placeholder("车辆及单价一百万元以上设备情况")),
        ]
