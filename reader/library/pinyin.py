"""Provides toneless pinyin for the search index and the reading of typed pinyin queries.

The index holds one toneless syllable per Han character ("ü" written "v", as pinyin keyboards
type it). The full pinyin engine reads about 1,500 sentences a second, too slow for a library of
a thousand articles, so the index uses the dictionaries alone: each character's default reading,
and for the characters with several toneless readings (行 xing/hang, 长 chang/zhang) the reading
in the two-character dictionary word it makes with a neighbour (银行 yin hang, 长大 zhang da).
Tones are not indexed: a search in pinyin is typed without them. A polyphone standing alone
keeps its default reading (很长 is indexed hen zhang).

A query such as "fupan", "fu pan", "fù pán", "fu4pan2" or "xi'an" is split into syllables; every
split is kept (xian and xi an), and where no split is whole, an unfinished last syllable is a
prefix ("fup" → fu p…).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, TypeVar

from reader.paths import package_data

if TYPE_CHECKING:
    from reader.pinyin.lexicon import Lexicon

MAX_SPLITS = 6  # alternatives of one typed string ("xian": xian, xi an)
_TONE_DIGIT_RE = re.compile(r"(?<=[a-zü:])[1-5]")
_SEPARATOR_RE = re.compile(r"[\s'’·\-]+")


def _toneless(reading: str) -> str:
    """ "lü4" → "lv", "hang2" → "hang", "ê2" → "e" (as typed)."""
    return reading.rstrip("012345").replace("ü", "v").replace("ê", "e")


_V = TypeVar("_V")


class _Memo(dict[str, _V]):
    """``key -> make(key)``, made as keys are first asked for (``map`` then reads it in C)."""

    def __init__(self, make: Callable[[str], _V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> _V:
        value = self[key] = self._make(key)
        return value


def _word_readings(
    lexicon: Lexicon, syllable: Callable[[str], str], word: str
) -> tuple[str, str] | None:
    """A two-character word's toneless readings (pypinyin's, else CC-CEDICT's), or None."""
    if len(word) == 2:
        for table in (lexicon.pyp, lexicon.cedict):  # pypinyin's win
            found = table.get(word)
            if found is not None and len(found) == 2:
                return syllable(found[0]), syllable(found[1])
    return None


class Readings:
    """Toneless readings of characters and of the two-character words that settle polyphones.

    Only the set of polyphones is made up front; readings are looked up in the shared pinyin
    lexicon as characters and words are first met, and kept (a search that marks pinyin hits
    meets a few hundred characters, not the lexicon's tens of thousands of entries).
    """

    def __init__(self) -> None:
        from reader.pinyin.lexicon import shared_lexicon

        lexicon = shared_lexicon()
        syllables: dict[str, str] = {}  # one object per syllable, however often it is read

        def syllable(reading: str) -> str:
            toneless = _toneless(reading)
            return syllables.setdefault(toneless, toneless)

        def default(ch: str) -> str:  # the character itself when it has no reading
            reading = lexicon.char_default.get(ch)
            return syllable(reading) if reading else ch

        self.default: _Memo[str] = _Memo(default)
        self.polyphones = frozenset(
            ch
            for ch, every in lexicon.char_all.items()
            if len(every) > 1 and len({_toneless(r) for r in every}) > 1
        )
        # Two-character words with a polyphone, whatever their reading: 进行 must be seen
        # before 行业 for 进行业务 to read jin xing ye wu.
        self.words: _Memo[tuple[str, str] | None] = _Memo(
            partial(_word_readings, lexicon, syllable)
        )

    def run(self, run: str) -> list[str]:
        """One toneless syllable per character of a run of Han characters (simplified).

        A polyphone takes its reading in the word it makes with the character before it, else
        with the one after it, else its default reading: 银行 yin hang, 行长 hang zhang, 进行业务
        jin xing ye wu. Words are looked up only around polyphones, so a sentence costs little
        more than a dictionary look-up per character.
        """
        out = list(map(self.default.__getitem__, run))  # in C: every sentence of a build
        polyphones = self.polyphones
        if polyphones.isdisjoint(run):
            return out
        words = self.words
        for i in [i for i, ch in enumerate(run) if ch in polyphones]:
            if i and (left := words[run[i - 1 : i + 1]]) is not None:
                out[i] = left[1]
            elif i + 1 < len(run) and (right := words[run[i : i + 2]]) is not None:
                out[i] = right[0]
        return out


_readings: Readings | None = None
_lock = threading.Lock()


def readings() -> Readings:
    """The shared readings (made on first use; thread-safe)."""
    global _readings
    if _readings is None:
        with _lock:
            if _readings is None:
                _readings = Readings()
    return _readings


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable (from ``reader/data/syllables.txt``)."""
    text = package_data("syllables.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every proper prefix of a syllable ("zh", "zhua"): what an unfinished syllable may be."""
    return frozenset(s[:i] for s in syllables() for i in range(1, len(s)))


@dataclass(frozen=True)
class PinyinQuery:
    """One way of reading typed pinyin: syllables, the last possibly unfinished."""

    syllables: tuple[str, ...]
    prefix: bool  # the last syllable is unfinished: match it as a prefix


def strip_tones(text: str) -> str:
    """Typed pinyin without tone marks or tone digits, lower case, ü as v: "Fù pán" → "fu pan"."""
    text = text.lower().replace("u:", "ü")
    text = _TONE_DIGIT_RE.sub(" ", text)
    kept = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and ch != "\u0308":  # keep the diaeresis of ü
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).replace("ü", "v")


def parse_pinyin(text: str) -> list[PinyinQuery]:
    """The readings of ``text`` as toneless pinyin, fewest syllables first; [] if it is not
    pinyin. Spaces, apostrophes and tone digits separate syllables."""
    chunks = [c for c in _SEPARATOR_RE.split(strip_tones(text)) if c]
    if not chunks or not all(c.isascii() and c.isalpha() for c in chunks):
        return []
    known = syllables()
    combined: list[tuple[tuple[str, ...], bool]] = [((), False)]
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        splits = _splits(chunk, known, allow_prefix=last)
        if not splits:
            return []
        combined = [(a + b, p) for a, _ in combined for b, p in splits][:MAX_SPLITS]
    # An unfinished last syllable only when the text reads as no whole syllables: "xian" is
    # xian or xi an, not also xia n…
    if any(not p for _, p in combined):
        combined = [item for item in combined if not item[1]]
    combined.sort(key=lambda item: (len(item[0]), item[1]))
    return [PinyinQuery(s, p) for s, p in combined]


def _splits(
    chunk: str, known: frozenset[str], *, allow_prefix: bool
) -> list[tuple[tuple[str, ...], bool]]:
    """Every split of one chunk into syllables (the last piece may be a prefix if allowed)."""
    found: list[tuple[tuple[str, ...], bool]] = []
    prefixes = _prefixes()

    def walk(start: int, taken: tuple[str, ...]) -> None:
        if len(found) >= MAX_SPLITS:
            return
        if start == len(chunk):
            found.append((taken, False))
            return
        for end in range(min(len(chunk), start + 6), start, -1):
            piece = chunk[start:end]
            if piece in known:
                walk(end, (*taken, piece))
            elif allow_prefix and end == len(chunk) and piece in prefixes:
                found.append(((*taken, piece), True))

    walk(0, ())
    return found
