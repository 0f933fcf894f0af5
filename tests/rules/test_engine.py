"""The rule runner: outcomes, crashes, selection, config files, ordering."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from tablekit import consistent

from juesuan.model import Disclosure, Finding, Severity
from juesuan.report.model import Status
from juesuan.rules import engine
from juesuan.rules.engine import CRASH_CODE, document_order, load_rule_modules, run_rules
from juesuan.rules.registry import RULES, InsufficientData, NotApplicable, RuleSpec
from juesuan.rules.selection import (
    ConfigError,
    Selection,
    merge_selection,
    read_config,
    split_patterns,
)

load_rule_modules()


def add_rule(
    monkeypatch: pytest.MonkeyPatch, code: str, func, tags: tuple[str, ...] = ("test",)
) -> None:  # type: ignore[no-untyped-def]
    spec = RuleSpec(
        code=code, severity=Severity.ERROR, title=f"测试规则{code}", tables=(), tags=tags, func=func
    )
    monkeypatch.setitem(RULES, code, spec)


def crashing(disclosure: Disclosure) -> Iterator[Finding]:
    yield Finding(rule="test.crash", severity=Severity.ERROR, message="不会被保留")
    raise ZeroDivisionError("division by zero")


def info_only(disclosure: Disclosure) -> Iterator[Finding]:
    yield Finding(
        rule="test.info", severity=Severity.INFO, message="尾差", table="T02", source="line 3"
    )


def warning(disclosure: Disclosure) -> Iterator[Finding]:
    yield Finding(
        rule="test.warning",
        severity=Severity.WARNING,
        message="警告",
        table="T01",
        source="line 10",
    )


def not_applicable(disclosure: Disclosure) -> Iterator[Finding]:
    raise NotApplicable("没有此表")


def insufficient(disclosure: Disclosure) -> Iterator[Finding]:
    raise InsufficientData("表不完整")
    yield  # pragma: no cover


def status_of(report, code: str) -> Status:  # type: ignore[no-untyped-def]
    return next(o.status for o in report.checked if o.rule == code)


def test_a_crashing_rule_is_an_error_outcome_and_a_finding_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_rule(monkeypatch, "test.crash", crashing)
    report = run_rules(consistent())
    assert status_of(report, "test.crash") is Status.ERROR
    detail = next(o.detail for o in report.checked if o.rule == "test.crash")
    assert "ZeroDivisionError" in detail
    [crash] = [f for f in report.findings if f.rule == CRASH_CODE]
    assert crash.severity is Severity.ERROR
    assert "test.crash" in crash.message and "测试规则test.crash" in crash.message
    assert not any(f.rule == "test.crash" for f in report.findings)
    # the other rules still ran
    assert status_of(report, "t01.income_total") is Status.PASS


def test_each_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    for code, func in (
        ("test.info", info_only),
        ("test.warning", warning),
        ("test.na", not_applicable),
        ("test.insufficient", insufficient),
    ):
        add_rule(monkeypatch, code, func)
    report = run_rules(consistent(), select=frozenset({"test"}))
    assert {o.rule: o.status for o in report.checked} == {
        "test.info": Status.PASS,
        "test.warning": Status.FAIL,
        "test.na": Status.NOT_APPLICABLE,
        "test.insufficient": Status.INSUFFICIENT_DATA,
    }
    assert next(o.detail for o in report.checked if o.rule == "test.na") == "没有此表"
    assert not report.has_errors


def test_every_registered_rule_has_an_outcome() -> None:
    report = run_rules(consistent())
    assert [o.rule for o in report.checked] == sorted(RULES)


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ({"t07.total"}, set(), {"t07.total"}),
        ({"t07.*"}, set(), {"t07.total", "t07.vehicles"}),
        ({"t07.*"}, {"t07.vehicles"}, {"t07.total"}),
        ({"t07.*", "t06.public_total"}, {"t07.total"}, {"t07.vehicles", "t06.public_total"}),
        ({"T07.TOTAL"}, set(), {"t07.total"}),
    ],
)
def test_selection_by_code_tag_and_glob(
    select: set[str], ignore: set[str], expected: set[str]
) -> None:
    report = run_rules(consistent(), select=frozenset(select), ignore=frozenset(ignore))
    assert {o.rule for o in report.checked} == expected


def test_selection_by_tag() -> None:
    report = run_rules(consistent(), select=frozenset({"T07"}))
    expected = {code for code, spec in RULES.items() if "T07" in spec.tags}
    assert {"t07.total", "t07.vehicles"} <= expected
    assert {o.rule for o in report.checked} == expected


def test_ignore_alone_keeps_the_rest() -> None:
    report = run_rules(consistent(), ignore=frozenset({"within"}))
    ran = {o.rule for o in report.checked}
    assert not any(code.startswith("t0") for code in ran)
    assert ran == {code for code, spec in RULES.items() if "within" not in spec.tags}


def test_patterns_repeated_and_comma_separated() -> None:
    assert split_patterns(["t01.*, T07", "", "t02.row_total"]) == {"t01.*", "T07", "t02.row_total"}


def test_config_file_in_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_config() == Selection()
    (tmp_path / "juesuan.toml").write_text(
        'select = ["t07.*"]\nignore = "t07.vehicles"\n', encoding="utf-8"
    )
    config = read_config()
    assert config == Selection(select=frozenset({"t07.*"}), ignore=frozenset({"t07.vehicles"}))
    report = run_rules(consistent(), select=config.select, ignore=config.ignore)
    assert [o.rule for o in report.checked] == ["t07.total"]


def test_command_line_select_replaces_the_configs_and_ignore_adds() -> None:
    config = Selection(select=frozenset({"T01"}), ignore=frozenset({"t01.income_total"}))
    assert merge_selection(config, frozenset(), frozenset()) == config
    merged = merge_selection(config, frozenset({"T02"}), frozenset({"t02.hierarchy"}))
    assert merged == Selection(
        select=frozenset({"T02"}), ignore=frozenset({"t01.income_total", "t02.hierarchy"})
    )


@pytest.mark.parametrize("text", ["select = [1, 2]", "select = ["])
def test_a_bad_config_file_says_so(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        read_config(path)


def test_read_findings_are_in_the_report_first() -> None:
    read_finding = Finding(
        rule="read.page_unreadable", severity=Severity.WARNING, message="第3页无法读取"
    )
    source = consistent()
    report = run_rules(replace(source, read_findings=(read_finding,), missing=("第3页",)))
    assert report.findings[0] == read_finding
    assert report.partial and report.missing == ("第3页",)


def test_findings_in_document_order() -> None:
    def f(table: str, source: str) -> Finding:
        return Finding(rule="x", severity=Severity.INFO, message="", table=table, source=source)

    findings = [
        f("P1", "line 3000"),
        f("T02", "line 10"),
        f("X01", "line 2000"),
        f("T10", "line 1"),
        f("", ""),
        f("T02", "line 9"),
        f("T01", "page 3"),
    ]
    ordered = sorted(findings, key=document_order)
    assert [(x.table, x.source) for x in ordered] == [
        ("", ""),
        ("T01", "page 3"),
        ("T02", "line 9"),
        ("T02", "line 10"),
        ("T10", "line 1"),
        ("X01", "line 2000"),
        ("P1", "line 3000"),
    ]


def test_a_missing_or_broken_rule_module_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every rule module exists: one that is missing or cannot import is never skipped."""
    monkeypatch.setattr(engine, "RULE_MODULES", ("juesuan.rules.not_written_yet",))
    with pytest.raises(ModuleNotFoundError, match="not_written_yet"):
        load_rule_modules()
    (tmp_path / "broken_rules_for_test.py").write_text(
        "import no_such_dependency_xyz\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(engine, "RULE_MODULES", ("broken_rules_for_test",))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        load_rule_modules()


def test_rule_stamps_its_code_and_severity_on_what_it_yields() -> None:
    """Issue 15 code health: a rule need not restate its code and severity."""
    from juesuan.model.findings import Finding, Severity
    from juesuan.rules.registry import Defect, RuleSpec

    def body(_disclosure: object) -> list[Finding | Defect]:
        return [
            Defect("合计不符", table="T06", row_key="301"),
            Defect("尾差", severity=Severity.INFO, table="T06"),
            Finding(rule="", severity=Severity.WARNING, message="旧写法，无代码"),
            Finding(rule="x.other", severity=Severity.ERROR, message="旧写法，全写"),
        ]

    spec = RuleSpec("t06.sum", Severity.WARNING, "合计", ("T06",), (), body)  # type: ignore[arg-type]
    found = [spec.stamp(item) for item in body(None)]
    assert [(f.rule, f.severity, f.table) for f in found] == [
        ("t06.sum", Severity.WARNING, "T06"),
        ("t06.sum", Severity.INFO, "T06"),
        ("t06.sum", Severity.WARNING, ""),
        ("x.other", Severity.ERROR, ""),
    ]
    assert found[0].row_key == "301" and found[0].message == "合计不符"


# --- unknown cells (issue 15 defect 11): a formula saved without its value --------------------


def with_unknown(source: Disclosure, table_id: str, key: str, column: str) -> Disclosure:
    """A copy of ``source`` whose one cell holds a value the file did not save."""
    tables = []
    for table in source.tables:
        if table.id == table_id:
            rows = tuple(
                replace(r, cells=tuple(
                    replace(c, value=None, raw="", unknown=True) if c.column == column else c
                    for c in r.cells
                ))
                if r.key == key
                else r
                for r in table.rows
            )  # fmt: skip
            table = replace(table, rows=rows)
        tables.append(table)
    return replace(source, tables=tuple(tables))


def test_an_identity_with_an_unknown_cell_is_not_checked_and_says_why() -> None:
    doc = with_unknown(consistent(), "T02", "2010101", "本年收入合计")
    report, clean = run_rules(doc), run_rules(consistent())
    errors = [(f.rule, f.table, f.row_key) for f in report.findings if f.severity is Severity.ERROR]
    before = [(f.rule, f.table, f.row_key) for f in clean.findings if f.severity is Severity.ERROR]
    # counted as blank, 20101 (90.00) would differ from its 项 (30.00): a false error
    assert errors == before
    refused = {o.rule: o.detail for o in report.checked if o.status is Status.INSUFFICIENT_DATA}
    assert refused and all("2010101" in d and "值未知" in d for d in refused.values())
    assert status_of(report, "t01.income_total") is Status.PASS  # the other rules still run


def reads_directly(disclosure: Disclosure) -> Iterator[Finding]:
    """A rule that reads a value itself and takes a None for a blank."""
    yield Finding(
        rule="test.direct", severity=Severity.ERROR, message="空白", table="T02",
        row_key="2010101", column="本年收入合计",
    )  # fmt: skip


def test_a_finding_about_an_unknown_cell_becomes_insufficient_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_rule(monkeypatch, "test.direct", reads_directly)
    report = run_rules(with_unknown(consistent(), "T02", "2010101", "本年收入合计"))
    assert status_of(report, "test.direct") is Status.INSUFFICIENT_DATA
    assert not [f for f in report.findings if f.rule == "test.direct"]
    clean = run_rules(consistent(), select=frozenset({"test.direct"}))
    assert status_of(clean, "test.direct") is Status.FAIL
