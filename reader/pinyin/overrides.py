"""Provides the user's pinyin corrections: ``pinyin.yaml`` in the data dir, word -> reading.

    # one syllable per Han character, tone marks or tone numbers
    银行行长: yín háng háng zhǎng
    时长: shi2 chang2

A correction applies wherever the word occurs (longest match first, either script) and wins
over the glossary and the pinyin engine, so a reading fixed once stays fixed everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.files import FileTooLargeError, read_text
from reader.paths import data_dir
from reader.pinyin.syllables import from_marks
from reader.plural import plural
from reader.safe_yaml import describe_error, safe_load
from reader.text.chars import HAN_RE
from reader.text.script import to_simplified

_SYLLABLE_RE = re.compile(r"^[a-zü]+[1-5]?$")
MAX_FILE_BYTES = 5_000_000


def overrides_path() -> Path:
    """Where the user's corrections live."""
    return data_dir() / "pinyin.yaml"


def parse_reading(word: str, reading: str) -> list[str]:
    """Tone-number syllables for ``word`` from marks or numbers; raises ValueError if wrong."""
    hans = HAN_RE.findall(word)
    if not hans:
        raise ValueError(f"'{word}' has no Chinese character")
    syllables = []
    for raw in reading.replace(",", " ").split():
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


@dataclass(frozen=True)
class Override:
    """A corrected reading found in a text: its span and one syllable per character."""

    start: int
    end: int
    syllables: tuple[str | None, ...]


class Overrides:
    """The user's corrections, indexed for longest-match search."""

    def __init__(self, entries: dict[str, list[str]] | None = None) -> None:
        self.entries: dict[str, list[str]] = dict(entries or {})
        self._index: dict[str, list[str]] = {}
        for word in self.entries:
            self._index.setdefault(word[0], []).append(word)
        for words in self._index.values():
            words.sort(key=len, reverse=True)

    @classmethod
    def load(cls, path: Path | None = None) -> Overrides:
        """Reads the file (missing = none); raises ReaderError naming the bad entries."""
        path = path or overrides_path()
        if not path.exists():
            return cls()
        data = _read_mapping(path)
        entries: dict[str, list[str]] = {}
        problems = []
        for word, reading in data.items():
            try:
                if not isinstance(reading, str):
                    # Only text is a reading; a list or mapping (perhaps built from aliases
                    # that expand a billion times when printed) is never turned into a string.
                    raise ValueError("the reading must be text such as 'yín háng'")
                entries[to_simplified(str(word))] = parse_reading(str(word), reading)
            except ValueError as exc:
                problems.append(f"{word}: {exc}")
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise ReaderError(f"{path}: " + "; ".join(problems[:3]) + more + ".")
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Override]:
        """Corrections occurring in ``text`` (simplified), left to right, longest first."""
        if not self._index:
            return []
        out = []
        i = 0
        while i < len(text):
            for word in self._index.get(text[i], ()):
                if text.startswith(word, i):
                    syllables = iter(self.entries[word])
                    out.append(
                        Override(
                            i,
                            i + len(word),
                            tuple(next(syllables) if HAN_RE.match(ch) else None for ch in word),
                        )
                    )
                    i += len(word)
                    break
            else:
                i += 1
        return out


def save_override(word: str, reading: str, path: Path | None = None) -> list[str]:
    """Adds or replaces one correction (validated first, written atomically)."""
    path = path or overrides_path()
    syllables = parse_reading(word, reading)
    current: dict[str, str] = {}
    if path.exists():
        # A broken file is reported, not replaced by one holding only the new correction.
        current = {str(k): str(v) for k, v in _read_mapping(path).items() if isinstance(v, str)}
    current[word] = " ".join(syllables)
    body = yaml.safe_dump(current, allow_unicode=True, sort_keys=True, width=1000)
    write_text_atomic(
        path, "# Your pinyin corrections: word: reading (see `reader --help`).\n" + body
    )
    return syllables
