"""Provides analysis of Chinese text: tokens with offsets, pinyin per character and glossary terms.

Text is analysed through its simplified form (same length, see :mod:`reader.text.script`), so
offsets, pinyin and look-ups refer to the original text whatever its script. Glossary matches
are protected before segmentation (terms stay one token) and their curated reading wins over the
pinyin engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from reader.glossary.match import Matcher
from reader.glossary.model import Glossary
from reader.pinyin import PinyinEngine, from_marks
from reader.pinyin.syllables import ToneStyle, render
from reader.text.chars import fold_radicals, has_han
from reader.text.script import to_simplified
from reader.text.segment import Segmenter


@dataclass(frozen=True)
class Token:
    """A word of the text: offsets into the original, one reading per character, its term id."""

    text: str
    start: int
    end: int
    pinyin: tuple[str | None, ...]  # tone-number syllables ("hang2", "le5") or None
    term: str | None = None

    def to_json(self, style: ToneStyle = "marks") -> dict[str, object]:
        """The token as in ``reader analyze``: pinyin rendered in the requested style."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "pinyin": [render(s, style) for s in self.pinyin],
            "term": self.term,
        }


def analysis_text(text: str) -> str:
    """The form of ``text`` that analysis runs on: simplified, radicals folded, same length."""
    return fold_radicals(to_simplified(text)) if has_han(text) else text


class Analyzer:
    """Analyses text with a glossary; heavy parts (jieba, pinyin data) load on first use."""

    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary or Glossary()
        self.segmenter = Segmenter()
        self.engine = PinyinEngine()

    @cached_property
    def matcher(self) -> Matcher:
        """The glossary matcher, built on first use."""
        return Matcher(self.glossary)

    def analyze(self, text: str) -> list[Token]:
        """Tokens covering ``text`` in order."""
        if not text:
            return []
        simple = analysis_text(text)
        matches = self.matcher.find(simple)
        by_span = {(m.start, m.end): m for m in matches}
        spans = self.segmenter.segment(simple, by_span)
        readings = self.engine.readings(simple, spans)
        tokens = []
        for start, end in spans:
            syllables = readings[start:end]
            term = None
            if (match := by_span.get((start, end))) is not None:
                term = match.entry_id
                entry = self.glossary.get(term)
                curated = entry.reading_of(match.form) if entry and match.kind == "zh" else None
                if curated:
                    syllables = _spread(simple[start:end], curated) or syllables
            tokens.append(Token(text[start:end], start, end, tuple(syllables), term))
        return tokens


def _spread(word: str, reading: str) -> list[str | None] | None:
    """Places a curated tone-marked reading on the Han characters of ``word``."""
    from reader.text.chars import is_han

    syllables = iter(from_marks(s) for s in reading.split())
    try:
        return [next(syllables) if is_han(ch) else None for ch in word]
    except StopIteration:
        return None
