"""Provides word marks: each word of a sentence styled by its learning state, LingQ-style.

New words (never marked) and words being learnt get a style of their own; known words, and
anything that is not a Chinese word, stay plain. Plain Python, so it is tested without an app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reader.analysis import analysis_text
from reader.text.chars import has_han
from reader.tui.layout import TokenView
from reader.vocab.model import State

# The layout style of each state (known words keep the text's own style).
STYLES: dict[State, str] = {"new": "word-new", "learning": "word-learning", "known": ""}


class WordMarks:
    """Marks of the tokens of an article's sentences, from the learner's states."""

    def __init__(self, states: Mapping[str, State]) -> None:
        self.states = states
        self._simple: dict[str, str] = {}  # sentence text -> its simplified form

    def keys(self, text: str, tokens: Sequence[TokenView]) -> list[str | None]:
        """Each token's word as its state is kept (simplified), None for non-words."""
        simple = self._simple.get(text)
        if simple is None:
            simple = self._simple[text] = analysis_text(text)
        return [
            simple[t.start : t.end] if t.is_word and has_han(simple[t.start : t.end]) else None
            for t in tokens
        ]

    def marks(self, text: str, tokens: Sequence[TokenView] | None) -> tuple[str, ...]:
        """A style per token ("" for none); empty until the sentence is analysed."""
        if not tokens:
            return ()
        return tuple(
            STYLES[self.states.get(key, "new")] if key is not None else ""
            for key in self.keys(text, tokens)
        )
