"""Budget tables from tiny grids: identity guards, the Jiangsu and Shanghai layouts, complete vs
cut off, 部门/单位 lines that wrap, and facts of the B tables."""

from __future__ import annotations

from decimal import Decimal

from juesuan.model.disclosure import Disclosure
from juesuan.model.source import Source
from juesuan.read.grid import DocumentGrid, GridCell, GridLine, LineKind
from juesuan.recognise import grid_to_disclosure


def grid(*lines: str | tuple[str, ...]) -> DocumentGrid:
    """Text lines (str) and table rows (tuples of cells), numbered from 1."""
    built = []
    for number, line in enumerate(lines, start=1):
        src = Source("t.pdf", line=number)
        if isinstance(line, str):
            built.append(GridLine(LineKind.TEXT, (GridCell(line, src),), src))
        else:
            built.append(GridLine(LineKind.ROW, tuple(GridCell(t, src) for t in line), src))
    return DocumentGrid("t.pdf", "pdf", tuple(built))


def read(*lines: str | tuple[str, ...]) -> Disclosure:
    return grid_to_disclosure(grid(*lines))


def values(disclosure: Disclosure, table_id: str) -> dict[str, dict[str, Decimal | None]]:
    table = disclosure.table(table_id)
    assert table is not None, [t.id for t in disclosure.tables]
    return {r.key: {c.column: c.value for c in r.cells} for r in table.rows}


HEAD = "部门：某某局 单位：万元"


def test_a_function_table_that_lists_economic_codes_stays_x() -> None:
    disclosure = read(
        "一般公共预算支出预算表",
        HEAD,
        ("科目编码", "科目名称", "金额"),
        ("", "合计", "10.00"),
        ("301", "工资福利支出", "6.00"),
        ("302", "商品和服务支出", "4.00"),
    )
    assert [t.id for t in disclosure.tables] == ["X01"]
    unfit = [f for f in disclosure.read_findings if f.rule == "recognise.table_unfit"]
    assert unfit and unfit[0].table == "B05" and "支出功能分类" in unfit[0].message


def test_a_function_table_with_function_codes_is_b05() -> None:
    disclosure = read(
        "一般公共预算支出预算表（功能科目）",
        HEAD,
        ("功能科目代码", "功能科目名称", "金额"),
        ("", "合计", "10.00"),
        ("201", "一般公共服务支出", "10.00"),
        ("20101", "人大事务", "10.00"),
    )
    assert values(disclosure, "B05") == {
        "合计": {"合计": Decimal("10.00")},
        "201": {"合计": Decimal("10.00")},
        "20101": {"合计": Decimal("10.00")},
    }
    assert disclosure.meta.kind == "预算" and disclosure.meta.unit_name == "某某局"


def test_a_final_accounts_fund_table_with_economic_codes_is_not_t08() -> None:
    disclosure = read(
        "政府性基金预算财政拨款收入支出决算表",
        "单位：万元",
        (
            "科目编码",
            "科目名称",
            "年初结转和结余",
            "本年收入",
            "本年支出合计",
            "基本支出",
            "项目支出",
            "年末结转和结余",
        ),
        ("301", "工资福利支出", "0.00", "1.00", "1.00", "1.00", "0.00", "0.00"),
        ("302", "商品和服务支出", "0.00", "1.00", "1.00", "1.00", "0.00", "0.00"),
    )
    assert disclosure.table("T08") is None
    assert [t.id for t in disclosure.tables] == ["X01"]


def test_jiangsu_b07_with_meeting_and_training_fees() -> None:
    disclosure = read(
        "“三公”经费、会议费、培训费支出预算表",
        HEAD,
        ("合计", "“三公”经费", "会议费", "培训费"),
        ("", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "", ""),
        ("", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""),
        ("2,542.60", "833.60", "222.50", "183.60", "0", "183.60", "427.50", "1,305.25", "403.75"),
    )
    got = {k: v["预算数"] for k, v in values(disclosure, "B07").items()}
    assert got == {
        "三公经费、会议费、培训费合计": Decimal("2542.60"),
        "合计": Decimal("833.60"),
        "因公出国（境）费": Decimal("222.50"),
        "公务用车购置及运行费": Decimal("183.60"),
        "公务用车购置费": Decimal("0"),
        "公务用车运行维护费": Decimal("183.60"),
        "公务接待费": Decimal("427.50"),
        "会议费": Decimal("1305.25"),
        "培训费": Decimal("403.75"),
    }


def test_shanghai_b07_with_the_running_costs_across() -> None:
    disclosure = read(
        "2025年部门“三公”经费和机关运行经费预算表",
        "编制部门：上海市普陀区某局 单位:万元",
        ("“三公”经费预算数", "机关运行经费预算数"),
        ("合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", ""),
        ("", "", "", "小计", "购置费", "运行费", ""),
        ("47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"),
    )
    got = {k: v["预算数"] for k, v in values(disclosure, "B07").items()}
    assert got["合计"] == Decimal("47.91") and got["公务接待费"] == Decimal("1.35")
    assert got["公务用车购置费"] == Decimal("25") and got["机关运行经费"] == Decimal("443.18")
    assert disclosure.meta.year == 2025


def test_jiangsu_b03_is_one_row_of_totals() -> None:
    disclosure = read(
        "支出预算总表",
        HEAD,
        ("合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"),
        ("15897.44", "7877.76", "6333.96", "1685.72", ""),
    )
    assert values(disclosure, "B03") == {
        "合计": {
            "合计": Decimal("15897.44"),
            "基本支出": Decimal("7877.76"),
            "项目支出": Decimal("6333.96"),
            "单位预留机动经费": Decimal("1685.72"),
            "结转下年资金": None,
        }
    }


def test_jiangsu_b01_sides_keys_and_a_wrapped_class_name() -> None:
    disclosure = read(
        "收支预算总表",
        HEAD,
        ("收入", "支出"),
        ("项目名称", "金额", "功能分类", "支出用途"),
        ("", "", "功能科目名称", "金额", "项目名称", "金额"),
        ("一、财政拨款", "10.00", "一、一般公共服务支出", "8.00", "一、基本支出", "6.00"),
        ("", "", "八、社会保障和就", "2.00", "三、单位预留机动经费", "4.00"),
        ("", "", "业支出", "", "", ""),
        ("当年收入小计", "10.00", "当年支出小计", "10.00"),
        ("上年结转资金", "", "结转下年资金", ""),
        ("收入合计", "10.00", "支出合计", "10.00"),
    )
    table = disclosure.table("B01")
    assert table is not None
    keys = {(r.section, r.key) for r in table.rows if r.cells and r.cells[0].value is not None}
    assert keys == {
        ("收入", "财政拨款"),
        ("支出", "一般公共服务支出"),
        ("支出", "基本支出"),
        ("支出", "社会保障和就业支出"),
        ("支出", "单位预留机动经费"),
        ("收入", "本年收入合计"),
        ("支出", "本年支出合计"),
        ("收入", "总计"),
        ("支出", "总计"),
    }
    assert table.columns == ("预算数",)


def test_a_last_table_printed_total_first_is_complete_when_its_parts_add_up() -> None:
    complete = read(
        "2019年政府采购预算表",
        HEAD,
        ("采购品目大类", "专项名称", "总计"),
        ("合计", "", "2,247.85"),
        ("一、货物 A", "", "59.00"),
        ("", "办公设备购置费", "59.00"),
        ("三、服务 C", "", "2,188.85"),
        ("", "物业管理费", "2,188.85"),
    )
    assert all(t.complete for t in complete.tables) and not complete.partial
    assert complete.meta.year == 2019
    cut = read(
        "2019年政府采购预算表",
        HEAD,
        ("采购品目大类", "专项名称", "总计"),
        ("合计", "", "2,247.85"),
        ("一、货物 A", "", "59.00"),
        ("", "办公设备购置费", "59.00"),
    )
    assert [f.rule for f in cut.read_findings] == ["recognise.table_cut_off"]


def test_a_unit_name_wrapped_below_the_money_unit() -> None:
    disclosure = read(
        "收入预算总表",
        "部门名称：江苏省人大",
        "单位:万",
        "元",
        "常委会办公厅",
        ("项目名称", "金额"),
        ("收入总计", "15897.44"),
        ("一般公共预算资金", "小计", "15897.44"),
    )
    table = disclosure.table("B02")
    assert table is not None
    assert table.unit_name == "江苏省人大常委会办公厅"
    assert table.unit is not None and table.unit.value == "万元"
    assert values(disclosure, "B02")["合计"] == {"合计": Decimal("15897.44")}


def test_a_part_heading_is_never_the_unit_name() -> None:
    disclosure = read(
        "第二部分 2018年度部门预算表",
        "收入预算总表",
        "单位：万元",
        ("项目名称", "金额"),
        ("收入总计", "1.00"),
    )
    assert disclosure.meta.unit_name is None
    assert disclosure.meta.year == 2018


def test_facts_list_the_b_tables_and_not_the_extras() -> None:
    disclosure = read(
        "支出预算总表",
        HEAD,
        ("合计", "基本支出", "项目支出"),
        ("3.00", "1.00", "2.00"),
        "2019年政府采购预算表",
        HEAD,
        ("采购品目大类", "总计"),
        ("合计", "5.00"),
    )
    facts = [(f.table, f.row_key, f.column, f.value) for f in disclosure.facts()]
    assert facts == [
        ("B03", "合计", "合计", Decimal("3.00")),
        ("B03", "合计", "基本支出", Decimal("1.00")),
        ("B03", "合计", "项目支出", Decimal("2.00")),
    ]
