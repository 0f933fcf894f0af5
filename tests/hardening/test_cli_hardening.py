"""Issue 15 defects met at the command line: 3, 6, 8, 9, 14, 19 and bugs reported as bugs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hardening_kit import SEED, assert_says, juesuan


# --- 3: nothing of a disclosure is unreadable; narrative without tables is a warning --------
@pytest.mark.parametrize(
    "content",
    [
        "It was a dark and stormy night; the rain fell in torrents.\n" * 20,
        "   \n\t\n" * 5 + "x",
        "a",
        "第一章 风雪山神庙\n那雪正下得紧，林冲踏着碎琼乱玉，迤逦背着北风而行。\n",
    ],
    ids=["english", "whitespace", "one_byte", "novel"],
)
def test_3_nothing_recognised_is_unreadable(tmp_path: Path, content: str) -> None:
    path = tmp_path / "novel.txt"
    path.write_text(content, encoding="utf-8")
    for command in ("check", "facts", "parse"):
        run = juesuan(command, str(path))
        assert_says(run, str(path), "没有识别出")
        assert len(run.stderr.strip().splitlines()) == 1


def test_3_narrative_without_tables_is_a_disclosure_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "narrative.txt"
    path.write_text(
        "上海市普陀区教育局2023年度部门决算\n"
        "一、部门主要职责\n负责本区的教育工作。\n"
        "二、收入支出决算总体情况说明\n2023年度收入总计1,081.09万元。\n",
        encoding="utf-8",
    )
    run = juesuan("check", "--format", "json", str(path))
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)["documents"][0]
    assert report["unit_name"] == "上海市普陀区教育局"
    warnings = [f for f in report["findings"] if f["rule"] == "recognise.no_tables"]
    assert warnings and warnings[0]["severity"] == "warning"
    assert "没有识别出任何表格" in warnings[0]["message"]
    # The file was read to its end: it is a disclosure without tables, not a partial one.
    parsed = json.loads(juesuan("parse", str(path)).stdout)
    assert parsed["partial"] is False and parsed["narrative_sections"]


# --- 6: output that cannot be written: its own message, exit 2 (never 1, never a traceback) ---
def test_6_output_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dir" / "r.html"
    run = juesuan("check", str(SEED), "--format", "html", "-o", str(target))
    assert_says(run, "无法写入", str(target))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_6_output_onto_a_full_device() -> None:
    run = juesuan("check", str(SEED), "-o", "/dev/full")
    assert_says(run, "无法写入 /dev/full")


# --- 9: a FIFO among the inputs is skipped with a message, never opened -------------------
@pytest.mark.timeout(60)
def test_9_fifo_among_inputs_is_skipped(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = juesuan("check", str(fifo), str(SEED))
    assert_says(run, str(fifo), "命名管道")
    assert "汇总：1 份文档" in run.stdout  # the seed was still checked
    assert_says(juesuan("facts", str(fifo)), "命名管道")
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "inside.txt")
    shutil.copy(SEED, folder / "seed.txt")
    run = juesuan("facts", str(folder))
    assert_says(run, "inside.txt", "命名管道")
    assert len(run.stdout.splitlines()) > 200  # the seed's facts were given


@pytest.mark.timeout(120)
def test_9_fifo_in_ingest_is_a_failure_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    db = f"sqlite:///{tmp_path / 'j.db'}"
    run = juesuan("ingest", str(fifo), "--db", db, "--workers", "1", "--no-progress")
    assert run.exit_code == 1
    assert "命名管道" in run.stderr and "Traceback" not in run.stderr


# --- 14: --select with an unknown rule ------------------------------------------------------
def test_14_select_unknown_rule_is_refused(tmp_path: Path) -> None:
    run = juesuan("check", str(SEED), "--select", "t01.totl,T02.*")
    assert_says(run, "没有这样的规则", "t01.totl")
    assert "T02.*" not in run.stderr
    assert run.stdout == ""
    assert_says(juesuan("check", str(SEED), "--ignore", "nosuch"), "nosuch")


# --- 19: a directory means every file below it; a fake .doc; no internal names ------------
def test_19_directory_for_facts_and_parse(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(SEED, folder / "sub" / "b.txt")
    facts = juesuan("facts", str(folder))
    assert facts.exit_code == 0, facts.stderr
    lines = facts.stdout.splitlines()
    assert lines[0].startswith("table,") and lines.count(lines[0]) == 1  # one header
    paths = {line.rsplit(",", 2)[-2] for line in lines[1:]}
    assert paths == {str(folder / "a.txt"), str(folder / "sub" / "b.txt")}
    parsed = json.loads(juesuan("parse", str(folder)).stdout)
    assert [p["path"] for p in parsed] == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]


def test_19_fake_doc_is_not_called_an_xls_workbook(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000  # OLE magic, no directory
    path = tmp_path / "report.doc"
    path.write_bytes(ole)
    run = juesuan("facts", str(path))
    assert_says(run, str(path), "不是可读的 Word（.doc）或 Excel（.xls）文档")
    assert "XLS 工作簿" not in run.stderr


def test_19_a_bug_is_reported_as_a_bug_with_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import juesuan.recognise as recognise

    def broken(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("internal invariant")

    monkeypatch.setattr(recognise, "grid_to_disclosure", broken)
    for command in ("check", "facts"):
        run = juesuan(command, str(SEED))
        assert run.exit_code == 3, run.stderr
        line = run.stderr.strip().splitlines()[-1]
        assert line.startswith("juesuan 内部错误，请报告：AssertionError（详情见 ")
        assert "无法读取" not in run.stderr and "Traceback" not in run.stderr
        log = Path(line.split("详情见 ")[1].rstrip("）"))
        assert "internal invariant" in log.read_text(encoding="utf-8")


# --- 8: export xlsx from an empty database / several documents to one file name -----------
def test_8_export_xlsx_from_an_empty_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    from juesuan.store import open_store

    open_store(db).close()  # the schema, no document
    run = juesuan("export", "--db", db, "--format", "xlsx", "-o", str(tmp_path / "t.xlsx"))
    assert run.exit_code == 0, run.stderr
    assert "没有写出文件" in run.stderr and "Traceback" not in run.stderr


def test_8_export_several_documents_to_one_xlsx_name(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'two.db'}"
    first = tmp_path / "a.txt"
    first.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "b.txt"  # another unit: a different unit name
    other.write_text(
        SEED.read_text(encoding="utf-8").replace("南芬区工业和信息化局", "南芬区财政局"),
        encoding="utf-8",
    )
    assert juesuan("ingest", str(tmp_path), "--db", db, "--workers", "1").exit_code == 0
    target = tmp_path / "tables.xlsx"
    run = juesuan("export", "--db", db, "--format", "xlsx", "-o", str(target))
    assert_says(run, "请给出文件夹", "tables.xlsx")
    assert not target.exists()
    folder = tmp_path / "out"
    assert juesuan("export", "--db", db, "--format", "xlsx", "-o", str(folder)).exit_code == 0
    assert len(list(folder.glob("*.xlsx"))) == 2


# --- What a reviewer reads: a form is named, and a cut-off source is told from a reader failure ---
def test_partial_warning_names_the_form_and_says_the_source_ends(tmp_path: Path) -> None:
    run = juesuan("facts", str(SEED))
    assert (
        "P4 不完整（部门整体绩效运行监控表“本溪市南芬区工业和信息化局”，原文件在表中结束）"
        in run.stderr
    )
    lines = SEED.read_text(encoding="utf-8").split("\n")
    cut = (
        next(i for i, line in enumerate(lines) if line.strip() == "财政拨款收入支出决算总表") + 150
    )
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines[:cut]), encoding="utf-8")
    assert "T04 不完整（原文件在表中结束）" in juesuan("facts", str(path)).stderr


def test_text_and_html_locators_are_chinese_json_keeps_the_interface_form(tmp_path: Path) -> None:
    from juesuan.report.wording import in_chinese

    assert in_chinese("T06 301（line 1534）；page 8；sheet 公开01表!F33") == (
        "T06 301（第1534行）；第8页；工作表“公开01表”F33"
    )
    text = juesuan("check", str(SEED)).stdout
    assert "（第" in text and "行）" in text
    assert not __import__("re").search(r"（line \d+）", text)
    report = json.loads(juesuan("check", "--format", "json", str(SEED)).stdout)
    sources = [f["source"] for f in report["documents"][0]["findings"] if f["source"]]
    assert sources and all(s.startswith(("line ", "page ", "sheet ")) for s in sources)
