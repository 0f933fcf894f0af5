"""A unit's budget and final accounts of one year in the store: two disclosures, and the 决算's
预算数 compared with the published budget (real SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from juesuan.model import Cell, Disclosure, Metadata, MoneyUnit, Row, Severity, Source, Table
from juesuan.model.money import parse_amount
from juesuan.model.tables import Fact
from juesuan.rules.budget_compare import Side, compare_with_budget
from juesuan.store import disclosure_to_rows, open_store
from juesuan.store.store import MIGRATIONS

KEYS = (
    "合计",
    "因公出国（境）费",
    "公务接待费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
)


def sangong(table_id: str, path: str, planned: tuple[str | None, ...], unit: MoneyUnit) -> Table:
    """A 三公 table whose 预算数 column prints ``planned`` for the six keys in order."""
    columns = ("预算数", "决算数") if table_id == "T07" else ("预算数",)
    rows = []
    for line, (key, raw) in enumerate(zip(KEYS, planned, strict=True), start=1):
        source = Source(path, page=3, line=line)
        cells = [Cell("预算数", parse_amount(raw or ""), raw or "", source)]
        if table_id == "T07":
            cells.append(Cell("决算数", parse_amount(raw or ""), raw or "", source))
        rows.append(Row(key, key, tuple(cells), source))
    return Table(table_id, "", columns, tuple(rows), Source(path, page=3), unit=unit)


def document(
    kind: str,
    planned: tuple[str | None, ...],
    unit: MoneyUnit = MoneyUnit.WAN,
    unit_name: str = "某某局",
    scope: str = "部门",
) -> Disclosure:
    path = f"{unit_name}_{kind}_{'_'.join(p or '-' for p in planned)}_{unit}.pdf"
    table_id = "T07" if kind == "决算" else "B07"
    return Disclosure(
        path=path,
        format="pdf",
        sha256=hashlib.sha256(path.encode()).hexdigest(),
        meta=Metadata(unit_name=unit_name, year=2024, money_unit=unit, scope=scope, kind=kind),
        tables=(sangong(table_id, path, planned, unit),),
    )


SAME = ("3.00", "1.00", "0.50", "1.50", None, "1.50")
#: 公务接待费 raised from 0.50 to 0.80 (and 合计 with it) during the year.
ADJUSTED = ("3.30", "1.00", "0.80", "1.50", None, "1.50")


def facts(disclosure: Disclosure) -> tuple[Fact, ...]:
    rows = disclosure_to_rows(disclosure).facts
    return tuple(
        Fact(**{k: r[k] for k in Fact.FIELDS if k != "value"}, value=Decimal(r["value"]))
        for r in rows
    )


def compare(final: Disclosure, budget: Disclosure) -> list:
    return compare_with_budget(Side("决算.pdf", facts(final)), Side("预算.pdf", facts(budget)))


# --------------------------------------------------------------------------- the comparison


def test_the_same_planned_amounts_give_nothing() -> None:
    assert compare(document("决算", SAME), document("预算", SAME)) == []


def test_an_adjusted_budget_is_a_warning_at_the_final_accounts_cell() -> None:
    found = compare(document("决算", ADJUSTED), document("预算", SAME))
    assert [(f.row_key, f.severity) for f in found] == [
        ("合计", Severity.WARNING),
        ("公务接待费", Severity.WARNING),
    ]
    reception = found[1]
    assert (reception.table, reception.column) == ("T07", "预算数")
    assert (reception.expected, reception.actual) == (Decimal("0.50"), Decimal("0.80"))
    assert reception.difference == Decimal("0.30") and reception.tolerance == Decimal("0.010")
    assert "预算.pdf: page 3" in reception.cells[1].source
    assert "公开的预算表B07" in reception.message and "调整" in reception.message


def test_a_cent_is_an_info() -> None:
    budget = ("3.00", "1.00", "0.51", "1.50", None, "1.50")
    found = compare(
        document("决算", ("3.00", "1.00", "0.50", "1.50", None, "1.50")), document("预算", budget)
    )
    assert [(f.row_key, f.severity) for f in found] == [("公务接待费", Severity.INFO)]


def test_a_budget_in_yuan_is_compared_in_wan() -> None:
    # 0.50 万元 = 5,000.00 元; 5,049.00 元 is 0.5049 万元, within 0.01 万元.
    in_yuan = ("30,000.00", "10,000.00", "5,049.00", "15,000.00", None, "15,000.00")
    (near,) = compare(document("决算", SAME), document("预算", in_yuan, MoneyUnit.YUAN))
    assert (near.row_key, near.severity) == ("公务接待费", Severity.INFO)
    assert near.expected == Decimal("0.5049") and near.tolerance == Decimal("0.010")
    beyond = ("30,000.00", "10,000.00", "6,000.00", "15,000.00", None, "15,000.00")
    (finding,) = compare(document("决算", SAME), document("预算", beyond, MoneyUnit.YUAN))
    assert finding.severity is Severity.WARNING
    assert (finding.expected, finding.actual) == (Decimal("0.6"), Decimal("0.50"))


def test_meetings_in_the_budget_total_leave_the_totals_uncompared() -> None:
    budget = document("预算", ("4.00", "1.00", "0.50", "1.50", None, "1.50"))
    table = budget.tables[0]
    extra = Row(
        "会议费", "会议费", (Cell("预算数", Decimal("1.00"), "1.00", table.source),), table.source
    )
    budget = replace(budget, tables=(replace(table, rows=(*table.rows, extra)),))
    assert compare(document("决算", SAME), budget) == []


# --------------------------------------------------------------------------- in the store


def test_budget_and_final_accounts_of_one_year_are_two_disclosures(db_url: str) -> None:
    with open_store(db_url) as store:
        final = store.save(document("决算", ADJUSTED))
        budget = store.save(document("预算", SAME))
        assert (final.status, final.version) == ("stored", 1)
        assert (budget.status, budget.version) == ("stored", 1)
        kinds = sorted(d["kind"] for d in store.documents())
        assert kinds == ["决算", "预算"]


@pytest.mark.parametrize("final_first", [True, False])
def test_the_comparison_is_stored_with_the_document_stored_second(
    db_url: str, final_first: bool
) -> None:
    final, budget = document("决算", ADJUSTED), document("预算", SAME)
    with open_store(db_url) as store:
        for d in (final, budget) if final_first else (budget, final):
            store.save(d)
        compared = [f for f in store.findings() if f["origin"] == "compare"]
        second = (budget if final_first else final).sha256
        assert {f["document"] for f in compared} == {second}
        assert sorted((f["table"], f["row_key"], f["severity"]) for f in compared) == sorted(
            [
                ("B07" if final_first else "T07", "合计", "warning"),
                ("B07" if final_first else "T07", "公务接待费", "warning"),
            ]
        )
        reception = next(f for f in compared if f["row_key"] == "公务接待费")
        assert (reception["expected"], reception["actual"]) == ("0.50", "0.80")
        stored = {d["sha256"]: d for d in store.documents()}
        assert stored[second]["warnings"] == 2
        document_id = stored[second]["id"]
        assert [f.row_key for f in store.budget_comparison(document_id)] == ["合计", "公务接待费"]


def test_no_comparison_with_another_unit_or_scope(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save(document("决算", ADJUSTED))
        store.save(document("预算", SAME, unit_name="另一局"))
        store.save(document("预算", SAME, scope="单位"))
        assert [f for f in store.findings() if f["origin"] == "compare"] == []


def test_kind_is_constrained(db_url: str) -> None:
    with open_store(db_url) as store, pytest.raises(IntegrityError):
        store.save(
            replace(
                document("决算", SAME), meta=Metadata(unit_name="某某局", year=2024, kind="草案")
            )
        )


def test_migrating_from_0002_keeps_documents_as_final_accounts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(
            text(
                "INSERT INTO documents (id, sha256, path, file_name, format, kind, partial, missing,"
                " version, is_latest, stored_at, errors, warnings, infos)"
                " VALUES (1, :sha, 'old.txt', 'old.txt', 'celltext', '', 0, '[]', 1, 1,"
                " '2024-01-01', 0, 0, 0)"
            ),
            {"sha": "e" * 64},
        )
    engine.dispose()
    with open_store(url) as store:
        assert [d["kind"] for d in store.documents()] == ["决算"]
