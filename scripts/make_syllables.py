"""Writes reader/data/syllables.txt: every toneless pinyin syllable a character can have.

The library's search reads typed pinyin ("fupan", "xi'an", "lv") by splitting it into these
syllables; "ü" is written "v", as pinyin keyboards type it. The syllabic interjections m, n, ng,
hm and hng are left out: as pieces of typed pinyin they only add false splits ("men" as m+en).

    uv run python scripts/make_syllables.py
"""

from __future__ import annotations

from reader.paths import package_data
from reader.pinyin.convert import split_tone
from reader.pinyin.lexicon import shared_lexicon

_INTERJECTIONS = {"m", "n", "ng", "hm", "hng"}


def main() -> None:
    """Collects the toneless readings of every character in the pinyin data."""
    found: set[str] = set()
    for readings in shared_lexicon().char_all.values():
        for reading in readings:
            base, _ = split_tone(reading)
            if base and base not in _INTERJECTIONS:
                found.add(base.replace("ü", "v").replace("ê", "e"))  # as typed
    path = package_data("syllables.txt")
    header = "# Toneless pinyin syllables (ü as v); made by scripts/make_syllables.py\n"
    path.write_text(header + "\n".join(sorted(found)) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} syllables to {path}")


if __name__ == "__main__":
    main()
