"""Provides full-text search across the corpus, in Chinese (either script) and English.

Chinese queries are compared through simplified characters, so 规模定律 finds 規模定律 in a
traditional article; Latin queries are case-insensitive and also search the English; a query
that can be pinyin (``fupan``, ``fù pán``) also finds the Chinese read that way (復盤), listed
after the sentences that contain the query itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.analysis import analysis_text
from reader.glossary.match import fold
from reader.translation.lookup import translations_for
from reader.typed_pinyin import PinyinKey, pinyin_key, typed_key

if TYPE_CHECKING:
    from reader.workspace import Workspace

Field = Literal["zh", "en", "pinyin"]  # pinyin: start/end are offsets into zh


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
        self._ws = ws
        self._pinyin: list[PinyinKey] | None = None  # built on the first pinyin query
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
        """Sentences containing ``query``, in corpus order (at most ``limit``), then the
        sentences whose Chinese reads as ``query`` when it can be pinyin."""
        query = " ".join(query.split())
        if not query:
            return []
        key = fold(analysis_text(query))
        en_key = fold(query)
        hits: list[SearchHit] = []
        matched: set[int] = set()
        for n, row in enumerate(self._rows):
            field: Field = "zh"
            found, size = row.zh_key.find(key), len(key)
            if found < 0 and row.en_key is not None:
                field, found, size = "en", row.en_key.find(en_key), len(en_key)
            if found >= 0:
                matched.add(n)
                hits.append(self._hit(row, field, found, found + size))
            if len(hits) >= limit:
                return hits
        typed = typed_key(query)
        if typed is None:
            return hits
        for n, (row, spoken) in enumerate(zip(self._rows, self._pinyin_keys(), strict=True)):
            spans = spoken.find(typed) if n not in matched else []
            if spans:
                hits.append(self._hit(row, "pinyin", *spans[0]))
                if len(hits) >= limit:
                    break
        return hits

    @staticmethod
    def _hit(row: _Row, field: Field, start: int, end: int) -> SearchHit:
        return SearchHit(
            row.slug, row.title, row.sentence_id, row.position, row.zh, row.en, field, start, end
        )

    def _pinyin_keys(self) -> list[PinyinKey]:
        """Each sentence's readings as the reader shows them (analysed once, on first use)."""
        if self._pinyin is None:
            analyzer = self._ws.analyzer
            self._pinyin = [
                pinyin_key(p for token in analyzer.analyze(row.zh) for p in token.pinyin)
                for row in self._rows
            ]
        return self._pinyin
