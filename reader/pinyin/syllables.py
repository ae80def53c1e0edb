"""Provides the display forms of tone-number syllables ("lü4", "le5") and their inverse."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

from reader.pinyin.convert import to_tone_marks, to_toneless

ToneStyle = Literal["marks", "numbers", "none"]

_TONE_OF = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


@lru_cache(maxsize=8192)
def to_marks(syllable: str) -> str:
    """ "lü4" -> "lǜ", "zhuang1" -> "zhuāng", "le5" -> "le"."""
    return to_tone_marks(syllable) or syllable


@lru_cache(maxsize=8192)
def from_marks(syllable: str) -> str:
    """ "lǜ" -> "lü4", "le" -> "le5": tone marks to tone numbers (neutral tone is 5)."""
    tone = "5"
    kept = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONE_OF:
            tone = _TONE_OF[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).replace("v", "ü") + tone


def render(syllable: str | None, style: ToneStyle) -> str | None:
    """A tone-number syllable in the requested style (None stays None)."""
    if syllable is None:
        return None
    if style == "numbers":
        return syllable
    if style == "none":
        return to_toneless(syllable)
    return to_marks(syllable)
