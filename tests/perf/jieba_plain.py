"""jieba's tables and tagger as jieba itself loads them: the reference the cache is compared to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

Cut = list[tuple[str, str, float]]


@cache
def plain_jieba() -> tuple[Any, dict[str, float]]:
    """A tagger of jieba's own (its tokenizer's prefix dictionary, its tag table read from
    dict.txt) and jieba's IDF table read from idf.txt — never the cache file."""
    import jieba
    import jieba.posseg
    from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    tagger.tokenizer.check_initialized()
    idf, _ = IDFLoader(DEFAULT_IDF).get_idf()
    return tagger, idf


def cut(tagger: Any, idf: Mapping[str, float], text: str) -> Cut:
    """A text's words, tags and IDF values, as the fit measure reads them."""
    return [(w.word, w.flag, idf.get(w.word, float("inf"))) for w in tagger.lcut(text)]


def differences(tagger: Any, idf: Mapping[str, float], texts: Iterable[str]) -> list[str]:
    """The texts cut differently by ``tagger`` and ``idf`` than by jieba's own loading."""
    plain, plain_idf = plain_jieba()
    return [t for t in texts if cut(tagger, idf, t) != cut(plain, plain_idf, t)]
