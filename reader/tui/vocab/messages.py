"""Provides the vocabulary's messages: worker results and the news that the vocabulary changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.vocab.difficulty import Difficulty
    from reader.vocab.model import VocabEntry
    from reader.vocab.session import WordInfo


@dataclass
class WordInfoReady(Message, bubble=False):
    """The HSK level, frequency and state of the word looked up (token of a sentence)."""

    sentence: int
    token: int
    info: WordInfo


@dataclass
class WordSaved(Message, bubble=False):
    """A word was saved (``created``: it is new to the vocabulary), or ``error`` says why not."""

    entry: VocabEntry | None
    created: bool = False
    error: str | None = None


@dataclass
class VocabularyChanged(Message):
    """Words were saved, marked, edited or removed: screens showing states draw them again."""


@dataclass
class DifficultyCounted(Message, bubble=False):
    """Each article's difficulty for the learner (slug -> difficulty); ``final`` is False for
    the figures sent while the words of new articles are still being counted."""

    difficulty: dict[str, Difficulty]
    final: bool = True


@dataclass
class VocabularyExported(Message, bubble=False):
    """An export finished: ``words`` written to ``path``, or ``error``."""

    path: str
    words: int = 0
    error: str | None = None
