"""Provides word look-up: dictionary entries, the glossary entry and corpus frequency of a word.

Like Zhongwen, every CC-CEDICT headword that starts at the word is listed, longest first, so the
reader sees the phrase the word belongs to and the single characters in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.analysis import Token, analysis_text
from reader.dictionary import DictEntry
from reader.errors import ReaderError
from reader.glossary.model import Entry
from reader.pinyin.syllables import render

if TYPE_CHECKING:
    from reader.workspace import Workspace


@dataclass(frozen=True)
class LookupResult:
    """Everything the look-up panel shows for one word."""

    word: str
    pinyin: str  # the reading in this context, tone marks, syllables separated by spaces
    matches: list[tuple[str, list[DictEntry]]]  # headwords at the word, longest first
    term: Entry | None
    frequency: int  # occurrences of the word in the whole corpus
    articles: int  # articles it occurs in


def word_pinyin(token: Token) -> str:
    """A token's reading with tone marks ("yín háng")."""
    return " ".join(s for s in (render(p, "marks") for p in token.pinyin) if s)


def look_up(ws: Workspace, sentence: str, token: Token) -> LookupResult:
    """Looks up ``token`` of ``sentence`` (original script) in CC-CEDICT, glossary and corpus."""
    simple = analysis_text(sentence)
    word = simple[token.start : token.end]
    matches = ws.dictionary.matches_at(simple, token.start)
    if word and not any(w == word for w, _ in matches) and (own := ws.dictionary.lookup(word)):
        matches.insert(0, (word, own))
    term = ws.glossary.get(token.term) if token.term else None
    frequency, articles = _occurrences(ws, word)
    return LookupResult(
        word=token.text,
        pinyin=word_pinyin(token),
        matches=matches,
        term=term,
        frequency=frequency,
        articles=articles,
    )


def _occurrences(ws: Workspace, word: str) -> tuple[int, int]:
    """How often the word occurs in the library and in how many articles, from the library
    index (no article is read); (0, 0) when the index cannot be used."""
    if not word.strip():
        return 0, 0
    try:
        return ws.synced_library().occurrences(word)
    except ReaderError:
        return 0, 0
