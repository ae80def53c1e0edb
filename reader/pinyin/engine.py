"""Polyphone-aware pinyin for simplified Chinese text.

How a reading is chosen (each step measured on the CPP dev split, see REPORT.md):

1. Every Han character starts from its segmentation word: a multi-character
   word found in the project's own list (``data/extra_words.tsv``, which wins),
   pypinyin's phrase dictionary or CC-CEDICT gives the reading of all its
   characters (that is where lexical neutral tones such as 朋友 péngyou come
   from); a word unknown to all is split into dictionary words by maximum
   matching; what is left gets the character's default reading.
2. For the 791 characters that the g2pM BiLSTM was trained to disambiguate
   (了 行 长 重 还 为 都 …), the model scores the candidate readings in
   sentence context and the dictionary words vote: the score of a candidate is
   its model log-probability (floored) plus a fixed bonus when pypinyin's phrase
   dictionary gives it for the segmentation word (largest bonus), when CC-CEDICT
   does, and when a dictionary sub-word inside an unknown word does. Dictionary
   words are more accurate than the model where they exist (they encode
   collocations like 银行 háng, 种植 zhòng), the model is better everywhere else.
3. Context rules fix systematic errors of both in running prose: data in
   ``data/rules.yaml``, small named conditions in ``rules.py``.
4. Lexical neutral tones from CC-CEDICT (朋友 péngyou) are applied to characters
   the model does not handle; on model characters only with ``neutral_tones=True``
   (the CPP benchmark writes citation tones there: 衣服 yīfú, 认识 rènshí).

The engine never applies tone sandhi (不 stays bu4, 一 yi1); see ``sandhi``.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from . import rules
from .context import Context
from .g2pm_model import G2pMModel, shared_model
from .lexicon import Lexicon, shared_lexicon

# Vote weights (added to the model's log-probability); tuned on the even lines
# of CPP dev and the tuning part of the everyday-prose set. pypinyin's phrase
# dictionary is the most reliable source and outweighs the model for a whole
# word (没空 kòng, 分量 fèn, 系紧 jì: 13 > LOGP_FLOOR; it costs 2 of 4,947 CPP
# tuning sentences and wins 2 of 79 unseen everyday ones); CC-CEDICT a little
# less (it lists some rare readings first). Sub-words of a
# segmenter word unknown to both (的确|如此 in 的确如此) made no measurable
# difference on CPP between weights 0 and 10; 7 helps short everyday phrases
# (别着急 → 着急 zháojí, 校验|码 jiào) where the model alone is weak: both
# dictionaries agreeing on a sub-word outweigh the most confident model. A whole
# word of three or more characters gets W_LONG more (上当受骗 shàngdàng): the
# longer the word, the less a dictionary's reading depends on context.
W_PYP = 13.0
W_CEDICT = 6.0
W_PYP_SUB = 7.0
W_CEDICT_SUB = 7.0
W_LONG = 4.0
# the project's own word list (extra_words.tsv) settles a reading whatever the model says
W_OWN = 100.0
# floor of the model log-probability: a very confident model (p ≈ 1) can still
# overrule one dictionary vote, but not pypinyin and CC-CEDICT agreeing
LOGP_FLOOR = 12.0

# Noun and locative suffixes that are neutral whenever a dictionary word says so (胡子 húzi,
# 石头 shítou, 外边 wàibian); on CPP dev this never changes an answer, so it costs nothing.
NEUTRAL_SUFFIXES = frozenset("子头边")

# sentence boundaries for running the model (it was trained on single sentences)
_SENT_END = re.compile(r"[。！？!?；;\n…]+")
_MAX_CHUNK = 300


def _is_han_codepoint(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or cp == 0x3007
    )


class PinyinEngine:
    """Tone-number pinyin for every character of a text, polyphones resolved in context.

    Construction is cheap; dictionaries (~0.15 s) and the model (~0.05 s) load on
    first use, once per process (thread-safe) and are shared by all instances.
    Instances are safe to share between threads.
    """

    def __init__(self, *, neutral_tones: bool = False) -> None:
        """`neutral_tones`: show dictionary neutral tones on characters that the
        polyphone model handles too (早上 zǎoshang, 衣服 yīfu). Characters the
        model does not handle always get the dictionary's neutral tone
        (朋友 péngyou). False gives citation tones for model characters, the
        CPP benchmark's convention for lexical words."""
        self._neutral_tones = neutral_tones
        self._lex: Lexicon | None = None
        self._model: G2pMModel | None = None
        self._lock = threading.Lock()
        self._norm_cache: dict[str, str | None] = {}
        self._learner_words: frozenset[str] | None = None

    # ------------------------------------------------------------------ loading
    def _load(self) -> tuple[Lexicon, G2pMModel]:
        lex, model = self._lex, self._model
        if lex is None or model is None:
            with self._lock:
                if self._lex is None:
                    self._lex = shared_lexicon()
                if self._model is None:
                    self._model = shared_model()
                lex, model = self._lex, self._model
        return lex, model

    def _learner(self) -> frozenset[str]:
        """Common words read with their neutral tone by default (data/neutral_words.txt)."""
        if self._learner_words is None:
            path = Path(__file__).parent / "data" / "neutral_words.txt"
            lines = path.read_text(encoding="utf-8").splitlines()
            self._learner_words = frozenset(
                w.strip() for w in lines if w.strip() and not w.startswith("#")
            )
        return self._learner_words

    def _learner_positions(self, ntext: str, spans: Sequence[tuple[int, int]]) -> set[int]:
        """Positions inside segmentation words that are common neutral-tone words.

        Only whole words: in compounds the neutral tone goes (知识 zhīshi, but 知识产权 zhīshí).
        """
        learner = self._learner()
        return {i for s, e in spans if ntext[s:e] in learner for i in range(s, e)}

    def warm_up(self) -> None:
        """Load data now instead of on the first call."""
        self._load()

    # ------------------------------------------------------------------ helpers
    def _norm_char(self, ch: str, lex: Lexicon) -> str | None:
        """The character to look up for `ch`, or None if it is not Han.

        Kangxi radicals (U+2F00..) and CJK compatibility ideographs, which PDF
        extraction often leaves in text, are mapped to the unified ideograph
        they stand for (⼀ → 一) by NFKC."""
        if ch in lex.char_default:
            return ch
        r = self._norm_cache.get(ch, "")
        if r != "":
            return r
        res: str | None = None
        cp = ord(ch)
        if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
            n = unicodedata.normalize("NFKC", ch)
            if len(n) == 1 and n in lex.char_default:
                res = n
        elif _is_han_codepoint(cp):
            res = ch  # Han but without a known reading
        if len(self._norm_cache) < 10000:
            self._norm_cache[ch] = res
        return res

    @staticmethod
    def _clean_words(words: Sequence[tuple[int, int]], n: int) -> list[tuple[int, int]]:
        """Spans covering 0..n in order; gaps become one-character spans and
        overlapping or out-of-range spans are clipped, so bad input cannot raise."""
        out: list[tuple[int, int]] = []
        pos = 0
        for span in words:
            try:
                s, e = int(span[0]), int(span[1])
            except Exception:
                continue
            s = max(s, pos)
            e = min(e, n)
            if e <= s:
                continue
            while pos < s:
                out.append((pos, pos + 1))
                pos += 1
            out.append((s, e))
            pos = e
        while pos < n:
            out.append((pos, pos + 1))
            pos += 1
        return out

    # ------------------------------------------------------------------ public
    def readings(
        self,
        text: str,
        words: Sequence[tuple[int, int]],
        *,
        forced: Mapping[tuple[int, int], Sequence[str | None]] | None = None,
    ) -> list[str | None]:
        """One entry per character of `text`: tone-number syllable for a Han
        character ("hang2", "le5", "lü4"), None for anything else (and for the
        rare Han character with no known reading).

        `words`: the segmentation as (start, end) spans covering `text` in order.
        `forced`: optional readings for spans, applied last (one syllable per
        character of the span; None entries or a wrong length are ignored).
        Never raises: on an internal error it degrades to per-character defaults.
        """
        if text is None:
            return []
        try:
            text = str(text)
            out = self._readings(text, words)
        except Exception:
            out = self._fallback(text)
        if forced:
            try:
                for (s, e), syls in forced.items():
                    syls = list(syls)
                    if 0 <= s < e <= len(out) and len(syls) == e - s:
                        for i, syl in enumerate(syls):
                            if syl is not None:
                                out[s + i] = syl
            except Exception:
                pass
        return out

    def _fallback(self, text: object) -> list[str | None]:
        try:
            s = str(text)
            lex, _ = self._load()
            res: list[str | None] = []
            for ch in s:
                try:
                    nc = self._norm_char(ch, lex)
                    res.append(lex.char_default.get(nc) if nc else None)
                except Exception:
                    res.append(None)
            return res
        except Exception:
            try:
                return [None] * len(text)  # type: ignore[arg-type]
            except Exception:
                return []

    def _readings(self, text: str, words: Sequence[tuple[int, int]]) -> list[str | None]:
        lex, model = self._load()
        n = len(text)
        norm = [self._norm_char(ch, lex) for ch in text]
        out: list[str | None] = [lex.char_default.get(c) if c else None for c in norm]
        if not any(out):
            return out
        ntext = "".join(c if c else ch for c, ch in zip(norm, text, strict=True))
        # per position: the syllable each dictionary source proposes
        votes: dict[int, list[tuple[float, str]]] = {}
        # CC-CEDICT neutral tones: position -> syllable
        neutral: dict[int, str] = {}
        # positions inside a dictionary word (a segmentation word or a part of one)
        dict_pos: set[int] = set()
        spans = self._clean_words(words, n)
        for s, e in spans:
            if e - s < 2:
                continue
            self._word_readings(lex, ntext[s:e], s, out, votes, neutral, dict_pos, sub=False)

        # polyphones the model knows
        poly = [i for i, c in enumerate(norm) if c is not None and model.is_polyphone(c)]
        if poly:
            self._disambiguate(model, ntext, poly, out, votes)
        rules.apply(Context(ntext, self._rule_spans(lex, ntext, spans), out, dict_pos))
        # neutral-tone layer; common neutral-tone words and suffixes get it on model characters
        # too (a learner expects 早上 zǎoshang), the rest keep CPP's citation-tone convention
        learner_pos = self._learner_positions(ntext, spans)
        for i, syl in neutral.items():
            cur = out[i]
            if cur is None or cur[-1] == "5" or cur[:-1] != syl[:-1]:
                continue
            c = norm[i]
            if (
                not self._neutral_tones
                and c is not None
                and model.is_polyphone(c)
                and c not in NEUTRAL_SUFFIXES
                and i not in learner_pos
            ):
                # CPP convention: citation tone on the model's characters, even
                # where both dictionaries have a neutral tone (弟弟 dìdì); see
                # the constructor
                continue
            out[i] = syl
        return out

    @staticmethod
    def _rule_spans(
        lex: Lexicon, ntext: str, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The words the rules see: a two-character segmenter word no dictionary reads, glued
        from a pattern (调低, 教教, 两行; see ``rules.glued``), as two words of one character:
        the rules describe such characters standing as words of their own."""
        out: list[tuple[int, int]] = []
        for s, e in spans:
            if e - s == 2 and not lex.known(ntext[s:e]) and rules.glued(ntext[s:e]):
                out.extend(((s, s + 1), (s + 1, e)))
            else:
                out.append((s, e))
        return out

    def _word_readings(
        self,
        lex: Lexicon,
        w: str,
        s: int,
        out: list[str | None],
        votes: dict[int, list[tuple[float, str]]],
        neutral: dict[int, str],
        covered: set[int],
        sub: bool,
    ) -> bool:
        """Readings and votes for the word `w` starting at `s`; True if a
        dictionary knows `w` as a whole. The positions of every dictionary word
        found (`w` or its parts) go into `covered`."""
        own = lex.own.get(w)
        if own is not None and len(own) == len(w):
            for k, syl in enumerate(own):
                if out[s + k] is not None:
                    out[s + k] = syl
                votes.setdefault(s + k, []).append((W_OWN, syl))
            covered.update(range(s, s + len(w)))
            return True
        rp = lex.pyp.get(w)
        rc = lex.cedict.get(w)
        if rp is None and rc is None:
            if sub or len(w) < 3 or len(w) > 40:
                return False
            for a, b in lex.segment(w):
                if b - a >= 2:
                    self._word_readings(lex, w[a:b], s + a, out, votes, neutral, covered, sub=True)
            return False
        covered.update(range(s, s + len(w)))
        wp = W_PYP_SUB if sub else W_PYP
        wc = W_CEDICT_SUB if sub else W_CEDICT
        if len(w) >= 3 and not sub:
            wp, wc = wp + W_LONG, wc + W_LONG
        base = rp if rp is not None else rc
        assert base is not None
        for k, syl in enumerate(base):
            if out[s + k] is not None:
                out[s + k] = syl
        if rp is not None:
            for k, syl in enumerate(rp):
                votes.setdefault(s + k, []).append((wp, syl))
        if rc is not None:
            for k, syl in enumerate(rc):
                if wc:
                    votes.setdefault(s + k, []).append((wc, syl))
                if syl[-1] == "5":
                    neutral[s + k] = syl
        return True

    def _disambiguate(
        self,
        model: G2pMModel,
        ntext: str,
        poly: list[int],
        out: list[str | None],
        votes: dict[int, list[tuple[float, str]]],
    ) -> None:
        """Combine model scores and dictionary votes for the positions `poly`.

        A reading from the project's own word list outside the model's candidates (参差 cēncī:
        the model only knows chā/chà/chāi for 差) competes too, with the lowest model score."""
        need: list[int] = []
        pending: dict[int, tuple[list[str], list[float]]] = {}
        for i in poly:
            cands = list(model.candidates[ntext[i]])
            n_model = len(cands)
            v = votes.get(i)
            if not v:
                need.append(i)
                pending[i] = (cands, [0.0] * n_model)
                continue
            tot = [0.0] * n_model
            for wt, syl in v:
                if syl in cands:
                    tot[cands.index(syl)] += wt
                elif syl[-1] == "5" and any(c[:-1] == syl[:-1] for c in cands[:n_model]):
                    # a lexical neutral tone (暖和 nuǎnhuo) supports the candidates with the
                    # same syllable (huó/huò); the neutral-tone layer decides the tone afterwards
                    for k, c in enumerate(cands[:n_model]):
                        if c[:-1] == syl[:-1]:
                            tot[k] += wt
                elif wt >= W_OWN:
                    # the project's own word list may give a reading the model never learnt
                    # (参差 cēncī: the model knows only chā/chà/chāi for 差); the dictionaries'
                    # other readings outside the model's set are mostly rare name readings
                    cands.append(syl)
                    tot.append(wt)
            # a vote margin larger than any possible difference of the (floored) model
            # log-probabilities settles it without the model
            order = sorted(tot, reverse=True)
            if len(order) > 1 and order[0] - order[1] > LOGP_FLOOR:
                out[i] = cands[tot.index(order[0])]
                continue
            need.append(i)
            pending[i] = (cands, tot)
        if not need:
            return
        for a, b, ps in self._chunks(ntext, need):
            scores = model.scores(ntext[a:b], [p - a for p in ps])
            for p, sc in zip(ps, scores, strict=True):
                cands, bonus = pending[p]
                lp = sc - sc.max()
                lp = lp - math.log(float(np.exp(lp).sum()))
                floored = np.maximum(lp, -LOGP_FLOOR).tolist()
                floored.extend([-LOGP_FLOOR] * (len(cands) - len(floored)))
                tot = [m + bb for m, bb in zip(floored, bonus, strict=True)]
                out[p] = cands[max(range(len(tot)), key=tot.__getitem__)]

    @staticmethod
    def _chunks(text: str, positions: list[int]) -> list[tuple[int, int, list[int]]]:
        """Sentence-sized windows of `text` around the given positions."""
        bounds = [0]
        for m in _SENT_END.finditer(text):
            bounds.append(m.end())
        if bounds[-1] != len(text):
            bounds.append(len(text))
        res: list[tuple[int, int, list[int]]] = []
        k = 0
        for j in range(len(bounds) - 1):
            a, b = bounds[j], bounds[j + 1]
            ps = []
            while k < len(positions) and positions[k] < b:
                ps.append(positions[k])
                k += 1
            if not ps:
                continue
            if b - a <= _MAX_CHUNK:
                res.append((a, b, ps))
            else:
                # very long "sentence" (no punctuation): fixed windows with context
                for p0 in range(a, b, _MAX_CHUNK):
                    sub = [p for p in ps if p0 <= p < p0 + _MAX_CHUNK]
                    if sub:
                        res.append((max(a, p0 - 40), min(b, p0 + _MAX_CHUNK + 40), sub))
        return res
