"""Provides the vocabulary as an interactive program uses it: the store, the learning states
held in memory (the reader asks for them for every word it draws), frequencies, and what the
look-up shows about a word.

Everything opens on first use, and is safe to use from a worker thread and the UI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from reader.vocab.frequency import Frequencies, band
from reader.vocab.levels import label, word_level
from reader.vocab.model import State, VocabEntry
from reader.vocab.store import VocabStore, word_key

# What one press of the mark key does to a word (LingQ's "known" toggle): known words go
# back to learning when saved, else to new; other words become known.
_TOGGLE: dict[State, State] = {"new": "known", "learning": "known", "known": "learning"}


@dataclass(frozen=True)
class WordInfo:
    """What the look-up shows about a word besides the dictionary: level, frequency, state."""

    word: str  # simplified
    level: int | None  # HSK 3.0 level (7 is the 7–9 band)
    zipf: float | None  # Zipf frequency (wordfreq)
    state: State
    saved: int  # saved entries (readings) of the word

    def describe(self) -> str:
        """One line: "HSK 3 · common (Zipf 5.3) · learning · saved"."""
        parts = [f"HSK {label(self.level)}" if self.level is not None else "not in HSK"]
        if self.zipf is not None:
            parts.append(f"{band(self.zipf)} (Zipf {self.zipf:.1f})")
        else:
            parts.append(band(None))
        parts.append(self.state)
        if self.saved:
            parts.append("saved")
        return " · ".join(parts)


class VocabSession:
    """The store and the states in memory; changes go to both at once."""

    def __init__(self, store: VocabStore | None = None) -> None:
        self.store = store or VocabStore()
        self._lock = threading.RLock()
        self._states: dict[str, State] | None = None
        self._saved: set[str] | None = None

    @cached_property
    def frequencies(self) -> Frequencies:
        """Word frequencies (the table is built on the first look-up on a new machine)."""
        return Frequencies()

    def states(self) -> dict[str, State]:
        """Learning and known words (simplified) -> state; loaded once, kept in step."""
        with self._lock:
            if self._states is None:
                self._states = self.store.states()
            return self._states

    def saved_words(self) -> set[str]:
        """The simplified forms of the saved words."""
        with self._lock:
            if self._saved is None:
                self._saved = self.store.saved_words()
            return self._saved

    def state(self, word: str) -> State:
        """A word's state (either script)."""
        return self.states().get(word_key(word), "new")

    def set_state(self, words: list[str], state: State) -> int:
        """Sets the words' state in the store and in memory; returns how many changed."""
        with self._lock:
            changed = self.store.set_state(words, state)
            states = self.states()
            for key in {word_key(w) for w in words}:
                if state == "new":
                    states.pop(key, None)
                else:
                    states[key] = state
            return changed

    def toggle_known(self, word: str) -> State:
        """Marks a word known, or a known word back to learning (new when it is not saved);
        returns its new state."""
        key = word_key(word)
        current = self.state(key)
        new = _TOGGLE[current]
        if new == "learning" and key not in self.saved_words():
            new = "new"
        self.set_state([key], new)
        return new

    def save(self, entry: VocabEntry) -> tuple[VocabEntry, bool]:
        """Saves an entry (a new word starts learning unless known)."""
        with self._lock:
            stored, created = self.store.save(entry)
            self.saved_words().add(stored.simplified)
            self.states().setdefault(stored.simplified, "learning")
            return stored, created

    def delete(self, entry: VocabEntry) -> None:
        """Deletes a saved entry (its word's state stays)."""
        with self._lock:
            if entry.id is not None:
                self.store.delete(entry.id)
            self._saved = None

    def reload(self) -> None:
        """Forgets what is held in memory (after another program changed the vocabulary)."""
        with self._lock:
            self._states = None
            self._saved = None

    def info(self, word: str) -> WordInfo:
        """What the look-up shows about ``word`` (either script)."""
        key = word_key(word)
        return WordInfo(
            word=key,
            level=word_level(key),
            zipf=self.frequencies.zipf(key),
            state=self.state(key),
            saved=len(self.store.find(key)),
        )
