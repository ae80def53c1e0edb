"""Provides glossary enforcement for machine translation: protect terms before, repair after.

Two steps, each optional, both measured in ``benchmarks/bench_translate.py`` and the tests:

- **inline** (before decoding): a Chinese term occurrence (``规模定律``, or the mixed
  ``Scaling Law(规模定律)``) is replaced in the source by its canonical English, so a model that
  copies Latin words (as zh→en models trained on web text do for names and terms) writes the
  glossary's English instead of its own translation;
- **repair** (after decoding): when the output still lacks the canonical English, an alias or an
  abbreviation, the target words the decoder attended to while reading the term's source pieces
  (CTranslate2's alignment attention) are replaced by the canonical English. Nothing is changed
  when the attention points nowhere useful.

argostranslate has no glossary support and CTranslate2 has no positive lexical constraints (only
``suppress_sequences``), hence this pre/post approach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.analysis import analysis_text
from reader.glossary.match import Matcher
from reader.glossary.model import Glossary
from reader.translation.consistency import uses_term

if TYPE_CHECKING:
    from reader.translation.argos import ArgosTranslator, Hypothesis

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]}%。，、；：！？）」』”])")


@dataclass(frozen=True)
class ProtectedTerm:
    """A term occurrence in the text sent to the model: entry id and character span."""

    entry_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Protected:
    """A sentence prepared for the model, with the spans of its terms."""

    original: str
    text: str
    terms: tuple[ProtectedTerm, ...]


class Enforcer:
    """Protects and repairs glossary terms around a translation model."""

    def __init__(
        self,
        glossary: Glossary,
        matcher: Matcher | None = None,
        *,
        inline: bool = True,
        repair: bool = True,
    ) -> None:
        self.glossary = glossary
        self.matcher = matcher or Matcher(glossary)
        self.inline = inline
        self.repair_output = repair

    @property
    def label(self) -> str:
        """A short description of the steps in use ("inline+repair")."""
        steps = (("inline", self.inline), ("repair", self.repair_output))
        return "+".join(name for name, on in steps if on)

    def prepare(self, sentence: str) -> Protected:
        """The sentence to send to the model and the spans of its glossary terms."""
        simple = analysis_text(sentence)
        occurrences = self.matcher.occurrences(simple, self.matcher.find(simple))
        parts: list[str] = []
        terms: list[ProtectedTerm] = []
        pos = 0
        length = 0
        for occ in occurrences:
            entry = self.glossary.get(occ.entry_id)
            if entry is None:
                continue
            before = sentence[pos : occ.start]
            parts.append(before)
            length += len(before)
            has_chinese = any(m.kind == "zh" for m in occ.matches)
            if self.inline and has_chinese:
                # Spaces keep the English a separate word for the tokenizer.
                lead = "" if not before or before.endswith(" ") else " "
                following = sentence[occ.end : occ.end + 1]
                trail = " " if following.isalnum() else ""
                # A version after a Chinese name stays: 昇腾910B is "Huawei Ascend 910B".
                version = "".join(sentence[m.end - m.suffix : m.end] for m in occ.matches)
                if version[:1].isalnum():
                    version = " " + version
                replacement = f"{lead}{entry.en}{version}{trail}"
                start = length + len(lead)
                parts.append(replacement)
                length += len(replacement)
                terms.append(ProtectedTerm(entry.id, start, start + len(entry.en)))
            else:
                original = sentence[occ.start : occ.end]
                parts.append(original)
                terms.append(ProtectedTerm(entry.id, length, length + len(original)))
                length += len(original)
            pos = occ.end
        parts.append(sentence[pos:])
        return Protected(sentence, "".join(parts), tuple(terms))

    def repair(
        self,
        protected: Protected,
        hypothesis: Hypothesis,
        source_pieces: list[tuple[str, int, int]],
        translator: ArgosTranslator,
    ) -> str:
        """The hypothesis text with missing canonical terms put where the model attended."""
        text = hypothesis.text
        if not self.repair_output or hypothesis.attention is None or not protected.terms:
            return text
        pieces = hypothesis.pieces
        spans: list[tuple[int, int, str]] = []
        for term in protected.terms:
            entry = self.glossary.get(term.entry_id)
            if entry is None or uses_term(entry, text):
                continue
            sources = {
                i for i, (_, s, e) in enumerate(source_pieces) if s < term.end and e > term.start
            }
            targets = [
                t
                for t, row in enumerate(hypothesis.attention[: len(pieces)])
                if row and max(range(len(row)), key=row.__getitem__) in sources
            ]
            if targets:
                spans.append((min(targets), max(targets), entry.en))
        if not spans:
            return text
        spans.sort()
        kept: list[tuple[int, int, str]] = []
        for span in spans:  # overlapping alignments: the first term keeps its words
            if not kept or span[0] > kept[-1][1]:
                kept.append(span)
        chunks = []
        pos = 0
        for start, end, english in kept:
            chunks.append(translator.detokenize(pieces[pos:start]))
            chunks.append(english)
            pos = end + 1
        chunks.append(translator.detokenize(pieces[pos:]))
        repaired = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(c for c in chunks if c))
        if text[:1].isupper() and repaired[:1].islower():
            repaired = repaired[0].upper() + repaired[1:]
        return repaired
