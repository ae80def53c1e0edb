"""Provides an article's difficulty for a learner: how much of it they know, how many new words
it has, and how its words spread over the HSK levels.

:func:`difficulty` is a pure function of the article's words and the learner's known words, so
the library index can store its result per article and recompute it when the known words
change; :func:`article_words` gives the words (segmentation only: no pinyin engine).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.text.chars import has_han
from reader.vocab.levels import BAND, LEVELS, effective_level

if TYPE_CHECKING:
    from reader.analysis import Analyzer
    from reader.model import Article

COVERAGE = 0.95  # the share of running words a reader needs to follow a text (hsk30's bar)


@dataclass(frozen=True)
class Difficulty:
    """What an article asks of a learner.

    ``known_share`` is the share of the running words the learner knows (LingQ's "known
    words" percentage, counted over the text as read); ``new_words`` the distinct words that
    are neither known nor being learnt; ``hsk`` the distinct words per HSK level (7 is the
    7–9 band, None beyond the syllabus); ``level`` the lowest HSK level whose words, with the
    words the learner knows, cover 95 % of the text (None: not even the whole syllabus does).
    """

    words: int = 0  # running Chinese words
    distinct: int = 0
    known: int = 0  # running words known
    new_words: int = 0
    learning: int = 0  # distinct words being learnt
    hsk: dict[int | None, int] = field(default_factory=dict)
    level: int | None = None

    @property
    def known_share(self) -> float:
        """Known running words / running words (1.0 for an article without Chinese words)."""
        return self.known / self.words if self.words else 1.0

    @property
    def sort_key(self) -> tuple[float, int, int]:
        """Easier articles first: more known, lower level, fewer new words."""
        return (-round(self.known_share, 3), self.level or BAND + 1, self.new_words)

    def hsk_shares(self) -> dict[int | None, float]:
        """The share of distinct words at each level (levels in order, None last)."""
        total = sum(self.hsk.values()) or 1
        return {level: self.hsk.get(level, 0) / total for level in (*LEVELS, None)}

    def summary(self) -> str:
        """One line: "72% known · 140 new · HSK 5"."""
        level = f"HSK {'7-9' if self.level == BAND else self.level}" if self.level else "HSK 7-9+"
        return f"{self.known_share:.0%} known · {self.new_words} new · {level}"


def difficulty(
    article_words: Iterable[str],
    known_words: Collection[str],
    learning_words: Collection[str] = (),
) -> Difficulty:
    """The difficulty of an article given as its running words (simplified; words without Han
    characters are skipped) for a learner who knows ``known_words`` and is learning
    ``learning_words``."""
    counts = Counter(w for w in article_words if has_han(w))
    if not counts:
        return Difficulty()
    levels = {w: effective_level(w) for w in counts}
    known = sum(n for w, n in counts.items() if w in known_words)
    learning = sum(1 for w in counts if w in learning_words and w not in known_words)
    new = sum(1 for w in counts if w not in known_words and w not in learning_words)
    hsk: Counter[int | None] = Counter(levels.values())
    unknown: Counter[int | None] = Counter()  # running words not known, per level
    for w, n in counts.items():
        if w not in known_words:
            unknown[levels[w]] += n
    return assemble(sum(counts.values()), len(counts), known, new, learning, hsk, unknown)


def assemble(
    words: int,
    distinct: int,
    known: int,
    new_words: int,
    learning: int,
    hsk: Mapping[int | None, int],
    unknown: Mapping[int | None, int],
) -> Difficulty:
    """A Difficulty from an article's counts: running and distinct words, running words known,
    distinct words new and being learnt, distinct words per HSK level, and running words not
    known per level (the library index counts these in bulk; :func:`difficulty` one article)."""
    if not words:
        return Difficulty()
    # Running words covered at each level: known words count from the start.
    covered = known
    level: int | None = None
    for candidate in LEVELS:
        covered += unknown.get(candidate, 0)
        if covered >= COVERAGE * words:
            level = candidate
            break
    return Difficulty(
        words=words,
        distinct=distinct,
        known=known,
        new_words=new_words,
        learning=learning,
        hsk={k: v for k, v in hsk.items() if v},
        level=level,
    )


def article_words(analyzer: Analyzer, article: Article) -> list[str]:
    """The running words of an article's prose (simplified), as the reader segments them:
    glossary terms stay one word, the user's corrections keep their spans. No pinyin is
    computed, so a long article takes a fraction of a second."""
    from reader.analysis import analysis_text

    words: list[str] = []
    for sentence in article.sentences():
        simple = analysis_text(sentence.text)
        fixes = [(f.start, f.end) for f in analyzer.overrides.find(simple)]
        # As in Analyzer.analyze: a correction wins over a glossary term it overlaps.
        terms = [
            (m.start, m.end)
            for m in analyzer.matcher.find(simple)
            if not any(a < m.end and m.start < b for a, b in fixes)
        ]
        protected = terms + fixes
        for start, end in analyzer.segmenter.segment(simple, protected):
            word = simple[start:end]
            if has_han(word):
                words.append(word)
    return words
