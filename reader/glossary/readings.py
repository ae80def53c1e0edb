"""Provides the check of a curated reading: tone-marked pinyin that fits a Chinese form.

One syllable per Han character, lower case, tone marks (not numbers), each a reading of its
character in pypinyin's single-character table (either script), or that reading without its
tone mark for the neutral tone. ``v`` may stand for ``ü``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reader.pinyin.syllables import to_marks
from reader.text.chars import HAN_RE

_TONE_NUMBER_RE = re.compile(r"^[a-zü:v]+[1-5]$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _char_readings(char: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every accepted syllable for a character (any tone-marked reading, or it toneless for the
    neutral tone) and the tone-marked readings to show in a message."""
    # pypinyin's own single-character table: what ``pinyin(ch, heteronym=True)`` returns, without
    # its segmentation and conversion layers, which made validation the slow part of loading.
    from pypinyin.constants import PINYIN_DICT

    from reader.text.script import to_simplified, to_traditional

    marked: dict[str, None] = {}
    for variant in dict.fromkeys((char, to_simplified(char), to_traditional(char))):
        for reading in PINYIN_DICT.get(ord(variant), "").split(","):
            if reading:
                marked[reading] = None
    accepted = set(marked) | {_toneless(r) for r in marked}
    return frozenset(accepted), tuple(marked)


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def reading_problem_at(form: str, reading: str) -> tuple[str, int] | None:
    """Why ``reading`` does not fit ``form``, and the offset of the bad syllable in ``reading``."""
    hans = [ch for ch in form if HAN_RE.match(ch)]
    reading = unicodedata.normalize("NFC", reading)
    syllables = [(m.group(), m.start()) for m in re.finditer(r"\S+", reading)]
    if len(syllables) != len(hans):
        return (
            f"pinyin '{reading}' has {len(syllables)} syllables but '{form}' has "
            f"{len(hans)} Han characters",
            0,
        )
    for ch, (syl, offset) in zip(hans, syllables, strict=True):
        if _TONE_NUMBER_RE.match(syl):
            marked = to_marks(syl.lower().replace("u:", "ü").replace("v", "ü"))
            return f"pinyin '{syl}' has a tone number; write tone marks ('{marked}')", offset
        if syl != syl.lower():
            return f"pinyin '{syl}' must be lower-case ('{syl.lower()}')", offset
        accepted, marked_readings = _char_readings(ch)
        if syl.replace("v", "ü") not in accepted:
            known = ", ".join(marked_readings) or "none known"
            return f"pinyin '{syl}' is not a reading of '{ch}' in '{form}' ({known})", offset
    return None


def reading_problem(form: str, reading: str) -> str | None:
    """Why ``reading`` is not a valid tone-marked reading of ``form``, or None when it is."""
    found = reading_problem_at(form, reading)
    return found[0] if found else None


def clear_caches() -> None:
    """Forgets the per-character readings (for benchmarks)."""
    _char_readings.cache_clear()
