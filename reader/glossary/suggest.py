"""Provides candidate terms that the glossary lacks, found in the corpus, as a curation aid.

Four kinds of evidence, strongest first:

- ``pair``: the author glossed a term in brackets, ``稠密模型(dense model)`` or
  ``Interleaved Thinking(交错思维链)``, and neither side is a glossary form.
- ``variant``: one side of such a pair is a glossary form and the other is not, so the other is
  probably a variant to add to that entry (``MoE(混合专家系统)`` → mixture-of-experts).
- ``latin``: Latin tokens (model names, acronyms) that no glossary form covers.
- ``word``: multi-character words from the analyzer's segmentation that are frequent in the
  corpus but rare in general Chinese (jieba's dictionary frequency is the general signal).

Nothing here is a judgement: a curator reads the list, with an example sentence for each.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reader.analysis import Analyzer, analysis_text
from reader.glossary.match import TermMatch, fold
from reader.glossary.model import Glossary
from reader.model import Article
from reader.paths import package_data
from reader.text.chars import HAN_CLASS

Kind = Literal["pair", "variant", "latin", "word"]
KINDS: tuple[Kind, ...] = ("pair", "variant", "latin", "word")

_HAN_RUN = f"[{HAN_CLASS}]+"
# 中文(English): the English side is what the brackets hold; the Chinese side is chosen later.
_ZH_EN_RE = re.compile(
    rf"(?P<zh>{_HAN_RUN})[ \t]*[(（][ \t]*(?P<en>[A-Za-z][A-Za-z0-9 .'&+\-]{{0,48}}?)[ \t]*[)）]"
)
# English(中文): one or more Chinese forms in the brackets, separated by 或 / 、 / ／.
_EN_ZH_RE = re.compile(
    r"(?P<en>[A-Za-z][A-Za-z0-9.'&+\-]*(?: [A-Za-z0-9][A-Za-z0-9.'&+\-]*){0,5})"
    rf"[ \t]*[(（][ \t]*(?P<zh>{_HAN_RUN}(?:[或、/／]{_HAN_RUN})*)[ \t]*[)）]"
)
_ZH_SPLIT_RE = re.compile(r"[或、/／]")
_LATIN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-_.+'&][A-Za-z0-9]+)*")
_HAN_WORD_RE = re.compile(f"[{HAN_CLASS}]+")
# Words that end the Chinese side of a pair: a term does not start with a particle or a verb
# such as 是 or 叫 ("这叫过拟合 (Overfitting)" glosses 过拟合, not 这叫过拟合).
_STOP_WORDS = frozenset(
    [
        *"的了在是和与及或把被对用将这那个也都就叫做为从到让给跟以即称其之于等它他她我你们有不很更最能会要",
        *("称为", "叫做", "一个", "这个", "那个", "这种", "一种", "所谓", "我们", "他们", "你们"),
        *("没有", "可以", "通过", "进行", "使用", "采用", "提供", "包括"),
    ]
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "as", "at")
)


@dataclass(frozen=True)
class Example:
    """Where a candidate was first seen: article slug, sentence id, the sentence and the span."""

    article: str
    sentence_id: str
    sentence: str
    start: int
    end: int


@dataclass
class Candidate:
    """A candidate term with its evidence: how often it was seen and one example."""

    kind: Kind
    text: str
    count: int
    example: Example
    zh: str | None = None
    en: str | None = None
    entry: str | None = None  # for a variant: the entry the new form would join
    score: float = 0.0
    spellings: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The candidate as in ``reader glossary suggest --json``."""
        return {
            "kind": self.kind,
            "text": self.text,
            "zh": self.zh,
            "en": self.en,
            "entry": self.entry,
            "count": self.count,
            "score": round(self.score, 2),
            "example": {
                "article": self.example.article,
                "sentence_id": self.example.sentence_id,
                "sentence": self.example.sentence,
                "start": self.example.start,
                "end": self.example.end,
            },
        }


@dataclass(frozen=True)
class _Sentence:
    """A corpus sentence prepared once: its analysis text and glossary matches."""

    article: str
    sentence_id: str
    text: str
    simple: str
    matches: list[TermMatch]


@lru_cache(maxsize=1)
def _person_names() -> frozenset[str]:
    """Person names from the project's word list (tag ``nr``): people are not glossary terms."""
    names = set()
    for line in package_data("words.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "nr":
            names.add(parts[0])
    return frozenset(names)


def suggest(
    glossary: Glossary,
    articles: Iterable[Article],
    analyzer: Analyzer,
    *,
    min_count: int = 2,
    min_ratio: float = 100.0,
) -> list[Candidate]:
    """Candidate terms, grouped by kind (strongest evidence first) and ranked within a kind.

    ``min_count`` applies to Latin tokens and words; an explicit bracketed pair counts from its
    first occurrence. A word must also be at least ``min_ratio`` times more frequent in the corpus
    than in general Chinese.
    """
    matcher = analyzer.matcher
    sentences = []
    for article in articles:
        for s in article.sentences():
            simple = analysis_text(s.text)
            sentences.append(_Sentence(article.slug, s.id, s.text, simple, matcher.find(simple)))
    zh_forms, en_owner = _form_index(glossary)
    out = _pairs(sentences, analyzer, zh_forms, en_owner)
    out += [c for c in _latin(sentences, en_owner) if c.count >= min_count]
    out += _words(sentences, analyzer, zh_forms, min_count=min_count, min_ratio=min_ratio)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: (order[c.kind], -c.score, -c.count, c.text))


def _form_index(glossary: Glossary) -> tuple[dict[str, str], dict[str, str]]:
    """Chinese forms (simplified, as matching sees them) and folded English forms -> entry id."""
    from reader.text.script import to_simplified

    zh: dict[str, str] = {}
    en: dict[str, str] = {}
    for entry in glossary.entries:
        for form in entry.zh:
            zh.setdefault(form, entry.id)
            zh.setdefault(to_simplified(form), entry.id)
        for form in entry.english_forms():
            en.setdefault(fold(form), entry.id)
    return zh, en


def _add(
    found: dict[tuple[str, ...], Candidate], key: tuple[str, ...], make: Candidate
) -> Candidate:
    """Counts one more sighting of a candidate (the first sighting gives the example)."""
    existing = found.get(key)
    if existing is None:
        found[key] = make
        return make
    existing.count += 1
    return existing


def _chinese_side(run: str, english: str, analyzer: Analyzer) -> str | None:
    """The words at the end of a Han run that an English gloss in brackets stands for.

    About two characters per English content word, taken as whole words from the end and never
    across a particle or verb such as 的 or 叫.
    """
    content = [w for w in english.split() if w.lower() not in _ENGLISH_FUNCTION_WORDS]
    want = min(max(2, 2 * len(content)), 8)
    spans = analyzer.segmenter.segment(run)
    taken = 0
    for start, end in reversed(spans):
        word = run[start:end]
        if word in _STOP_WORDS:
            break
        taken = len(run) - start
        if taken >= want:
            break
    return run[len(run) - taken :] if taken >= 2 or (taken == 1 and len(run) == 1) else None


def _pairs(
    sentences: list[_Sentence],
    analyzer: Analyzer,
    zh_forms: dict[str, str],
    en_owner: dict[str, str],
) -> list[Candidate]:
    """Bracketed glosses: new pairs, and new forms for entries that one side already names."""
    found: dict[tuple[str, ...], Candidate] = {}
    for s in sentences:
        ends = {t.end: t for t in s.matches}
        for m in _ZH_EN_RE.finditer(s.simple):
            en = m.group("en").strip()
            known_en = en_owner.get(fold(en))
            # A glossary term ending right before the bracket is what the English glosses.
            term = ends.get(m.end("zh"))
            if term is not None:
                if known_en is None:
                    span = (term.start, m.end())
                    made = _candidate("variant", en, s, span, en=en, entry=term.entry_id)
                    _add(found, ("variant", term.entry_id, fold(en)), made)
                continue
            if known_en is not None:
                continue  # the Chinese side is a guess: too weak to propose as a variant
            zh = _chinese_side(m.group("zh"), en, analyzer)
            if zh is None or zh in zh_forms:
                continue
            original = s.text[m.end("zh") - len(zh) : m.end("zh")]
            span = (m.end("zh") - len(zh), m.end())
            made = _candidate("pair", f"{original} ({en})", s, span, zh=original, en=en)
            _add(found, ("pair", zh, fold(en)), made)
        for m in _EN_ZH_RE.finditer(s.simple):
            en, owner = _english_side(m.group("en"), en_owner)
            offset = m.start("zh")
            for part in _ZH_SPLIT_RE.split(m.group("zh")):
                original = s.text[offset : offset + len(part)]
                offset += len(part) + 1
                part_owner = zh_forms.get(part)
                if part_owner is not None and owner is None:
                    made = _candidate("variant", en, s, m.span(), en=en, entry=part_owner)
                    _add(found, ("variant", part_owner, fold(en)), made)
                elif part_owner is None and owner is not None:
                    made = _candidate("variant", original, s, m.span(), zh=original, entry=owner)
                    _add(found, ("variant", owner, part), made)
                elif part_owner is None:
                    made = _candidate("pair", f"{en} ({original})", s, m.span(), zh=original, en=en)
                    _add(found, ("pair", part, fold(en)), made)
    for c in found.values():
        c.score = float(c.count)
    return list(found.values())


def _english_side(run: str, en_owner: dict[str, str]) -> tuple[str, str | None]:
    """The English before a bracket and its entry: the longest run of final words that is a
    glossary form ("the Scaling Law" -> "Scaling Law"), else the whole run."""
    words = run.split()
    for i in range(len(words)):
        phrase = " ".join(words[i:])
        if (owner := en_owner.get(fold(phrase))) is not None:
            return phrase, owner
    return " ".join(words), None


def _candidate(
    kind: Kind,
    text: str,
    s: _Sentence,
    span: tuple[int, int],
    *,
    zh: str | None = None,
    en: str | None = None,
    entry: str | None = None,
) -> Candidate:
    example = Example(s.article, s.sentence_id, s.text, *span)
    return Candidate(kind, text, 1, example, zh=zh, en=en, entry=entry)


def _latin(sentences: list[_Sentence], en_owner: dict[str, str]) -> list[Candidate]:
    """Latin tokens that no glossary match covers, grouped case-insensitively."""
    found: dict[tuple[str, ...], Candidate] = {}
    for s in sentences:
        for m in _LATIN_RE.finditer(s.simple):
            token = m.group()
            if len(token) < 2 or fold(token) in en_owner:
                continue
            start, end = m.span()
            if any(t.start <= start and end <= t.end for t in s.matches):
                continue
            made = _candidate("latin", token, s, m.span(), en=token)
            c = _add(found, ("latin", fold(token)), made)
            c.spellings[token] = c.spellings.get(token, 0) + 1
    for c in found.values():
        # The most frequent spelling names the group; acronyms and model names (capitals or
        # digits) outrank ordinary English words quoted in the Chinese text.
        c.text = c.en = max(c.spellings, key=lambda w: (c.spellings[w], w))
        technical = any(ch.isupper() or ch.isdigit() for ch in c.text[1:]) or c.text.isupper()
        c.score = c.count * (2.0 if technical else 1.0)
    return list(found.values())


def _words(
    sentences: list[_Sentence],
    analyzer: Analyzer,
    zh_forms: dict[str, str],
    *,
    min_count: int,
    min_ratio: float,
) -> list[Candidate]:
    """Frequent multi-character words that are rare in general Chinese and not terms."""
    segmenter = analyzer.segmenter
    found: dict[tuple[str, ...], Candidate] = {}
    han_words = 0
    names = _person_names()
    for s in sentences:
        protected = [(t.start, t.end) for t in s.matches]
        covered = set(protected)
        for start, end in segmenter.segment(s.simple, protected):
            word = s.simple[start:end]
            if not _HAN_WORD_RE.fullmatch(word):
                continue
            han_words += 1  # every Chinese word, as jieba's total counts every word
            if len(word) < 2:
                continue
            if (start, end) in covered or word in zh_forms or word in names:
                continue
            original = s.text[start:end]
            _add(found, ("word", word), _candidate("word", original, s, (start, end), zh=original))
    if not han_words:
        return []
    total = max(segmenter.total_frequency(), 1)
    out = []
    for (_, word), c in found.items():
        if c.count < min_count:
            continue
        # How many times more frequent the word is here than in jieba's general dictionary.
        ratio = (c.count / han_words) / ((segmenter.frequency(word) + 1) / total)
        if ratio < min_ratio:
            continue
        c.score = c.count * math.log(ratio)
        out.append(c)
    return out
