"""Provides analysis of Chinese text: tokens with offsets, pinyin per character and glossary terms.

Text is analysed through its simplified form (same length, see :mod:`reader.text.script`), so
offsets, pinyin and look-ups refer to the original text whatever its script. Glossary matches
are protected before segmentation (terms stay one token) and their curated reading wins over the
pinyin engine.

Atoms (inline code and inline math, given as spans) are protected the same way and first: each is
one token of kind ``code`` or ``math``, with no reading and no term, and glossary terms or
corrections that overlap one are not matched (``torch.nn`` is never "nn", ``$x_i$`` never read).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from reader.document.inline import blank_atoms, valid_atoms
from reader.glossary.match import Matcher
from reader.glossary.model import Glossary
from reader.pinyin.overrides import Overrides
from reader.pinyin.syllables import ToneStyle, from_marks, render
from reader.text.chars import fold_radicals, has_han, is_han
from reader.text.script import to_simplified
from reader.text.segment import Segmenter

if TYPE_CHECKING:
    from reader.pinyin.engine import PinyinEngine


@dataclass(frozen=True)
class Token:
    """A word of the text: offsets into the original, one reading per character, its term id."""

    text: str
    start: int
    end: int
    pinyin: tuple[str | None, ...]  # tone-number syllables ("hang2", "le5") or None
    term: str | None = None
    atom: bool = False  # inline code or math: shown as it is, never looked up

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
    """Analyses text with a glossary; heavy parts (jieba, pinyin data) load on first use.

    Readings come from the pinyin engine, except that a glossary term's curated reading wins
    over the engine and the user's corrections (``pinyin.yaml``) win over both.
    """

    def __init__(
        self,
        glossary: Glossary | None = None,
        *,
        overrides: Overrides | None = None,
        neutral_tones: bool = False,
        segmenter: Segmenter | None = None,
    ) -> None:
        self.glossary = glossary or Glossary()
        self.overrides = overrides or Overrides()
        # jieba's dictionary takes some 60 MB: an analyzer built again (new corrections or
        # settings) shares the one the workspace already has.
        self.segmenter = segmenter or Segmenter()
        self.neutral_tones = neutral_tones

    @cached_property
    def engine(self) -> PinyinEngine:
        """The pinyin engine (imports numpy, so it is built on first use)."""
        from reader.pinyin.engine import PinyinEngine

        return PinyinEngine(neutral_tones=self.neutral_tones)

    @cached_property
    def matcher(self) -> Matcher:
        """The glossary matcher, built on first use."""
        return Matcher(self.glossary, words=self.segmenter)

    def analyze(
        self,
        text: str,
        *,
        tone_sandhi: bool = False,
        atoms: Sequence[tuple[int, int]] = (),
    ) -> list[Token]:
        """Tokens covering ``text`` in order; ``tone_sandhi`` for learners' display only;
        ``atoms`` are spans (inline code, inline math) that stay single unread tokens."""
        if not text:
            return []
        atoms = valid_atoms(atoms, len(text))
        # Atoms take part in nothing: terms, corrections and readings see spaces there.
        simple = blank_atoms(analysis_text(text), atoms)
        matches = self.matcher.find(simple)
        fixes = self.overrides.find(simple)
        if fixes:  # a user correction overrides a glossary term it overlaps
            matches = [
                m for m in matches if not any(f.start < m.end and m.start < f.end for f in fixes)
            ]
        by_span = {(m.start, m.end): m for m in matches}
        forced: dict[tuple[int, int], Sequence[str | None]] = {}
        for m in matches:
            entry = self.glossary.get(m.entry_id)
            curated = entry.reading_of(m.form) if entry and m.kind == "zh" else None
            if curated and (spread := _spread(simple[m.start : m.end], curated)):
                forced[(m.start, m.end)] = spread
        for fix in fixes:
            forced[(fix.start, fix.end)] = fix.syllables
        protected = list(by_span) + [(f.start, f.end) for f in fixes]
        spans = self.segmenter.segment(simple, atoms + protected)
        readings = self.engine.readings(simple, spans, forced=forced)
        for start, end in atoms:
            readings[start:end] = [None] * (end - start)
        if tone_sandhi:
            from reader.pinyin.sandhi import sandhi

            readings = sandhi(readings, spans, simple)
        atom_set = set(atoms)
        tokens = []
        for start, end in spans:
            match = by_span.get((start, end))
            tokens.append(
                Token(
                    text[start:end],
                    start,
                    end,
                    tuple(readings[start:end]),
                    match.entry_id if match else None,
                    (start, end) in atom_set,
                )
            )
        return tokens


def _spread(word: str, reading: str) -> list[str | None] | None:
    """Places a curated tone-marked reading on the Han characters of ``word``."""
    syllables = iter(from_marks(s) for s in reading.split())
    try:
        return [next(syllables) if is_han(ch) else None for ch in word]
    except StopIteration:
        return None
