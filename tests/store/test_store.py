"""The Store on tiny disclosures built from the model: dedup, versions, findings, schema."""

from __future__ import annotations

import hashlib
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from juesuan.model import (
    Cell,
    CellRef,
    Disclosure,
    Finding,
    Metadata,
    MoneyUnit,
    Row,
    Severity,
    Source,
    Table,
)
from juesuan.report.model import Report, RuleOutcome, Status
from juesuan.store import disclosure_to_rows, open_store
from juesuan.store.models import Base, Failure, StoredFact
from juesuan.store.store import MIGRATIONS


def tiny_disclosure(
    total: str = "1081.09",
    unit_name: str | None = "某某局",
    year: int | None = 2023,
    sha: str = "a",
) -> Disclosure:
    src = Source(path="tiny.txt", line=7)
    t07 = Table(
        id="T07",
        title="财政拨款“三公”经费支出决算表",
        columns=("预算数", "决算数"),
        rows=(
            Row(
                "合计",
                "合    计",
                (
                    Cell("预算数", Decimal("1.50"), "1.50", src),
                    Cell("决算数", Decimal(total), total, src),
                ),
                src,
            ),
            Row(
                "公务接待费",
                "2、公务接待费",
                (Cell("预算数", None, "", src), Cell("决算数", Decimal("0.00"), "0.00", src)),
                src,
            ),
        ),
        source=src,
        unit=MoneyUnit.WAN,
    )
    return Disclosure(
        path="tiny.txt",
        format="celltext",
        sha256=sha if len(sha) == 64 else sha * 64,
        meta=Metadata(unit_name=unit_name, year=year, money_unit=MoneyUnit.WAN, scope="部门"),
        tables=(t07,),
        read_findings=(Finding("read.note", Severity.WARNING, "第3页无法读取"),),
    )


def tiny_report(disclosure: Disclosure) -> Report:
    finding = Finding(
        rule="T07.sum",
        severity=Severity.ERROR,
        message="“三公”经费合计不等于各项之和",
        table="T07",
        row_key="合计",
        column="决算数",
        expected=Decimal("0.00"),
        actual=Decimal("1081.09"),
        difference=Decimal("1081.09"),
        tolerance=Decimal("0.015"),
        source="line 7",
        cells=(CellRef("T07", "合计", "决算数", source="line 7", raw="1081.09"),),
    )
    return Report(
        path=disclosure.path,
        unit_name=disclosure.meta.unit_name,
        year=disclosure.meta.year,
        findings=(finding,),
        checked=(
            RuleOutcome("T07.sum", Status.FAIL),
            RuleOutcome("T08.sum", Status.NOT_APPLICABLE, "无数据"),
        ),
    )


def test_same_content_is_skipped_and_a_changed_copy_is_a_new_version(db_url: str) -> None:
    with open_store(db_url) as store:
        first = tiny_disclosure()
        assert not store.has_document(first.sha256)
        assert store.save(first, tiny_report(first)).status == "stored"
        assert store.has_document(first.sha256)
        assert store.save(first, tiny_report(first)).status == "skipped"
        changed = tiny_disclosure(total="1081.10", sha="b")
        result = store.save(changed, tiny_report(changed))
        assert (result.status, result.version) == ("new_version", 2)

        latest = [(f["row_key"], f["value"]) for f in store.facts()]
        assert latest == [("合计", "1.50"), ("合计", "1081.10"), ("公务接待费", "0.00")]
        every = [
            f["value"]
            for f in store.facts(latest=False)
            if f["column"] == "决算数" and f["row_key"] == "合计"
        ]
        assert every == ["1081.09", "1081.10"]
        assert store.count(StoredFact) == 6


def test_stored_facts_are_the_disclosure_facts_with_document_columns(db_url: str) -> None:
    disclosure = tiny_disclosure()
    with open_store(db_url) as store:
        store.save(disclosure)
        stored = list(store.facts())
    expected = [
        {**f.as_dict(), "unit_name": "某某局", "year": 2023, "document": "a" * 64}
        for f in disclosure.facts()
    ]
    assert stored == expected


def test_findings_keep_every_field(db_url: str) -> None:
    disclosure = tiny_disclosure()
    with open_store(db_url) as store:
        store.save(disclosure, tiny_report(disclosure))
        findings = list(store.findings())
    assert [(f["origin"], f["rule"], f["severity"]) for f in findings] == [
        ("read", "read.note", "warning"),
        ("check", "T07.sum", "error"),
    ]
    rule = findings[1]
    assert (rule["expected"], rule["actual"], rule["difference"], rule["tolerance"]) == (
        "0.00",
        "1081.09",
        "1081.09",
        "0.015",
    )
    assert (rule["table"], rule["row_key"], rule["column"], rule["source"]) == (
        "T07",
        "合计",
        "决算数",
        "line 7",
    )
    assert rule["message"] == "“三公”经费合计不等于各项之和"
    assert rule["cells"] == [
        {
            "table": "T07",
            "section": "",
            "row_key": "合计",
            "column": "决算数",
            "source": "line 7",
            "raw": "1081.09",
        }
    ]


def test_a_narrative_finding_keeps_its_quote(db_url: str) -> None:
    """Regression: the store had no ``quote`` column and dropped the sentence a finding is about."""
    disclosure = tiny_disclosure()
    sentence = "2023年度收入总计1081.09万元，比上年增加12.00万元。"
    finding = Finding(
        rule="narrative.amount",
        severity=Severity.ERROR,
        message="情况说明中的金额与表中不符",
        table="T01",
        quote=sentence,
    )
    report = Report(disclosure.path, disclosure.meta.unit_name, disclosure.meta.year, (finding,))
    with open_store(db_url) as store:
        store.save(disclosure, report)
        stored = [f for f in store.findings() if f["rule"] == "narrative.amount"]
    assert [f["quote"] for f in stored] == [sentence]


def test_documents_without_unit_or_year_are_never_taken_for_versions(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        assert store.save(tiny_disclosure(unit_name=None, sha="c")).status == "stored"
        assert store.save(tiny_disclosure(unit_name=None, sha="d")).status == "stored"
        assert len(store.documents()) == 2


def test_failures_are_recorded(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        store.record_failure("broken.pdf", "文件为空")
        assert [(f["path"], f["reason"]) for f in store.failures()] == [("broken.pdf", "文件为空")]
        assert store.count(Failure) == 1


def test_rows_cross_processes_by_pickle(sqlite_url: str) -> None:
    """A worker converts, the single writer stores: the rows survive pickling."""
    disclosure = tiny_disclosure()
    rows = pickle.loads(pickle.dumps(disclosure_to_rows(disclosure, tiny_report(disclosure))))
    same = pickle.loads(pickle.dumps((disclosure, tiny_report(disclosure))))
    with open_store(sqlite_url) as store:
        assert store.save(rows).status == "stored"
        assert store.save(*same).status == "skipped"


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    store = open_store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []


def test_reopening_an_existing_store_keeps_its_data(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        store.save(tiny_disclosure())
    with open_store(sqlite_url) as store:
        assert len(list(store.facts())) == 3


amounts = st.decimals(
    min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2, allow_nan=False
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=amounts)
def test_amounts_round_trip_exactly(sqlite_url: str, value: Decimal) -> None:
    text = str(value)
    with open_store(sqlite_url) as store:
        store.save(tiny_disclosure(total=text, sha=hashlib.sha256(text.encode()).hexdigest()))
        stored = {
            f["value"]
            for f in store.facts(latest=False)
            if f["row_key"] == "合计" and f["column"] == "决算数"
        }
    assert text in stored


def test_a_database_that_cannot_be_opened_is_one_clear_error() -> None:
    from juesuan.store import StoreError

    with pytest.raises(StoreError, match="无法打开数据库"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_migrating_an_older_database_keeps_its_data(tmp_path: Path) -> None:
    """A database at the first migration, with a document in it, is brought to the newest."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO documents (id, sha256, path, file_name, format, kind, partial, missing,"
                " version, is_latest, stored_at, errors, warnings, infos, unit_name, year)"
                " VALUES (1, :sha, 'old.txt', 'old.txt', 'celltext', '决算', 0, '[]', 1, 1,"
                " '2024-01-01', 0, 0, 0, '某某局', 2023)"
            ),
            {"sha": "f" * 64},
        )
        conn.execute(
            text(
                'INSERT INTO facts (document_id, position, "table", section, row_key, "column",'
                " value, amount, unit, source, path, label)"
                " VALUES (1, 0, 'T07', '', '合计', '决算数', '1.50', 1.5, '万元', 'line 7', 'old.txt', '合计')"
            )
        )
    engine.dispose()
    with open_store(url) as store:
        assert [(f["row_key"], f["value"], f["document"]) for f in store.facts()] == [
            ("合计", "1.50", "f" * 64)
        ]
        with store.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
                == ScriptDirectory.from_config(config).get_current_head()
            )
