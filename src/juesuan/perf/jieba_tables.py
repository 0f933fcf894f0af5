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
jieba's version and the size and modification time of its two dictionary files and replaced
atomically; when it is missing, stale or damaged, jieba loads its tables as it always does, and
the file is written again. It is mapped, not read: a check touches a few hundred of its 12 000
shards. So the header carries a checksum of each shard, checked when the shard is first read
(the header's own checksum is checked at open); a shard found damaged then, in the middle of a
cut, makes the tables jieba's own loading (Tables.shard), and the file is written again.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import logging
import marshal
import mmap
import os
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

#: The file starts with this (the number changes with the layout), then PREFIX, the header
#: (marshal of key, total, heads, places) and the shards: for each first character (heads, a
#: sorted str), a marshal of its words' parts of the three tables (FREQ, TAG, IDF), found at
#: its PLACE in places. (A str and bytes, not a dict of tuples: unmarshalled 30 times faster.)
MAGIC = b"juesuan jieba tables 2\n"
PREFIX = struct.Struct("<QI")  # header size, CRC-32 of the header
PLACE = struct.Struct("<QII")  # a shard's offset after the header, size, CRC-32
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
    """jieba's three tables; the words of one first character (a shard) read on first use.

    A shard whose checksum is wrong is never unmarshalled: the first one found makes
    ``on_damage`` give every shard, as jieba loads them, and the tables keep to those."""

    def __init__(
        self,
        total: int,
        heads: str,
        places: bytes,
        shards: memoryview,
        on_damage: Callable[[], dict[str, Shard]],
    ):
        self.total = total  # the sum of the dictionary's frequencies
        self._heads = heads  # the first characters, sorted
        self._places = places  # PLACE of each head's shard in shards
        self._shards = shards
        self._on_damage = on_damage
        self._whole: dict[str, Shard] | None = None  # every shard, once one was damaged
        self._repairing = threading.Lock()
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
        if self._whole is not None:
            return self._whole.get(head) or ({}, {}, {})
        number = self._heads.find(head) if len(head) == 1 else -1
        if number < 0:
            return {}, {}, {}
        offset, size, checksum = PLACE.unpack_from(self._places, number * PLACE.size)
        blob = self._shards[offset : offset + size]
        if zlib.crc32(blob) != checksum:
            return self._repaired(head)
        shard: Shard = marshal.loads(blob)
        return shard

    def _repaired(self, head: str) -> Shard:
        with self._repairing:
            if self._whole is None:
                log.debug("jieba tables: shard %r damaged; loading jieba's own tables", head)
                self._whole = self._on_damage()
        return self._whole.get(head) or ({}, {}, {})

    def heads(self) -> Iterator[str]:
        return iter(self._heads)


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


def read_tables(
    path: Path, key: Key, on_damage: Callable[[], dict[str, Shard]] | None = None
) -> Tables:
    """The tables a cache file holds, its shards mapped, not read; ValueError when its header
    is damaged or made of other sources, or the file is not of its size. A damaged shard, found
    when first read, is on_damage's to replace (by default: ValueError)."""
    with path.open("rb") as file:
        start = len(MAGIC) + PREFIX.size
        prefix = file.read(start)
        if prefix[: len(MAGIC)] != MAGIC or len(prefix) < start:
            raise ValueError(f"{path} is not a jieba tables file of this layout")
        header_size, checksum = PREFIX.unpack(prefix[len(MAGIC) :])
        header = file.read(header_size)
        if zlib.crc32(header) != checksum:
            raise ValueError(f"{path} is damaged (header checksum)")
        file_key, total, heads, places = marshal.loads(header)
        if file_key != key:
            raise ValueError(f"{path} was made from other files ({file_key} ≠ {key})")
        size = start + header_size + shards_size(places)
        if os.fstat(file.fileno()).st_size != size:
            raise ValueError(f"{path} is damaged (not {size} bytes long)")
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    return Tables(
        total, heads, places, memoryview(mapped)[start + header_size :], on_damage or _refuse
    )


def shards_size(places: bytes) -> int:
    """The size of the shards, from the last one's place."""
    if not places:
        return 0
    offset, size, _ = PLACE.unpack_from(places, len(places) - PLACE.size)
    return int(offset + size)


def _refuse() -> dict[str, Shard]:
    raise ValueError("jieba tables: a shard is damaged (checksum)")


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
    """The file's bytes: MAGIC and PREFIX, the header (key, total, heads, each shard's place
    and checksum), the shards."""
    if any(len(head) != 1 for head in shards):  # heads is a str of single characters
        raise ValueError("jieba tables: a word without a first character")
    heads = "".join(sorted(shards))
    blobs = [marshal.dumps(shards[head]) for head in heads]
    places, offset = [], 0
    for blob in blobs:
        places.append(PLACE.pack(offset, len(blob), zlib.crc32(blob)))
        offset += len(blob)
    header = marshal.dumps((key, total, heads, b"".join(places)))
    return [MAGIC + PREFIX.pack(len(header), zlib.crc32(header)), header, *blobs]


def write_atomically(path: Path, parts: list[bytes]) -> None:
    """Write a temporary file beside ``path``, then move it into place: a reader sees the old
    file or the whole new one."""
    import tempfile  # 3 ms: only a process that writes a file

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(parts)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


# ---------------------------------------------------------------- values found with jieba

#: A file of a value found with jieba's tables starts with this, then DERIVED_PREFIX and a
#: marshal of (key, value).
DERIVED_MAGIC = b"juesuan jieba derived 1\n"
DERIVED_PREFIX = struct.Struct("<I")  # CRC-32 of the marshal


def load_derived(path: Path, key: Key, find: Callable[[], Any]) -> Any:
    """A value ``find`` finds with jieba (marshallable), kept in a file: keyed on jieba's
    sources and ``key`` (what else the value is made of); found again, and the file written,
    when the file is missing, stale or damaged."""
    full_key = (source_key(import_jieba()), key)
    try:
        return read_derived(path, full_key)
    except Exception as error:  # missing, stale, damaged: found again
        log.debug("%s not read: %s", path, error)
    value = find()
    try:
        body = marshal.dumps((full_key, value))
        write_atomically(path, [DERIVED_MAGIC, DERIVED_PREFIX.pack(zlib.crc32(body)), body])
    except Exception:  # found again next time: never a reason to stop a check
        log.debug("could not write %s", path, exc_info=True)
    return value


def read_derived(path: Path, key: Key) -> Any:
    """The value a file keeps; ValueError when it is damaged or of another key."""
    data = path.read_bytes()
    start = len(DERIVED_MAGIC) + DERIVED_PREFIX.size
    if not data.startswith(DERIVED_MAGIC) or len(data) < start:
        raise ValueError("not a file of a value found with jieba")
    (checksum,) = DERIVED_PREFIX.unpack(data[len(DERIVED_MAGIC) : start])
    if zlib.crc32(data[start:]) != checksum:
        raise ValueError("damaged (checksum)")
    file_key, value = marshal.loads(data[start:])
    if file_key != key:
        raise ValueError("made from other files or of another version")
    return value


# ---------------------------------------------------------------- jieba on the tables


# ---------------------------------------------------------------- jieba's HMM tables, on use


class StandIn(ModuleType):
    """In sys.modules in place of one of jieba's HMM table modules, before jieba imports it: its
    table P is the module's own, imported on first use (the import of a big dict literal costs
    milliseconds, and the fit measure's cuts need some tables never, some rarely)."""

    def __init__(self, name: str):
        super().__init__(name)
        self.P = ModuleTable(name)


class ModuleTable(Mapping[Any, Any]):
    """The table P of one of jieba's HMM modules, the module's own dict imported on first use."""

    def __init__(self, name: str):
        self._name = name
        self._table: dict[Any, Any] | None = None

    def _own(self) -> dict[Any, Any]:
        if self._table is None:
            self._table = own_table(self._name)
        return self._table

    def get(self, key: Any, default: Any = None) -> Any:
        return self._own().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        return self._own()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._own())

    def __len__(self) -> int:
        return len(self._own())


def own_table(name: str) -> dict[Any, Any]:
    """The table P of one of jieba's HMM modules, as the module defines it (read from its file
    when a StandIn is in its place)."""
    module = sys.modules.get(name)
    if module is None or isinstance(module, StandIn):
        jieba = sys.modules["jieba"]
        *_, package, leaf = name.split(".")
        path = Path(str(jieba.__file__)).parent / package / f"{leaf}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    table: dict[Any, Any] = module.P
    return table


def stand_in(*names: str) -> None:
    """A StandIn for each of these modules not imported yet."""
    for name in names:
        sys.modules.setdefault(name, StandIn(name))


def import_jieba() -> ModuleType:
    """jieba, imported without pkg_resources unless something imported that already:
    jieba._compat imports it (a fifth of a second: it scans every installed distribution) only
    to open jieba's own data files, which it otherwise opens by path — the same files. The
    emission table of its HMM (jieba.finalseg, which jieba.posseg does not use) on first use."""
    if "jieba" not in sys.modules:
        stand_in("jieba.finalseg.prob_emit")
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
    tagger (a third of a second): it reads an empty file instead and then gets ``tags``. Its
    HMM's two big tables (of words jieba does not know) on first use."""
    if "jieba.posseg" not in sys.modules:
        jieba = import_jieba()
        stand_in("jieba.posseg.char_state_tab", "jieba.posseg.prob_emit")
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


def jiebas_own_tables() -> tuple[Mapping[str, int], int, Mapping[str, str], Mapping[str, float]]:
    """The prefix dictionary, its total, the tags and the IDF table, as jieba loads them."""
    import jieba.analyse
    import jieba.posseg

    jieba.dt.check_initialized()
    if isinstance(jieba.posseg.dt.word_tag_tab, Column):  # imported on a cache file: the tags
        own = jieba.posseg.POSTokenizer(jieba.dt)  # read from dict.txt as its import does
        jieba.posseg.dt.word_tag_tab = own.word_tag_tab
    tags: Mapping[str, str] = jieba.posseg.dt.word_tag_tab
    idf: Mapping[str, float] = jieba.analyse.default_tfidf.idf_freq
    return jieba.dt.FREQ, jieba.dt.total, tags, idf


def write_quietly(path: Path, key: Key, total: int, shards: dict[str, Shard]) -> None:
    try:
        write_atomically(path, file_parts(key, total, shards))
    except Exception:  # no cache next time: never a reason to stop a check
        log.debug("could not write %s", path, exc_info=True)


def load_with_jieba(path: Path, key: Key) -> tuple[Any, Mapping[str, float]]:
    """jieba's default tagger and IDF table loaded by jieba, as always; then the cache written."""
    freq, total, tags, idf = jiebas_own_tables()
    write_quietly(path, key, total, split_by_head(freq, tags, idf))
    return sys.modules["jieba.posseg"], idf


def reload_with_jieba(path: Path, key: Key) -> dict[str, Shard]:
    """Every shard as jieba loads the tables (for a file found damaged in use); the cache file
    written again."""
    freq, total, tags, idf = jiebas_own_tables()
    shards = split_by_head(freq, tags, idf)
    write_quietly(path, key, total, shards)
    return shards


def load_tagger(path: Path | None = None) -> tuple[Any, Mapping[str, float]]:
    """jieba's part-of-speech tagger (its ``lcut`` as jieba.posseg.lcut) and IDF table: on the
    cache file when it is current, else loaded by jieba (and the cache file written)."""
    with _loading:
        jieba = import_jieba()
        path = path or cache_file()
        key = source_key(jieba)
        try:
            tables = read_tables(path, key, on_damage=lambda: reload_with_jieba(path, key))
            return tagger_on(tables), tables.idf
        except Exception as error:  # missing, stale, damaged: jieba's own loading
            log.debug("jieba tables not read from the cache: %s", error)
            return load_with_jieba(path, key)
