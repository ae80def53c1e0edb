"""Provides where glossary terms occur in the corpus: occurrences per sentence, counts per article.

Matching runs on each sentence's analysis text (simplified, same offsets), exactly as
:class:`reader.analysis.Analyzer` does, so the counts here are the terms a reader sees
highlighted. A mixed form such as ``MoE(混合专家)`` is one occurrence.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.analysis import analysis_text
from reader.errors import ReaderError
from reader.glossary.match import Matcher
from reader.glossary.model import Entry, Glossary
from reader.model import Article

if TYPE_CHECKING:
    from reader.workspace import Workspace


@dataclass(frozen=True)
class SentenceOccurrence:
    """One occurrence of a term in a corpus sentence; offsets are into ``sentence``."""

    article: str
    sentence_id: str
    sentence: str
    start: int
    end: int
    entry_id: str
    forms: tuple[str, ...]

    @property
    def text(self) -> str:
        """The words of the sentence that make up the occurrence."""
        return self.sentence[self.start : self.end]

    def to_json(self) -> dict[str, object]:
        """The occurrence as in ``reader glossary show --json``."""
        return {
            "article": self.article,
            "sentence_id": self.sentence_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "forms": list(self.forms),
        }


def sentence_occurrences(
    articles: Iterable[Article], matcher: Matcher
) -> Iterator[SentenceOccurrence]:
    """Every term occurrence in the articles, in reading order."""
    for article in articles:
        for sentence in article.sentences():
            simple = analysis_text(sentence.text)
            matches = matcher.find(simple)
            if not matches:
                continue
            for occ in Matcher.occurrences(simple, matches):
                yield SentenceOccurrence(
                    article.slug,
                    sentence.id,
                    sentence.text,
                    occ.start,
                    occ.end,
                    occ.entry_id,
                    tuple(m.form for m in occ.matches),
                )


@dataclass
class TermCount:
    """How often one term occurs: in total and per article slug."""

    entry: Entry
    total: int = 0
    per_article: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The count as in ``reader glossary stats --json``."""
        return {
            "id": self.entry.id,
            "en": self.entry.en,
            "zh": list(self.entry.zh[:1]),
            "total": self.total,
            "per_article": dict(self.per_article),
        }


@dataclass
class GlossaryStats:
    """Term counts over a corpus: terms seen (most frequent first) and terms never seen."""

    articles: list[str]
    seen: list[TermCount]
    unseen: list[Entry]

    @property
    def total(self) -> int:
        """All occurrences of all terms."""
        return sum(t.total for t in self.seen)

    def to_json(self) -> dict[str, object]:
        """The statistics as in ``reader glossary stats --json``."""
        return {
            "articles": self.articles,
            "entries": len(self.seen) + len(self.unseen),
            "occurrences": self.total,
            "terms": [t.to_json() for t in self.seen],
            "unseen": [e.id for e in self.unseen],
        }


def glossary_stats(
    glossary: Glossary, articles: list[Article], matcher: Matcher | None = None
) -> GlossaryStats:
    """Counts every term of ``glossary`` in ``articles``."""
    matcher = matcher or Matcher(glossary)
    counts: dict[str, TermCount] = {}
    for occ in sentence_occurrences(articles, matcher):
        entry = glossary.get(occ.entry_id)
        if entry is None:
            continue
        count = counts.setdefault(entry.id, TermCount(entry))
        count.total += 1
        count.per_article[occ.article] = count.per_article.get(occ.article, 0) + 1
    seen = sorted(counts.values(), key=lambda c: (-c.total, c.entry.id))
    unseen = sorted((e for e in glossary.entries if e.id not in counts), key=lambda e: e.id)
    return GlossaryStats([a.slug for a in articles], seen, unseen)


@dataclass(frozen=True)
class EntryOccurrence:
    """An occurrence for ``reader glossary show``: the sentence and its English, if any."""

    occurrence: SentenceOccurrence
    english: str | None
    engine: str | None

    def to_json(self) -> dict[str, object]:
        """The occurrence with its translation."""
        return {**self.occurrence.to_json(), "en": self.english, "engine": self.engine}


@dataclass
class EntryReport:
    """One entry in full with its occurrences in the corpus."""

    entry: Entry
    occurrences: list[EntryOccurrence]

    def per_article(self) -> dict[str, int]:
        """Occurrences per article slug, in corpus order."""
        return dict(Counter(o.occurrence.article for o in self.occurrences))

    def to_json(self) -> dict[str, object]:
        """The report as in ``reader glossary show --json``."""
        return {
            **self.entry.to_json(),
            "exclude": list(self.entry.exclude),
            "occurrences": [o.to_json() for o in self.occurrences],
        }


def resolve_entry(glossary: Glossary, query: str) -> Entry:
    """The entry with id ``query``, else the one entry having ``query`` as an exact form.

    Raises ReaderError naming close ids (and entries whose forms resemble the query) when there
    is no such entry.
    """
    query = query.strip()
    if (entry := glossary.get(query)) is not None:
        return entry
    from reader.glossary.search import EXACT, GlossarySearch

    hits = GlossarySearch(glossary).search(query, limit=5) if query else []
    exact = [h for h in hits if h.score >= EXACT]
    if len(exact) == 1:
        return exact[0].entry
    close = difflib.get_close_matches(query.lower(), list(glossary.by_id), n=3, cutoff=0.6)
    close += [h.entry.id for h in hits if h.entry.id not in close]
    hint = f"; did you mean: {', '.join(close[:5])}?" if close else " (try: reader glossary search)"
    raise ReaderError(f"No glossary entry '{query}'{hint}")


def entry_report(ws: Workspace, query: str) -> EntryReport:
    """The entry named by ``query`` (id or exact form) and its occurrences in the corpus."""
    from reader.translation.lookup import translations_for

    entry = resolve_entry(ws.glossary, query)
    matcher = ws.analyzer.matcher
    found: list[EntryOccurrence] = []
    for article in ws.corpus.articles():
        own = [o for o in sentence_occurrences([article], matcher) if o.entry_id == entry.id]
        if not own:
            continue
        translated = translations_for(ws, article)
        for occ in own:
            t = translated.get(occ.sentence_id)
            found.append(EntryOccurrence(occ, t.text if t else None, t.engine if t else None))
    return EntryReport(entry, found)
