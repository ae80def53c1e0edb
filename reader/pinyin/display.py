"""Provides how pinyin is written for reading: a word's syllables joined, apostrophes, spacing.

    >>> word_pinyin("平安", ["ping2", "an1"])
    "píng'ān"
    >>> word_pinyin("AI原生", [None, None, "yuan2", "sheng1"])
    'AI yuánshēng'

Pinyin joins the syllables of a word and writes an apostrophe before a syllable that opens with
a, o or e, where the syllables would otherwise run together (Xī'ān, not Xiān). Latin letters and
digits inside a word are kept and set apart from its pinyin by a space; next to each other in a
pinyin line, a Latin or digit word and a Chinese word are separated by a space too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.pinyin.syllables import to_marks

# CC-CEDICT's numbered readings inside definitions: "see 參差|参差[cen1 ci1]", "[Zhong1 guo2]"
_NUMBERED_RE = re.compile(r"\[((?:[A-Za-züÜ:]+[1-5] ?)+)\]")
_SYLLABLE_RE = re.compile(r"[A-Za-züÜ:]+[1-5]")


def needs_apostrophe(previous: str | None, syllable: str) -> bool:
    """Whether an apostrophe goes before ``syllable`` (tone-number form) after ``previous``."""
    return previous is not None and syllable[:1].lower() in ("a", "o", "e")


def word_pieces(text: str, syllables: Sequence[str | None]) -> list[tuple[str, str | None]]:
    """A word's pinyin as display pieces: (text, its tone-number syllable or None).

    Syllables become tone marks; an apostrophe or a space between Latin and pinyin is a piece
    of its own (with None), so a view can colour each syllable by its tone.
    """
    pieces: list[tuple[str, str | None]] = []
    previous: str | None = None
    latin = False  # the last piece was a Latin letter or digit of the word
    for ch, syllable in zip(text, syllables, strict=False):
        if syllable is None:
            if ch.isspace():
                continue
            if previous is not None and ch.isalnum():
                pieces.append((" ", None))
            pieces.append((ch, None))
            latin, previous = ch.isalnum(), None
            continue
        if latin:
            pieces.append((" ", None))
        elif needs_apostrophe(previous, syllable):
            pieces.append(("'", None))
        pieces.append((to_marks(syllable), syllable))
        latin, previous = False, syllable
    return _merge_latin(pieces)


def _merge_latin(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Joins runs of Latin characters and symbols into one piece ("G", "P", "T" -> "GPT")."""
    out: list[tuple[str, str | None]] = []
    for text, syllable in pieces:
        if out and syllable is None and out[-1][1] is None and " " not in (text, out[-1][0]):
            out[-1] = (out[-1][0] + text, None)
        else:
            out.append((text, syllable))
    return out


def word_pinyin(text: str, syllables: Sequence[str | None]) -> str:
    """A word's pinyin as written: "píng'ān", "yínháng", "AI yuánshēng"."""
    return "".join(piece for piece, _ in word_pieces(text, syllables))


def is_word(text: str) -> bool:
    """Whether a token is a word of the pinyin line (Chinese, Latin or digits), not punctuation."""
    return any(ch.isalnum() for ch in text)


def spaced(previous: str, current: str, previous_has_pinyin: bool, has_pinyin: bool) -> bool:
    """Whether neighbouring tokens are set apart in a pinyin display.

    Words with pinyin are separated from each other and from a Latin or digit word next to them
    ("yòng GPT-4 zuò"); punctuation and spaces stay against their word.
    """
    if previous_has_pinyin and has_pinyin:
        return True
    if not (previous_has_pinyin or has_pinyin):
        return False
    return is_word(previous) and is_word(current)


def numbered_to_marks(text: str) -> str:
    """CC-CEDICT's bracketed numbered pinyin in a definition, with tone marks instead.

    "see 參差|参差[cen1 ci1]" -> "see 參差|参差[cēn cī]"; "lu:4" -> "lǜ"; capitals are kept
    (proper nouns: "[Zhong1 guo2]" -> "[Zhōng guó]"). Text outside brackets is unchanged.
    """
    if "[" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        return _SYLLABLE_RE.sub(lambda s: _mark(s.group()), m.group(0))

    return _NUMBERED_RE.sub(one, text)


def _mark(syllable: str) -> str:
    """One numbered syllable with its tone mark, keeping a leading capital."""
    plain = syllable.replace("u:", "ü").replace("U:", "Ü")
    if plain[:1].isupper():
        return to_marks(plain[:1].lower() + plain[1:]).capitalize()
    return to_marks(plain)
