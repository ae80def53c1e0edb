"""Provides the user's pinyin corrections: ``pinyin.yaml`` in the data dir.

A correction has a scope. "This word everywhere" is a line ``word: reading``; "this occurrence
only" is an entry under ``occurrences`` that names the sentence and the position of the word::

    # one syllable per Han character, tone marks or tone numbers
    银行行长: yín háng háng zhǎng
    清晰地: qīng xī de
    occurrences:
    - sentence: 他把书放在地上就走了。
      at: 6
      word: 地
      reading: dì

A word-wide correction applies wherever the word occurs (longest match first, either script);
an occurrence applies to that word of that sentence only and wins over a word-wide one. Both win
over the glossary and the pinyin engine. A bare character is never corrected everywhere by the
reader: :func:`everywhere_span` widens it to the word it forms with its neighbour (清晰地).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.files import FileTooLargeError, read_text
from reader.paths import data_dir
from reader.pinyin.syllables import from_marks, to_marks
from reader.plural import plural
from reader.safe_yaml import describe_error, safe_load
from reader.text.chars import HAN_RE, fold_radicals, is_han
from reader.text.script import to_simplified

_SYLLABLE_RE = re.compile(r"^[a-zü]+[1-5]?$")
MAX_FILE_BYTES = 5_000_000
OCCURRENCES = "occurrences"  # the key of this-occurrence corrections in pinyin.yaml
_HEADER = "# Your pinyin corrections: word: reading, and single occurrences (see README).\n"


def overrides_path() -> Path:
    """Where the user's corrections live."""
    return data_dir() / "pinyin.yaml"


def parse_reading(word: str, reading: str) -> list[str]:
    """Tone-number syllables for ``word`` from marks or numbers; raises ValueError if wrong."""
    hans = HAN_RE.findall(word)
    if not hans:
        raise ValueError(f"'{word}' has no Chinese character")
    syllables = []
    for raw in reading.replace(",", " ").replace("'", " ").split():
        syl = raw.lower().replace("v", "ü").replace("u:", "ü")
        syl = syl if syl[-1:].isdigit() else from_marks(syl)
        if not _SYLLABLE_RE.match(syl):
            raise ValueError(f"'{raw}' is not a pinyin syllable")
        syllables.append(syl)
    if len(syllables) != len(hans):
        raise ValueError(
            f"{plural(len(syllables), 'syllable')} for {plural(len(hans), 'character')}"
        )
    return syllables


@dataclass(frozen=True)
class Correction:
    """One correction as kept in ``pinyin.yaml``: a word everywhere, or one occurrence of it."""

    word: str  # simplified
    syllables: tuple[str, ...]  # tone numbers, one per Han character of the word
    sentence: str | None = None  # the sentence (analysis text) for an occurrence
    at: int = 0  # the word's offset in that sentence

    @property
    def everywhere(self) -> bool:
        """True for a word-wide correction."""
        return self.sentence is None

    @property
    def reading(self) -> str:
        """The reading with tone marks ("qīng xī de")."""
        return " ".join(to_marks(s) for s in self.syllables)

    def to_json(self) -> dict[str, object]:
        """The correction as JSON (``reader pinyin corrections list --json``)."""
        return {
            "word": self.word,
            "reading": self.reading,
            "scope": "everywhere" if self.everywhere else "occurrence",
            "sentence": self.sentence,
            "at": None if self.everywhere else self.at,
        }

    def describe(self) -> str:
        """One line for a list: the word, its reading and where it applies."""
        where = "everywhere" if self.sentence is None else f"only in “{_excerpt(self)}”"
        return f"{self.word}  {self.reading}  ({where})"


def _excerpt(c: Correction, around: int = 8) -> str:
    """The occurrence's sentence near the word, the word in brackets."""
    text = c.sentence or ""
    a, b = c.at, c.at + len(c.word)
    left = ("…" if a > around else "") + text[max(0, a - around) : a]
    right = text[b : b + around] + ("…" if len(text) - b > around else "")
    return f"{left}[{text[a:b]}]{right}"


def _read_mapping(path: Path) -> dict[object, object]:
    """The file's mapping of words to readings; raises ReaderError for anything else.

    The file is read with a size limit (never from a FIFO or device), and YAML anchors, aliases
    and deep nesting are refused (see :mod:`reader.safe_yaml`).
    """
    try:
        data = safe_load(read_text(path, MAX_FILE_BYTES)) or {}
    except FileTooLargeError:
        raise ReaderError(f"{path}: larger than {MAX_FILE_BYTES} bytes.") from None
    except yaml.YAMLError as exc:
        reason = describe_error(exc)
        raise ReaderError(f"{path}: cannot read pinyin corrections ({reason}).") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        reason = " ".join(str(why).split())
        raise ReaderError(f"{path}: cannot read pinyin corrections ({reason}).") from None
    if not isinstance(data, dict):
        raise ReaderError(f"{path}: expected lines of the form '词语: cí yǔ'.")
    return data


def _occurrence(item: object) -> Correction:
    """An entry of ``occurrences``; raises ValueError when malformed."""
    if not isinstance(item, dict):
        raise ValueError("an occurrence needs sentence, at, word and reading")
    sentence, at, word, reading = (item.get(k) for k in ("sentence", "at", "word", "reading"))
    if not (isinstance(sentence, str) and isinstance(word, str) and isinstance(reading, str)):
        raise ValueError("an occurrence needs sentence, at, word and reading as text")
    if not isinstance(at, int) or isinstance(at, bool) or sentence[at : at + len(word)] != word:
        raise ValueError(f"{word} is not at position {at} of its sentence")
    return Correction(word, tuple(parse_reading(word, reading)), sentence, at)


def load_corrections(path: Path | None = None) -> list[Correction]:
    """Every correction in the file, in file order (missing file = none).

    Raises ReaderError naming the bad entries."""
    path = path or overrides_path()
    if not path.exists():
        return []
    data = _read_mapping(path)
    out: list[Correction] = []
    problems = []
    for key, value in data.items():
        if key == OCCURRENCES:
            if not isinstance(value, list):
                problems.append(f"{OCCURRENCES}: expected a list")
                continue
            for n, item in enumerate(value, 1):
                try:
                    out.append(_occurrence(item))
                except ValueError as exc:
                    problems.append(f"{OCCURRENCES} #{n}: {exc}")
            continue
        try:
            if not isinstance(value, str):
                # Only text is a reading; a list or mapping (perhaps built from aliases
                # that expand a billion times when printed) is never turned into a string.
                raise ValueError("the reading must be text such as 'yín háng'")
            word = to_simplified(str(key))
            out.append(Correction(word, tuple(parse_reading(str(key), value))))
        except ValueError as exc:
            problems.append(f"{key}: {exc}")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ReaderError(f"{path}: " + "; ".join(problems[:3]) + more + ".")
    return out


def _write(corrections: Sequence[Correction], path: Path) -> None:
    """Writes the corrections (word-wide lines first, then the occurrences), atomically."""
    body: dict[str, object] = {
        c.word: " ".join(c.syllables) for c in corrections if c.sentence is None
    }
    occurrences = [
        {"sentence": c.sentence, "at": c.at, "word": c.word, "reading": " ".join(c.syllables)}
        for c in corrections
        if c.sentence is not None
    ]
    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=True, width=1000) if body else ""
    if occurrences:
        text += yaml.safe_dump(
            {OCCURRENCES: occurrences}, allow_unicode=True, sort_keys=False, width=1000
        )
    write_text_atomic(path, _HEADER + text)


def _current(path: Path) -> list[Correction]:
    # A broken file is reported, not replaced by one holding only the new correction.
    return load_corrections(path) if path.exists() else []


def save_correction(correction: Correction, path: Path | None = None) -> Correction:
    """Adds a correction, replacing one for the same word (and occurrence); atomic."""
    path = path or overrides_path()
    kept = [
        c
        for c in _current(path)
        if (c.word, c.sentence, c.at) != (correction.word, correction.sentence, correction.at)
    ]
    _write([*kept, correction], path)
    return correction


def save_override(word: str, reading: str, path: Path | None = None) -> list[str]:
    """Adds or replaces a word-wide correction (validated first, written atomically)."""
    syllables = parse_reading(word, reading)
    save_correction(Correction(to_simplified(word), tuple(syllables)), path)
    return syllables


def save_occurrence(
    sentence: str, at: int, word: str, reading: str, path: Path | None = None
) -> Correction:
    """Adds or replaces the correction of ``word`` at ``at`` in ``sentence`` only."""
    simple = fold_radicals(to_simplified(sentence))  # the text analysis runs on
    if simple[at : at + len(word)] != to_simplified(word):
        raise ValueError(f"{word} is not at position {at} of the sentence")
    c = Correction(to_simplified(word), tuple(parse_reading(word, reading)), simple, at)
    return save_correction(c, path)


def remove_correction(correction: Correction, path: Path | None = None) -> bool:
    """Removes a correction (undo); False if the file does not hold it."""
    path = path or overrides_path()
    current = _current(path)
    kept = [c for c in current if c != correction]
    if len(kept) == len(current):
        return False
    _write(kept, path)
    return True


def everywhere_span(text: str, spans: Sequence[tuple[int, int]], k: int) -> tuple[int, int]:
    """The span a word-wide correction of word ``k`` covers: the word, or for a single Han
    character the character with the word before it (清晰|地 → 清晰地), or after it when
    nothing Chinese comes before, so that a common character is never corrected everywhere."""
    s, e = spans[k]
    if e - s != 1 or not is_han(text[s]):
        return s, e
    if k > 0 and is_han(text[spans[k - 1][1] - 1]):
        return spans[k - 1][0], e
    if k + 1 < len(spans) and is_han(text[spans[k + 1][0]]):
        return s, spans[k + 1][1]
    return s, e


@dataclass(frozen=True)
class CorrectionTarget:
    """What ``R`` corrects: a word of a sentence, and the words a word-wide correction covers."""

    sentence: str  # the sentence as analysed (simplified)
    at: int
    word: str
    syllables: tuple[str | None, ...]  # the word's current reading
    phrase_at: int
    phrase: str  # the word, or a bare character with its neighbour (清晰地)
    phrase_syllables: tuple[str | None, ...]

    def everywhere_reading(self, reading: str) -> str:
        """The phrase's reading with the word's part replaced by ``reading`` (for a preview);
        raises ValueError for a wrong reading."""
        new = iter(parse_reading(self.word, reading))
        a = self.at - self.phrase_at
        out = list(self.phrase_syllables)
        for k in range(a, a + len(self.word)):
            if out[k] is not None:
                out[k] = next(new)
        return " ".join(to_marks(s) for s in out if s)

    def save(self, reading: str, *, everywhere: bool, path: Path | None = None) -> Correction:
        """Saves ``reading`` for this occurrence, or for the phrase everywhere."""
        if everywhere:
            joined = self.everywhere_reading(reading)
            save_override(self.phrase, joined, path)
            return Correction(self.phrase, tuple(parse_reading(self.phrase, joined)))
        return save_occurrence(self.sentence, self.at, self.word, reading, path)


def correction_target(
    sentence: str,
    words: Sequence[tuple[int, int, Sequence[str | None]]],
    k: int,
) -> CorrectionTarget:
    """The target of a correction of word ``k`` of ``sentence`` (original script).

    ``words`` are the analysed words as (start, end, tone-number syllables per character)."""
    text = fold_radicals(to_simplified(sentence))
    spans = [(s, e) for s, e, _ in words]
    s, e, syllables = words[k]
    ps, pe = everywhere_span(text, spans, k)
    phrase_syllables: list[str | None] = []
    for ws, we, syl in words:
        if ps <= ws and we <= pe:
            phrase_syllables.extend(syl)
    return CorrectionTarget(
        text, s, text[s:e], tuple(syllables), ps, text[ps:pe], tuple(phrase_syllables)
    )


@dataclass(frozen=True)
class Override:
    """A corrected reading found in a text: its span and one syllable per character."""

    start: int
    end: int
    syllables: tuple[str | None, ...]


class Overrides:
    """The user's corrections, indexed for search."""

    def __init__(
        self,
        entries: dict[str, list[str]] | None = None,
        occurrences: Sequence[Correction] = (),
    ) -> None:
        self.entries: dict[str, list[str]] = dict(entries or {})
        self.occurrences: dict[str, list[Correction]] = {}
        for c in occurrences:
            if c.sentence is not None:
                self.occurrences.setdefault(c.sentence, []).append(c)
        self._index: dict[str, list[str]] = {}
        for word in self.entries:
            self._index.setdefault(word[0], []).append(word)
        for words in self._index.values():
            words.sort(key=len, reverse=True)

    @classmethod
    def load(cls, path: Path | None = None) -> Overrides:
        """Reads the file (missing = none); raises ReaderError naming the bad entries."""
        corrections = load_corrections(path)
        entries = {c.word: list(c.syllables) for c in corrections if c.everywhere}
        return cls(entries, [c for c in corrections if not c.everywhere])

    def __len__(self) -> int:
        return len(self.entries) + sum(len(v) for v in self.occurrences.values())

    def find(self, text: str) -> list[Override]:
        """Corrections occurring in ``text`` (simplified), left to right: the occurrences
        recorded for this sentence, then word-wide ones (longest first) where none overlaps."""
        own = [
            Override(c.at, c.at + len(c.word), _spread(c.word, c.syllables))
            for c in self.occurrences.get(text, ())
            if text[c.at : c.at + len(c.word)] == c.word
        ]
        out = list(own)
        i = 0
        while self._index and i < len(text):
            for word in self._index.get(text[i], ()):
                end = i + len(word)
                if text.startswith(word, i) and not any(o.start < end and i < o.end for o in own):
                    out.append(Override(i, end, _spread(word, self.entries[word])))
                    i = end
                    break
            else:
                i += 1
        return sorted(out, key=lambda o: o.start)


def _spread(word: str, syllables: Sequence[str]) -> tuple[str | None, ...]:
    """One syllable per Han character of ``word``, None for the others."""
    it = iter(syllables)
    return tuple(next(it, None) if HAN_RE.match(ch) else None for ch in word)
