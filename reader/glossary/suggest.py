"""Provides candidate terms that the glossary lacks, found in text, as a curation aid.

Four kinds of evidence, strongest first:

- ``pair``: the author glossed a term in brackets, ``稠密模型(dense model)`` or
  ``Interleaved Thinking(交错思维链)``, and neither side is a glossary form.
- ``variant``: one side of such a pair is a glossary form and the other is not, so the other is
  probably a variant to add to that entry (``MoE(混合专家系统)`` → mixture-of-experts).
- ``latin``: Latin tokens (model names, acronyms) that no glossary form covers; code-like tokens
  (file names, ``snake_case``, versions) are left out, and everyday English words that are not
  written like names rank low.
- ``word``: Chinese phrases of one to three words that stand on their own and are far more
  frequent here than in general Chinese (see :mod:`reader.glossary.phrases`).

Nothing here is a judgement: a curator reads the list, with an example sentence for each. The
same code serves ``reader glossary suggest`` (the corpus) and ``scripts/glossary/mine.py``
(thousands of documents): both hand in sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reader.analysis import Analyzer, analysis_text
from reader.glossary.match import TermMatch, fold
from reader.glossary.model import Glossary
from reader.glossary.phrases import PhraseCounter, stop_words, termhood
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
_LATIN_RE = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*(?:[-.+'&][A-Za-z0-9]+)*(?![\w/])")
# Tokens that are code, files or versions, not terms: an extension, a dotted path, "v1.2".
_CODE_LIKE_RE = re.compile(
    r"\.(?:py|md|json|ya?ml|txt|sh|js|ts|html?|css|csv|ipynb|pt|pth|bin|safetensors|gguf|onnx|"
    r"cpp|h|cu|so|whl|zip|tar|gz|png|jpe?g|gif|svg|pdf|com|org|cn|io|ai|net)$"
    r"|^v?\d|[a-z]\.[a-z]",
    re.IGNORECASE,
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "as", "at")
)
_COMMON_ENGLISH_ZIPF = 3.5  # lower-case words at least this common in English are words


@dataclass(frozen=True)
class SourceSentence:
    """A sentence to mine: the document it comes from, its id there and its text."""

    article: str
    sentence_id: str
    text: str


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
    """A candidate term with its evidence: how often and where it was seen, and one example."""

    kind: Kind
    text: str
    count: int
    example: Example
    zh: str | None = None
    en: str | None = None
    entry: str | None = None  # for a variant: the entry the new form would join
    score: float = 0.0
    spellings: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)  # sightings per document

    def to_json(self) -> dict[str, object]:
        """The candidate as in ``reader glossary suggest --json``."""
        return {
            "kind": self.kind,
            "text": self.text,
            "zh": self.zh,
            "en": self.en,
            "entry": self.entry,
            "count": self.count,
            "articles": len(self.articles),
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
    """A sentence prepared once: its analysis text and glossary matches."""

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


def article_sentences(articles: Iterable[Article]) -> Iterator[SourceSentence]:
    """The sentences of corpus articles, as the suggestion functions take them."""
    for article in articles:
        for s in article.sentences():
            yield SourceSentence(article.slug, s.id, s.text)


def suggest(
    glossary: Glossary,
    articles: Iterable[Article],
    analyzer: Analyzer,
    *,
    min_count: int = 2,
    min_ratio: float = 100.0,
) -> list[Candidate]:
    """Candidate terms in corpus articles; see :func:`suggest_sentences`."""
    return suggest_sentences(
        glossary, article_sentences(articles), analyzer, min_count=min_count, min_ratio=min_ratio
    )


def suggest_sentences(
    glossary: Glossary,
    sentences: Iterable[SourceSentence],
    analyzer: Analyzer,
    *,
    min_count: int = 2,
    min_ratio: float = 100.0,
) -> list[Candidate]:
    """Candidate terms, grouped by kind (strongest evidence first) and ranked within a kind.

    ``min_count`` applies to Latin tokens and words; an explicit bracketed pair counts from its
    first occurrence. A word must also be at least ``min_ratio`` times more frequent in the text
    than in general Chinese.
    """
    matcher = analyzer.matcher
    zh_forms, en_owner = _form_index(glossary)
    pairs: dict[tuple[str, ...], Candidate] = {}
    glosses: dict[str, list[_Gloss]] = {}
    latin: dict[tuple[str, ...], Candidate] = {}
    phrases = PhraseCounter()
    for n, source in enumerate(sentences):
        simple = analysis_text(source.text)
        s = _Sentence(source.article, source.sentence_id, source.text, simple, matcher.find(simple))
        _pairs(s, zh_forms, en_owner, pairs, glosses)
        _latin(s, en_owner, latin)
        protected = [(t.start, t.end) for t in s.matches]
        spans = analyzer.segmenter.segment(simple, protected)
        phrases.add(s.article, s.sentence_id, s.text, simple, spans)
        if n and n % 50_000 == 0:
            phrases.prune()  # thousands of documents: forget what was seen once
    _resolve_glosses(glosses, analyzer, zh_forms, pairs)
    out = _scored_pairs(pairs)
    out += [c for c in _scored_latin(latin) if c.count >= min_count]
    out += _words(phrases, zh_forms, min_count=min_count, min_ratio=min_ratio)
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
        found[key] = existing = make
    else:
        existing.count += 1
    article = make.example.article
    existing.articles[article] = existing.articles.get(article, 0) + 1
    return existing


def _chinese_side(run: str, english: str, analyzer: Analyzer) -> str | None:
    """The words at the end of a Han run that an English gloss in brackets stands for.

    About two characters per English content word, taken as whole words from the end and never
    across a particle or verb such as 的 or 叫.
    """
    content = [w for w in english.split() if w.lower() not in _ENGLISH_FUNCTION_WORDS]
    want = min(max(2, 2 * len(content)), 8)
    spans = analyzer.segmenter.segment(run)
    stops = stop_words().inside
    taken = 0
    for start, end in reversed(spans):
        word = run[start:end]
        if word in stops:
            break
        taken = len(run) - start
        if taken >= want:
            break
    return run[len(run) - taken :] if taken >= 2 or (taken == 1 and len(run) == 1) else None


@dataclass(frozen=True)
class _Gloss:
    """An English gloss in brackets after a run of Han characters, before its Chinese side is
    chosen: ``run`` ends where the bracket opens."""

    sentence: _Sentence
    en: str
    run: str
    run_end: int
    end: int


def _pairs(
    s: _Sentence,
    zh_forms: dict[str, str],
    en_owner: dict[str, str],
    found: dict[tuple[str, ...], Candidate],
    glosses: dict[str, list[_Gloss]],
) -> None:
    """Bracketed glosses: new pairs, and new forms for entries that one side already names.

    ``中文(English)`` whose Chinese side is not a glossary term waits in ``glosses`` until every
    sentence is seen: the Chinese side is then chosen from all the runs the same English follows.
    """
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
        gloss = _Gloss(s, en, m.group("zh"), m.end("zh"), m.end())
        glosses.setdefault(fold(en), []).append(gloss)
    for m in _EN_ZH_RE.finditer(s.simple):
        en, owner = _english_side(m.group("en"), en_owner)
        if owner is None and _is_person_name(m.group("zh")):
            continue  # "Yan Junjie(闫俊杰)" glosses a name, not a term
        offset = m.start("zh")
        for part in _ZH_SPLIT_RE.split(m.group("zh")):
            original = s.text[offset : offset + len(part)]
            offset += len(part) + 1
            if len(part) < 2:
                continue  # "第一（一）": a numbering, not a term
            part_owner = zh_forms.get(part)
            if part_owner is not None and owner is None:
                made = _candidate("variant", en, s, m.span(), en=en, entry=part_owner)
                _add(found, ("variant", part_owner, fold(en)), made)
            elif part_owner is None and owner is not None:
                if _is_person_name(part):
                    continue
                made = _candidate("variant", original, s, m.span(), zh=original, entry=owner)
                _add(found, ("variant", owner, part), made)
            elif part_owner is None:
                made = _candidate("pair", f"{en} ({original})", s, m.span(), zh=original, en=en)
                _add(found, ("pair", part, fold(en)), made)


def _resolve_glosses(
    glosses: dict[str, list[_Gloss]],
    analyzer: Analyzer,
    zh_forms: dict[str, str],
    found: dict[tuple[str, ...], Candidate],
) -> None:
    """Chooses the Chinese side of each ``中文(English)`` gloss and records the pairs.

    When the same English follows several runs, the longest ending that most of them share is
    the term (…使用多头注意力 and …的多头注意力 before "Multi-Head Attention" give 多头注意力);
    a gloss seen once takes about two characters per English word, in whole words.
    """
    for items in glosses.values():
        shared = _shared_ending([g.run for g in items], analyzer) if len(items) > 1 else None
        for g in items:
            if shared is not None and g.run.endswith(shared):
                zh: str | None = shared
            else:
                zh = _chinese_side(g.run, g.en, analyzer)
            if zh is None or len(zh) < 2 or zh in zh_forms:
                continue
            s = g.sentence
            original = s.text[g.run_end - len(zh) : g.run_end]
            span = (g.run_end - len(zh), g.end)
            made = _candidate("pair", f"{original} ({g.en})", s, span, zh=original, en=g.en)
            _add(found, ("pair", zh, fold(g.en)), made)


def _shared_ending(runs: list[str], analyzer: Analyzer) -> str | None:
    """The longest ending of at least two characters, on a word boundary and without a stop
    word, that at least half of ``runs`` (and at least two) share."""
    need = max(2, (len(runs) + 1) // 2)
    stops = stop_words().inside
    best: str | None = None
    for length in range(2, 9):
        endings = Counter(r[-length:] for r in runs if len(r) >= length)
        if not endings:
            break
        ending, count = endings.most_common(1)[0]
        if count < need:
            break
        run = next(r for r in runs if r.endswith(ending))
        starts = {a for a, _ in analyzer.segmenter.segment(run)}
        words = {run[a:b] for a, b in analyzer.segmenter.segment(run) if a >= len(run) - length}
        if len(run) - length in starts and not words & stops:
            best = ending
    return best


def _is_person_name(text: str) -> bool:
    from reader.text.script import to_simplified

    return to_simplified(text) in _person_names() or text in _person_names()


def _scored_pairs(found: dict[tuple[str, ...], Candidate]) -> list[Candidate]:
    for c in found.values():
        c.score = c.count * (1.0 + math.log(len(c.articles) or 1))
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


def _latin(s: _Sentence, en_owner: dict[str, str], found: dict[tuple[str, ...], Candidate]) -> None:
    """Latin tokens that no glossary match covers, grouped case-insensitively."""
    for m in _LATIN_RE.finditer(s.simple):
        token = m.group()
        if len(token) < 2 or fold(token) in en_owner or _CODE_LIKE_RE.search(token):
            continue
        start, end = m.span()
        if any(t.start <= start and end <= t.end for t in s.matches):
            continue
        made = _candidate("latin", token, s, m.span(), en=token)
        c = _add(found, ("latin", fold(token)), made)
        c.spellings[token] = c.spellings.get(token, 0) + 1


def _scored_latin(found: dict[tuple[str, ...], Candidate]) -> list[Candidate]:
    for c in found.values():
        # The most frequent spelling names the group; acronyms and model names (capitals or
        # digits) outrank ordinary English words quoted in the Chinese text.
        c.text = c.en = max(c.spellings, key=lambda w: (c.spellings[w], w))
        technical = any(ch.isupper() or ch.isdigit() for ch in c.text[1:]) or c.text.isupper()
        weight = 2.0 if technical else 1.0
        if not technical and _common_english(c.text):
            weight = 0.25
        c.score = c.count * weight * (1.0 + math.log(len(c.articles) or 1))
    return list(found.values())


@lru_cache(maxsize=50_000)
def _common_english(word: str) -> bool:
    """Whether ``word`` is an everyday English word (wordfreq), not a name or an acronym."""
    import wordfreq

    return float(wordfreq.zipf_frequency(word.lower(), "en")) >= _COMMON_ENGLISH_ZIPF


def _words(
    phrases: PhraseCounter,
    zh_forms: dict[str, str],
    *,
    min_count: int,
    min_ratio: float,
) -> list[Candidate]:
    """Frequent Chinese phrases that stand on their own, are rare in general Chinese and are
    not glossary forms or person names."""
    names = _person_names()
    several = len(phrases.documents) > 1
    out = []
    for phrase, count in phrases.standalone().items():
        if count.total < min_count or phrase in zh_forms or phrase in names:
            continue
        if several and len(count.docs) < 2 and not phrases.is_word(phrase):
            continue  # a phrase of several words repeated in one document only: its wording
        score, ratio = termhood(count, phrase, phrases.words)
        if ratio < min_ratio or count.first is None:
            continue
        doc, sentence_id, sentence, start, end = count.first
        original = sentence[start:end]
        example = Example(doc, sentence_id, sentence, start, end)
        c = Candidate("word", original, count.total, example, zh=original, score=score)
        c.articles = dict(count.docs)
        out.append(c)
    return out
