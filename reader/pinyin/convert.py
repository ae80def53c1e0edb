"""Conversions between tone-number syllables ("lü4", "le5") and display forms."""

from __future__ import annotations

import unicodedata

# combining marks for tones 1-4 (macron, acute, caron, grave)
_MARKS = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}


def split_tone(syllable: str) -> tuple[str, int]:
    """("lü4") -> ("lü", 4); a syllable without a digit is treated as neutral (5)."""
    if syllable and syllable[-1] in "012345":
        t = int(syllable[-1])
        return syllable[:-1], (5 if t == 0 else t)
    return syllable, 5


def _mark_index(base: str) -> int:
    """Index of the letter that carries the tone mark, by the standard rule:
    a or e if present; o in "ou"; otherwise the last vowel; syllabic m/n/ng
    (呣 m̄, 嗯 ńg) carry it on the first letter."""
    low = base.lower()
    for v in ("a", "e", "ê"):
        i = low.find(v)
        if i >= 0:
            return i
    i = low.find("ou")
    if i >= 0:
        return i
    for i in range(len(low) - 1, -1, -1):
        if low[i] in "iouüv":
            return i
    return 0 if low else -1


def to_tone_marks(syllable: str | None) -> str | None:
    """Tone-number syllable to tone-mark pinyin: "lü4" → "lǜ", "hang2" → "háng",
    "le5" → "le", "ng2" → "ńg". None passes through; unknown input is returned
    without its digit rather than raising."""
    if syllable is None:
        return None
    base, tone = split_tone(syllable)
    base = base.replace("v", "ü").replace("u:", "ü")
    if tone == 5 or not base:
        return base
    i = _mark_index(base)
    if i < 0:
        return base
    return unicodedata.normalize("NFC", base[: i + 1] + _MARKS[str(tone)] + base[i + 1 :])


def to_toneless(syllable: str | None) -> str | None:
    """Tone-number syllable without its tone: "lü4" → "lü". None passes through."""
    if syllable is None:
        return None
    return split_tone(syllable)[0].replace("u:", "ü")
