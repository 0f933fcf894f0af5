"""The framework's general words kept in the cache directory: the same words as segmenting the
framework, and found again when the file is missing, stale or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.perf import fit, jieba_tables


def never() -> frozenset[str]:
    raise AssertionError("the words were found again, not read")


@pytest.fixture(scope="module")
def found() -> frozenset[str]:
    return fit.find_general_words()


@pytest.fixture
def kept(tmp_path: Path, found: frozenset[str]) -> Path:
    path = tmp_path / "framework-words.bin"
    assert fit.general_words(path) == found  # found, and the file written
    assert path.is_file()
    return path


def test_the_kept_words_are_the_framework_segmented(kept, found, monkeypatch):
    assert fit.load_framework().general == found
    monkeypatch.setattr(fit, "find_general_words", never)
    assert fit.general_words(kept) == found
    assert set(fit._framework_data()["vocabulary"]["general"]) < found and len(found) > 100


def found_again(path: Path, monkeypatch: pytest.MonkeyPatch) -> frozenset[str]:
    calls = []

    def counted() -> frozenset[str]:
        calls.append(1)
        return frozenset({"词"})

    monkeypatch.setattr(fit, "find_general_words", counted)
    words = fit.general_words(path)
    assert calls == [1] and words == {"词"}
    monkeypatch.setattr(fit, "find_general_words", never)
    assert fit.general_words(path) == {"词"}  # and the file written again
    return words


def test_a_damaged_file_is_found_again(kept, monkeypatch):
    data = bytearray(kept.read_bytes())
    data[-3] ^= 0xFF
    kept.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="checksum"):
        jieba_tables.read_derived(kept, ())
    found_again(kept, monkeypatch)


def test_another_version_or_framework_is_found_again(kept, monkeypatch):
    monkeypatch.setattr(fit, "GENERAL_WORDS_VERSION", fit.GENERAL_WORDS_VERSION + 1)
    found_again(kept, monkeypatch)
    monkeypatch.undo()
    monkeypatch.setattr(fit, "_framework_bytes", lambda: fit.FRAMEWORK.read_bytes() + b"\n")
    found_again(kept, monkeypatch)


def test_other_jieba_sources_are_found_again(kept, monkeypatch):
    monkeypatch.setattr(jieba_tables, "source_key", lambda jieba: ("0.0", (1, 2), (3, 4)))
    found_again(kept, monkeypatch)


def test_a_missing_or_foreign_file_is_found_again(tmp_path, monkeypatch):
    found_again(tmp_path / "nothing here" / "framework-words.bin", monkeypatch)
    foreign = tmp_path / "foreign.bin"
    foreign.write_bytes(b"something else")
    found_again(foreign, monkeypatch)


def test_an_unwritable_folder_leaves_the_words_found(tmp_path, found):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    assert fit.general_words(blocker / "framework-words.bin") == found
