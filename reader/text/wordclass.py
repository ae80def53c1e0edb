"""Provides word classes: whether a word can be a verb, an adjective or an adverb.

The classes come from jieba's tagged dictionary (``reader/data/word_classes.tsv``, built by
``scripts/pinyin/build_word_classes.py``). jieba gives each word one tag without context, so a
class says what a word can be; that is enough to tell 跑|得|快 (a verb before 得: de) from
明天之前|得|交 (no verb before it: děi), or 很好|地 (an adverbial before 地: de).

The 48,000 words are kept in one sorted string and searched by bisection: a set of them would
take ten times the memory, for a look-up that only polyphone rules make.
"""

from __future__ import annotations

import re
import threading
from array import array
from functools import lru_cache

from reader.paths import package_data

ADJECTIVE = "a"  # adjectives and descriptive words
ADVERB = "d"
VERB = "v"


class WordClasses:
    """Word -> class ("a", "d", "v"), from a table sorted by word (jieba tags a word once)."""

    def __init__(self, table: str) -> None:
        """``table``: lines "word<TAB>classes" sorted by word (comments start with #)."""
        body = "\n".join(line for line in table.splitlines() if line[:1] not in ("#", ""))
        # one string of words and one of class codes, without an object per word
        self._words = re.sub(r"\t[a-z]+", "", body)
        self._codes = "".join(re.findall(r"\t([a-z])", body))
        self._starts = array("l", [0])
        self._starts.extend(m.end() for m in re.finditer("\n", self._words))

    def _word(self, k: int) -> str:
        start = self._starts[k]
        end = self._starts[k + 1] - 1 if k + 1 < len(self._starts) else len(self._words)
        return self._words[start:end]

    def classes(self, word: str) -> str:
        """The class of ``word`` ("a", "d", "v", or "" when the dictionary has no such tag)."""
        lo, hi = 0, len(self._starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._word(mid) < word:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self._starts) and self._word(lo) == word:
            return self._codes[lo]
        return ""

    def is_verb(self, word: str) -> bool:
        """Whether ``word`` can be a verb."""
        return VERB in self.classes(word)

    def is_adverbial(self, word: str) -> bool:
        """Whether ``word`` can be an adjective or adverb (stand before the particle 地)."""
        return self.classes(word) in (ADJECTIVE, ADVERB)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def word_classes() -> WordClasses:
    """The shipped table, loaded once on first use."""
    with _lock:
        return WordClasses(package_data("word_classes.tsv").read_text(encoding="utf-8"))
