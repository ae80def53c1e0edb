"""Provides the vocabulary's records: a saved word with its context, and a word's learning state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

State = Literal["new", "learning", "known"]
STATES: tuple[State, ...] = ("new", "learning", "known")
# Where the English of a saved word came from.
SenseSource = Literal["glossary", "cedict", "user"]


@dataclass(frozen=True)
class VocabEntry:
    """A saved word: the word as segmented, its reading in its sentence, the English senses
    chosen, the sentence (Chinese and English), where it was found and when, and the user's notes.

    One entry per word and reading: 行 háng and 行 xíng are two entries, 银行 saved again from
    another sentence replaces the context of the first.
    """

    word: str  # as written in the article (its script)
    simplified: str  # the key: the word in simplified characters
    reading: str  # numbered pinyin, a syllable per Han character: "yin2 hang2" ("" when none)
    senses: tuple[str, ...]  # the English chosen
    sense_source: SenseSource = "cedict"
    term: str | None = None  # glossary entry id, when the English is the glossary's
    traditional: str = ""  # the traditional form, when known
    sentence: str = ""  # the sentence it was saved from ("" when added without context)
    sentence_en: str = ""  # that sentence's English (curated or machine; never a gloss)
    word_start: int | None = None  # where the word starts in the sentence
    slug: str | None = None  # the article
    sentence_id: str | None = None  # the sentence's stable id
    title: str = ""  # the article's title when it was saved (articles can be removed)
    source: str = ""  # the article's author or source, when known
    url: str = ""  # the article's URL, when known
    notes: str = ""
    added: str = ""  # ISO 8601 date and time (UTC) of the first save
    id: int | None = None  # the row id once stored

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the entry: the simplified word and its reading."""
        return (self.simplified, self.reading)

    @property
    def english(self) -> str:
        """The senses as one line ("bank; banking")."""
        return "; ".join(self.senses)

    @property
    def has_context(self) -> bool:
        """Whether the entry was saved from a sentence of an article."""
        return bool(self.slug and self.sentence)
