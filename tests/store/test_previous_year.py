"""比上年增加X against the unit's stored previous year: ``juesuan check --db`` and ``juesuan
ingest`` with two constructed years of one unit in a real SQLite store (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import FINAL, juesuan

from juesuan.model.findings import Severity
from juesuan.pipeline import load, read
from juesuan.store import open_store
from juesuan.store.previous import stored_disclosure


def cells(*texts: str) -> str:
    """One row of cell-per-line text: each cell a TAB line, a blank line after the row."""
    return "".join(f"\t{text}\n" for text in texts) + "\n"


def year_document(year: int, total: str, change: str, unit: str = "某某局") -> str:
    """A 决算 of one unit whose T01 prints ``total`` and whose prose says 比上年增加 ``change``."""
    return (
        f"{unit}{year}年度部门决算\n收入支出决算总表\n"
        + cells("公开01表")
        + cells(f"单位：{unit}", f"{year}年度", "金额单位：万元")
        + cells("收入", "支出")
        + cells("项目", "行次", "决算数", "项目", "行次", "决算数")
        + cells("栏次", "", "1", "栏次", "", "2")
        + cells("一、一般公共预算财政拨款收入", "1", total, "一、一般公共服务支出", "32", total)
        + cells("本年收入合计", "2", total, "本年支出合计", "33", total)
        + cells("总计", "3", total, "总计", "34", total)
        + f"第三部分 {unit}{year}年度部门决算情况说明\n一、收入支出决算总体情况说明\n"
        + f"{year}年度收入支出总计{total}万元。与{year - 1}年度相比，收入支出总计增加{change}万元。\n"
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_json(path: Path, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    done = juesuan("check", str(path), "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    (document,) = json.loads(done.stdout)["documents"]
    return done.returncode, document


def last_year(document: dict) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in document["findings"] if f["rule"] == "narrative.previous_year"]


@pytest.fixture
def store_2023(tmp_path: Path) -> str:
    """A SQLite store holding the unit's 2023 disclosure (T01 总计 90.00万元), by juesuan ingest."""
    url = f"sqlite:///{tmp_path / 'juesuan.db'}"
    last = write(tmp_path, "2023.txt", year_document(2023, "90.00", "5.00"))
    done = juesuan("ingest", str(last), "--db", url)
    assert done.returncode == 0, done.stderr
    return url


def test_check_db_a_change_that_matches_last_year_says_nothing_wrong(
    tmp_path: Path, store_2023: str
) -> None:
    this = write(tmp_path, "2024.txt", year_document(2024, "100.00", "10.00"))
    status, document = check_json(this, "--db", store_2023, "--select", "narrative.*")
    assert last_year(document) == []
    assert {"rule": "narrative.previous_year", "status": "pass", "detail": ""} in document[
        "checked"
    ]
    assert status == 0


def test_check_db_a_wrong_change_is_an_error_on_its_sentence(
    tmp_path: Path, store_2023: str
) -> None:
    this = write(tmp_path, "2024.txt", year_document(2024, "100.00", "20.00"))
    status, document = check_json(this, "--db", store_2023, "--select", "narrative.*")
    (found,) = last_year(document)
    assert found["severity"] == "error"
    assert "增加20.00万元" in found["quote"]
    assert (found["expected"], found["actual"]) == ("90.00", "80.00")
    assert (found["table"], found["row_key"]) == ("T01", "总计")
    assert found["source"].startswith("line ")
    assert status == 1
    # without --db the same document is checked as before: nothing about last year
    _, alone = check_json(this)
    assert last_year(alone) == []
    assert all(o["rule"] != "narrative.previous_year" for o in alone["checked"])


def test_check_db_selects_the_previous_year_check_by_its_code(
    tmp_path: Path, store_2023: str
) -> None:
    """Regression: --select narrative.previous_year was refused as an unknown rule."""
    this = write(tmp_path, "2024.txt", year_document(2024, "100.00", "20.00"))
    status, document = check_json(this, "--db", store_2023, "--select", "narrative.previous_year")
    (found,) = last_year(document)
    assert (found["expected"], found["actual"], status) == ("90.00", "80.00", 1)
    assert [o["rule"] for o in document["checked"]] == ["narrative.previous_year"]


def test_check_db_without_a_previous_year_says_nothing(tmp_path: Path, store_2023: str) -> None:
    other_unit = write(tmp_path, "other.txt", year_document(2024, "100.00", "20.00", "另一局"))
    two_years_on = write(tmp_path, "2025.txt", year_document(2025, "100.00", "20.00"))
    for path in (other_unit, two_years_on):
        _, document = check_json(path, "--db", store_2023)
        assert last_year(document) == []
        assert all(o["rule"] != "narrative.previous_year" for o in document["checked"])


def test_check_db_respects_ignore(tmp_path: Path, store_2023: str) -> None:
    this = write(tmp_path, "2024.txt", year_document(2024, "100.00", "20.00"))
    _, document = check_json(this, "--db", store_2023, "--ignore", "narrative")
    assert last_year(document) == []


def test_check_db_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    this = write(tmp_path, "2024.txt", year_document(2024, "100.00", "10.00"))
    done = juesuan("check", str(this), "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert done.returncode == 2 and "juesuan:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(("change", "errors"), [("10.00", 0), ("20.00", 1)])
def test_ingest_stores_the_last_year_findings_with_the_new_document(
    tmp_path: Path, store_2023: str, change: str, errors: int
) -> None:
    this = write(tmp_path, "2024.txt", year_document(2024, "100.00", change))
    done = juesuan("ingest", str(this), "--db", store_2023)
    assert done.returncode == 0, done.stderr
    with open_store(store_2023) as store:
        stored = [f for f in store.findings() if f["origin"] == "last_year"]
        assert [(f["year"], f["severity"], f["row_key"]) for f in stored] == [
            (2024, "error", "总计")
        ][:errors]
        assert [f["year"] for f in store.findings() if f["rule"] == "narrative.previous_year"] == [
            2024
        ][:errors]
        counted = {d["year"]: d["errors"] for d in store.documents()}
        _, report = load(this)
        assert counted[2024] == report.count(Severity.ERROR) + errors


def test_a_stored_document_is_rebuilt_with_the_same_printed_cells(tmp_path: Path) -> None:
    """The previous year is read back from the store: its rebuilt tables give the same facts."""
    original = read(FINAL / "putuo_caizhengju_2024_final.pdf")
    with open_store(f"sqlite:///{tmp_path / 'juesuan.db'}") as store:
        saved = store.save(original)
        with store.engine.connect() as conn:
            rebuilt = stored_disclosure(conn, saved.document_id)
    assert rebuilt is not None
    assert rebuilt.meta == original.meta

    def printed(disclosure):  # type: ignore[no-untyped-def]
        return [(f.table, f.section, f.row_key, f.column, f.value) for f in disclosure.facts()]

    assert printed(rebuilt) == printed(original)
