"""The 决算 template (T01–T09): item names, column names and synonyms, T07 keys."""

from __future__ import annotations

import re

FINAL_TITLES = {
    "T01": "收入支出决算总表",
    "T02": "收入决算表",
    "T03": "支出决算表",
    "T04": "财政拨款收入支出决算总表",
    "T05": "一般公共预算财政拨款支出决算表",
    "T06": "一般公共预算财政拨款基本支出决算表",
    "T07": "财政拨款“三公”经费支出决算表",
    "T08": "政府性基金预算财政拨款收入支出决算表",
    "T09": "国有资本经营预算财政拨款收入支出决算表",
}

# --- item names (T01, T04) ---------------------------------------------------------------

_ORDINAL = re.compile(
    r"^(?:其中[:：]?)?\s*(?:[一二三四五六七八九十百]+[、.．]|\d+[、.．](?!\d)|[（(]\s*[一二三四五六七八九十\d]+\s*[）)])"
)
_TRAILING_QUALIFIER = re.compile(r"（[^（）]*）$")

T01_INCOME = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "本年收入合计",
    "使用非财政拨款结余",
    "年初结转和结余",
    "总计",
)
T01_EXPENDITURE_EXTRA = ("本年支出合计", "结余分配", "年末结转和结余", "总计")
T04_INCOME = (
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
    "本年收入合计",
    "年初财政拨款结转和结余",
    "总计",
)
T04_FUNDS = T04_INCOME[:3]
T04_EXPENDITURE_EXTRA = ("本年支出合计", "年末财政拨款结转和结余", "总计")

#: Spellings seen in templates of other provinces and years → canonical item name.
ITEM_SYNONYMS = {
    "国有资本经营财政拨款": "国有资本经营预算财政拨款",
    "国有资本经营财政拨款收入": "国有资本经营预算财政拨款收入",
    "用事业基金弥补收支差额": "使用非财政拨款结余",
    "使用非财政拨款结余和专用结余": "使用非财政拨款结余",
    "年初结转和结余总计": "年初结转和结余",
    "年初财政拨款结转结余": "年初财政拨款结转和结余",
    "年末财政拨款结转结余": "年末财政拨款结转和结余",
    "年末结转结余": "年末结转和结余",
    "年初结转结余": "年初结转和结余",
    "收入总计": "总计",
    "支出总计": "总计",
    "合计": "合计",
    "一般公共预算财政拨款收入": "一般公共预算财政拨款收入",
    "财政拨款收入": "财政拨款收入",
}

#: 支出功能分类 类 names used as T01/T04 expenditure rows (current and older templates).
FUNCTION_CLASS_NAMES = (
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "文化体育与传媒支出",
    "社会保障和就业支出",
    "社会保险基金支出",
    "卫生健康支出",
    "医疗卫生与计划生育支出",
    "医疗卫生支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "资源勘探信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "国土海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "预备费",
    "其他支出",
    "债务还本支出",
    "债务付息支出",
    "债务发行费用支出",
    "抗疫特别国债安排的支出",
)


def normalise_label(label: str) -> str:
    """A label without white space, ordinal prefix, or trailing bracketed qualifier; brackets full-width."""
    text = re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")
    text = text.replace("：", ":")
    previous = None
    while previous != text:
        previous = text
        text = _ORDINAL.sub("", text)
        text = re.sub(r"^其中[:：]?", "", text)
    text = text.replace(":", "：")
    if _TRAILING_QUALIFIER.search(text) and not text.startswith("（"):
        stripped = _TRAILING_QUALIFIER.sub("", text)
        if stripped:
            text = stripped
    return text


def canonical_item(label: str) -> str:
    """The canonical item name of a T01/T04 label."""
    text = normalise_label(label)
    return ITEM_SYNONYMS.get(text, text)


def is_function_class_name(name: str) -> bool:
    return name in FUNCTION_CLASS_NAMES


#: The closing rows of T06 (below its economic codes).
T06_TOTALS = ("人员经费合计", "公用经费合计")

# --- T07 ---------------------------------------------------------------------------------

T07_KEYS = (
    "合计",
    "因公出国（境）费",
    "公务接待费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
)
#: The same keys in the order of templates that print 公务接待费 after the vehicles (Shanghai).
T07_VEHICLES_FIRST = (*T07_KEYS[:2], *T07_KEYS[3:], T07_KEYS[2])


def t07_key(label: str) -> str | None:
    """The T07 key of a row or column-group label, or None."""
    text = normalise_label(label).replace("“", "").replace("”", "").replace('"', "")
    if (
        text in ("合计", "小计")
        or text.startswith("合计")
        or ("三公经费" in text and "合计" in text)
    ):
        return "合计"
    if "出国" in text:
        return "因公出国（境）费"
    if "接待" in text:
        return "公务接待费"
    if "购置及运行" in text:
        return "公务用车购置及运行费"
    if "购置费" in text or text == "公务用车购置":
        return "公务用车购置费"
    if "运行" in text and "公务用车" in text:
        return "公务用车运行维护费"
    return None


# --- columns -----------------------------------------------------------------------------

#: The 类 rows the 2024 template prints on the 支出 side of T01 and T04, in its order.
TEMPLATE_CLASSES = (
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "其他支出",
    "抗疫特别国债安排的支出",
)

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "T01": ("决算数",),
    "T02": (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ),
    "T03": (
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ),
    "T04": (
        "决算数",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ),
    "T05": ("合计", "基本支出", "项目支出"),
    "T06": ("决算数",),
    "T07": ("预算数", "决算数"),
    "T08": ("年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"),
    "T09": ("年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"),
}

T04_EXPENDITURE_COLUMNS = (
    "合计",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
)

#: Keywords that show a column is present in a header (template order is kept).
COLUMN_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "T02": {
        "本年收入合计": ("本年收入合计", "收入合计"),
        "财政拨款收入": ("财政拨款收入", "财政拨款"),
        "上级补助收入": ("上级补助收入", "上级补助"),
        "事业收入": ("事业收入",),
        "经营收入": ("经营收入",),
        "附属单位上缴收入": ("附属单位上缴", "附属单位缴款"),
        "其他收入": ("其他收入",),
    },
    "T03": {
        "本年支出合计": ("本年支出合计", "支出合计"),
        "基本支出": ("基本支出",),
        "项目支出": ("项目支出",),
        "上缴上级支出": ("上缴上级",),
        "经营支出": ("经营支出",),
        "对附属单位补助支出": ("对附属单位补助", "附属单位补助"),
    },
    "T05": {
        "合计": ("合计", "小计"),
        "基本支出": ("基本支出",),
        "项目支出": ("项目支出",),
    },
    "T08": {
        "年初结转和结余": ("年初结转和结余", "年初结转", "年初"),
        "本年收入": ("本年收入",),
        "本年支出合计": ("本年支出", "小计", "合计"),
        "基本支出": ("基本支出",),
        "项目支出": ("项目支出",),
        "年末结转和结余": ("年末结转和结余", "年末结转", "年末"),
    },
}
COLUMN_KEYWORDS["T09"] = COLUMN_KEYWORDS["T08"]
