"""Provides matching of pinyin as a reader types it (``fupan``, ``fù pán``, ``fu4pan2``)
against Chinese text.

A text's key is its syllables without tones run together, with where each syllable starts and
ends; a typed query matches a run of whole syllables, so ``fupan`` finds 复盘 (and 復盤) but
``upa`` finds nothing. Tones are ignored: ``fu4pan2`` and ``fúpán`` find 复盘 too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_TYPED_RE = re.compile(r"^[a-zA-ZüÜ\u0300-\u036f\s'’1-5-]+$")
_SEPARATOR = "\x00"  # stands for a character without a reading: no match crosses it


def _toneless(syllable: str) -> str:
    """``"lü4"`` → ``"lv"``, ``"Fù"`` → ``"fu"``."""
    decomposed = unicodedata.normalize("NFD", syllable.casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    letters = unicodedata.normalize("NFC", kept).replace("ü", "v").replace("u\u0308", "v")
    return "".join(c for c in letters if "a" <= c <= "z")


def typed_key(query: str) -> str | None:
    """The toneless letters of a query typed as pinyin, or None when it cannot be pinyin
    (Chinese characters, punctuation, digits other than tones, too short to mean anything)."""
    query = query.strip()
    if not query or not _TYPED_RE.match(unicodedata.normalize("NFD", query)):
        return None
    key = _toneless(re.sub(r"[1-5]", "", query))
    return key if len(key) >= 2 else None


@dataclass(frozen=True)
class PinyinKey:
    """A text's toneless syllables run together, and the text offsets of syllable edges."""

    key: str
    starts: dict[int, int]  # offset in key where a syllable starts -> its character's offset
    ends: dict[int, int]  # offset in key where a syllable ends -> the offset after its character

    def find(self, typed: str) -> list[tuple[int, int]]:
        """(start, end) character spans of the text whose syllables are ``typed`` (a key from
        :func:`typed_key`)."""
        spans = []
        at = self.key.find(typed)
        while at >= 0:
            end = at + len(typed)
            if at in self.starts and end in self.ends:
                spans.append((self.starts[at], self.ends[end]))
            at = self.key.find(typed, at + 1)
        return spans


def pinyin_key(readings: Iterable[str | None]) -> PinyinKey:
    """The key of a text from one reading per character (tone-number syllables, as the
    analyzer gives them; None for a character without one)."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    length = 0
    for offset, reading in enumerate(readings):
        syllable = _toneless(reading) if reading else ""
        if not syllable:
            parts.append(_SEPARATOR)
            length += 1
            continue
        starts[length] = offset
        parts.append(syllable)
        length += len(syllable)
        ends[length] = offset + 1
    return PinyinKey("".join(parts), starts, ends)
