"""Provides export of articles to bilingual Markdown (CommonMark + GFM tables).

The TUI and ``reader export`` call :func:`export_articles` (files or standard output) or
:func:`render_article` (a string); :func:`prepare_article` plus :func:`render_prepared` render one
analysis in several layouts.
"""

from __future__ import annotations

from reader.export.options import ExportOptions
from reader.export.prepare import PreparedArticle, prepare_article
from reader.export.render import render_article, render_prepared
from reader.export.write import export_articles

__all__ = [
    "ExportOptions",
    "PreparedArticle",
    "export_articles",
    "prepare_article",
    "render_article",
    "render_prepared",
]
