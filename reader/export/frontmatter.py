"""Provides the YAML front matter and the title block of an exported article.

Everything in it is derived from the input (no timestamps), so the same article, translations,
glossary and options always give the same bytes.
"""

from __future__ import annotations

from typing import Any

import yaml

from reader import __version__
from reader.export.escape import escape_line_start, escape_text
from reader.export.options import ExportOptions
from reader.export.prepare import PreparedArticle


def front_matter(prepared: PreparedArticle, options: ExportOptions) -> str:
    """The ``---``-delimited YAML block: metadata, translation counts, glossary, generator."""
    meta = prepared.article.meta
    engines, stale, missing = prepared.translation_counts()
    fields: dict[str, Any] = {"title": meta.title}
    if prepared.title_en:
        fields["title_en"] = prepared.title_en
    for key in ("author", "source", "date", "url"):
        if (value := getattr(meta, key)) is not None:
            fields[key] = value
    fields.update(
        {
            "slug": meta.slug,
            # pandoc picks fonts and hyphenation from lang; the body is Chinese first.
            "lang": "zh-Hant" if meta.script == "traditional" else "zh-Hans",
            "translation_engines": engines,
            "stale_translations": stale,
            "untranslated_sentences": missing,
            "glossary_version": prepared.glossary_version,
            "generator": f"reader {__version__}",
            "export": {
                "layout": options.layout,
                "granularity": options.granularity,
                "pinyin": options.pinyin,
                "glossary": options.glossary,
            },
        }
    )
    # safe_dump quotes anything YAML would misread (a title like "no: yes" or "2024-01-01").
    body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---"


def title_block(prepared: PreparedArticle) -> str:
    """The article title as a level-1 heading, with the English title below it if known."""
    lines = [f"# {escape_text(prepared.article.meta.title).strip(' ')}"]
    if prepared.title_en:
        lines.append("> " + escape_line_start(escape_text(prepared.title_en).strip(" ")))
    return "\n\n".join(lines)
