"""Provides ranked glossary search by Chinese, English, alias, abbreviation or pinyin.

Pinyin may be typed with tone marks (``xiàn xìng``), tone numbers (``xian4xing4``) or without
tones (``xianxing zhuyili``), with or without spaces. Exact forms rank first, then prefixes, then
matches that start at a word or syllable inside a form ("attention" in "sparse attention",
"diaoyong" in hánshù diàoyòng), then fuzzy matches (typos in English or pinyin), then whole
words of definitions. A query never matches inside a word: "RAG" does not find "dragons".

A query of several words that is no form as a whole ("moe model", "moe 模型", "hanshu calling")
is also matched word by word: an entry matching every word ranks by the average of its words'
grades, a little below an entry matching the whole query; entries matching only some of the
words come after all of those.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from reader.glossary.model import Entry, Glossary
from reader.pinyin.syllables import to_marks
from reader.text.chars import HAN_CLASS, HAN_RE, has_han
from reader.text.script import to_simplified

EXACT, PREFIX, SUBSTRING, FUZZY, DEFINITION = 100, 80, 60, 40, 20
WORDWISE = 0.95  # a query matched word by word ranks just below the same grade as a whole
PARTIAL = 0.5  # an entry matching only some words of the query
_SYLLABLE_NUM_RE = re.compile(r"([a-züv]+)([1-5])")
_SEPARATORS = r"\s\-_'’·."
_SEPARATOR_RE = re.compile(f"[{_SEPARATORS}]+")
_LATIN_IN_FORM_RE = re.compile(r"[A-Za-z0-9]")
_FORM_PIECE_RE = re.compile(rf"[{HAN_CLASS}]+|[A-Za-z0-9]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])[A-Z]")
_QUERY_WORD_RE = re.compile(rf"[{HAN_CLASS}]+|[^\s{HAN_CLASS}]+")


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept).replace("ü", "v")


def _squash(text: str) -> str:
    return _SEPARATOR_RE.sub("", text.casefold())


@dataclass(frozen=True)
class _Form:
    """A Latin or pinyin form squashed (no spaces or hyphens), with where its words start."""

    text: str
    starts: frozenset[int]

    @classmethod
    def of(cls, form: str, *, fold: bool = False) -> _Form:
        starts: set[int] = set()
        squashed = []
        length = 0
        for word in _SEPARATOR_RE.split(form):
            if not word:
                continue
            # A capital after a small letter starts a word too: "Seek" in "DeepSeek".
            starts.update(length + m.start() for m in _CAMEL_RE.finditer(word))
            word = _toneless(word.casefold()) if fold else word.casefold()
            starts.add(length)
            squashed.append(word)
            length += len(word)
        return cls("".join(squashed), frozenset(starts))


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
    latin: tuple[_Form, ...]  # English forms, aliases, abbreviations
    toned: tuple[_Form, ...]  # pinyin with tone marks
    toneless: tuple[_Form, ...]
    definition: str


class GlossarySearch:
    """Search over one glossary; keys are built once."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary

    @cached_property
    def _keys(self) -> list[_Keys]:
        keys = []
        for e in self.glossary.entries:
            keys.append(
                _Keys(
                    e,
                    tuple(dict.fromkeys([*e.zh, *(to_simplified(z) for z in e.zh)])),
                    tuple(_Form.of(f) for f in e.english_forms()),
                    tuple(_Form.of(_spelled(z, p)) for z, p in zip(e.zh, e.pinyin, strict=False)),
                    tuple(
                        _Form.of(_spelled(z, p), fold=True)
                        for z, p in zip(e.zh, e.pinyin, strict=False)
                    ),
                    e.definition.casefold(),
                )
            )
        return keys

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """Entries matching ``query``, best first."""
        query = query.strip()
        if not query:
            return []
        words = _QUERY_WORD_RE.findall(query)
        best: dict[str, Hit] = {}
        for keys in self._keys:
            hit = _score(keys, query)
            if len(words) > 1:
                wordwise = _score_words(keys, words)
                if wordwise is not None and (hit is None or wordwise.score > hit.score):
                    hit = wordwise
            if hit is not None:
                best[keys.entry.id] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.matched), h.entry.id))
        return ranked[:limit]


def _spelled(form: str, reading: str) -> str:
    """A Chinese form spelled out: its syllables, with its Latin letters kept in place, so that
    "Adam优化器" reads "adam yōu huà qì" and is not found as 优化器 by "youhuaqi" alone."""
    if not _LATIN_IN_FORM_RE.search(form):
        return reading
    syllables = iter(reading.split())
    parts: list[str] = []
    for piece in _FORM_PIECE_RE.findall(form):
        if HAN_RE.match(piece):
            parts.extend(next(syllables, "") for _ in piece)
        else:
            parts.append(piece)
    return " ".join(p for p in parts if p)


def _score_words(k: _Keys, words: list[str]) -> Hit | None:
    """The entry matched word by word: every word (or, for less, only some) must match."""
    hits = [_score(k, word) for word in words]
    found = [h for h in hits if h is not None]
    if not found:
        return None
    mean = sum(h.score for h in found) / len(words)
    factor = WORDWISE if len(found) == len(words) else PARTIAL
    return Hit(k.entry, mean * factor, " ".join(h.matched for h in found))


def _score(k: _Keys, query: str) -> Hit | None:
    candidates: list[tuple[float, str]] = []
    if has_han(query):
        q = to_simplified(query)
        for form in k.zh:
            candidates.append((_grade_han(q, form), form))
    else:
        squashed = _squash(query)
        numbered = _SYLLABLE_NUM_RE.sub(lambda m: to_marks(m.group(0)), squashed)
        toned_query = _squash(numbered)
        plain_query = _toneless(toned_query)
        for latin in k.latin:
            if (grade := _grade(squashed, latin)) > 0:
                candidates.append((grade + 1, latin.text))  # English edges out an equal pinyin
        tones_given = toned_query.replace("ü", "v") != plain_query
        for toned, plain in zip(k.toned, k.toneless, strict=True):
            if tones_given:  # tones given: they must agree
                candidates.append((_grade(toned_query, toned), toned.text))
            else:
                candidates.append((_grade(plain_query, plain), plain.text))
        if len(squashed) >= 3 and _in_words(query.casefold(), k.definition):
            candidates.append((DEFINITION, k.definition[:20]))
    score, matched = max(candidates, default=(0.0, ""))
    return Hit(k.entry, score, matched) if score > 0 else None


def _in_words(query: str, text: str) -> bool:
    """Whether ``query`` occurs in ``text`` as whole words (not inside a longer word)."""
    start = text.find(query)
    while start >= 0:
        end = start + len(query)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(query, start + 1)
    return False


def _grade_han(query: str, form: str) -> float:
    """How well a Chinese query matches a Chinese form: exact, prefix or anywhere inside."""
    if not query or not form:
        return 0.0
    if query == form:
        return EXACT
    if form.startswith(query):
        return PREFIX + 10 * len(query) / len(form)
    if query in form:
        return SUBSTRING + 10 * len(query) / len(form)
    return 0.0


def _grade(query: str, form: _Form) -> float:
    """How well a squashed Latin or pinyin query matches a form: exact, prefix, from a word or
    syllable inside it, or fuzzy (0 for none)."""
    text = form.text
    if not query or not text:
        return 0.0
    if query == text:
        return EXACT
    if text.startswith(query):
        return PREFIX + 10 * len(query) / len(text)
    start = text.find(query, 1)
    while start > 0:
        if start in form.starts:
            return SUBSTRING + 10 * len(query) / len(text)
        start = text.find(query, start + 1)
    if len(query) >= 4 and abs(len(query) - len(text)) <= len(text) // 2:
        matcher = difflib.SequenceMatcher(None, query, text)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            ratio = matcher.ratio()
            if ratio >= 0.75:
                return FUZZY * ratio
    return 0.0
