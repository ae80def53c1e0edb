"""Provides the rows the index holds for one article, made from the Article API alone.

Only ``article.meta`` and ``article.sentences()`` are read, so every kind of block that yields
sentences (table cells, image captions, …) is indexed without a change here.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.library import listing
from reader.library.difficulty import CharLevel, char_level
from reader.library.records import FileState, engine_tag, series_of, series_tag
from reader.library.tokens import HAN_SPLIT_RE, fold, pinyin_key, py_index, zh_index

if TYPE_CHECKING:
    from reader.model import Article
    from reader.translation.model import Translation


@dataclass(frozen=True)
class SentenceRow:
    """A sentence as the index holds it."""

    position: int
    sentence_id: str
    zh: str
    en: str | None
    engine: str | None
    folded: str = ""  # zh in simplified characters (made once; not stored)


@dataclass(frozen=True)
class Prepared:
    """Everything the index stores for an article, ready to write."""

    columns: dict[str, object]
    sentences: list[SentenceRow]
    level: CharLevel
    listing: str  # the article's row of ``reader list``


def title_key(title: str) -> str:
    """The order of titles: Chinese by toneless pinyin, so 北京 sorts near Beijing."""
    return pinyin_key(fold(title)).casefold()


def english_columns(
    sentences: list[SentenceRow],
) -> dict[str, object]:
    """The English counts of an article: sentences with English, stale ones, engines."""
    engines: Counter[str] = Counter(s.engine for s in sentences if s.en is not None and s.engine)
    return {
        "english": sum(engines.values()),
        "engines": json.dumps(dict(engines.most_common()), ensure_ascii=False),
    }


def sentence_rows(
    article: Article, english: dict[str, Translation]
) -> tuple[list[SentenceRow], int]:
    """The article's sentences with their English, and how many curated ones are stale."""
    rows = []
    stale = 0
    for position, sentence in enumerate(article.sentences()):
        t = english.get(sentence.id)
        if t is not None and t.stale:
            stale += 1
        rows.append(
            SentenceRow(
                position,
                sentence.id,
                sentence.text,
                t.text if t is not None else None,
                t.engine if t is not None else None,
                fold(sentence.text),
            )
        )
    return rows, stale


def prepare(
    article: Article,
    english: dict[str, Translation],
    file: FileState,
    digest: str,
    body_hash: str,
) -> Prepared:
    """The article's row, its sentences and its basic difficulty."""
    meta = article.meta
    rows, stale = sentence_rows(article, english)
    han: Counter[str] = Counter()
    for row in rows:
        for run in HAN_SPLIT_RE.findall(row.folded):
            han.update(run)
    level = char_level(han)
    series, order = series_of(dict(meta.extra))  # files written by other tools
    if meta.series:  # the importer's own fields (an EPUB book's chapters)
        series, order = meta.series, (float(meta.chapter) if meta.chapter else order)
    columns: dict[str, object] = {
        "slug": file.slug,
        "path": file.path,
        "writable": int(file.writable),
        "size": file.size,
        "mtime_ns": file.mtime_ns,
        "hash": digest,
        "curated": file.curated,
        "body_hash": body_hash,
        "title": meta.title,
        "title_key": title_key(meta.title),
        "author": meta.author,
        "source": meta.source,
        "url": meta.url,
        "date": meta.date,
        "script": meta.script,
        "original_file": meta.original_file,
        "extra": json.dumps(meta.extra, ensure_ascii=False, default=str),
        "series": series,
        "series_order": order,
        "paragraphs": len({s.paragraph for s in article.sentences()}),
        "sentences": len(rows),
        "han": level.total,
        "stale": stale,
        "english_stale": 0,
        "difficulty": level.score,
        "indexed": time.time(),
        **english_columns(rows),
    }
    line = listing.row(file.slug, meta.title, meta.author, meta.source, meta.date, len(rows))
    return Prepared(columns, rows, level, line)


def fts_row(
    rowid: int,
    zh: str,
    en: str | None,
    engine: str | None,
    article_id: int,
    series: str | None,
    folded: str | None = None,
) -> tuple[int, str, str, str, str]:
    """The full-text row of a sentence: (rowid, zh pairs, pinyin, English, filter tags).

    Deleting a row from the contentless table needs exactly these values again, so they are
    made from what the sentences table keeps, by this one function.
    """
    folded = folded or fold(zh)
    tags = f"art{article_id} {engine_tag(engine if en is not None else None)}"
    if series:
        tags += f" {series_tag(series)}"
    return (rowid, zh_index(folded), py_index(folded), en or "", tags)
