"""Provides full-text search across the corpus, in Chinese (either script) and English.

Chinese queries are compared through simplified characters, so 规模定律 finds 規模定律 in a
traditional article; Latin queries are case-insensitive and also search the English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.analysis import analysis_text
from reader.glossary.match import fold
from reader.translation.lookup import translations_for

if TYPE_CHECKING:
    from reader.workspace import Workspace

Field = Literal["zh", "en"]


@dataclass(frozen=True)
class SearchHit:
    """A sentence that matches: where it is, its texts, and the match offsets in ``field``."""

    slug: str
    title: str
    sentence_id: str
    position: int  # index of the sentence in the article's reading order
    zh: str
    en: str | None
    field: Field
    start: int
    end: int


@dataclass(frozen=True)
class _Row:
    slug: str
    title: str
    sentence_id: str
    position: int
    zh: str
    zh_key: str
    en: str | None
    en_key: str | None


class CorpusSearch:
    """An index over every sentence of the corpus; build once, query as the user types."""

    def __init__(self, ws: Workspace) -> None:
        self._rows: list[_Row] = []
        for article in ws.corpus.articles():
            translated = translations_for(ws, article, glosses=False)
            for position, sentence in enumerate(article.sentences()):
                t = translated.get(sentence.id)
                en = t.text if t is not None and t.engine != "gloss" else None
                self._rows.append(
                    _Row(
                        article.slug,
                        article.meta.title,
                        sentence.id,
                        position,
                        sentence.text,
                        fold(analysis_text(sentence.text)),
                        en,
                        fold(en) if en else None,
                    )
                )

    def __len__(self) -> int:
        return len(self._rows)

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        """Sentences containing ``query``, in corpus order (at most ``limit``)."""
        query = " ".join(query.split())
        if not query:
            return []
        key = fold(analysis_text(query))
        en_key = fold(query)
        hits: list[SearchHit] = []
        for row in self._rows:
            field: Field = "zh"
            found, size = row.zh_key.find(key), len(key)
            if found < 0 and row.en_key is not None:
                field, found, size = "en", row.en_key.find(en_key), len(en_key)
            if found >= 0:
                hits.append(
                    SearchHit(
                        row.slug,
                        row.title,
                        row.sentence_id,
                        row.position,
                        row.zh,
                        row.en,
                        field,
                        found,
                        found + size,
                    )
                )
            if len(hits) >= limit:
                break
        return hits
