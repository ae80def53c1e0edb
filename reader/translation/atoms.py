"""Provides atoms for translation: inline code and math carried through an engine untouched.

A sentence's atoms (``Sentence.atoms``: inline code and inline TeX) are never translated, split,
re-spaced or re-punctuated. Before an engine sees a sentence, :func:`mask` replaces each atom by
a numbered placeholder ``{1}``, ``{2}`` …: braces and ASCII digits, the form of the format strings
(``{0}``, ``%1``) that fill the software-localisation part of the corpora NMT models learn from,
so a SentencePiece/CTranslate2 model copies it as it copies numbers, and an LLM is told to. After
the engine, :func:`restore` puts the exact source characters back and checks that every
placeholder came back exactly once. A placeholder a model spaced or widened (``{ 1 }``,
``｛1｝``) still counts. One that was dropped is put back at the end of the English, before its
final punctuation; a repeated one keeps its first place; a placeholder of another sentence is
removed. Any such repair is reported (:attr:`Restored.problems`) and flagged ``atom`` on the
stored English, so code is never lost silently.

Placeholders are numbered from ``first`` so that an LLM batch numbers them across its sentences
(a shifted answer then carries another sentence's numbers), and never with a number the prose
around the atoms already shows as ``{n}``: such text is left alone.

:func:`locate` finds the atoms again in an English sentence (the export writes them as code and
math there too). The checks that must not see inside atoms (glossary terms, numbers,
dictionary words) read :func:`reader.document.inline.blank_atoms`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.document.inline import blank_atoms, valid_atoms
from reader.model import normalise, text_hash

Span = tuple[int, int]
ATOM = "atom"  # the flag of English whose atoms came back wrong and were repaired
FORMAT = "{{{}}}"  # the placeholder of atom number n: "{n}"
PLACEHOLDER_RE = re.compile(r"[{｛]\s*(\d{1,4})\s*[}｝]")
_NOTHING_TO_TRANSLATE = re.compile(r"[\W_\d]*")  # punctuation, spaces and digits only
_FINAL_PUNCT = re.compile(r"[.!?:;…。！？：；\"”’')\]）」』]*$")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,.;:!?)\]}，。；：！？）])")
_WORD = re.compile(r"\w")
ATOMS_VERSION = "1"  # part of the source hash of sentences with atoms


def source_hash(text: str, atoms: Sequence[Span] = ()) -> str:
    """The source hash stored with a sentence's English: its text's, and for a sentence with
    atoms also the atoms', so English made before they were atoms (or around other atoms) is
    not reused."""
    spans = valid_atoms(atoms, len(text))
    if not spans:
        return text_hash(text)
    parts = [normalise(text), ATOMS_VERSION, *(f"{a}:{b}" for a, b in spans)]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def placeholder(number: int) -> str:
    """The placeholder of atom ``number``: ``{number}``."""
    return FORMAT.format(number)


@dataclass(frozen=True)
class Masked:
    """A sentence as sent to an engine: its atoms replaced by numbered placeholders."""

    original: str
    text: str
    atoms: tuple[str, ...]  # the atoms' source text, in order
    first: int = 1  # the number of the first atom's placeholder
    reserved: frozenset[int] = frozenset()  # numbers the prose itself writes as "{n}"

    @property
    def numbers(self) -> range:
        """The placeholder numbers of this sentence's atoms, in order."""
        return range(self.first, self.first + len(self.atoms))

    @property
    def next(self) -> int:
        """The first number free after this sentence (for the next sentence of a batch)."""
        return self.first + len(self.atoms)

    @property
    def trivial(self) -> bool:
        """True when nothing but atoms, punctuation and digits is left to translate: the
        English is then the sentence as it is, and no engine is asked."""
        if not self.atoms:
            return False
        rest = PLACEHOLDER_RE.sub("", self.text)
        return _NOTHING_TO_TRANSLATE.fullmatch(rest) is not None


def mask(text: str, atoms: Sequence[Span] = (), first: int = 1) -> Masked:
    """``text`` with its atoms replaced by placeholders numbered from ``first`` (or higher: a
    number the prose already writes as ``{n}`` is never used)."""
    spans = valid_atoms(atoms, len(text))
    if not spans:
        return Masked(text, text, ())
    prose = blank_atoms(text, spans)
    reserved = frozenset(int(m.group(1)) for m in PLACEHOLDER_RE.finditer(prose))
    if reserved:
        first = max(first, max(reserved) + 1)
    parts: list[str] = []
    pos = 0
    for n, (start, end) in enumerate(spans, first):
        parts.append(text[pos:start])
        parts.append(placeholder(n))
        pos = end
    parts.append(text[pos:])
    return Masked(text, "".join(parts), tuple(text[a:b] for a, b in spans), first, reserved)


def mask_batch(
    texts: Sequence[str], atoms: Sequence[Sequence[Span]], first: int = 1
) -> list[Masked]:
    """Sentences masked with placeholders numbered across the batch, so none shares a number."""
    out = []
    for text, spans in zip(texts, atoms, strict=True):
        masked = mask(text, spans, first)
        out.append(masked)
        first = masked.next
    return out


@dataclass(frozen=True)
class Restored:
    """An engine's English with the atoms put back, and what had to be repaired."""

    text: str
    lost: tuple[int, ...] = ()  # numbers of placeholders missing (their atoms put at the end)
    repeated: tuple[int, ...] = ()  # numbers that came more than once (later copies removed)
    foreign: tuple[int, ...] = ()  # numbers not of this sentence (removed)

    @property
    def ok(self) -> bool:
        """True when every placeholder came back exactly once and no other appeared."""
        return not (self.lost or self.repeated or self.foreign)

    @property
    def flags(self) -> tuple[str, ...]:
        """``("atom",)`` when something was repaired, else nothing."""
        return () if self.ok else (ATOM,)

    def problems(self) -> str:
        """What went wrong, in a few words ("lost {2}; repeated {1}"), or ""."""
        parts = []
        for label, numbers in (
            ("lost", self.lost),
            ("repeated", self.repeated),
            ("added", self.foreign),
        ):
            if numbers:
                parts.append(f"{label} " + ", ".join(placeholder(n) for n in numbers))
        return "; ".join(parts)


def restore(masked: Masked, output: str) -> Restored:
    """``output`` with each placeholder of ``masked`` replaced by its atom's exact text."""
    if not masked.atoms:
        return Restored(output)
    own = dict(zip(masked.numbers, masked.atoms, strict=True))
    seen: set[int] = set()
    repeated: list[int] = []
    foreign: list[int] = []
    # Segments of engine text (False) and atoms (True): repairs tidy the engine's text only,
    # and an atom that itself reads "{2}" is never taken for a placeholder (one pass).
    segments: list[tuple[str, bool]] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(output):
        segments.append((output[pos : m.start()], False))
        number = int(m.group(1))
        if number in own and number not in seen:
            seen.add(number)
            segments.append((own[number], True))
        elif number in own:
            repeated.append(number)
        elif number in masked.reserved:
            segments.append((m.group(0), False))  # the prose's own "{n}"
        else:
            foreign.append(number)
        pos = m.end()
    segments.append((output[pos:], False))
    lost = [n for n in masked.numbers if n not in seen]
    segments = _merged(segments)
    if repeated or foreign:
        segments = [(_tidy(s) if not atom else s, atom) for s, atom in segments]
    if lost:
        segments = _appended(segments, [own[n] for n in lost])
    text = "".join(s for s, _ in segments)
    if lost or repeated or foreign:
        text = text.strip()
    return Restored(text, tuple(lost), tuple(repeated), tuple(foreign))


def _merged(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Neighbouring pieces of engine text joined; empty ones dropped."""
    out: list[tuple[str, bool]] = []
    for text, atom in segments:
        if not text and not atom:
            continue
        if out and not atom and not out[-1][1]:
            out[-1] = (out[-1][0] + text, False)
        else:
            out.append((text, atom))
    return out


def _tidy(text: str) -> str:
    """Engine text after a placeholder was removed: no double space, no space before a stop."""
    return _SPACE_BEFORE_PUNCT.sub("", _SPACES.sub(" ", text))


def _appended(segments: list[tuple[str, bool]], atoms: list[str]) -> list[tuple[str, bool]]:
    """Lost atoms put at the end, before the English's final punctuation."""
    tail = ""
    if segments and not segments[-1][1]:
        last = segments[-1][0].rstrip()
        final = _FINAL_PUNCT.search(last)
        cut = final.start() if final else len(last)
        segments = [*segments[:-1], (last[:cut].rstrip(), False)]
        tail = last[cut:]
    out = [s for s in segments if s[0] or s[1]]
    for atom in atoms:
        if out:
            out.append((" ", False))
        out.append((atom, True))
    if tail:
        out.append((tail, False))
    return out


def locate(english: str, atoms: Sequence[str]) -> list[tuple[int, int, int]]:
    """Where ``atoms`` stand in ``english``: ``(start, end, index)`` sorted by start.

    Restored English holds each atom verbatim, but an engine may move atoms about, and a short
    atom (``$a$``) may also be an English word or sit inside a longer atom (``x`` in
    ``self.attn(x)``). So longer atoms are placed first, each at an occurrence that stands
    alone (not inside a longer word) and is still free, the one that keeps the atoms' source
    order best, then the earliest; an atom not found is left out.
    """
    taken: list[tuple[int, int, int]] = []
    order = sorted(range(len(atoms)), key=lambda i: (-len(atoms[i]), i))
    for index in order:
        atom = atoms[index]
        if not atom:
            continue
        spots = [s for s in _occurrences(english, atom) if not _overlaps(s, atom, taken)]
        if not spots:
            continue

        def disorder(start: int, index: int = index) -> int:
            return sum((start < a) != (index < i) for a, _, i in taken)

        start = min(spots, key=lambda s: (disorder(s), s))
        taken.append((start, start + len(atom), index))
    return sorted(taken)


def _occurrences(text: str, atom: str) -> list[int]:
    """Starts of ``atom`` in ``text`` that do not run into a neighbouring word."""
    out = []
    start = text.find(atom)
    while start >= 0:
        end = start + len(atom)
        glued_before = start > 0 and _WORD.match(atom[0]) and _WORD.match(text[start - 1])
        glued_after = end < len(text) and _WORD.match(atom[-1]) and _WORD.match(text[end])
        if not glued_before and not glued_after:
            out.append(start)
        start = text.find(atom, start + 1)
    return out


def _overlaps(start: int, atom: str, taken: list[tuple[int, int, int]]) -> bool:
    end = start + len(atom)
    return any(a < end and start < b for a, b, _ in taken)
