"""jieba's word tables from a cache file, read one first character at a time.

The indicator-fit measure (fit.py) tags a few hundred short texts with jieba and looks their
words up in jieba's IDF table. jieba loads its tables whole: the prefix dictionary (half a million
words and prefixes, at the first cut), the tag of each of its 350 000 words (read again from
dict.txt at ``import jieba.posseg``) and the IDF of 270 000 words (parsed from idf.txt at
``import jieba.analyse``): two seconds of CPU in a process that checks a document in well under
one. Cutting a text looks up only substrings of that text, so the three tables are kept in one
file of the user's cache directory, split by the words' first character, and only the parts a
text needs are read. jieba's own tagger cuts the texts, on the same tables: the same words, tags
and IDF values. Its imports are kept from work whose result is replaced or unused: jieba without
pkg_resources, jieba.posseg without its read of dict.txt (import_jieba, import_posseg).

The file is written from jieba's own loading (the first process pays that once). It is keyed on
jieba's version and the size and modification time of its two dictionary files, carries a
checksum, and is replaced atomically; when it is missing, stale or damaged, jieba loads its
tables as it always does, and the file is written again.
"""

from __future__ import annotations

import importlib
import io
import logging
import marshal
import os
import struct
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

#: The file starts with this (the number changes with the layout), then PREFIX, the header
#: (marshal of key, total, index) and the shards: for each first character, a marshal of its
#: words' parts of the three tables (FREQ, TAG, IDF).
MAGIC = b"juesuan jieba tables 1\n"
PREFIX = struct.Struct("<QI")  # header size, CRC-32 of everything after the prefix
FREQ, TAG, IDF = range(3)
Shard = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]  # word → frequency, tag, IDF
Key = tuple[Any, ...]

_loading = threading.Lock()


def cache_file() -> Path:
    return Path(platformdirs.user_cache_dir("juesuan", appauthor=False)) / "jieba-tables.bin"


def source_key(jieba: ModuleType) -> Key:
    """What the tables are made of: jieba's version, and its two files' size and mtime."""
    package = Path(str(jieba.__file__)).parent
    files = (package / jieba.DEFAULT_DICT_NAME, package / "analyse" / "idf.txt")
    return (jieba.__version__, *((s.st_size, s.st_mtime_ns) for s in map(os.stat, files)))


# ---------------------------------------------------------------- the tables, read lazily


class Tables:
    """jieba's three tables; the words of one first character (a shard) read on first use."""

    def __init__(self, total: int, index: dict[str, tuple[int, int]], shards: memoryview):
        self.total = total  # the sum of the dictionary's frequencies
        self._index = index  # first character → (offset, size) in shards
        self._shards = shards
        self._read: dict[str, Shard] = {}
        self.freq = Column(self, FREQ)  # a word or a prefix of one → frequency (0: a prefix)
        self.tags = Column(self, TAG)
        self.idf = Column(self, IDF)

    def shard(self, head: str) -> Shard:
        shard = self._read.get(head)
        if shard is None:
            shard = self._read[head] = self._unmarshal(head)
        return shard

    def _unmarshal(self, head: str) -> Shard:
        if head not in self._index:
            return {}, {}, {}
        offset, size = self._index[head]
        shard: Shard = marshal.loads(self._shards[offset : offset + size])
        return shard

    def heads(self) -> Iterator[str]:
        return iter(self._index)


class Column(Mapping[str, Any]):
    """One of the tables, standing in for the dict jieba keeps (jieba only looks words up)."""

    def __init__(self, tables: Tables, column: int):
        self._tables = tables
        self._column = column

    def _part(self, word: str) -> dict[str, Any]:
        return self._tables.shard(word[:1])[self._column]

    def get(self, word: str, default: Any = None) -> Any:
        return self._part(word).get(word, default)

    def __getitem__(self, word: str) -> Any:
        return self._part(word)[word]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._part(word)

    def __iter__(self) -> Iterator[str]:
        for head in self._tables.heads():
            yield from self._tables.shard(head)[self._column]

    def __len__(self) -> int:
        return sum(len(self._tables.shard(head)[self._column]) for head in self._tables.heads())


# ---------------------------------------------------------------- the cache file


def read_tables(path: Path, key: Key) -> Tables:
    """The tables a cache file holds; ValueError when it is damaged or made of other sources."""
    data = memoryview(path.read_bytes())
    start = len(MAGIC) + PREFIX.size
    if data[: len(MAGIC)] != MAGIC:
        raise ValueError(f"{path} is not a jieba tables file of this layout")
    header_size, checksum = PREFIX.unpack(data[len(MAGIC) : start])
    if zlib.crc32(data[start:]) != checksum:
        raise ValueError(f"{path} is damaged (checksum)")
    file_key, total, index = marshal.loads(data[start : start + header_size])
    if file_key != key:
        raise ValueError(f"{path} was made from other files ({file_key} ≠ {key})")
    return Tables(total, index, data[start + header_size :])


def write_tables(
    path: Path,
    key: Key,
    freq: Mapping[str, int],
    total: int,
    tags: Mapping[str, str],
    idf: Mapping[str, float],
) -> None:
    """Write the tables, split by first character, replacing the file at once."""
    write_atomically(path, file_parts(key, total, split_by_head(freq, tags, idf)))


def split_by_head(
    freq: Mapping[str, int], tags: Mapping[str, str], idf: Mapping[str, float]
) -> dict[str, Shard]:
    """The three tables' words grouped by their first character."""
    shards: dict[str, Shard] = {}
    for column, table in enumerate((freq, tags, idf)):
        for word, value in table.items():
            shard = shards.get(word[:1])
            if shard is None:
                shard = shards[word[:1]] = ({}, {}, {})
            shard[column][word] = value
    return shards


def file_parts(key: Key, total: int, shards: dict[str, Shard]) -> list[bytes]:
    """The file's bytes: MAGIC and PREFIX, the header (key, total, each shard's place), the
    shards."""
    blobs = [(head, marshal.dumps(shards[head])) for head in sorted(shards)]
    index, offset = {}, 0
    for head, blob in blobs:
        index[head] = (offset, len(blob))
        offset += len(blob)
    body = [marshal.dumps((key, total, index)), *(blob for _, blob in blobs)]
    checksum = 0
    for part in body:
        checksum = zlib.crc32(part, checksum)
    return [MAGIC + PREFIX.pack(len(body[0]), checksum), *body]


def write_atomically(path: Path, parts: list[bytes]) -> None:
    """Write a temporary file beside ``path``, then move it into place: a reader sees the old
    file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".jieba-tables-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(parts)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


# ---------------------------------------------------------------- jieba on the tables


def import_jieba() -> ModuleType:
    """jieba, imported without pkg_resources unless something imported that already:
    jieba._compat imports it (a fifth of a second: it scans every installed distribution) only
    to open jieba's own data files, which it otherwise opens by path — the same files."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails: fallback
        try:
            importlib.import_module("jieba")
        finally:
            del sys.modules["pkg_resources"]
    jieba = importlib.import_module("jieba")
    jieba.setLogLevel(logging.WARNING)
    return jieba


def import_posseg(tags: Mapping[str, str]) -> ModuleType:
    """jieba.posseg, without reading dict.txt at its import for the tag table of its default
    tagger (a third of a second): it reads an empty file instead and then gets ``tags``."""
    if "jieba.posseg" not in sys.modules:
        jieba = import_jieba()
        jieba.dt.get_dict_file = io.BytesIO  # an instance attribute: hides the method a moment
        try:
            importlib.import_module("jieba.posseg")
        finally:
            del jieba.dt.get_dict_file
        sys.modules["jieba.posseg"].dt.word_tag_tab = tags
    return sys.modules["jieba.posseg"]


def tagger_on(tables: Tables) -> Any:
    """jieba's part-of-speech tagger on the cached tables. jieba has no public way to hand a
    tokenizer its tables, so this is the one place that sets them (the tests compare the result
    with jieba's own loading)."""
    jieba = import_jieba()
    posseg = import_posseg(tables.tags)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = tables.freq, tables.total, True
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)  # __init__ would read dict.txt
    tagger.tokenizer, tagger.word_tag_tab = tokenizer, tables.tags
    return tagger


def load_with_jieba(path: Path, key: Key) -> tuple[Any, Mapping[str, float]]:
    """jieba's default tagger and IDF table loaded by jieba, as always; then the cache written."""
    import jieba.analyse
    import jieba.posseg

    jieba.dt.check_initialized()
    idf: Mapping[str, float] = jieba.analyse.default_tfidf.idf_freq
    try:
        write_tables(path, key, jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab, idf)
    except Exception:  # no cache next time: never a reason to stop a check
        log.debug("could not write %s", path, exc_info=True)
    return jieba.posseg, idf


def load_tagger(path: Path | None = None) -> tuple[Any, Mapping[str, float]]:
    """jieba's part-of-speech tagger (its ``lcut`` as jieba.posseg.lcut) and IDF table: on the
    cache file when it is current, else loaded by jieba (and the cache file written)."""
    with _loading:
        jieba = import_jieba()
        path = path or cache_file()
        key = source_key(jieba)
        try:
            tables = read_tables(path, key)
            return tagger_on(tables), tables.idf
        except Exception as error:  # missing, stale, damaged: jieba's own loading
            log.debug("jieba tables not read from the cache: %s", error)
            return load_with_jieba(path, key)
