"""Provides the translations to show for an article: curated first, then cached engines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.model import Article
from reader.translation.curated import curated_path, curated_translations, read_curated
from reader.translation.model import Translation

if TYPE_CHECKING:
    from reader.workspace import Workspace


def translations_for(ws: Workspace, article: Article) -> dict[str, Translation]:
    """Sentence id -> the translation to show (curated where present)."""
    path = ws.corpus.path_of(article.slug)
    return curated_translations(article, read_curated(curated_path(path)))
