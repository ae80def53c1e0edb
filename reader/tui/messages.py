"""Provides the reader's messages: worker results (to the screen that started the work) and
requests from a screen to the app (messages up; the app calls methods down)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # only annotations: the library's start-up imports none of these
    from rich.text import Text

    from reader.library.records import ArticleRecord
    from reader.lookup import LookupResult
    from reader.search import SearchHit
    from reader.tui.layout import TokenView
    from reader.tui.reading import English

# -- worker results: posted by a worker to its own screen or app (they do not bubble) ---------


@dataclass
class Prepared(Message, bubble=False):
    """The glossary is loaded (or replaced by an empty one) and the segmenter is warm."""

    problems: list[str]  # the glossary's problems, one line each ("PATH:LINE:COL: message")
    error: str | None = None  # a glossary that could not be read at all


@dataclass
class AnalysisReady(Message, bubble=False):
    """The words of every sentence and every sentence's English (with glosses) are ready."""

    tokens: list[tuple[TokenView, ...]]
    english: list[English]


@dataclass
class TranslationProgress(Message, bubble=False):
    """A batch of machine translation is stored: the English so far, ``done`` of ``total``."""

    english: list[English]
    done: int
    total: int


@dataclass
class TranslationDone(Message, bubble=False):
    """Machine translation finished, was stopped, or failed with ``error``."""

    cancelled: bool
    error: str | None = None
    started: bool = True  # False: there was nothing to do (no model installed)


@dataclass
class LookupReady(Message, bubble=False):
    """The look-up of token ``token`` of sentence ``sentence``."""

    sentence: int
    token: int
    result: LookupResult


@dataclass
class AlternativesReady(Message, bubble=False):
    """The model's alternative translations of sentence ``sentence``, rendered for the panel."""

    sentence: int
    text: Text


@dataclass
class LibraryIndexed(Message, bubble=False):
    """The library index is in step with the corpus folders: its articles, and why files were
    left out (one line each)."""

    records: list[ArticleRecord]
    problems: list[str]
    error: str | None = None  # the index could not be brought in step
    unchanged: bool = False  # nothing changed since the screen read the index (no records)


@dataclass
class Occurrence:
    """Where a glossary term occurs: an article's sentence."""

    slug: str
    title: str
    position: int
    text: str


@dataclass
class OccurrencesIndexed(Message, bubble=False):
    """Every glossary term's occurrences in the corpus: entry id -> occurrences."""

    occurrences: dict[str, list[Occurrence]]


@dataclass
class SearchDone(Message, bubble=False):
    """The hits for ``query`` (dropped when the query changed meanwhile)."""

    query: str
    hits: list[SearchHit]
    total: int = 0  # matching sentences (at least, when capped)
    capped: bool = False  # too many to rank: the first ones in library order


# -- requests to the app: posted by a screen, handled by ReaderApp ---------------------------


@dataclass
class OpenArticle(Message):
    """Open an article, at sentence ``sentence`` or where the reader left it."""

    slug: str
    sentence: int | None = None


@dataclass
class ExportArticle(Message):
    """Show the export dialog for an article."""

    slug: str


@dataclass
class ReadingsChanged(Message):
    """A pinyin correction was saved: analyse the open articles again."""


@dataclass
class ShowGlossaryEntry(Message):
    """Open the glossary, at entry ``entry_id`` (or as it was left, for None)."""

    entry_id: str | None = None
