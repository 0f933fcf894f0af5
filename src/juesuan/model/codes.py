"""Finding codes raised outside the rule registry: by readers, the recogniser and the engine.

Each declares its severity and a Chinese title, as rules do, so the catalogue lists every code a
report can contain.
"""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.model.findings import Severity


@dataclass(frozen=True, slots=True)
class CodeSpec:
    code: str
    severity: Severity
    title: str
    description: str


FINDING_CODES: tuple[CodeSpec, ...] = (
    CodeSpec(
        "read.page_unreadable",
        Severity.ERROR,
        "PDF 页面无法读取",
        "字体没有 Unicode 映射、扫描图像或文字被画成轮廓：该页不读取，列入缺失部分，其余页照常读取。",
    ),
    CodeSpec(
        "read.chars_unmapped",
        Severity.WARNING,
        "个别字符无法映射",
        "页面上少数字符没有 Unicode 映射；含这些字符的单元格不会被当作金额。",
    ),
    CodeSpec(
        "read.pdf_truncated",
        Severity.ERROR,
        "PDF 文件不完整",
        "文件被截断：完整的对象照常读取，丢失的每一页分别报告。",
    ),
    CodeSpec(
        "read.hidden_content",
        Severity.WARNING,
        "工作簿含隐藏内容",
        "隐藏的行、列或工作表照常读取并在此说明，不会悄悄丢失或混入。",
    ),
    CodeSpec(
        "read.formula_without_value",
        Severity.WARNING,
        "公式没有保存的值",
        "单元格是公式但文件中没有计算结果，不当作空白读取。",
    ),
    CodeSpec(
        "read.unreadable_sheet",
        Severity.ERROR,
        "工作表无法读取",
        "损坏的工作表不读取，其余工作表照常读取。",
    ),
    CodeSpec(
        "read.size_limit",
        Severity.ERROR,
        "超过读取上限",
        "文件超过行数或页数上限：超出部分不读取，结果标为部分读取。",
    ),
    CodeSpec(
        "recognise.bad_amount",
        Severity.ERROR,
        "金额栏中的内容不是金额",
        "该单元格不读取，并在此说明，绝不当作 0。",
    ),
    CodeSpec(
        "recognise.row_unread",
        Severity.ERROR,
        "表格行无法读取",
        "有金额但无法确定所属科目或栏目的行不读取，表格标为不完整（重复行为警告）。",
    ),
    CodeSpec(
        "recognise.table_cut_off",
        Severity.ERROR,
        "表格在文件结尾处中断",
        "表格不完整，结果标为部分读取。",
    ),
    CodeSpec(
        "recognise.table_repeated",
        Severity.WARNING,
        "同一张表出现多次",
        "后一份作为附加表（X01 …）保留。",
    ),
    CodeSpec(
        "recognise.table_unfit",
        Severity.WARNING,
        "标题所指的表与表中内容不符",
        "例如功能分类表中列的是经济分类编码：该表作为附加表（X01 …）保留，不按标准表核对。",
    ),
    CodeSpec(
        "recognise.no_tables",
        Severity.WARNING,
        "文件没有表格",
        "只有文字说明的文件（表格另行公开）：说明这一点，只核对文字。",
    ),
    CodeSpec(
        "engine.rule_crashed",
        Severity.ERROR,
        "规则运行出错",
        "规则本身出错时不会中断审核：该规则结果记为 error，并报告此项。",
    ),
    CodeSpec(
        "budget.final.planned",
        Severity.WARNING,
        "决算表的预算数与公开的预算不一致",
        "存储（juesuan ingest）时，库中有同一单位同一年度的预算与决算的，将决算“三公”表的预算数与预算"
        "“三公”表逐项比较；预算在年度中可能调整，故差异报为警告，舍入范围内为提示；结果随后存入的文档保存。",
    ),
    CodeSpec(
        "narrative.previous_year",
        Severity.ERROR,
        "情况说明的“比上年增加/减少”与上年公开一致",
        "库中有同一单位（同一部门/单位口径、同一种类）上一年度的公开时：存储（juesuan ingest）或核对"
        "（juesuan check --db）一份公开，将情况说明中“比上年增加/减少X”推出的上年数与上年同一单元格比较；"
        "舍入范围内为提示，超出为错误。库中没有上一年度的，不报告。",
    ),
)
