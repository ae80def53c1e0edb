"""Provides conversion of tone-number syllables ("lü4", "le5") to tone marks or no tone."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

ToneStyle = Literal["marks", "numbers", "none"]

_MARKS = {
    "a": "āáǎà",
    "e": "ēéěè",
    "i": "īíǐì",
    "o": "ōóǒò",
    "u": "ūúǔù",
    "ü": "ǖǘǚǜ",
}


@lru_cache(maxsize=4096)
def to_marks(syllable: str) -> str:
    """ "lü4" -> "lǜ", "zhuang1" -> "zhuāng", "le5" -> "le" (pinyin's tone-mark placement rule)."""
    if not syllable or not syllable[-1].isdigit():
        return syllable
    tone = int(syllable[-1])
    base = syllable[:-1].replace("v", "ü")
    if tone not in (1, 2, 3, 4):
        return base
    # The mark goes on a or e; on the o of "ou"; otherwise on the last vowel.
    if "a" in base:
        target = base.index("a")
    elif "e" in base:
        target = base.index("e")
    elif "ou" in base:
        target = base.index("o")
    else:
        vowels = [i for i, c in enumerate(base) if c in _MARKS]
        if not vowels:
            return base  # "m2", "ng4", "hm": syllabic nasals carry no vowel to mark
        target = vowels[-1]
    return base[:target] + _MARKS[base[target]][tone - 1] + base[target + 1 :]


_MARKED = {m: (v, str(i + 1)) for v, ms in _MARKS.items() for i, m in enumerate(ms)}


@lru_cache(maxsize=4096)
def from_marks(syllable: str) -> str:
    """ "lǜ" -> "lü4", "le" -> "le5": tone marks to tone numbers (neutral tone is 5)."""
    syllable = unicodedata.normalize("NFC", syllable.lower())
    tone = "5"
    out = []
    for ch in syllable:
        if ch in _MARKED:
            base, tone = _MARKED[ch]
            out.append(base)
        else:
            out.append(ch)
    return "".join(out).replace("v", "ü") + tone


def strip_tone(syllable: str) -> str:
    """ "lü4" -> "lü"."""
    return syllable.rstrip("012345")


def render(syllable: str | None, style: ToneStyle) -> str | None:
    """A tone-number syllable in the requested style (None stays None)."""
    if syllable is None:
        return None
    if style == "numbers":
        return syllable
    if style == "none":
        return strip_tone(syllable)
    return to_marks(syllable)
