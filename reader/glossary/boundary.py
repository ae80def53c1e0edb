"""Provides the word-boundary check: a Chinese form found inside other words is not a term there.

Chinese forms match anywhere, so a form can straddle the words the sentence is made of:
数字人 in 数字|人民币, 池化 in 游泳池|化学品, 对数 (logarithm) in 对|数据进行, 应用 in 响应|用户.
The plain segmentation (jieba with its own dictionary, without the glossary's forms) tells:
a match whose start or end falls strictly inside a plain word that only partly overlaps it is
suspect, and so is one inside a plain word (天工 in 聊天工具). A plain word that begins or ends
with the whole match is a compound with the term as its head or modifier (共享内存 holds 内存,
数据库 holds 数据, 对模型 is 对 glued to 模型), and the term is still there.

jieba often splits real terms (多头|注意力: the boundaries agree, nothing to check) and sometimes
glues a term's edge to a neighbour (数据|集中 for 数据集 + 中, 每|一小|批量, 预|训练任务). So a
suspect match is weighed, not dropped: the best segmentation of the run that keeps the match
whole (the term counted as a word of :data:`TERM_FREQUENCY`, or of jieba's own count when jieba
knows it) is compared with the best plain one, in jieba's own unigram log-probabilities.

- The whole-term reading costs little (:data:`DOUBT_MARGIN` or less): the match stands.
- It costs more than :data:`CUT_MARGIN`: the sentence does not hold the term (对数据,
  预测评分 for 测评, 启动量化 for 动量); the matcher tries a shorter form at the same place.
- In between: the match is doubtful and treated as an ambiguous form, tagged only beside an
  unambiguous term (第四卷积块 in a paragraph on CNNs keeps 卷积; 这卷积压了很久的布料 does not).

The margins were chosen on the partial overlaps of 20,000 sentences of Chinese deep-learning
tutorials and against everyday sentences (``benchmarks/glossary_quality.py``).
"""

from __future__ import annotations

import math
from typing import Literal, Protocol

from reader.text.chars import HAN_RUN_RE

Verdict = Literal["whole", "doubtful", "cut"]

# A term jieba does not know counts as a word this frequent (jieba's counts: 的 ~ 300,000,
# 人民币 ~ 3,000, 卷积 13); a known term keeps jieba's count.
TERM_FREQUENCY = 300
DOUBT_MARGIN = 0.5  # natural-log units: the whole-term reading is e^0.5 ≈ 1.6 times less likely
CUT_MARGIN = 5.0  # e^5 ≈ 150 times less likely: the text is not using the term
_MAX_WORD = 6  # longest dictionary word considered when weighing a run (jieba's are rarely longer)


class WordModel(Protocol):
    """The plain segmentation: :class:`reader.text.segment.Segmenter` provides it."""

    def cut_han(self, run: str) -> list[str]:
        """The words of a run of Han characters."""
        ...

    def frequency(self, word: str) -> int:
        """The dictionary count of ``word`` (0 when unknown)."""
        ...

    def total_frequency(self) -> int:
        """The sum of the dictionary counts."""
        ...


class Boundaries:
    """Judges matches in one text against its plain segmentation (runs cut on demand, once)."""

    def __init__(self, text: str, words: WordModel) -> None:
        self._text = text
        self._words = words
        self._runs: dict[int, tuple[int, int, frozenset[int], list[tuple[int, int]]]] = {}
        self._log_total = math.log(max(words.total_frequency(), 1))

    def verdict(self, start: int, end: int) -> Verdict:
        """Whether the match [start, end) is a whole term, a doubtful one or cut out of words."""
        text = self._text
        risky = [p for p in (start, end) if 0 < p < len(text) and self._may_cross(p)]
        if not risky:
            return "whole"
        for p in risky:
            run_start, run_end, bounds, spans = self._run(p)
            if p in bounds or not any(a < p < b and _straddles(a, b, start, end) for a, b in spans):
                continue
            run = text[run_start:run_end]
            s, e = max(start, run_start) - run_start, min(end, run_end) - run_start
            own = self._words.frequency(run[s:e])
            margin = self._best(run) - self._best(run, (s, e, own or TERM_FREQUENCY))
            if margin > CUT_MARGIN:
                return "cut"
            return "doubtful" if margin > DOUBT_MARGIN else "whole"
        return "whole"

    def _may_cross(self, p: int) -> bool:
        """Whether a dictionary word could span position ``p`` (Han on both sides); most
        positions have none, and need no segmentation at all."""
        text = self._text
        if not (HAN_RUN_RE.match(text, p - 1, p) and HAN_RUN_RE.match(text, p, p + 1)):
            return False
        frequency = self._words.frequency
        for a in range(max(0, p - _MAX_WORD + 1), p):
            for b in range(p + 1, min(len(text), a + _MAX_WORD) + 1):
                if frequency(text[a:b]):
                    return True
        return False

    def _run(self, p: int) -> tuple[int, int, frozenset[int], list[tuple[int, int]]]:
        """The Han run around position ``p``: its bounds, word boundaries and word spans."""
        run_start = p
        while run_start > 0 and HAN_RUN_RE.match(self._text, run_start - 1, run_start):
            run_start -= 1
        cached = self._runs.get(run_start)
        if cached is not None:
            return cached
        m = HAN_RUN_RE.match(self._text, run_start)
        assert m is not None  # p - 1 and p are Han
        spans = []
        pos = run_start
        for word in self._words.cut_han(m.group()):
            spans.append((pos, pos + len(word)))
            pos += len(word)
        bounds = frozenset(a for a, _ in spans) | {m.end()}
        result = (run_start, m.end(), bounds, spans)
        self._runs[run_start] = result
        return result

    def _best(self, run: str, forced: tuple[int, int, int] | None = None) -> float:
        """The log-probability of the best segmentation of ``run`` in jieba's unigram model;
        with ``forced`` (start, end, count), of the best one that has that word."""
        frequency = self._words.frequency
        n = len(run)
        route = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            best = -math.inf
            if forced is not None and i == forced[0]:
                # the forced word is the only word that may start here
                route[i] = math.log(forced[2]) - self._log_total + route[forced[1]]
                continue
            for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
                if forced is not None and (i < forced[0] < j or i < forced[1] < j):
                    continue  # a word across the forced one's edges
                count = frequency(run[i:j]) or (1 if j == i + 1 else 0)
                if count:
                    best = max(best, math.log(count) - self._log_total + route[j])
            route[i] = best
        return route[0]


def _straddles(a: int, b: int, start: int, end: int) -> bool:
    """Whether the plain word [a, b) cuts the match [start, end) out of other words: it overlaps
    the match only partly (人民币 and 数字人), or holds it strictly inside (聊天工具 and 天工). A
    word that begins or ends with the whole match is a compound of the term (数据库, 共享内存)."""
    holds = a <= start and end <= b
    return not holds or (a < start and end < b)
