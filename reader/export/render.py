"""Provides rendering of an article as bilingual Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.export.appendix import render_appendix
from reader.export.frontmatter import front_matter, title_block
from reader.export.layouts import render_body
from reader.export.options import ExportOptions
from reader.export.prepare import PreparedArticle, prepare_article
from reader.model import Article

if TYPE_CHECKING:
    from reader.workspace import Workspace


def render_prepared(prepared: PreparedArticle, options: ExportOptions) -> str:
    """The Markdown document of a prepared article (ends with one newline)."""
    blocks = [front_matter(prepared, options), title_block(prepared)]
    blocks.extend(render_body(prepared, options))
    if options.glossary and (appendix := render_appendix(prepared.terms)) is not None:
        blocks.append(appendix)
    return "\n\n".join(blocks) + "\n"


def render_article(ws: Workspace, article: Article, options: ExportOptions) -> str:
    """The Markdown document of ``article`` under ``options``."""
    prepared = prepare_article(ws, article, tokens=options.needs_tokens, terms=options.glossary)
    return render_prepared(prepared, options)
