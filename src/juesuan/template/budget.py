"""The 预算 template (B01–B09): titles, columns and their synonyms, extra B07 keys.

Variants seen in the corpus: Shanghai 普陀 (nine tables, codes in 类/款/项 columns, amounts in 元,
B07 with 机关运行经费 across), Jiangsu (twelve tables, one 金额 column, B01 with 功能分类 and 支出用途
side by side, B07 with 会议费 and 培训费 beside the 三公 groups).
"""

from __future__ import annotations

BUDGET_TABLE_IDS = tuple(f"B{n:02d}" for n in range(1, 10))

BUDGET_TITLES = {
    "B01": "收支预算总表",
    "B02": "收入预算总表",
    "B03": "支出预算总表",
    "B04": "财政拨款收支预算总表",
    "B05": "一般公共预算支出预算表",
    "B06": "一般公共预算基本支出预算表",
    "B07": "一般公共预算“三公”经费支出预算表",
    "B08": "政府性基金预算支出表",
    "B09": "国有资本经营预算支出表",
}

#: The amount column of one-column budget tables and of the two-sided B01/B04.
BUDGET_AMOUNT = "预算数"

#: Canonical columns in template order, and the header words that show each one is printed.
#: A single 金额 column is the table's 合计 (B02/B03/B05/B06/B08/B09) or 预算数 (B01/B04/B07).
BUDGET_COLUMN_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "B02": {
        "合计": ("合计", "金额", "收入预算"),
        "财政拨款收入": ("财政拨款",),
        "事业收入": ("事业收入",),
        "事业单位经营收入": ("经营收入",),
        "其他收入": ("其他收入",),
    },
    "B03": {
        "合计": ("合计", "金额"),
        "基本支出": ("基本支出",),
        "项目支出": ("项目支出",),
        "单位预留机动经费": ("预留机动",),
        "结转下年资金": ("结转下年",),
    },
    "B05": {
        "合计": ("合计", "金额", "小计"),
        "基本支出": ("基本支出",),
        "项目支出": ("项目支出",),
    },
    "B06": {
        "合计": ("合计", "金额", "小计"),
        "人员经费": ("人员经费",),
        "公用经费": ("公用经费",),
    },
}
BUDGET_COLUMN_KEYWORDS["B08"] = BUDGET_COLUMN_KEYWORDS["B05"]
BUDGET_COLUMN_KEYWORDS["B09"] = BUDGET_COLUMN_KEYWORDS["B05"]

#: Columns of B04's 支出 side in template order (the 合计 column is 预算数).
B04_EXPENDITURE_COLUMNS = (
    ("合计", BUDGET_AMOUNT),
    ("一般公共预算", "一般公共预算"),
    ("政府性基金", "政府性基金预算"),
    ("国有资本经营", "国有资本经营预算"),
)

#: Item spellings of B01/B04 → canonical key (interface.md "Budgets").
BUDGET_ITEM_SYNONYMS = {
    "收入总计": "总计",
    "支出总计": "总计",
    "收入合计": "总计",
    "支出合计": "总计",
    "当年收入小计": "本年收入合计",
    "当年收入": "本年收入合计",
    "本年收入小计": "本年收入合计",
    "当年支出小计": "本年支出合计",
    "当年支出": "本年支出合计",
    "本年支出小计": "本年支出合计",
}

#: Rows a Jiangsu B07 prints beside the six 三公 keys: kept as keys of their own.
B07_EXTRA_KEYS = ("会议费", "培训费", "机关运行经费")
#: The grand total of a B07 that includes 会议费 and 培训费 (its 合计 is the 三公 subtotal).
B07_GRAND_TOTAL = "三公经费、会议费、培训费合计"
