"""Provides the rows of ``reader list`` as the index keeps them: rendered once, when an article
is indexed.

Fitting a row measures its title and byline in terminal cells (CJK characters take two) and
cuts what is too long with an ellipsis; done at every listing, that was most of what a library
of thousands cost beyond starting Python. The index keeps each article's row as printed, so a
listing is one query. ``LAYOUT`` names the columns: when it changes, the rows are rendered
again at the next listing (``LibraryIndex.listing_text``).
"""

from __future__ import annotations

from reader.text.cells import table_line

HEADERS = ("SLUG", "TITLE", "AUTHOR / SOURCE", "DATE", "SENT.")
WIDTHS = (22, 44, 24, 10, 5)
# Stored with the rows (meta "listing"): rows of another layout are rendered again.
LAYOUT = f"1 {HEADERS!r} {WIDTHS!r}"
# What a row is rendered from, in the articles table.
SOURCE_COLUMNS = "slug, title, author, source, date, sentences"


def header() -> str:
    """The line of column names."""
    return table_line(HEADERS, WIDTHS)


def row(
    slug: str,
    title: str,
    author: str | None,
    source: str | None,
    date: str | None,
    sentences: int,
) -> str:
    """An article's line: slug, title, author (else source), date, sentences."""
    return table_line((slug, title, author or source or "", date or "", str(sentences)), WIDTHS)
