"""Provides a saved word's reading in the forms exports need: tone marks, tone numbers, and
syllables with their tones for colouring."""

from __future__ import annotations

from reader.pinyin.syllables import to_marks


def syllables(reading: str) -> list[tuple[str, int]]:
    """The syllables of a numbered reading with tone marks and their tone (5 for neutral):
    "yin2 hang2" -> [("yín", 2), ("háng", 2)]."""
    out = []
    for syllable in reading.split():
        tone = int(syllable[-1]) if syllable[-1:].isdigit() else 5
        out.append((to_marks(syllable) if syllable[-1:].isdigit() else syllable, tone))
    return out


def marks(reading: str) -> str:
    """A word's reading with tone marks, syllables joined as pinyin writes a word, with an
    apostrophe before a syllable that opens with a, e or o: "yínháng", "dì'èr"."""
    out: list[str] = []
    for i, (text, _tone) in enumerate(syllables(reading)):
        if i and text[:1].lower() in "aeoāáǎàēéěèōóǒò":
            out.append("'")
        out.append(text)
    return "".join(out)


def numbers(reading: str) -> str:
    """The reading in tone numbers without spaces, as Pleco writes it: "yin2hang2", "lu:4"."""
    return "".join(reading.split()).replace("ü", "u:")
