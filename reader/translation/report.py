"""Provides glossary-consistency reports per article and engine, and per-sentence marks.

``reader translate --report`` prints one row per article and engine that has English for it:
``curated`` (the article's curated file), ``llm`` (the newest local-LLM output, which had the
glossary's renderings in its prompt), ``argos`` and ``argos+terms`` (the installed model's
cached output without and with enforcement). Glosses are not translations (and always use the
canonical English), so they are not reported. The UI marks the terms of
:func:`inconsistent_by_sentence`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.document.inline import blank_atoms
from reader.model import Article
from reader.translation.consistency import check_sentence
from reader.translation.lookup import (
    UNENFORCED,
    argos_translations,
    curated_for,
    llm_stored,
    wanted_hashes,
)
from reader.translation.model import Translation
from reader.translation.packages import active_model

if TYPE_CHECKING:
    from reader.workspace import Workspace


@dataclass
class EngineReport:
    """Consistency of one engine's English for one article."""

    slug: str
    engine: str
    translated: int = 0  # sentences with English from this engine
    with_terms: int = 0  # of those, sentences containing glossary terms
    consistent: int = 0  # of those, sentences whose English uses every term
    misses: Counter[str] = field(default_factory=Counter)  # term id -> inconsistent uses
    uses: Counter[str] = field(default_factory=Counter)  # term id -> occurrences checked

    @property
    def rate(self) -> float | None:
        """The share of sentences with terms that are consistent (None without any)."""
        return self.consistent / self.with_terms if self.with_terms else None

    def worst(self, n: int = 3) -> list[tuple[str, int, int]]:
        """The terms missed most often: (id, misses, uses)."""
        return [(t, m, self.uses[t]) for t, m in self.misses.most_common(n)]

    def to_json(self) -> dict[str, object]:
        """The row as JSON (``reader translate --report --json``)."""
        return {
            "slug": self.slug,
            "engine": self.engine,
            "sentences": self.translated,
            "with_terms": self.with_terms,
            "consistent": self.consistent,
            "rate": self.rate,
            "worst": [{"term": t, "missed": m, "uses": u} for t, m, u in self.worst()],
        }


def score(
    ws: Workspace, article: Article, engine: str, translations: dict[str, Translation]
) -> EngineReport:
    """Checks every sentence of ``article`` that has a translation in ``translations``."""
    report = EngineReport(article.slug, engine)
    matcher = ws.analyzer.matcher
    for sentence in article.sentences():
        t = translations.get(sentence.id)
        if t is None:
            continue
        report.translated += 1
        prose = blank_atoms(sentence.text, sentence.atoms)
        checks = check_sentence(ws.glossary, matcher, prose, t.text)
        if not checks:
            continue
        report.with_terms += 1
        report.consistent += all(c.consistent for c in checks)
        for c in checks:
            report.uses[c.entry_id] += 1
            if not c.consistent:
                report.misses[c.entry_id] += 1
    return report


def article_reports(ws: Workspace, article: Article) -> list[EngineReport]:
    """One report per engine that has English for the article."""
    wanted = wanted_hashes(article)
    sources: list[tuple[str, dict[str, Translation]]] = [
        ("curated", {k: v for k, v in curated_for(ws, article).items() if not v.stale}),
    ]
    sources.append(("llm", llm_stored(ws, article, wanted)))
    model = active_model()
    if model is not None:
        sources.append(("argos", argos_translations(ws, article, wanted, model, [UNENFORCED])))
        sources.append(
            ("argos+terms", argos_translations(ws, article, wanted, model, [ws.glossary.version]))
        )
    return [score(ws, article, name, found) for name, found in sources if found]


def inconsistent_by_sentence(
    ws: Workspace, article: Article, translations: dict[str, Translation]
) -> dict[str, list[str]]:
    """Sentence id -> ids of glossary terms its English does not use (only non-empty lists).

    Glosses are skipped: they are not translations and always use the canonical English.
    """
    out: dict[str, list[str]] = {}
    matcher = ws.analyzer.matcher
    for sentence in article.sentences():
        t = translations.get(sentence.id)
        if t is None or t.engine == "gloss":
            continue
        missed = [
            c.entry_id
            for c in check_sentence(
                ws.glossary, matcher, blank_atoms(sentence.text, sentence.atoms), t.text
            )
            if not c.consistent
        ]
        if missed:
            out[sentence.id] = missed
    return out
