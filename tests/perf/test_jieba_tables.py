"""jieba's tables from the cache file: the same words, tags and IDF values as jieba's own loading,
and jieba's own loading whenever the file is missing, stale or damaged — also when a damaged
shard is found in the middle of a cut."""

from __future__ import annotations

import logging
import marshal
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


def cached(path: Path) -> jieba_tables.Tables:
    return read_tables(path, source_key(jieba_tables.import_jieba()))


def test_the_cached_tagger_cuts_as_jieba_does(cache):
    tagger, idf = load_tagger(cache)
    assert isinstance(tagger.word_tag_tab, Column) and isinstance(idf, Column)  # from the file
    assert differences(tagger, idf, INLINE + framework_phrases()) == []


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


def shard_start(path: Path, head: str) -> int:
    """Where the shard of a first character starts in the file."""
    data = path.read_bytes()
    start = len(jieba_tables.MAGIC) + jieba_tables.PREFIX.size
    header_size, _ = jieba_tables.PREFIX.unpack(data[len(jieba_tables.MAGIC) : start])
    _, _, heads, places = marshal.loads(data[start : start + header_size])
    offset, _, _ = jieba_tables.PLACE.unpack_from(
        places, heads.index(head) * jieba_tables.PLACE.size
    )
    return int(start + header_size + offset)


def test_jieba_loads_as_usual_when_the_header_is_damaged(cache, tmp_path):
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", len(jieba_tables.MAGIC) + 20)
    with pytest.raises(ValueError, match="header checksum"):
        cached(path)
    tagger, idf = load_tagger(path)  # jieba's own loading, and the file written again
    assert not isinstance(idf, Column)
    assert differences(tagger, idf, INLINE) == []
    assert cached(path).total == plain_jieba()[0].tokenizer.total


def test_a_damaged_shard_is_never_read(cache, tmp_path):
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", shard_start(cache, "残") + 7)
    tables = cached(path)  # only the header is checked at open
    assert tables.freq["质量"] == plain_jieba()[0].tokenizer.FREQ["质量"]
    with pytest.raises(ValueError, match="checksum"):
        tables.freq.get("残疾人")


def test_a_damaged_shard_found_in_a_cut_gives_jiebas_own_words(cache, tmp_path, caplog):
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", shard_start(cache, "残") + 7)
    caplog.set_level(logging.DEBUG, logger=jieba_tables.__name__)
    tagger, idf = load_tagger(path)
    assert isinstance(idf, Column)  # from the file: the damage is not seen yet
    assert differences(tagger, idf, INLINE) == []  # 残疾人: jieba's own tables from then on
    assert "damaged" in caplog.text
    plain, plain_idf = plain_jieba()
    rewritten = cached(path).shard("残")  # the file written again, whole
    assert rewritten[jieba_tables.FREQ] == {
        w: f for w, f in plain.tokenizer.FREQ.items() if w[0] == "残"
    }
    assert rewritten[jieba_tables.IDF] == {w: v for w, v in plain_idf.items() if w[0] == "残"}


def test_a_file_cut_short_is_not_read(cache, tmp_path):
    path = tmp_path / "jieba-tables.bin"
    path.write_bytes(cache.read_bytes()[:-1])
    with pytest.raises(ValueError, match="bytes long"):
        cached(path)


def test_a_file_of_other_sources_or_layout_is_not_read(tmp_path):
    path = tmp_path / "tables.bin"
    key = source_key(jieba_tables.import_jieba())
    write_tables(
        path, ("0.1", (1, 2), (3, 4)), {"中": 0, "中国": 5}, 5, {"中国": "ns"}, {"中国": 2.5}
    )
    with pytest.raises(ValueError, match="other files"):
        read_tables(path, key)
    tables = read_tables(path, ("0.1", (1, 2), (3, 4)))
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
    version, dictionary, idf = source_key(jieba)
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


def test_a_fresh_process_reads_the_file_and_leaves_jieba_whole(cache):
    """Without pkg_resources and without dict.txt read at import; jieba.posseg's own default
    tagger still tags as jieba does."""
    script = f"""
import sys
from pathlib import Path
from juesuan.perf.jieba_tables import Column, load_tagger
tagger, idf = load_tagger(Path({str(cache)!r}))
import jieba.posseg
assert isinstance(idf, Column) and "pkg_resources" not in sys.modules
text = "逐步提高残疾人生活质量，运维频道数量"
assert [tuple(p) for p in jieba.posseg.lcut(text)] == [tuple(p) for p in tagger.lcut(text)]
print("ok")
"""
    env_path = str(Path(jieba_tables.__file__).parents[2])
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_a_fresh_process_on_a_damaged_shard_gives_jiebas_own_words(cache, tmp_path):
    """jieba.posseg imported on the file (without dict.txt's tags), then a damaged shard: the
    tables, and jieba.posseg's own default tagger, become jieba's own loading."""
    path = damaged_copy(cache, tmp_path / "jieba-tables.bin", shard_start(cache, "残") + 7)
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
    env_path = str(Path(jieba_tables.__file__).parents[2])
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.stdout.strip() == repr((expected, expected)), done.stderr
