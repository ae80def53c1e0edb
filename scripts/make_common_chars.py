"""Writes reader/data/common_chars.txt: the most frequent Han characters in jieba's dictionary.

The importer scores candidate decodings (GB18030 vs Big5) by how many decoded characters are
common ones; mis-decoded bytes produce rare characters.

    uv run python scripts/make_common_chars.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import jieba

from reader.text.chars import is_han
from reader.text.script import to_traditional

TOP = 4000


def main() -> None:
    """Counts character frequencies weighted by word frequency and writes the top ones."""
    counts: Counter[str] = Counter()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        for ch in word:
            if is_han(ch):
                counts[ch] += int(freq)
    top = [ch for ch, _ in counts.most_common(TOP)]
    # Traditional forms of common characters are common in traditional text.
    both = sorted(set(top) | {to_traditional(ch) for ch in top})
    out = Path(__file__).resolve().parent.parent / "reader" / "data" / "common_chars.txt"
    lines = [
        "# Frequent Han characters (simplified and traditional); made by "
        "scripts/make_common_chars.py"
    ]
    lines += ["".join(both[i : i + 80]) for i in range(0, len(both), 80)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(both)} characters")


if __name__ == "__main__":
    main()
