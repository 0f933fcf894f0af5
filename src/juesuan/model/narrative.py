"""The narrative (情况说明): its sections (``model.sections``), and the statements read from
their sentences.

A ``Statement`` is what one clause of a sentence says about one subject: an amount with its unit,
a share, a change and growth rate, a completion rate, a comparison with the budget, a count. It
keeps the sentence as printed (``quote``) and where it was read (``source``). A clause that states
an amount the parser cannot place under a subject is kept with ``subject`` empty: unplaced, never
guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.money import MoneyUnit
from juesuan.model.sections import LineStart as LineStart
from juesuan.model.sections import NarrativeSection as NarrativeSection
from juesuan.model.source import Source


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as the prose prints it: exact value, its unit, the printed digits."""

    value: Decimal
    unit: MoneyUnit
    raw: str

    @property
    def in_yuan(self) -> Decimal:
        return self.value * self.unit.factor


#: Canonical subjects (a function class/款/项 is ``类:name``, ``款:…/…``, ``项:…/…/…``).
INCOME_EXPENDITURE_TOTAL = "收入支出总计"
FISCAL_TOTAL = "财政拨款收入支出总计"
INCOME_TOTAL = "本年收入合计"
EXPENDITURE_TOTAL = "本年支出合计"
FISCAL_INCOME = "财政拨款收入"
BASIC = "基本支出"
PROJECT = "项目支出"
GENERAL_FISCAL = "一般公共预算财政拨款支出"
GENERAL_BASIC = "一般公共预算财政拨款基本支出"
PERSONNEL = "人员经费"
PUBLIC = "公用经费"
SANGONG = "三公经费"
ABROAD = "因公出国（境）费"
VEHICLES = "公务用车购置及运行维护费"
VEHICLE_PURCHASE = "公务用车购置费"
VEHICLE_RUNNING = "公务用车运行维护费"
RECEPTION = "公务接待费"
RUNNING_COSTS = "机关运行经费"
PROCUREMENT = "政府采购"
PROCUREMENT_GOODS = "政府采购货物"
PROCUREMENT_WORKS = "政府采购工程"
PROCUREMENT_SERVICES = "政府采购服务"
PROCUREMENT_SME = "政府采购授予中小企业"
VEHICLES_HELD = "车辆"  # 国有资产: vehicles held at year end


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of the prose. Values are None where the clause does not state them.

    ``amount`` is the amount of ``basis`` (决算, 预算 or 年初预算); ``budget`` the 年初预算 when a
    clause states both; ``prior`` the amount of the compared year (上年, 预算执行数). ``share`` is a percentage of ``share_of`` (a subject). ``change`` with
    ``direction`` (增加/减少/持平/减少为) and ``rate`` with ``rate_direction`` (增长/下降) compare with
    ``compared_year``. ``comparison`` is what the prose says of 决算数 against 预算数 (大于/小于/
    等于/持平/基本持平). ``count`` with ``count_unit`` (个/人次/批次/辆) counts ``subject``.
    ``code_words`` are the names before （类）（款）（项）, ``codes`` the digits printed in them.
    """

    subject: str
    quote: str
    source: Source
    kind: str = "amount"  # amount, count, year, comparison
    amount: Money | None = None
    basis: str = ""
    budget: Money | None = None
    prior: Money | None = None
    share: Decimal | None = None
    share_of: str = ""
    change: Money | None = None
    direction: str = ""
    rate: Decimal | None = None
    rate_direction: str = ""
    completion: Decimal | None = None
    comparison: str = ""
    count: int | None = None
    count_unit: str = ""
    year: int | None = None
    compared_year: int | None = None
    code_words: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    section: str = ""

    @property
    def placed(self) -> bool:
        return bool(self.subject)
