"""Provides word segmentation: jieba for Chinese, with protected spans and whole Latin runs.

jieba cannot hold words containing spaces ("Scaling Law") and cuts symbols and digits inside
words ("GPT-3.5", "19-9"), so segmentation works on pieces: protected spans (glossary matches)
are single tokens, Latin/number runs (model names, decimals, percentages, numbers with a Chinese
magnitude such as 2.5亿) are single tokens, whitespace runs and punctuation are their own tokens,
and only runs of Han characters go to jieba, without HMM new-word discovery (which invents words,
jieba #14). jieba's dictionary cache lives in the user cache directory.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

from reader.paths import cache_dir, package_data
from reader.text.chars import HAN_CLASS

_PIECE_RE = re.compile(
    rf"(?P<han>[{HAN_CLASS}]+)"
    r"|(?P<latin>[A-Za-z0-9]+(?:[-_.:/+'&][A-Za-z0-9]+|,\d{3}(?!\d))*\+*%?(?:(?<=[\d%])[万亿千百]+)?)"
    r"|(?P<space>\s+)"
    r"|(?P<repeat>([^\w\s])\5+)"
    r"|(?P<other>.)",
    re.DOTALL,
)

Span = tuple[int, int]


def _pinyin_words() -> list[str]:
    """Words the pinyin data reads as a whole (残差, 步长): they must stay one segment."""
    from reader.pinyin.lexicon import extra_words

    return list(extra_words())


class Segmenter:
    """Segments text into word spans; jieba is loaded on first use, once, thread-safely."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._extra = tuple(extra_words)
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _jieba(self) -> Any:
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    folder = cache_dir()
                    try:
                        folder.mkdir(parents=True, exist_ok=True)
                        tokenizer.tmp_dir = str(folder)
                    except OSError:
                        pass  # an unwritable cache dir only costs start-up time
                    tokenizer.initialize()
                    tokenizer.load_userdict(str(package_data("words.txt")))
                    for word in _pinyin_words():
                        tokenizer.add_word(word)
                    for word in self._extra:
                        tokenizer.add_word(word)
                    self._tokenizer = tokenizer
        return self._tokenizer

    def warm(self) -> None:
        """Loads jieba's dictionary now (for background warm-up)."""
        self._jieba()

    def frequency(self, word: str) -> int:
        """jieba's dictionary count of ``word`` (0 for a word it does not know)."""
        return int(self._jieba().FREQ.get(word) or 0)

    def total_frequency(self) -> int:
        """The sum of jieba's dictionary counts (to turn a count into a relative frequency)."""
        return int(self._jieba().total)

    def cut_han(self, run: str) -> list[str]:
        """jieba's words for a run of Han characters (no HMM)."""
        return list(self._jieba().cut(run, HMM=False))

    def segment(self, text: str, protected: Iterable[Span] = ()) -> list[Span]:
        """Word spans covering ``text`` in order; each protected span is exactly one word."""
        spans: list[Span] = []
        pos = 0
        for start, end in sorted(protected):
            if start < pos:
                continue  # overlapping protection: the earlier span wins
            spans.extend(self._segment_free(text, pos, start))
            spans.append((start, end))
            pos = end
        spans.extend(self._segment_free(text, pos, len(text)))
        return spans

    def _segment_free(self, text: str, start: int, end: int) -> list[Span]:
        spans: list[Span] = []
        for m in _PIECE_RE.finditer(text, start, end):
            if m.lastgroup == "han":
                pos = m.start()
                for word in self.cut_han(m.group()):
                    spans.append((pos, pos + len(word)))
                    pos += len(word)
            else:
                spans.append((m.start(), m.end()))
        return spans
