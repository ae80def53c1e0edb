"""Provides the view of a sentence that polyphone rules look at: characters, words and readings."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, field


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (the ranges the engine reads)."""
    if not ch:
        return False
    cp = ord(ch[0])
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF


@dataclass
class Context:
    """One text being read: its segmentation, the readings chosen so far and dictionary cover.

    ``readings`` is changed in place by the rules; ``covered`` holds the positions inside a
    segmentation word that a dictionary knows as a whole (their reading comes from there).
    """

    text: str
    spans: Sequence[tuple[int, int]]
    readings: list[str | None]
    covered: Container[int] = frozenset()
    _span_at: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        span_at = [0] * len(self.text)
        for k, (s, e) in enumerate(self.spans):
            for i in range(s, e):
                span_at[i] = k
        self._span_at = span_at

    def char(self, i: int) -> str:
        """The character at ``i``, or "" outside the text."""
        return self.text[i] if 0 <= i < len(self.text) else ""

    def word_index(self, i: int) -> int:
        """Index in ``spans`` of the word holding position ``i``."""
        return self._span_at[i]

    def word(self, k: int) -> str:
        """The ``k``-th word of the segmentation, or "" outside it."""
        if 0 <= k < len(self.spans):
            s, e = self.spans[k]
            return self.text[s:e]
        return ""

    def word_at(self, i: int) -> str:
        """The segmentation word holding position ``i``."""
        return self.word(self._span_at[i])

    def prev_word(self, i: int) -> str:
        """The word before the one holding ``i`` ("" at the start)."""
        return self.word(self._span_at[i] - 1)

    def next_word(self, i: int) -> str:
        """The word after the one holding ``i`` ("" at the end)."""
        return self.word(self._span_at[i] + 1)

    def alone(self, i: int) -> bool:
        """True when the character at ``i`` is a word of its own."""
        s, e = self.spans[self._span_at[i]]
        return e - s == 1
