"""Provides what the library index knows of an article (for the library and ``reader list``)."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

# Front-matter fields that may name the book an EPUB chapter belongs to, and its place in it.
# The importer's names are not settled; the first one present wins. A mapping under "series"
# ({"title": ..., "order": ...}) is read too.
SERIES_KEYS = ("series_title", "series", "book_title", "book")
ORDER_KEYS = ("series_order", "series_index", "chapter_index", "chapter", "order", "part")
_MAPPING_TITLE = ("title", "name")
_MAPPING_ORDER = ("order", "index", "chapter", "number", "position")


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def series_of(extra: dict[str, Any]) -> tuple[str | None, float | None]:
    """The series title and the place in it named by front-matter fields, if any."""
    title: str | None = None
    order: float | None = None
    for key in SERIES_KEYS:
        value = extra.get(key)
        if isinstance(value, dict):
            title = next((str(value[k]) for k in _MAPPING_TITLE if value.get(k)), None)
            order = next(
                (n for k in _MAPPING_ORDER if (n := _number(value.get(k))) is not None), None
            )
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
            title = str(value)
        if title:
            break
    if title is None:
        return None, None
    if order is None:
        order = next((n for k in ORDER_KEYS if (n := _number(extra.get(k))) is not None), None)
    return " ".join(title.split())[:200], order


def series_tag(series: str) -> str:
    """The filter token of a series in the full-text table."""
    return "ser" + hashlib.sha1(series.encode("utf-8")).hexdigest()[:12]


def engine_tag(engine: str | None) -> str:
    """The filter token of a translation engine ("none": no English)."""
    return "eng" + "".join(ch for ch in (engine or "none") if ch.isalnum()).lower()


@dataclass(slots=True)
class ArticleRecord:
    """One article of the library as indexed (read-only; not frozen, so that a listing of
    thousands is made quickly)."""

    slug: str
    title: str
    title_key: str  # toneless pinyin / lower case: the order of titles
    author: str | None
    source: str | None
    url: str | None
    date: str | None
    script: str
    original_file: str | None
    series: str | None
    series_order: float | None
    paragraphs: int
    sentences: int
    han: int
    english: int  # sentences with English (curated or machine; glosses are not English)
    stale: int  # of which curated English whose source sentence has changed
    engines_json: str = "{}"  # {"curated": 120, "argos": 30}, parsed on use (a listing need not)
    difficulty: float | None = None  # sort key of the basic difficulty (difficulty.py)
    path: str = ""
    writable: bool = False

    @property
    def engines(self) -> dict[str, int]:
        """Sentences with English per engine."""
        try:
            return {str(k): int(v) for k, v in json.loads(self.engines_json).items()}
        except (ValueError, AttributeError, TypeError):
            return {}

    @property
    def byline(self) -> str:
        """The author, else the source, else ""."""
        return self.author or self.source or ""

    @property
    def coverage(self) -> float:
        """The share of sentences with English (0..1)."""
        return self.english / self.sentences if self.sentences else 0.0

    @property
    def level_label(self) -> str:
        """The basic difficulty as a short label: "HSK 4", "HSK 7-9", "beyond", or ""."""
        if self.difficulty is None:
            return ""
        level = max(1, math.ceil(self.difficulty))  # a score in (n-1, n] is level n
        if level > 7:
            return "beyond"
        return "HSK 7-9" if level == 7 else f"HSK {level}"

    def english_text(self) -> str:
        """ "100% curated", "40% argos+curated", "none" for the library's English column."""
        engines = self.engines
        done = sum(engines.values())
        if not done:
            return "none"
        names = "+".join(sorted(engines, key=lambda e: -engines[e]))
        share = done / self.sentences if self.sentences else 1.0
        return f"{share:.0%} {names}"

    def list_json(self) -> dict[str, Any]:
        """The article as in ``reader list --json`` (the first seven fields are the contract)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "author": self.author,
            "source": self.source,
            "date": self.date,
            "script": self.script,
            "sentences": self.sentences,
            "series": self.series,
            "chapter": int(self.series_order) if self.series and self.series_order else None,
            "series_order": self.series_order,
            "english": self.english,
            "engines": self.engines,
            "difficulty": self.difficulty,
        }


class FileState(NamedTuple):
    """An article file as found on disk: where, whether writable, size and times."""

    slug: str
    path: str
    writable: bool
    size: int
    mtime_ns: int
    curated: str  # "size:mtime_ns" of <slug>.en.yaml, "" when there is none

    @property
    def signature(self) -> str:
        """What changes when the file changes (without reading it)."""
        return f"{self.size}:{self.mtime_ns}"


RECORD_COLUMNS = (
    "slug, title, title_key, author, source, url, date, script, original_file, series, "
    "series_order, paragraphs, sentences, han, english, stale, engines, difficulty, path, writable"
)


def record_from_row(row: tuple[Any, ...]) -> ArticleRecord:
    """An ArticleRecord from a row selected with RECORD_COLUMNS."""
    return records_from_rows([row])[0]


def records_from_rows(rows: list[tuple[Any, ...]]) -> list[ArticleRecord]:
    """ArticleRecords from rows selected with RECORD_COLUMNS. The values that repeat across a
    library (authors, sources, dates, script, series, engines) are one string each, not one
    per article: the library screen keeps every record."""
    shared: dict[object, Any] = {}
    one = shared.setdefault
    return [
        ArticleRecord(
            slug, title, title_key, one(author, author), one(source, source), url,
            one(date, date), one(script, script), original_file, one(series, series),
            series_order, paragraphs, sentences, han, english, stale, one(engines, engines),
            difficulty, path, bool(writable),
        )
        for (slug, title, title_key, author, source, url, date, script, original_file, series,
             series_order, paragraphs, sentences, han, english, stale, engines, difficulty, path,
             writable) in rows
    ]  # fmt: skip
