"""Provides ranked glossary search by Chinese, English, alias, abbreviation or pinyin.

Pinyin may be typed with tone marks (``xiàn xìng``), tone numbers (``xian4xing4``) or without
tones (``xianxing zhuyili``), with or without spaces. Exact forms rank first, then prefixes, then
substrings, then fuzzy matches (typos in English or pinyin), then matches in definitions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from reader.glossary.model import Entry, Glossary
from reader.pinyin.syllables import to_marks
from reader.text.chars import has_han
from reader.text.script import to_simplified

EXACT, PREFIX, SUBSTRING, FUZZY, DEFINITION = 100, 80, 60, 40, 20
_SYLLABLE_NUM_RE = re.compile(r"([a-züv]+)([1-5])")


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept).replace("ü", "v")


def _squash(text: str) -> str:
    return re.sub(r"[\s\-_'’·.]+", "", text.casefold())


@dataclass(frozen=True)
class Hit:
    """A search result: the entry, its score and the form that matched."""

    entry: Entry
    score: float
    matched: str


@dataclass(frozen=True)
class _Keys:
    entry: Entry
    zh: tuple[str, ...]
    latin: tuple[str, ...]  # squashed English forms, aliases, abbreviations
    toned: tuple[str, ...]  # squashed pinyin with tone marks
    toneless: tuple[str, ...]
    definition: str


class GlossarySearch:
    """Search over one glossary; keys are built once."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary

    @cached_property
    def _keys(self) -> list[_Keys]:
        keys = []
        for e in self.glossary.entries:
            toned = tuple(_squash(p) for p in e.pinyin)
            keys.append(
                _Keys(
                    e,
                    tuple(dict.fromkeys([*e.zh, *(to_simplified(z) for z in e.zh)])),
                    tuple(_squash(f) for f in e.english_forms()),
                    toned,
                    tuple(_toneless(t) for t in toned),
                    e.definition.casefold(),
                )
            )
        return keys

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """Entries matching ``query``, best first."""
        query = query.strip()
        if not query:
            return []
        best: dict[str, Hit] = {}
        for keys in self._keys:
            hit = self._score(keys, query)
            if hit is not None:
                best[keys.entry.id] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.matched), h.entry.id))
        return ranked[:limit]

    def _score(self, k: _Keys, query: str) -> Hit | None:
        candidates: list[tuple[float, str]] = []
        if has_han(query):
            q = to_simplified(query)
            for form in k.zh:
                candidates.append((_grade(q, form), form))
        else:
            squashed = _squash(query)
            numbered = _SYLLABLE_NUM_RE.sub(lambda m: to_marks(m.group(0)), squashed)
            toned_query = _squash(numbered)
            plain_query = _toneless(toned_query)
            for form in k.latin:
                if (grade := _grade(squashed, form)) > 0:
                    candidates.append((grade + 1, form))  # English edges out an equal pinyin
            for toned, plain in zip(k.toned, k.toneless, strict=True):
                if toned_query.replace("ü", "v") != plain_query:  # tones given: they must agree
                    candidates.append((_grade(toned_query, toned), toned))
                else:
                    candidates.append((_grade(plain_query, plain), plain))
            if len(squashed) >= 3 and query.casefold() in k.definition:
                candidates.append((DEFINITION, k.definition[:20]))
        score, matched = max(candidates, default=(0.0, ""))
        return Hit(k.entry, score, matched) if score > 0 else None


def _grade(query: str, form: str) -> float:
    """How well ``query`` matches ``form``: exact, prefix, substring or fuzzy (0 for none)."""
    if not query or not form:
        return 0.0
    if query == form:
        return EXACT
    if form.startswith(query):
        return PREFIX + 10 * len(query) / len(form)
    if query in form:
        return SUBSTRING + 10 * len(query) / len(form)
    if len(query) >= 4:
        ratio = difflib.SequenceMatcher(None, query, form).ratio()
        if ratio >= 0.75:
            return FUZZY * ratio
    return 0.0
