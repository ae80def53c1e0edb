"""Provides the reading of a search query as an FTS5 expression over Chinese, English and pinyin.

- Words with Han characters (either script) are searched in the Chinese; several words must all
  occur (复盘 估值). Latin inside such a word stays attached (AI原生, MiniMax-M2 in Chinese text).
- A query without Han characters is read two ways, either may match: as words in the English (and
  in the Latin words of the Chinese), all of them, the last also as the start of a word while it
  is being typed (atten → attention), with Porter stemming (races → race); and as toneless pinyin
  (fupan, fu pan, fù pán, fu4pan2), every way of splitting it into syllables.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.library.pinyin import PinyinQuery, parse_pinyin
from reader.library.tokens import HAN_SPLIT_RE, fold, py_phrase, quote, words, zh_phrase

MIN_PREFIX = 3  # a shorter unfinished word would match most of the library


@dataclass(frozen=True)
class Query:
    """A parsed query: the FTS5 expression and what to highlight in a hit."""

    text: str
    match: str  # "" when there is nothing to search for
    zh_parts: tuple[str, ...] = ()  # folded query words found in the Chinese as they are
    en_match: str | None = None  # the expression of the English alone (highlighting)
    pinyin: tuple[PinyinQuery, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the query searches for nothing."""
        return not self.match


def parse(text: str) -> Query:
    """The query for ``text`` as typed."""
    text = " ".join(text.split())
    if not text:
        return Query(text, "")
    folded = fold(text)
    if HAN_SPLIT_RE.search(folded):
        return _chinese(text, folded)
    return _latin(text, folded)


def _chinese(text: str, folded: str) -> Query:
    clauses: list[str] = []
    parts: list[str] = []
    latin: list[list[str]] = []
    pieces = folded.split()
    for n, piece in enumerate(pieces):
        if HAN_SPLIT_RE.search(piece):
            phrase = zh_phrase(piece)
            if phrase:
                clauses.append(f"zh : {phrase}")
                parts.append(piece)
        elif found := words(piece):
            last = n == len(pieces) - 1
            clauses.append(f"{{zh en}} : {_words_phrase(found, prefix=last)}")
            parts.append(piece)
            latin.append(found)
    en_match = _words_expr(latin, prefix=False) if latin else None
    return Query(text, " AND ".join(f"({c})" for c in clauses), tuple(parts), en_match)


def _latin(text: str, folded: str) -> Query:
    chunks = [found for chunk in folded.split() if (found := words(chunk))]
    clauses = []
    en_match = None
    if chunks:
        en_match = _words_expr(chunks, prefix=True)
        clauses.append(f"{{zh en}} : {en_match}")
    readings = tuple(parse_pinyin(text))
    if readings:
        phrases = " OR ".join(py_phrase(r.syllables, r.prefix) for r in readings)
        clauses.append(f"py : ({phrases})")
    match = " OR ".join(f"({c})" for c in clauses)
    return Query(text, match, (folded,) if chunks else (), en_match, readings)


def _words_phrase(found: list[str], *, prefix: bool) -> str:
    """The words side by side (MiniMax-M2 is the phrase "minimax m2")."""
    grows = prefix and len(found[-1]) >= MIN_PREFIX
    return quote(" ".join(found)) + ("*" if grows else "")


def _words_expr(chunks: list[list[str]], *, prefix: bool) -> str:
    """Every chunk (what the query has between spaces) somewhere in the column, the words of a
    chunk side by side (MiniMax-M2); all the chunks side by side rank higher, since bm25 adds
    the score of the phrase."""
    last = len(chunks) - 1
    each = " AND ".join(_words_phrase(c, prefix=prefix and n == last) for n, c in enumerate(chunks))
    if len(chunks) == 1:
        return f"({each})"
    whole = [w for c in chunks for w in c]
    return f"({_words_phrase(whole, prefix=prefix)} OR ({each}))"
