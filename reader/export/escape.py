"""Provides escaping of article text for Markdown, so every character shows literally.

The target is CommonMark with GFM tables, plus the inline extensions of the renderers a reader
exports to: GitHub (strikethrough ``~~``, ``$`` math), Obsidian (``==highlight==``, ``%%comment%%``)
and pandoc (``~sub~``, ``^sup^``, ``$math$``). Characters that would start one of these constructs
are backslash-escaped; ``<``, ``>`` and ``&`` become entities so no HTML, autolink or entity can
form. ``|`` is always escaped, so the same text is safe inside a GFM table cell.

Escaping is computed per character with the whole text as context (a ``==`` run is only special
as a pair), so callers that cut a sentence into words (ruby, term links) can escape the pieces
without losing a pair that straddles a cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Always special, wherever they stand (inline syntax of CommonMark, GFM and the extensions above).
_BACKSLASHED = frozenset("\\`*_[]|~^$#")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# Special only when doubled: Obsidian's ==highlight== and %%comment%%.
_PAIRED = frozenset("=%")
# ASCII whitespace is what Markdown folds or strips; Unicode spaces (U+3000) are content.
_SPACE = frozenset(" \t\r\n\f\v")
_SPECIAL_RE = re.compile(r"[\\`*_\[\]|~^$#<>&=%\t\r\n\f\v]|  ")
# Block syntax at the start of a line that the inline escapes above do not already defuse:
# bullet list markers and thematic breaks (- +), setext underlines (=) and ordered lists (1. 1)).
_LINE_START_RE = re.compile(r"[-+=]|\d{1,9}(?=[.)])")


def escape_chars(text: str) -> list[str] | None:
    """The escaped form of each character of ``text``, or None when no character needs one.

    The list has one string per character (possibly empty for folded whitespace), so that
    ``"".join(chars[i:j])`` is the escaped form of ``text[i:j]`` in the context of the whole text.
    """
    if _SPECIAL_RE.search(text) is None:
        return None
    out: list[str] = []
    previous_space = False
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _SPACE:
            # A run of whitespace is one space: Markdown would fold it, and a newline would
            # end the line (and the table row) the text is written on.
            out.append("" if previous_space else " ")
            previous_space = True
            continue
        previous_space = False
        if ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _PAIRED and ((i > 0 and text[i - 1] == ch) or (i + 1 < n and text[i + 1] == ch)):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return out


def escape_text(text: str) -> str:
    """``text`` as inline Markdown that renders as exactly ``text`` (whitespace folded)."""
    chars = escape_chars(text)
    return text if chars is None else "".join(chars)


class Escaped:
    """A text escaped once, with its pieces available by character offsets.

    Characters inside ``hidden`` spans (inline code and math, which their writer puts in whole)
    give nothing.
    """

    __slots__ = ("_chars", "text")

    def __init__(self, text: str, hidden: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self._chars = escape_chars(text)
        if hidden:
            chars = self._chars if self._chars is not None else list(text)
            for start, end in hidden:
                chars[start:end] = [""] * (end - start)
            self._chars = chars

    def piece(self, start: int, end: int) -> str:
        """The escaped form of ``text[start:end]``."""
        if self._chars is None:
            return self.text[start:end]
        return "".join(self._chars[start:end])


def escape_line_start(line: str) -> str:
    """Defuses block syntax at the start of a line of inline Markdown produced by this module.

    ``line`` must already be inline-escaped; only the markers that inline escaping leaves alone
    are handled here (a leading ``-``, ``+`` or ``=``, or digits followed by ``.`` or ``)``).
    """
    m = _LINE_START_RE.match(line)
    if m is None:
        return line
    if m.group()[0].isdigit():
        return line[: m.end()] + "\\" + line[m.end() :]
    return "\\" + line
