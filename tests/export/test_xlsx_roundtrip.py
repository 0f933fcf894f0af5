"""Property: any amounts stored for T05 and T07 come back identical through the XLSX export."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.export.xlsx import disclosure_to_workbook
from juesuan.model import Cell, CodeKind, Disclosure, Metadata, MoneyUnit, Row, Source, Table
from juesuan.pipeline import read
from juesuan.store import open_store

SRC = Source(path="generated.txt", line=1)
T07_ROWS = (
    ("合计", "合    计"),
    ("因公出国（境）费", "1、因公出国（境）费"),
    ("公务接待费", "2、公务接待费"),
    ("公务用车购置及运行费", "3、公务用车购置及运行费"),
    ("公务用车运行维护费", "其中:（1）公务用车运行维护费"),
    ("公务用车购置费", "（2）公务用车购置费"),
)
T05_ROWS = (
    ("合计", "合计", None),
    ("201", "一般公共服务支出", "201"),
    ("20113", "商贸事务", "20113"),
    ("2011308", "招商引资", "2011308"),
    ("221", "住房保障支出", "221"),
)
T05_COLUMNS = ("合计", "基本支出", "项目支出")

#: A cell: blank, or an amount printed with two places (0.00 included), thousands or not.
cells = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False),
)


def generated(t07: list[list[Decimal | None]], t05: list[list[Decimal | None]]) -> Disclosure:
    def row(
        key: str,
        label: str,
        columns: tuple[str, ...],
        values: list[Decimal | None],
        code: str | None = None,
    ) -> Row:
        made = tuple(
            Cell(c, v, "" if v is None else str(v), SRC)
            for c, v in zip(columns, values, strict=True)
        )
        return Row(key, label, made, SRC, code=code, code_kind=CodeKind.FUNCTION if code else None)

    tables = (
        Table(
            "T05",
            "一般公共预算财政拨款支出决算表",
            T05_COLUMNS,
            tuple(
                row(k, lab, T05_COLUMNS, v, code)
                for (k, lab, code), v in zip(T05_ROWS, t05, strict=True)
            ),
            SRC,
            unit=MoneyUnit.WAN,
        ),
        Table(
            "T07",
            "财政拨款“三公”经费支出决算表",
            ("预算数", "决算数"),
            tuple(
                row(k, lab, ("预算数", "决算数"), v)
                for (k, lab), v in zip(T07_ROWS, t07, strict=True)
            ),
            SRC,
            unit=MoneyUnit.WAN,
        ),
    )
    return Disclosure(
        "generated.txt", "celltext", "e" * 64, Metadata("某某局", 2023, MoneyUnit.WAN), tables
    )


@settings(max_examples=12, deadline=None)
@given(
    t07=st.lists(st.lists(cells, min_size=2, max_size=2), min_size=6, max_size=6),
    t05=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=5, max_size=5),
)
def test_xlsx_export_reads_back_to_the_stored_facts(
    t07: list[list[Decimal | None]], t05: list[list[Decimal | None]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with open_store(f"sqlite:///{folder}/j.db") as store:
            store.save(generated(t07, t05))
            (document,) = store.documents()
            facts = list(store.facts())
            disclosure_to_workbook(
                document, store.tables(document["id"]), facts, Path(folder) / "out.xlsx"
            )
        back = read(Path(folder) / "out.xlsx")
        expected = sorted(
            (f["table"], f["row_key"], f["column"], f["value"], f["label"]) for f in facts
        )
        assert (
            sorted((f.table, f.row_key, f.column, str(f.value), f.label) for f in back.facts())
            == expected
        )
