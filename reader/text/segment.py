"""Provides word segmentation: jieba for Chinese, with protected spans and whole Latin runs.

jieba cannot hold words containing spaces ("Scaling Law") and cuts symbols and digits inside
words ("GPT-3.5", "19-9"), so segmentation works on pieces: protected spans (glossary matches)
are single tokens, Latin/number runs (model names, decimals, percentages, numbers with a Chinese
magnitude such as 2.5亿) are single tokens, whitespace runs and punctuation are their own tokens,
and only runs of Han characters go to jieba, without HMM new-word discovery (which invents words,
jieba #14). jieba's dictionary cache lives in the user cache directory.

Two corrections keep look-ups honest: people's and products' names stay whole (see
:mod:`reader.text.names`; MiniMax-M2 stays whole before a number), and a measure word goes with
the number or demonstrative before it when jieba glued it to the next word instead
(这|篇文章 → 这篇|文章, 一|套近乎 → 一套|近乎, 几千|万美金 → 几千万|美金).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reader.paths import cache_dir, package_data
from reader.text import names as name_list
from reader.text.chars import HAN_CLASS
from reader.text.wordclass import word_classes

_PIECE_RE = re.compile(
    rf"(?P<han>[{HAN_CLASS}]+)"
    r"|(?P<latin>[A-Za-z0-9]+(?:[-_.:/+'&][A-Za-z0-9]+|,\d{3}(?!\d))*\+*%?(?:(?<=[\d%])[万亿千百]+)?)"
    r"|(?P<space>\s+)"
    r"|(?P<repeat>([^\w\s])\5+)"
    r"|(?P<other>.)",
    re.DOTALL,
)

Span = tuple[int, int]

# Numbers and demonstratives a measure word belongs to, and the measure words (and number
# magnitudes) that jieba sometimes glues to the following word instead.
_COUNTERS = frozenset("〇零一二两三四五六七八九十百千万亿几半这那哪每某各该")
_MEASURES = frozenset(
    "个篇套本只张条件位名台部辆架座栋间家所棵株朵片块颗粒把支枝根头匹群批首封份项门段节章句层"
    "种类双对副次回遍趟顿场阵笔元岁周届期轮道幅杯瓶碗盘箱包袋斤万亿千百"
)


def _lines(path: Path) -> list[str]:
    """The entries of a one-per-line data file (comments and blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


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
        self._latin_names = name_list.latin(name_list.shipped_names())
        self._names_seen = 0  # how many remembered names this segmenter has added

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
                    for junk in _lines(package_data("not_words.txt")):
                        tokenizer.del_word(junk)
                    for word in _pinyin_words():
                        tokenizer.add_word(word)
                    for name in name_list.chinese(name_list.shipped_names()):
                        tokenizer.add_word(name)
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

    def _learn_names(self) -> None:
        """Adds names remembered since the last call (speakers of articles read meanwhile)."""
        new = name_list.remembered(self._names_seen)
        if not new:
            return
        tokenizer = self._jieba()
        with self._lock:
            for name in name_list.chinese(new):
                tokenizer.add_word(name)
            if latin := name_list.latin(new):
                self._latin_names = sorted([*self._latin_names, *latin], key=len, reverse=True)
            self._names_seen += len(new)

    def cut_han(self, run: str) -> list[str]:
        """jieba's words for a run of Han characters (no HMM), measure words regrouped and
        the particle 地 freed from a noun after an adverbial (很好|地|区分)."""
        words = _regroup_measures(list(self._jieba().cut(run, HMM=False)), self.frequency)
        return self._free_particle(words)

    def _free_particle(self, words: list[str]) -> list[str]:
        """Splits 地X after an adverbial when X makes a word with the word after it.

        jieba reads 很好地区分 as 很好|地区|分 and 勇敢地面对 as 勇敢|地面|对; after an adjective or
        adverb, 地 is the particle de and 区分, 面对 are the words (but 该|地区|分为 stays)."""
        for i in range(1, len(words) - 1):
            word, after = words[i], words[i + 1]
            if (
                len(word) == 2
                and word[0] == "地"
                and _is_adverbial(words[i - 1])
                and self.frequency(word[1] + after)  # 区+分, 面+对: jieba left a piece over
            ):
                rest = self._free_particle(
                    list(self._jieba().cut(word[1:] + "".join(words[i + 1 :]), HMM=False))
                )
                return [*words[:i], "地", *rest]
        return words

    def segment(self, text: str, protected: Iterable[Span] = ()) -> list[Span]:
        """Word spans covering ``text`` in order; each protected span is exactly one word."""
        self._learn_names()
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
            elif m.lastgroup == "latin":
                spans.extend(self._split_name(m.group(), m.start()))
            else:
                spans.append((m.start(), m.end()))
        return spans

    def _split_name(self, run: str, start: int) -> list[Span]:
        """A Latin run, split after a known name that a number follows (MiniMax-M2|61)."""
        for name in self._latin_names:
            if len(run) > len(name) and run.startswith(name) and run[len(name)].isdigit():
                return [(start, start + len(name)), (start + len(name), start + len(run))]
        return [(start, start + len(run))]


def _is_adverbial(word: str) -> bool:
    """Whether ``word`` can stand before the particle 地: an adjective or adverb, or a
    reduplicated word (慢慢, 高高兴兴)."""
    redup = len(word) >= 2 and (
        word[-1] == word[-2] or (len(word) == 4 and word[0] == word[1] and word[2] == word[3])
    )
    return redup or word_classes().is_adverbial(word)


def _regroup_measures(words: list[str], frequency: Callable[[str], int]) -> list[str]:
    """Moves a measure word from the start of a word to the number before it.

    jieba prefers rare words that begin with a measure word (篇文章, 套近乎, 万美金) over the
    number + measure-word reading; the move is made when the rest is a word more common than
    the glued one and at least two characters long (so 三|年级 stays as it is).
    """
    out: list[str] = []
    for word in words:
        prev = out[-1] if out else ""
        rest = word[1:]
        if (
            prev
            and len(rest) >= 2
            and word[0] in _MEASURES
            and all(ch in _COUNTERS for ch in prev)
            and frequency(rest) > frequency(word)
        ):
            out[-1] = prev + word[0]
            out.append(rest)
        else:
            out.append(word)
    return out
