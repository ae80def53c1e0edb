"""Provides the article's status line: parts by priority, fitted to the terminal's width.

What matters most (where the reader is, where the English comes from, what is going on, and a
warning about the English) stays at 80 columns; the layout and script names give way first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from reader.tui.layout import cells

SEPARATOR = " · "


@dataclass(frozen=True)
class Part:
    """A piece of the status line; lower ``rank`` is kept longer when space is short."""

    text: str
    rank: int
    style: str = ""
    shrinks: bool = False  # cut with an ellipsis rather than dropped


def fit_status(parts: list[Part], width: int) -> Text:
    """The parts that fit in ``width`` cells, in their order, joined by " · "."""
    kept = list(parts)
    for part in sorted(parts, key=lambda p: -p.rank):
        if _width(kept) <= width:
            break
        if not part.shrinks:
            kept.remove(part)
    text = Text()
    for n, part in enumerate(kept):
        if n:
            text.append(SEPARATOR)
        text.append(part.text, style=part.style)
    text.truncate(max(width, 1), overflow="ellipsis")
    return text


def _width(parts: list[Part]) -> int:
    return sum(cells(p.text) for p in parts) + cells(SEPARATOR) * max(len(parts) - 1, 0)
