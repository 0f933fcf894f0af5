"""jieba's tables from the cache file: the same words, tags and IDF values as jieba's own loading,
and jieba's own loading whenever the file is missing, stale or damaged — also when a damaged
shard is found in the middle of a cut."""

from __future__ import annotations

import logging
import os
import runpy
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from jieba_plain import cut, differences, plain_jieba

from juesuan.perf import jieba_tables
from juesuan.perf.jieba_tables import Column, load_tagger, read_tables, source_key, write_tables

#: Texts of the kinds the fit measure cuts: goals, indicators with numbers, Latin letters,
#: spaces and punctuation, words jieba does not know (its HMM joins them).
INLINE = [
    "逐步提高残疾人生活质量",
    "运维频道数量≥100个",
    "2023年度 COVID-19 疫情防控物资\r\n及必要生活物资。",
    "招商引资签约项目数量（个）；APP下载量3.5万次",
    "南芬区工信局推进数字化转型，新增规上企业",
    "满意度",
    "",
]
#: A text with words jieba does not know, and a state of jieba.posseg's HMM its cut looks up.
HMM_TEXT = "南芬区工信局推进数字化转型，漳湾镇赤溪村"
STATE_OF_HMM_TEXT = ("B", "ns")


def framework_phrases() -> list[str]:
    data = tomllib.loads(
        resources.files("juesuan.perf").joinpath("framework.toml").read_text("utf-8")
    )
    common = [t for terms in data["common"].values() for t in terms]
    return [*data["levels"], *common, *data["vocabulary"]["general"]]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache file written by load_tagger from jieba's own loading (the first run)."""
    path = tmp_path_factory.mktemp("cache") / "jieba-tables.bin"
    load_tagger(path)
    assert path.is_file()
    return path


def key() -> tuple:
    return source_key(jieba_tables.import_jieba())


def cached(path: Path) -> jieba_tables.Tables:
    return read_tables(path, key())


def test_the_cached_tagger_cuts_as_jieba_does(cache):
    tagger, idf = load_tagger(cache)
    assert isinstance(tagger.word_tag_tab, Column) and isinstance(idf, Column)  # from the file
    assert differences(tagger, idf, INLINE + framework_phrases()) == []


def hmm_table(module: str) -> dict:
    """The table P of one of jieba.posseg's HMM modules, run from its file."""
    package = Path(str(jieba_tables.import_jieba().__file__)).parent
    return runpy.run_path(str(package / "posseg" / f"{module}.py"))["P"]


def test_the_cached_hmm_tables_are_jiebas(cache):
    tables = cached(cache)
    states, emissions = hmm_table("char_state_tab"), hmm_table("prob_emit")
    assert dict(tables.states) == states
    assert all(list(tables.states[c]) == list(states[c]) for c in states)  # in jieba's order
    assert tables.emissions == {}  # each state read on first use
    for state, emission in emissions.items():
        assert list(tables.emissions[state].items()) == list(emission.items())
    assert tables.emissions == emissions
    with pytest.raises(KeyError):
        tables.emissions[("X", "no such state")]


def test_the_cached_tables_are_jiebas_tables(cache):
    plain, plain_idf = plain_jieba()
    tables = cached(cache)
    assert tables.total == plain.tokenizer.total
    assert dict(tables.freq) == plain.tokenizer.FREQ  # words and their prefixes (0)
    assert dict(tables.tags) == plain.word_tag_tab
    assert dict(tables.idf) == plain_idf
    assert len(tables.idf) == len(plain_idf)
    assert "残疾人" in tables.freq and "残疾人" in tables.tags and "残疾人" in tables.idf
    assert tables.idf.get("𠀀不是词", 1.5) == 1.5 and "𠀀不是词" not in tables.freq
    with pytest.raises(KeyError):
        tables.tags["𠀀不是词"]


def damaged_copy(cache: Path, path: Path, at: int) -> Path:
    data = bytearray(cache.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def group_start(path: Path, group: str) -> int:
    """Where the part of a group of words (their first two characters) starts in the file."""
    tables = cached(path)
    place = tables._place(group)
    assert place is not None
    return part_start(path, tables, *place)


def index_start(path: Path, head: str) -> int:
    """Where the index part of a first character starts in the file."""
    tables = cached(path)
    return part_start(path, tables, tables._places, tables._heads.index(head))


def emission_start(path: Path, state: tuple[str, str]) -> int:
    """Where the emissions of a state of jieba.posseg's HMM start in the file."""
    tables = cached(path)
    return part_start(path, tables, tables._state_places, tables._states[state])


def part_start(path: Path, tables: jieba_tables.Tables, places: bytes, number: int) -> int:
    """Where a part starts, from its PLACE: the parts end the file."""
    offset, _, _ = jieba_tables.PLACE.unpack_from(places, number * jieba_tables.PLACE.size)
    return tables._parts.start + offset


def test_jieba_loads_as_usual_when_the_header_is_damaged(cache, tmp_path):
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", len(jieba_tables.MAGIC) + 20)
    with pytest.raises(ValueError, match="header checksum"):
        cached(path)
    tagger, idf = load_tagger(path)  # jieba's own loading, and the file written again
    assert not isinstance(idf, Column)
    assert differences(tagger, idf, INLINE) == []
    assert cached(path).total == plain_jieba()[0].tokenizer.total


@pytest.mark.parametrize("part", [group_start, index_start])
def test_a_damaged_part_is_never_read(cache, tmp_path, part):
    damaged = part(cache, "残疾" if part is group_start else "残")
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", damaged + 7)
    tables = cached(path)  # only the header is checked at open
    assert tables.freq["质量"] == plain_jieba()[0].tokenizer.FREQ["质量"]
    with pytest.raises(ValueError, match="checksum"):
        tables.freq.get("残疾人")


def test_a_damaged_part_found_in_a_cut_gives_jiebas_own_words(cache, tmp_path, caplog):
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", group_start(cache, "残疾") + 7)
    caplog.set_level(logging.DEBUG, logger=jieba_tables.__name__)
    tagger, idf = load_tagger(path)
    assert isinstance(idf, Column)  # from the file: the damage is not seen yet
    assert differences(tagger, idf, INLINE) == []  # 残疾人: jieba's own tables from then on
    assert "damaged" in caplog.text
    plain, plain_idf = plain_jieba()
    rewritten = cached(path)  # the file written again, whole
    assert rewritten.shard("残疾")[jieba_tables.FREQ] == {
        w: f for w, f in plain.tokenizer.FREQ.items() if w[:2] == "残疾"
    }
    assert rewritten.shard("残疾")[jieba_tables.IDF] == {
        w: v for w, v in plain_idf.items() if w[:2] == "残疾"
    }


def test_a_damaged_emission_part_is_never_read(cache, tmp_path):
    state = STATE_OF_HMM_TEXT
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", emission_start(cache, state) + 9)
    with pytest.raises(ValueError, match="checksum"):
        cached(path).emissions[state]
    repairs = []
    tables = read_tables(path, key(), on_damage=lambda: repairs.append(1) or {})
    assert tables.emissions[state] == hmm_table("prob_emit")[state]  # jieba's own
    assert repairs == [1]


def test_a_file_cut_short_is_not_read(cache, tmp_path):
    path = tmp_path / "jieba-tables.bin"
    path.write_bytes(cache.read_bytes()[:-1])
    with pytest.raises(ValueError, match="bytes long"):
        cached(path)


def test_a_file_cut_short_while_in_use_gives_jiebas_own_words(cache, tmp_path):
    """Another program cutting the file in place while a process reads it: the parts beyond
    the cut come back short and fail their checksums (a memory map would have killed the
    process with SIGBUS); jieba's own tables answer from then on."""
    path = tmp_path / "jieba-tables.bin"
    path.write_bytes(cache.read_bytes())
    cut_at = group_start(path, "残疾")
    tables = cached(path)
    tagger, idf = load_tagger(path)
    assert isinstance(idf, Column)  # from the file
    os.truncate(path, cut_at)
    assert tables.freq["中国"] == plain_jieba()[0].tokenizer.FREQ["中国"]  # before the cut
    with pytest.raises(ValueError, match="checksum"):
        tables.freq.get("残疾人")
    assert differences(tagger, idf, INLINE) == []  # 残疾人 lay beyond the cut


def test_a_file_of_other_sources_or_layout_is_not_read(tmp_path):
    path = tmp_path / "tables.bin"
    key = source_key(jieba_tables.import_jieba())
    states, emissions = {"中": (("B", "ns"),)}, {("B", "ns"): {"中": -1.5}}
    write_tables(
        path,
        ("0.1", (1, 2)),
        {"中": 0, "中国": 5},
        5,
        {"中国": "ns"},
        {"中国": 2.5},
        states,
        emissions,
    )
    with pytest.raises(ValueError, match="other files"):
        read_tables(path, key)
    tables = read_tables(path, ("0.1", (1, 2)))
    assert (tables.freq["中国"], tables.tags["中国"], tables.idf["中国"]) == (5, "ns", 2.5)
    assert dict(tables.freq) == {"中": 0, "中国": 5} and "国" not in tables.freq
    path.write_bytes(path.read_bytes()[:100])  # cut short
    with pytest.raises(ValueError):
        read_tables(path, key)
    path.write_bytes(b"something else entirely")
    with pytest.raises(ValueError, match="not a jieba tables file"):
        read_tables(path, key)


def test_the_key_follows_jiebas_version_and_files():
    jieba = jieba_tables.import_jieba()
    version, dictionary, idf, *hmm = source_key(jieba)
    assert len(hmm) == 2
    assert version == jieba.__version__
    from jieba.analyse.tfidf import DEFAULT_IDF

    assert Path(DEFAULT_IDF).stat().st_size == idf[0]
    with jieba.get_dict_file() as dictionary_file:
        assert Path(dictionary_file.name).stat().st_size == dictionary[0]


def test_an_unwritable_cache_leaves_jiebas_own_loading(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    tagger, idf = load_tagger(blocker / "jieba-tables.bin")  # its folder cannot be made
    assert differences(tagger, idf, INLINE[:2]) == []


def run_python(script: str) -> str:
    env_path = str(Path(jieba_tables.__file__).parents[2])
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


CUTS = f"""
TEXTS = {[*INLINE, HMM_TEXT]!r}
def cuts(lcut):
    return [[tuple(p) for p in lcut(t)] for t in TEXTS]
"""


@pytest.fixture(scope="module")
def plain_cuts() -> str:
    """Cuts by jieba alone, in a process of its own: its part-of-speech tagger's, its plain
    cutter's (jieba.finalseg's HMM)."""
    return run_python(
        CUTS
        + "import jieba, jieba.posseg\nprint(repr((cuts(jieba.posseg.lcut), cuts(jieba.lcut))))"
    )


def test_a_fresh_process_reads_the_file_and_leaves_jieba_whole(cache, plain_cuts):
    """Without pkg_resources, without dict.txt read at import, with jieba's HMM tables read in
    parts or on first use: the tagger, jieba.posseg's own default tagger and jieba's plain
    cutter cut as jieba alone does."""
    script = f"""
import sys
from pathlib import Path
from juesuan.perf.jieba_tables import Column, Emissions, load_tagger
tagger, idf = load_tagger(Path({str(cache)!r}))
import jieba, jieba.posseg
assert isinstance(idf, Column) and "pkg_resources" not in sys.modules
tagged = cuts(tagger.lcut)
assert isinstance(jieba.posseg.emit_P, Emissions) and {STATE_OF_HMM_TEXT!r} in jieba.posseg.emit_P
assert sys.modules["jieba.finalseg.prob_emit"].P._table is None  # never used by the tagger
assert tagged == cuts(jieba.posseg.lcut)
print(repr((tagged, cuts(jieba.lcut))))
"""
    assert run_python(CUTS + script) == plain_cuts


def test_a_fresh_process_on_a_damaged_emission_part_cuts_as_jieba(cache, plain_cuts, tmp_path):
    state = STATE_OF_HMM_TEXT
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", emission_start(cache, state) + 9)
    script = f"""
from pathlib import Path
from juesuan.perf.jieba_tables import load_tagger
tagger, idf = load_tagger(Path({str(path)!r}))
import jieba, jieba.posseg
print(repr((cuts(tagger.lcut), cuts(jieba.lcut))))
"""
    assert run_python(CUTS + script) == plain_cuts
    assert cached(path).emissions[state] == hmm_table("prob_emit")[state]  # written again


def test_a_fresh_process_on_a_damaged_shard_gives_jiebas_own_words(cache, tmp_path):
    """jieba.posseg imported on the file (without dict.txt's tags), then a damaged shard: the
    tables, and jieba.posseg's own default tagger, become jieba's own loading."""
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", group_start(cache, "残疾") + 7)
    texts = INLINE[:2]
    plain, plain_idf = plain_jieba()
    expected = [cut(plain, plain_idf, t) for t in texts]
    script = f"""
from pathlib import Path
from juesuan.perf.jieba_tables import Column, load_tagger
tagger, idf = load_tagger(Path({str(path)!r}))
import jieba.posseg
assert isinstance(idf, Column)
cuts = [[(w.word, w.flag, idf.get(w.word, float("inf"))) for w in tagger.lcut(t)] for t in {texts!r}]
assert not isinstance(jieba.posseg.dt.word_tag_tab, Column)
own = [[(w.word, w.flag, idf.get(w.word, float("inf"))) for w in jieba.posseg.lcut(t)] for t in {texts!r}]
print(repr((cuts, own)))
"""
    assert run_python(script) == repr((expected, expected))
