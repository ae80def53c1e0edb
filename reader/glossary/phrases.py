"""Provides Chinese phrases that look like terms: frequent word n-grams that stand on their own.

Chinese terms are often several dictionary words (多头/注意力, 函数/调用, 向量/数据库), so words
alone miss them. Runs of Han words are cut into n-grams of one to three words; an n-gram is a
candidate when

- no stop word begins or ends it and none of the "inside" stop words occurs in it
  (``reader/data/suggest_stopwords.txt``: 的, 我们, 通过 …);
- it stands on its own: no single longer n-gram accounts for most of its occurrences (多头
  nearly always continues as 多头注意力, so only the longer one is kept);
- it is much more frequent here than in general Chinese (wordfreq's estimate for the string).

Counting is per document as well as in total: a phrase seen in several documents is stronger
evidence than one repeated within one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from reader.paths import package_data
from reader.text.chars import HAN_RUN_RE

MAX_WORDS = 3
MAX_CHARS = 10
NESTED_SHARE = 0.7  # a phrase continued the same way this often is a part, not a term


@dataclass(frozen=True)
class StopWords:
    """Words that cannot begin or end a term, and those that cannot occur inside one."""

    edge: frozenset[str]
    inside: frozenset[str]
    first_chars: frozenset[str]


@lru_cache(maxsize=1)
def stop_words() -> StopWords:
    """The stop words of ``suggest_stopwords.txt``."""
    edge: set[str] = set()
    inside: set[str] = set()
    first_chars: set[str] = set()
    text = package_data("suggest_stopwords.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("^"):
            first_chars.add(line[1:].strip())
        elif line.startswith("!"):
            word = line[1:].strip()
            inside.add(word)
            edge.add(word)
        else:
            edge.add(line)
    return StopWords(frozenset(edge), frozenset(inside), frozenset(first_chars))


@lru_cache(maxsize=200_000)
def general_frequency(word: str) -> float:
    """How often ``word`` occurs per word of general Chinese (wordfreq; a floor for unknowns)."""
    import wordfreq

    return max(float(wordfreq.word_frequency(word, "zh")), 1e-9)


@dataclass
class PhraseCount:
    """Occurrences of one phrase: in total, per document, and the first place it was seen."""

    total: int = 0
    docs: dict[str, int] = field(default_factory=dict)
    first: tuple[str, str, str, int, int] | None = None  # document, sentence id, text, span


class PhraseCounter:
    """Counts word n-grams over segmented sentences."""

    def __init__(self) -> None:
        self.counts: dict[str, PhraseCount] = {}
        self.words = 0  # Han words seen: the size of the sample, for relative frequencies
        self.documents: set[str] = set()
        self._single: set[str] = set()  # phrases seen as one word of the segmentation
        self._stops = stop_words()

    def add(
        self,
        doc: str,
        sentence_id: str,
        original: str,
        text: str,
        spans: Iterable[tuple[int, int]],
    ) -> None:
        """Counts the n-grams of one sentence (``text``, analysed from ``original``, same
        offsets), given its word spans."""
        where = (doc, sentence_id, original)
        self.documents.add(doc)
        run: list[tuple[int, int]] = []
        for start, end in spans:
            if HAN_RUN_RE.fullmatch(text, start, end):
                run.append((start, end))
                self.words += 1
                continue
            self._add_run(where, text, run)
            run = []
        self._add_run(where, text, run)

    def _add_run(self, where: tuple[str, str, str], text: str, run: list[tuple[int, int]]) -> None:
        edge, inside = self._stops.edge, self._stops.inside
        words = [text[a:b] for a, b in run]
        for i, first in enumerate(words):
            if first in edge or first[0] in self._stops.first_chars:
                continue
            for n in range(1, MAX_WORDS + 1):
                if i + n > len(words):
                    break
                last = words[i + n - 1]
                if n > 1 and last in inside:
                    break  # every longer n-gram holds it too
                if last in edge:
                    continue
                start, end = run[i][0], run[i + n - 1][1]
                if end - start > MAX_CHARS:
                    break
                if end - start < 2:
                    continue
                phrase = text[start:end]
                count = self.counts.get(phrase)
                if count is None:
                    count = self.counts[phrase] = PhraseCount(first=(*where, start, end))
                count.total += 1
                if n == 1:
                    self._single.add(phrase)
                count.docs[where[0]] = count.docs.get(where[0], 0) + 1

    def is_word(self, phrase: str) -> bool:
        """Whether ``phrase`` was seen as one word of the segmentation."""
        return phrase in self._single

    def prune(self, below: int = 2) -> None:
        """Forgets phrases seen fewer than ``below`` times (keeps memory bounded on big inputs)."""
        self.counts = {k: v for k, v in self.counts.items() if v.total >= below}
        self._single &= self.counts.keys()

    def standalone(self) -> dict[str, PhraseCount]:
        """The phrases that are not mostly part of one longer phrase."""
        longest_extension: dict[str, int] = {}
        for phrase, count in self.counts.items():
            if len(phrase) < 3:
                continue
            # Any counted phrase one word shorter on either side is a part of this one; word
            # boundaries are not kept, so every shorter prefix and suffix is tried.
            for cut in range(1, len(phrase) - 1):
                for part in (phrase[cut:], phrase[:-cut]):
                    if part in self.counts and count.total > longest_extension.get(part, 0):
                        longest_extension[part] = count.total
        return {
            phrase: count
            for phrase, count in self.counts.items()
            if longest_extension.get(phrase, 0) < NESTED_SHARE * count.total
        }


def termhood(count: PhraseCount, phrase: str, words: int) -> tuple[float, float]:
    """(score, ratio): ratio is how many times more frequent the phrase is here than in general
    Chinese; the score grows with the count, the number of documents and the ratio."""
    ratio = (count.total / max(words, 1)) / general_frequency(phrase)
    spread = 1.0 + math.log(len(count.docs))
    return count.total * spread * math.log(max(ratio, 1.0)), ratio
