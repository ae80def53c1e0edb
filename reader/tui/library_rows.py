"""Provides the library's rows: one per article, sorted, filtered and grouped by series.

Plain data, no widgets: the library screen shows what :func:`arrange` returns, a screenful at a
time, so a library of thousands of articles costs one sort per change, not one widget each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.library.records import ArticleRecord


def filter_key(text: str) -> str:
    """The form the library filter compares: simplified characters, lower case."""
    from reader.analysis import analysis_text

    return analysis_text(text).casefold()


@dataclass(frozen=True, slots=True)
class Row:
    """One article as the library lists it (slots: a library of thousands keeps one each)."""

    slug: str
    title: str
    byline: str
    date: str
    sentences: int
    english: str  # coverage and engines, e.g. "100% curated"
    progress: float  # 0..1
    level: str = ""  # basic difficulty, e.g. "HSK 5"
    title_key: str = ""  # toneless pinyin of the title: the order of titles
    difficulty: float | None = None
    series: str | None = None  # EPUB chapters: the book they belong to, and their place
    series_order: float | None = None
    known: tuple[float, int, int] | None = None  # the learner's difficulty (easier first)
    # The index's record: the English and level columns are made from it when the row is
    # shown, not for every article of a long library.
    record: ArticleRecord | None = field(default=None, compare=False, repr=False)

    @property
    def english_column(self) -> str:
        """The English column: coverage and engines."""
        if self.english or self.record is None:
            return self.english
        return self.record.english_text()

    @property
    def level_column(self) -> str:
        """The difficulty column."""
        if self.level or self.record is None:
            return self.level
        return self.record.level_label

    def matches(self, query: str) -> bool:
        """Whether the filter text occurs in the title, byline, slug or series, in either
        script and any case (复盘 finds 復盤, minimax finds MiniMax)."""
        q = filter_key(query)
        fields = (self.title, self.byline, self.slug, self.series or "")
        return any(q in filter_key(field) for field in fields)


@dataclass(frozen=True)
class Sort:
    """An order of the library: its name, the key, what comes first, what has no value."""

    label: str
    key: Callable[[Row], object]
    descending: bool = False  # the natural direction: newest, most read, hardest last…
    missing: Callable[[Row], bool] = lambda row: False  # listed last whatever the direction


SORTS: dict[str, Sort] = {
    "library": Sort("as listed", lambda r: r.slug),
    "title": Sort("title", lambda r: (r.title_key or r.title.casefold(), r.title)),
    "date": Sort("date, newest first", lambda r: r.date, True, lambda r: not r.date),
    "source": Sort("author / source", lambda r: r.byline.casefold(), False, lambda r: not r.byline),
    "progress": Sort("progress, most read first", lambda r: r.progress, True),
    "level": Sort(
        "difficulty, easiest first",
        lambda r: r.difficulty or 0.0,
        False,
        lambda r: r.difficulty is None,
    ),
    "sentences": Sort("length, longest first", lambda r: r.sentences, True),
    "known": Sort(
        "known words, easiest first", lambda r: r.known, False, lambda r: r.known is None
    ),
}
# The library's columns that sort when their header is clicked.
COLUMN_SORTS = {
    "title": "title",
    "byline": "source",
    "date": "date",
    "sentences": "sentences",
    "read": "progress",
    "level": "level",
    "known": "known",
}


@dataclass(frozen=True)
class Group:
    """The chapters of one series, in their order."""

    series: str
    rows: tuple[Row, ...]

    @property
    def key(self) -> str:
        """The table's row key of the group's header."""
        return f"series:{self.series}"


Item = Row | Group


def sorted_rows(rows: list[Row], sort: str, reverse: bool = False) -> list[Row]:
    """Rows in the named order (``reverse`` turns its direction); rows without a value last."""
    order = SORTS.get(sort, SORTS["library"])
    present = [r for r in rows if not order.missing(r)]
    absent = [r for r in rows if order.missing(r)]
    present.sort(key=lambda r: r.slug)  # ties in a stable, predictable order
    present.sort(key=order.key, reverse=order.descending != reverse)  # type: ignore[arg-type]
    return present + sorted(absent, key=lambda r: r.slug)


def arrange(rows: list[Row], sort: str, reverse: bool = False, query: str = "") -> list[Item]:
    """What the library lists: the rows that match ``query`` in order, the chapters of a series
    together (in chapter order) where the first of them would stand."""
    shown = [r for r in rows if not query or r.matches(query)]
    chapters_in_library = Counter(r.series for r in rows if r.series)
    groups: dict[str, list[Row]] = {}
    for row in shown:
        if row.series:
            groups.setdefault(row.series, []).append(row)
    items: list[Item] = []
    placed: set[str] = set()
    for row in sorted_rows(shown, sort, reverse):
        if not row.series or chapters_in_library[row.series] < 2:
            items.append(row)
        elif row.series not in placed:
            placed.add(row.series)
            chapters = sorted(
                groups[row.series],
                key=lambda r: (r.series_order is None, r.series_order or 0.0, r.slug),
            )
            items.append(Group(row.series, tuple(chapters)))
    return items
