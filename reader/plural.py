"""Provides counted nouns for messages: "1 sentence", "2 sentences", "1 entry", "3 entries"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun in the number it needs (``nouns``: an irregular plural)."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {nouns or noun + 's'}"
