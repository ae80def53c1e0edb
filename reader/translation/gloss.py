"""Provides word-by-word glosses: the fallback when no translation exists.

Each word of the analyzer's segmentation becomes one short English gloss, chosen to read:

- a glossary term: its canonical English (the glossary's rendering comes first);
- numbers, dates and measure words: English (11月 November, 两个 two, 三种 three kinds of,
  三百多名 over 300; see :mod:`reader.translation.numbers`);
- function words whose CC-CEDICT senses describe grammar ("completed action marker"), and very
  common words whose first sense is the rare one: a short gloss from ``data/gloss_words.tsv``,
  or nothing (了, 着);
- any other Chinese word: the first plain sense (a few words, not a description) of the
  CC-CEDICT entry whose reading matches the word's pinyin in context (说 is "say", not the
  rarer shuì "persuade"; 层 "layer", not "to pile on top of one another"), the technical sense
  first where CC-CEDICT marks one (矩阵 "matrix (math.)" before "array"), skipping classifier,
  surname, variant and cross-reference lines;
- a word CC-CEDICT does not know: its parts, or its pinyin (names, mostly, kept as names).

Inline code and math (the sentence's atoms) are kept as written, each one word, never glossed
inside. Latin words and numbers are kept; clause and sentence punctuation is kept as English
punctuation on the word before it, so sentence breaks survive in the English-only layout:
``bank · president · say: today · of · data · very · big.`` Its engine is ``gloss``, and every
place that shows one labels it by that engine (the reader's dimmed gloss style and "g" mark,
``[gloss]`` in ``reader show``, ``(gloss)`` in exports), so it is never mistaken for a
translation. Deterministic: the same sentence, dictionary and glossary always give the same
gloss.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from functools import cache
from importlib import resources

from reader.analysis import Analyzer, Token, analysis_text
from reader.dictionary import DictEntry, Dictionary
from reader.document.inline import blank_atoms
from reader.pinyin.syllables import render
from reader.text.chars import has_han
from reader.text.script import to_simplified
from reader.translation.numbers import Span, number_spans

ENGINE = "gloss"
MODEL = "cc-cedict"
SEPARATOR = " · "
FORMAT_VERSION = "5"  # bump when the gloss format or data changes, so stored glosses are recomputed
_SKIP_SENSE = (
    "variant of", "old variant", "see ", "CL:", "also written", "surname ", "classifier for",
    "(classifier", "used in ", "abbr. for", "erhua variant",
)  # fmt: skip
# Senses of rarer usage: used only when a word has no other ("(bound form) right" of 右).
_RARE_SENSE = (
    "(old)", "(archaic)", "(literary)", "(dialect)", "(Tw)", "(coll.)", "(slang)", "(onom.)",
    "(loanword)", "(bound form)",
)  # fmt: skip
_TECHNICAL = re.compile(r"\((?:math|computing|statistics|physics|computer science)\.?\)$")
PLAIN_WORDS = 3  # a sense of more words is a description; used only when nothing plainer exists
_PUNCTUATION = {"，": ",", "、": ",", "。": ".", "？": "?", "！": "!", "；": ";", "：": ":",
                ",": ",", ".": ".", "?": "?", "!": "!", ";": ";", ":": ":", "…": "…",
                "……": "…"}  # fmt: skip
_PARENS = re.compile(r"\s*\([^)]*\)")
_WORDISH = re.compile(r"[A-Za-z0-9]")
MAX_WORDS = 4


def gloss_version(dictionary: Dictionary) -> str:
    """The version stored with glosses: the format and the dictionary file's size."""
    try:
        size = dictionary.path.stat().st_size
    except OSError:
        size = 0
    return f"{FORMAT_VERSION}-{size}"


def _reading(token: Token) -> str:
    return " ".join(s for s in token.pinyin if s)


def _same_reading(entry: DictEntry, reading: str) -> bool:
    """CC-CEDICT pinyin ("shuo1", "Li3", "lü4") against the analyzer's ("shuo1", "lü4")."""
    return entry.pinyin.lower().replace("u:", "ü") == reading.lower()


def short_sense(sense: str) -> str:
    """A sense shortened for a gloss line: its first alternative, no parentheses, no "to ",
    at most a few words ("Baidu, Internet portal and …" is "Baidu")."""
    first = sense.split(";")[0].strip()
    plain = _PARENS.sub("", first).strip() or first.strip("() ")
    if len(plain) > 24 and ", " in plain:
        plain = plain.split(", ")[0]
    if plain.startswith("to ") and len(plain) > 3:
        plain = plain[3:]
    words = plain.split()
    return " ".join(words[:MAX_WORDS]) + " …" if len(words) > MAX_WORDS else plain


def _plain(sense: str) -> bool:
    """A sense that translates rather than describes: a few words, not "to pile on top of one
    another"."""
    return len(short_sense(sense).split()) <= PLAIN_WORDS and not short_sense(sense).endswith("…")


def choose_sense(entries: list[DictEntry], reading: str) -> str | None:
    """The first plain useful sense, preferring entries with the word's reading, then common
    words (not proper nouns); the first useful sense when none is plain."""

    def rank(entry: DictEntry) -> tuple[int, int]:
        return (0 if _same_reading(entry, reading) else 1, 1 if entry.is_proper_noun else 0)

    ranked = sorted(entries, key=rank)  # sorted() is stable: CC-CEDICT order breaks ties
    useful = [s for e in ranked for s in e.senses if not s.startswith(_SKIP_SENSE)]
    common = [s for s in useful if not s.startswith(_RARE_SENSE)]
    if ranked and useful:
        best = rank(ranked[0])
        first_group = [
            s
            for e in ranked
            if rank(e) == best
            for s in e.senses
            if not s.startswith(_SKIP_SENSE + _RARE_SENSE)
        ]
        plain = [sense for sense in first_group if _plain(sense)]
        # The articles are technical: a sense CC-CEDICT marks as the technical one ("matrix
        # (math.)" of 矩阵, after "array") is the common one here.
        for sense in sorted(plain, key=lambda sense: _TECHNICAL.search(sense) is None):
            return short_sense(sense)
    chosen = common or useful
    return short_sense(chosen[0]) if chosen else None


class JiebaTags:
    """Which two- and three-character words jieba's dictionary lists, and which of them it tags
    as a person's name (nr…). Each word is one 64-bit number (21 bits a character) in sorted
    arrays, about 2.5 MB: a dict of every word of the dictionary and its tag held 40 MB for the
    rest of the session."""

    def __init__(self, words: array[int], names: array[int]) -> None:
        self._words = words
        self._names = names

    @staticmethod
    def key(word: str) -> int:
        """A word of two or three characters as one number."""
        codes = [ord(ch) for ch in word] + [0] * (3 - len(word))
        return (codes[0] << 42) | (codes[1] << 21) | codes[2]

    def name(self, word: str) -> bool | None:
        """True for a word tagged as a name, False for another word of the dictionary, None for
        a word it does not list (or not of two or three Han characters)."""
        if not 2 <= len(word) <= 3 or not all(has_han(ch) for ch in word):
            return None
        key = self.key(word)
        if not _holds(self._words, key):
            return None
        return _holds(self._names, key)


def _holds(numbers: array[int], key: int) -> bool:
    at = bisect.bisect_left(numbers, key)
    return at < len(numbers) and numbers[at] == key


@cache
def jieba_tags() -> JiebaTags:
    """jieba's dictionary's words and names (see JiebaTags), read once when a gloss first meets
    an unknown word that starts with a surname."""
    import jieba

    words, names = array("q"), array("q")
    with jieba.get_dict_file() as lines:
        for raw in lines:
            parts = raw.decode("utf-8").split()
            word = parts[0] if len(parts) == 3 else ""
            if 2 <= len(word) <= 3 and all(has_han(ch) for ch in word):
                key = JiebaTags.key(word)
                words.append(key)
                if parts[2].startswith("nr"):
                    names.append(key)
    return JiebaTags(array("q", sorted(words)), array("q", sorted(names)))


@cache
def function_words() -> dict[str, str]:
    """Word -> gloss ("" drops it) from ``data/gloss_words.tsv``."""
    text = (
        resources.files("reader.translation")
        .joinpath("data/gloss_words.tsv")
        .read_text(encoding="utf-8")
    )
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, gloss = line.partition("\t")
            out[word.strip()] = gloss.strip()
    return out


class Glosser:
    """Glosses sentences with an analyzer (segmentation, pinyin, terms) and CC-CEDICT."""

    def __init__(self, analyzer: Analyzer, dictionary: Dictionary) -> None:
        self.analyzer = analyzer
        self.dictionary = dictionary

    def word(self, token: Token) -> str | None:
        """The gloss of one token, or None for punctuation and spaces."""
        if token.term is not None:
            entry = self.analyzer.glossary.get(token.term)
            if entry is not None:
                return entry.en
        text = token.text.strip()
        if not text:
            return None
        if not has_han(text):
            return text if _WORDISH.search(text) else None
        simple = to_simplified(text)
        if simple in function_words():
            return function_words()[simple] or None
        reading = _reading(token)
        entries = self.dictionary.lookup(simple) or self.dictionary.lookup(text)
        sense = choose_sense(entries, reading)
        if sense:
            return sense
        if self._is_name(simple):
            return _name(token) or text
        return self._compound(simple, reading) or _pinyin(token) or text

    def _is_name(self, word: str) -> bool:
        """A word CC-CEDICT lacks that is a person's name, kept as a name, not glossed by parts:
        one jieba's dictionary tags as a name (罗永浩 nr; 左上角 is a noun of place), else two or
        three characters starting with a surname (闫俊杰)."""
        if not 2 <= len(word) <= 3 or not all(has_han(ch) for ch in word):
            return False
        name = jieba_tags().name(word)
        if name is not None:
            return name
        return any(
            s.startswith("surname ") for e in self.dictionary.lookup(word[0]) for s in e.senses
        )

    def _compound(self, word: str, reading: str) -> str | None:
        """A word CC-CEDICT lacks, glossed by its longest known parts (银行行长: "bank bank
        president"), unless it starts like a name (a surname-only character: 闫俊杰)."""
        parts: list[str] = []
        syllables = reading.split()
        pos = 0
        while pos < len(word):
            found = self.dictionary.matches_at(word, pos)
            if not found:
                return None
            part, entries = found[0]
            if pos == 0 and len(part) == 1 and all(_is_name_entry(e) for e in entries):
                return None
            pos += len(part)
            if part in function_words():  # 很快: "very rapid", not "adverb of degree rapid"
                if function_words()[part]:
                    parts.append(function_words()[part])
                continue
            part_reading = " ".join(syllables[pos - len(part) : pos])
            sense = choose_sense(entries, part_reading)
            if sense is None:
                return None
            parts.append(sense)
        return " ".join(parts) if len(parts) > 1 else None

    def spans(self, sentence: str, atoms: Sequence[tuple[int, int]] = ()) -> list[Span]:
        """The number, date and measure expressions of a sentence (character spans), none
        inside its atoms."""
        simple = analysis_text(blank_atoms(sentence, atoms))
        if len(simple) != len(sentence):  # offsets must hold; conversion keeps them in practice
            return []
        return number_spans(simple, self.dictionary.__contains__)

    def gloss(self, sentence: str, atoms: Sequence[tuple[int, int]] = ()) -> str:
        """``word · word, word.`` for a sentence; each atom (inline code or math: spans of
        ``sentence``) is one word, as it is written."""
        words: list[str] = []
        spans = self.spans(sentence, atoms)
        done: set[int] = set()
        for token in self.analyzer.analyze(sentence, atoms=atoms):
            if token.atom:
                words.append(token.text)
                continue
            span = next((s for s in spans if s.start < token.end and token.start < s.end), None)
            if span is not None and token.term is None:  # 预测下一个词 is a term, not "a"
                if id(span) not in done:
                    done.add(id(span))
                    words.append(span.english)
                continue
            mark = _PUNCTUATION.get(token.text.strip())
            if mark is not None:
                if words and not words[-1].endswith(tuple(".,;:?!…")):
                    words[-1] += mark
                continue
            word = self.word(token)
            # A mixed form "Scaling Law(规模定律)" is two tokens of one term: gloss it once.
            if word and (not words or words[-1].rstrip(".,;:?!…") != word):
                words.append(word)
        return SEPARATOR.join(words)


def _is_name_entry(entry: DictEntry) -> bool:
    senses = entry.senses
    return entry.is_proper_noun or all(s.startswith(("surname", "variant of")) for s in senses)


def _name(token: Token) -> str:
    """A name in pinyin as names are written: ``Yán Jùnjié``."""
    syllables = [render(s, "marks") or "" for s in token.pinyin if s]
    if not syllables:
        return ""
    given = "".join(syllables[1:])
    return " ".join(p[:1].upper() + p[1:] for p in (syllables[0], given) if p)


def _pinyin(token: Token) -> str:
    return "".join(render(s, "marks") or "" for s in token.pinyin if s)
