"""Provides the check of a curated reading: tone-marked pinyin that fits a Chinese form.

One syllable per Han character, lower case, tone marks (not numbers), each a reading of its
character in pypinyin's single-character table (either script), or that reading without its
tone mark for the neutral tone. ``v`` may stand for ``ü``.
"""

from __future__ import annotations

import re
import unicodedata

from reader.pinyin.syllables import to_marks
from reader.text.chars import HAN_RE

_TONE_NUMBER_RE = re.compile(r"^[a-zü:v]+[1-5]$", re.IGNORECASE)


_Readings = tuple[frozenset[str], tuple[str, ...]]
_cache: dict[str, _Readings] = {}


def prime(text: str) -> None:
    """Looks up the readings of every Han character of ``text`` at once (two OpenCC calls for
    all their variants instead of two per character, one translation to toneless syllables)."""
    from reader.text.char_readings import raw_readings, traditional_chars
    from reader.text.script import to_simplified

    chars = [ch for ch in dict.fromkeys(HAN_RE.findall(text)) if ch not in _cache]
    if not chars:
        return
    simple = to_simplified("\n".join(chars)).split("\n")
    # OpenCC's character table alone: the full s2t converter's phrase tables take 26 MB
    traditional = traditional_chars(chars)
    if len(simple) != len(chars) or len(traditional) != len(chars):
        return  # never expected; characters are then looked up one by one
    # Every character's readings in all its variants, one line each, made toneless at once.
    lines = [
        ",".join(filter(None, map(raw_readings, dict.fromkeys(variants))))
        for variants in zip(chars, simple, traditional, strict=True)
    ]
    plain = "\n".join(lines).translate(_TONELESS).split("\n")
    for ch, marked, toneless in zip(chars, lines, plain, strict=True):
        if _ODD_TONELESS_RE.search(toneless) is not None:  # marks the table does not cover
            toneless = ",".join(map(_toneless, marked.split(",")))
        readings = tuple(dict.fromkeys(marked.split(","))) if marked else ()
        _cache[ch] = (frozenset((*readings, *toneless.split(","))) - {""}, readings)


def _char_readings(char: str) -> _Readings:
    """Every accepted syllable for a character (any tone-marked reading, or it toneless for the
    neutral tone) and the tone-marked readings to show in a message."""
    found = _cache.get(char)
    if found is None:
        prime(char)
        found = _cache.get(char) or _readings_of(char)
    return found


def _readings_of(char: str) -> _Readings:
    """The readings of one character in all its variants, looked up on their own."""
    # pypinyin's own single-character table: what ``pinyin(ch, heteronym=True)`` returns, without
    # its segmentation and conversion layers, which made validation the slow part of loading,
    # read from its data file without importing pypinyin (whose phrase dictionary takes 55 MB).
    from reader.text.char_readings import char_readings, traditional_char
    from reader.text.script import to_simplified

    marked: dict[str, None] = {}
    for variant in dict.fromkeys((char, to_simplified(char), traditional_char(char))):
        for reading in char_readings(variant):
            marked[reading] = None
    accepted = set(marked) | {_toneless(r) for r in marked}
    found = _cache[char] = (frozenset(accepted), tuple(marked))
    return found


# Tone-marked vowels to plain ones (ü keeps its dots): a table is far faster than decomposing.
_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")
_ODD_TONELESS_RE = re.compile("[^a-zü,]")


def _toneless(syllable: str) -> str:
    plain = syllable.translate(_TONELESS)
    if plain.isascii() or all(ch.isascii() or ch == "ü" for ch in plain):
        return plain
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def reading_problem_at(form: str, reading: str) -> tuple[str, int] | None:
    """Why ``reading`` does not fit ``form``, and the offset of the bad syllable in ``reading``."""
    hans = HAN_RE.findall(form)
    if not unicodedata.is_normalized("NFC", reading):
        reading = unicodedata.normalize("NFC", reading)
    plain = reading.split()
    if len(plain) == len(hans):
        for ch, syl in zip(hans, plain):  # noqa: B905 (same length)
            found = _cache.get(ch) or _char_readings(ch)
            if syl not in found[0]:
                break
        else:
            return None  # the usual case, without the offsets that only a message needs
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
    _cache.clear()
