"""Provides full-text search across the corpus, in Chinese (either script), English and pinyin.

The search runs on the library index (:mod:`reader.library`): 规模定律 finds 規模定律 in a
traditional article, Latin queries search the English and the Latin words of the Chinese, and
toneless pinyin (guimo dinglv, "fupan") finds the characters. ``reader search`` and the
reader's search screen both use this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.library.search import Field, Filters, Hit, Results, snippet

if TYPE_CHECKING:
    from reader.workspace import Workspace

__all__ = ["CorpusSearch", "Field", "Filters", "SearchHit", "snippet"]


@dataclass(frozen=True)
class SearchHit:
    """A sentence that matches: where it is, its texts, and the first match in ``field``."""

    slug: str
    title: str
    sentence_id: str
    position: int  # index of the sentence in the article's reading order
    zh: str
    en: str | None
    field: Field  # "zh", "en", or "pinyin" (a match in the reading of ``zh``)
    start: int  # the first match, in ``en`` for "en" and in ``zh`` otherwise
    end: int
    hit: Hit  # every match, the engine and the score

    @property
    def snippet(self) -> str:
        """The text around the match, the match between ``**``."""
        return snippet(self.hit)


def search_hit(hit: Hit) -> SearchHit:
    """A SearchHit from an index hit."""
    start, end = hit.spans[0] if hit.spans else (0, 0)
    return SearchHit(
        hit.slug, hit.title, hit.sentence_id, hit.position, hit.zh, hit.en, hit.field, start, end,
        hit,
    )  # fmt: skip


class CorpusSearch:
    """Search over the workspace's library index, brought in step with the corpus when made."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.last: Results | None = None
        ws.synced_library()

    def search(
        self, query: str, *, limit: int = 200, filters: Filters | None = None
    ) -> list[SearchHit]:
        """Sentences matching ``query``, best first (at most ``limit``); ``last`` keeps the
        totals of the search."""
        filters = filters or Filters()
        library = self.ws.synced_library()
        self.last = library.search(
            query,
            limit=limit,
            article=filters.article,
            series=filters.series,
            engine=filters.engine,
        )
        return [search_hit(h) for h in self.last.hits]
