"""jieba's word tables from a cache file, read a group of words at a time.

The indicator-fit measure (fit.py) tags a few hundred short texts with jieba and looks their
words up in jieba's IDF table. jieba loads its tables whole: the prefix dictionary (half a million
words and prefixes, at the first cut), the tag of each of its 350 000 words (read again from
dict.txt at ``import jieba.posseg``) and the IDF of 270 000 words (parsed from idf.txt at
``import jieba.analyse``): two seconds of CPU in a process that checks a document in well under
one. Cutting a text looks up only substrings of that text, so the three tables are kept in one
file of the user's cache directory, split by the words' first two characters, and only the parts a
text needs are read. The file also holds the two big tables of jieba.posseg's HMM (for words
jieba does not know: each character's states, each state's emissions), read in the same parts;
jieba's imports would build them whole (13 ms), and finalseg's emissions (6 ms), which tagging
never uses, are imported on first use (StandIn). jieba's own tagger cuts the texts, on the same
tables: the same words, tags and IDF values. Its imports are kept from work whose result is
replaced or unused: jieba without pkg_resources, jieba.posseg without its read of dict.txt
(import_jieba, import_posseg).

The file is written from jieba's own loading (the first process pays that once). It is keyed on
jieba's version and the size and modification time of its dictionary files and replaced
atomically; when it is missing, stale or damaged, jieba loads its tables as it always does, and
the file is written again. A check touches a few hundred of its 200 000 parts, so each part is
read where it lies when first needed, and its checksum is kept with its place (in the header,
itself checked at open, or in an index part) and checked then; a part found damaged, in the
middle of a cut, makes the tables jieba's own loading (Tables._repair), and the file is written
again.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import logging
import marshal
import os
import struct
import sys
import tempfile
import threading
import weakref
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

import platformdirs

log = logging.getLogger(__name__)

#: The file starts with this (the number changes with the layout), then PREFIX, the header
#: (marshal of key, total, size, heads, places, states, state places) and the parts, ``size``
#: bytes. The words of the four tables (FREQ, TAG, IDF, STATES) are grouped by their first two
#: characters (a one-character word by itself): the groups a text needs hold a few thousand
#: words, those of its first characters a few hundred thousand. Each first character (heads, a
#: sorted str) has an index part at its PLACE in places: a marshal of (the PLACE of its
#: one-character word's group or b"", the second characters of its groups as a sorted str, their
#: PLACEs). Then for each state of jieba.posseg's HMM, a marshal of its emission probabilities.
#: (A str and bytes, not a dict of tuples: unmarshalled 30 times faster.)
MAGIC = b"juesuan jieba tables 4\n"
PREFIX = struct.Struct("<QI")  # header size, CRC-32 of the header
PLACE = struct.Struct("<III")  # a part's offset after the header, size, CRC-32
FREQ, TAG, IDF, STATES = range(4)
#: word → frequency, tag, IDF; character → its HMM states (jieba.posseg's char_state_tab)
Shard = tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]
Index = tuple[bytes, str, bytes]  # a first character's: own PLACE, second characters, PLACEs
Key = tuple[Any, ...]

_loading = threading.Lock()


def cache_file() -> Path:
    return Path(platformdirs.user_cache_dir("juesuan", appauthor=False)) / "jieba-tables.bin"


def source_key(jieba: ModuleType) -> Key:
    """What the tables are made of: jieba's version, and its four files' size and mtime (its
    dictionary, its IDF table, and jieba.posseg's two HMM tables the file holds)."""
    package = Path(str(jieba.__file__)).parent
    files = (
        package / jieba.DEFAULT_DICT_NAME,
        package / "analyse" / "idf.txt",
        package / "posseg" / "char_state_tab.py",
        package / "posseg" / "prob_emit.py",
    )
    return (jieba.__version__, *((s.st_size, s.st_mtime_ns) for s in map(os.stat, files)))


# ---------------------------------------------------------------- the tables, read lazily


def empty() -> Shard:
    return {}, {}, {}, {}


class Damaged(ValueError):
    """A part of the file whose checksum is wrong."""


class Tables:
    """jieba's four tables; the words of one group (their first two characters) read on first
    use, and the emission probabilities of one HMM state.

    A part whose checksum is wrong is never unmarshalled: the first one found makes
    ``on_damage`` give every group, as jieba loads them, and the tables keep to those (and to
    jieba.posseg's own emission table)."""

    def __init__(
        self,
        total: int,
        heads: str,
        places: bytes,
        states: tuple[Any, ...],
        state_places: bytes,
        parts: PartReader,
        on_damage: Callable[[], dict[str, Shard]],
    ):
        self.total = total  # the sum of the dictionary's frequencies
        self._heads = heads  # the first characters, sorted
        self._places = places  # PLACE of each head's index in parts
        self._states = {state: number for number, state in enumerate(states)}
        self._state_places = state_places  # PLACE of each state's emissions in parts
        self._parts = parts
        self._on_damage = on_damage
        self._whole: dict[str, Shard] | None = None  # every group, once a part was damaged
        self._repairing = threading.Lock()
        self._indexes: dict[str, Index | None] = {}
        self._read: dict[str, Shard] = {}
        self.freq = Column(self, FREQ)  # a word or a prefix of one → frequency (0: a prefix)
        self.tags = Column(self, TAG)
        self.idf = Column(self, IDF)
        self.states = Column(self, STATES)
        self.emissions = Emissions(self)
        self._own_emissions = ModuleTable("jieba.posseg.prob_emit")  # once a part was damaged

    def shard(self, group: str) -> Shard:
        """The words whose first two characters are ``group`` (or the one-character word)."""
        shard = self._read.get(group)
        if shard is None:
            shard = self._read[group] = self._unmarshal(group)
        return shard

    def _unmarshal(self, group: str) -> Shard:
        if self._whole is None:
            try:
                place = self._place(group)
                if place is None:
                    return empty()
                shard: Shard = marshal.loads(self._verified(*place))
                return shard
            except Damaged:
                self._repair(group)
        assert self._whole is not None
        return self._whole.get(group) or empty()

    def _place(self, group: str) -> tuple[bytes, int] | None:
        """Where a group's part is: PLACEs and the number of its PLACE; None if it has none."""
        index = self._index(group[:1])
        if index is None:
            return None
        own, seconds, places = index
        if len(group) == 1:
            return (own, 0) if own else None
        number = seconds.find(group[1])
        return (places, number) if number >= 0 else None

    def _index(self, head: str) -> Index | None:
        if head not in self._indexes:
            number = self._heads.find(head) if len(head) == 1 else -1
            index = marshal.loads(self._verified(self._places, number)) if number >= 0 else None
            self._indexes[head] = index
        return self._indexes[head]

    def emission(self, state: Any) -> dict[str, float]:
        """The emission probabilities of one of jieba.posseg's HMM states."""
        if self._whole is None:
            number = self._states[state]  # KeyError, as jieba's table would
            try:
                emission: dict[str, float] = marshal.loads(
                    self._verified(self._state_places, number)
                )
                return emission
            except Damaged:
                self._repair(state)
        own: dict[str, float] = self._own_emissions[state]
        return own

    def _verified(self, places: bytes, number: int) -> bytes:
        """A part's bytes, from its PLACE; Damaged when its checksum is wrong (or the file has
        been cut short since it was opened)."""
        offset, size, checksum = PLACE.unpack_from(places, number * PLACE.size)
        blob = self._parts.read(offset, size)
        if len(blob) != size or zlib.crc32(blob) != checksum:
            raise Damaged("jieba tables: a part is damaged (checksum)")
        return blob

    def _repair(self, part: object) -> None:
        with self._repairing:
            if self._whole is None:
                log.debug("jieba tables: part %r damaged; loading jieba's own tables", part)
                self._whole = self._on_damage()

    def groups(self) -> Iterator[str]:
        """Every group (for the tests: jieba only looks words up)."""
        if self._whole is not None:
            yield from self._whole
            return
        for head in self._heads:
            own, seconds, _ = self._index(head) or (b"", "", b"")
            if own:
                yield head
            yield from (head + second for second in seconds)


class PartReader:
    """The parts of an open cache file, each read where it lies when it is first needed. Not a
    memory map: a file cut short by another program while a process uses it gives that process
    short parts, which fail their checksums (jieba's own loading then), where a mapping would
    kill it (SIGBUS)."""

    def __init__(self, file: BinaryIO, start: int):
        self.start = start  # where the parts begin in the file
        self._file = file
        self._lock = threading.Lock()
        weakref.finalize(self, file.close)

    def read(self, offset: int, size: int) -> bytes:
        if hasattr(os, "pread"):  # no shared file position: no lock
            return os.pread(self._file.fileno(), size, self.start + offset)
        with self._lock:
            self._file.seek(self.start + offset)
            return self._file.read(size)


class Emissions(dict[Any, dict[str, float]]):
    """jieba.posseg's emission table (state → character → log probability), each state's part
    read on first use. A dict, not a Mapping: jieba's viterbi looks states up in its inner loop.
    (It holds only the states looked up; jieba only looks them up.)"""

    def __init__(self, tables: Tables):
        super().__init__()
        self._tables = tables

    def __missing__(self, state: Any) -> dict[str, float]:
        emission = self[state] = self._tables.emission(state)
        return emission


class Column(Mapping[str, Any]):
    """One of the tables, standing in for the dict jieba keeps (jieba only looks words up)."""

    def __init__(self, tables: Tables, column: int):
        self._tables = tables
        self._column = column

    def _part(self, word: str) -> dict[str, Any]:
        return self._tables.shard(word[:2])[self._column]

    def get(self, word: str, default: Any = None) -> Any:
        return self._part(word).get(word, default)

    def __getitem__(self, word: str) -> Any:
        return self._part(word)[word]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._part(word)

    def __iter__(self) -> Iterator[str]:
        for group in self._tables.groups():
            yield from self._tables.shard(group)[self._column]

    def __len__(self) -> int:
        return sum(len(self._tables.shard(group)[self._column]) for group in self._tables.groups())


# ---------------------------------------------------------------- the cache file


def read_tables(
    path: Path, key: Key, on_damage: Callable[[], dict[str, Shard]] | None = None
) -> Tables:
    """The tables a cache file holds, its parts read when first needed; ValueError when its
    header is damaged or made of other sources, or the file is not of its size. A damaged part,
    found when first read, is on_damage's to replace (by default: ValueError)."""
    file = path.open("rb")
    try:
        start, total, heads, places, states, state_places = read_header(file, path, key)
    except BaseException:
        file.close()
        raise
    parts = PartReader(file, start)
    return Tables(total, heads, places, states, state_places, parts, on_damage or _refuse)


def read_header(file: BinaryIO, path: Path, key: Key) -> tuple[Any, ...]:
    """Where the parts start, and the header's tables (total, heads, places, states, state
    places), checked: its checksum, its key, and the file's size."""
    start = len(MAGIC) + PREFIX.size
    prefix = file.read(start)
    if prefix[: len(MAGIC)] != MAGIC or len(prefix) < start:
        raise ValueError(f"{path} is not a jieba tables file of this layout")
    header_size, checksum = PREFIX.unpack(prefix[len(MAGIC) :])
    header = file.read(header_size)
    if zlib.crc32(header) != checksum:
        raise ValueError(f"{path} is damaged (header checksum)")
    file_key, total, size, *tables = marshal.loads(header)
    if file_key != key:
        raise ValueError(f"{path} was made from other files ({file_key} ≠ {key})")
    if os.fstat(file.fileno()).st_size != start + header_size + size:
        raise ValueError(f"{path} is damaged (not {start + header_size + size} bytes long)")
    return (start + header_size, total, *tables)


def _refuse() -> dict[str, Shard]:
    raise Damaged("jieba tables: a part is damaged (checksum)")


def write_tables(
    path: Path,
    key: Key,
    freq: Mapping[str, int],
    total: int,
    tags: Mapping[str, str],
    idf: Mapping[str, float],
    states: Mapping[str, Any],
    emissions: Mapping[Any, dict[str, float]],
) -> None:
    """Write the tables, split by first two characters, replacing the file at once."""
    shards = split_by_group(freq, tags, idf, states)
    write_atomically(path, file_parts(key, total, shards, emissions))


def split_by_group(*tables: Mapping[str, Any]) -> dict[str, Shard]:
    """The four tables' words (FREQ, TAG, IDF, STATES) grouped by their first two characters."""
    shards: dict[str, Shard] = {}
    for column, table in enumerate(tables):
        for word, value in table.items():
            shard = shards.get(word[:2])
            if shard is None:
                shard = shards[word[:2]] = empty()
            shard[column][word] = value
    return shards


class Parts:
    """The parts of a file being written."""

    def __init__(self) -> None:
        self.blobs: list[bytes] = []
        self.size = 0

    def add(self, blob: bytes) -> bytes:
        """Add a part; its PLACE."""
        place = PLACE.pack(self.size, len(blob), zlib.crc32(blob))
        self.blobs.append(blob)
        self.size += len(blob)
        return place


def file_parts(
    key: Key, total: int, shards: dict[str, Shard], emissions: Mapping[Any, dict[str, float]]
) -> list[bytes]:
    """The file's bytes: MAGIC and PREFIX, the header, the parts (see MAGIC)."""
    if "" in shards:  # heads is a str of single characters
        raise ValueError("jieba tables: a word without a first character")
    seconds: dict[str, list[str]] = {}
    for group in sorted(shards):  # a one-character word first: "" before any second character
        seconds.setdefault(group[0], []).append(group[1:])
    parts, places = Parts(), []
    for head, tails in seconds.items():
        own = parts.add(marshal.dumps(shards[head])) if tails[0] == "" else b""
        rest = "".join(tails)  # the second characters ("" adds none)
        group_places = b"".join(parts.add(marshal.dumps(shards[head + c])) for c in rest)
        places.append(parts.add(marshal.dumps((own, rest, group_places))))
    states = tuple(emissions)
    state_places = b"".join(parts.add(marshal.dumps(emissions[state])) for state in states)
    heads, size = "".join(seconds), parts.size
    header = marshal.dumps((key, total, size, heads, b"".join(places), states, state_places))
    return [MAGIC + PREFIX.pack(len(header), zlib.crc32(header)), header, *parts.blobs]


def write_atomically(path: Path, parts: list[bytes]) -> None:
    """Write a temporary file beside ``path``, then move it into place: a reader sees the old
    file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(parts)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_quietly(path: Path, parts: Callable[[], list[bytes]]) -> None:
    """write_atomically, a failure only logged: no cache next time is never a reason to stop
    a check."""
    try:
        write_atomically(path, parts())
    except Exception:
        log.debug("could not write %s", path, exc_info=True)


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
    write_quietly(path, lambda: derived_parts(full_key, value))
    return value


def derived_parts(key: Key, value: Any) -> list[bytes]:
    body = marshal.dumps((key, value))
    return [DERIVED_MAGIC, DERIVED_PREFIX.pack(zlib.crc32(body)), body]


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


# ---------------------------------------------------------------- jieba's HMM tables, on use


class StandIn(ModuleType):
    """In sys.modules in place of one of jieba's HMM table modules, before jieba imports it: its
    table P is the module's own, imported on first use (the import of a big dict literal costs
    milliseconds, and the fit measure's cuts need some tables never), or the same table read in
    parts from the cache file."""

    def __init__(self, name: str, table: Mapping[Any, Any] | None = None):
        super().__init__(name)
        self.P = ModuleTable(name) if table is None else table


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


def stand_in(name: str, table: Mapping[Any, Any] | None = None) -> None:
    """A StandIn for a module not imported yet."""
    sys.modules.setdefault(name, StandIn(name, table))


# ---------------------------------------------------------------- jieba on the tables


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


def import_posseg(tables: Tables) -> ModuleType:
    """jieba.posseg, without reading dict.txt at its import for the tag table of its default
    tagger (a third of a second): it reads an empty file instead and then gets the tables'. Its
    HMM's two big tables (for words jieba does not know) are the tables' too, read in parts."""
    if "jieba.posseg" not in sys.modules:
        jieba = import_jieba()
        stand_in("jieba.posseg.char_state_tab", tables.states)
        stand_in("jieba.posseg.prob_emit", tables.emissions)
        jieba.dt.get_dict_file = io.BytesIO  # an instance attribute: hides the method a moment
        try:
            importlib.import_module("jieba.posseg")
        finally:
            del jieba.dt.get_dict_file
        sys.modules["jieba.posseg"].dt.word_tag_tab = tables.tags
    return sys.modules["jieba.posseg"]


def tagger_on(tables: Tables) -> Any:
    """jieba's part-of-speech tagger on the cached tables. jieba has no public way to hand a
    tokenizer its tables, so this is the one place that sets them (the tests compare the result
    with jieba's own loading)."""
    jieba = import_jieba()
    posseg = import_posseg(tables)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = tables.freq, tables.total, True
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)  # __init__ would read dict.txt
    tagger.tokenizer, tagger.word_tag_tab = tokenizer, tables.tags
    return tagger


def jiebas_own_tables() -> tuple[dict[str, Shard], int, dict[Any, dict[str, float]]]:
    """jieba's tables as jieba loads them (the prefix dictionary, the tags, the IDF table and
    jieba.posseg's HMM character states) split by first two characters, the dictionary's total, and
    jieba.posseg's HMM emissions."""
    import jieba.analyse
    import jieba.posseg

    jieba.dt.check_initialized()
    if isinstance(jieba.posseg.dt.word_tag_tab, Column):  # imported on a cache file: the tags
        own = jieba.posseg.POSTokenizer(jieba.dt)  # read from dict.txt as its import does
        jieba.posseg.dt.word_tag_tab = own.word_tag_tab
    tags: Mapping[str, str] = jieba.posseg.dt.word_tag_tab
    idf: Mapping[str, float] = jieba.analyse.default_tfidf.idf_freq
    states = own_table("jieba.posseg.char_state_tab")
    shards = split_by_group(jieba.dt.FREQ, tags, idf, states)
    return shards, jieba.dt.total, own_table("jieba.posseg.prob_emit")


def load_with_jieba(path: Path, key: Key) -> tuple[Any, Mapping[str, float]]:
    """jieba's default tagger and IDF table loaded by jieba, as always; then the cache written."""
    reload_with_jieba(path, key)
    posseg = sys.modules["jieba.posseg"]
    return posseg, sys.modules["jieba.analyse"].default_tfidf.idf_freq


def reload_with_jieba(path: Path, key: Key) -> dict[str, Shard]:
    """Every group as jieba loads the tables (also for a file found damaged in use); the cache
    file written again."""
    shards, total, emissions = jiebas_own_tables()
    write_quietly(path, lambda: file_parts(key, total, shards, emissions))
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
