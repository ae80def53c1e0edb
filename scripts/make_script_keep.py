"""Writes reader/data/script_keep.txt: characters whose OpenCC simplification changes the reading.

Analysis reads traditional text through its simplified form, which is only right when the
simplified character can be read the way the original can. OpenCC merges some variants whose
readings do not overlap at all (閤 gé → 合 hé); such characters are kept as they are.

    uv run python scripts/make_script_keep.py
"""

from __future__ import annotations

from pathlib import Path

import opencc

from reader.pinyin.lexicon import shared_lexicon

OUT = Path(__file__).resolve().parent.parent / "reader" / "data" / "script_keep.txt"


def main() -> None:
    """Compares every character's readings before and after t2s."""
    lexicon = shared_lexicon()
    converter = opencc.OpenCC("t2s")
    keep = []
    for char, readings in sorted(lexicon.char_all.items()):
        simplified = converter.convert(char)
        if simplified == char or len(simplified) != 1 or simplified not in lexicon.char_all:
            continue
        if not set(readings) & set(lexicon.char_all[simplified]):
            keep.append(
                f"{char}\t{simplified}\t{','.join(readings)}\t"
                f"{','.join(lexicon.char_all[simplified])}"
            )
    header = (
        "# Characters kept as they are when text is simplified for analysis: OpenCC's t2s\n"
        "# maps them to a character with no reading in common (made by\n"
        "# scripts/make_script_keep.py). char, t2s result, readings, readings of the result.\n"
    )
    OUT.write_text(header + "\n".join(keep) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(keep)} characters")


if __name__ == "__main__":
    main()
