"""Provides word frequencies (Zipf scale) from wordfreq's Chinese list, without its tokenizer.

``wordfreq.zipf_frequency`` segments every word with a jieba instance of its own (a second
dictionary in memory, a second start-up) and ``get_frequency_dict`` holds 330,000 words as a
Python dict (about 80 MB). A reader looks up whole words, so the list is copied once into a small
SQLite table in the user cache directory (``wordfreq-zh.sqlite``, rebuilt when wordfreq's data
changes) and each look-up is one indexed query. wordfreq itself is never imported.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

import msgpack  # type: ignore[import-untyped]

from reader.errors import ReaderError
from reader.paths import cache_dir

FILENAME = "wordfreq-zh.sqlite"
_FORMAT = "1"  # bump when the table's layout changes
# Words per billion on a log scale: 7 is 的 or 是, 3 a word seen once per million words.
BANDS: tuple[tuple[float, str], ...] = (
    (5.5, "very common"),
    (4.5, "common"),
    (3.5, "less common"),
    (2.5, "uncommon"),
    (0.0, "rare"),
)


def default_path() -> Path:
    """Where the table is kept: ``READER_WORDFREQ_CACHE`` if set (tests share one across their
    isolated data dirs), else ``wordfreq-zh.sqlite`` in the user cache dir."""
    override = os.environ.get("READER_WORDFREQ_CACHE")
    return Path(override).expanduser() if override else cache_dir() / FILENAME


def band(zipf: float | None) -> str:
    """A frequency in words: "very common" … "rare", or "not in the frequency list"."""
    if zipf is None:
        return "not in the frequency list"
    return next(name for floor, name in BANDS if zipf >= floor)


def _source() -> tuple[Path, str]:
    """wordfreq's Chinese list and a key that changes with it (version, size, time).

    Found without importing wordfreq, whose import alone loads langcodes and its tokenizers."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ReaderError("Word frequencies need the wordfreq package, which is not installed.")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_zh.msgpack.gz"
    try:
        stat = path.stat()
    except OSError as exc:
        raise ReaderError(
            f"wordfreq's Chinese list {path} cannot be read: {exc.strerror}."
        ) from None
    key = f"{_FORMAT}:{metadata.version('wordfreq')}:{stat.st_size}:{int(stat.st_mtime)}"
    return path, key


def _read_buckets(path: Path) -> Iterator[tuple[float, list[str]]]:
    """(Zipf frequency, words) of each bucket of a wordfreq "cBpack" file, one at a time.

    The file is a gzipped msgpack array: a header ``{"format": "cB", "version": 1}``, then lists
    of words whose index i means a frequency of -i centibels (Zipf = (900 - i) / 100, as in
    ``wordfreq.cB_to_zipf``). Streaming the buckets keeps the 330,000 words out of memory at
    once, which ``wordfreq.read_cBpack`` cannot.
    """
    with gzip.open(path, "rb") as stream:
        unpacker = msgpack.Unpacker(stream, raw=False)
        count = unpacker.read_array_header()
        header = unpacker.unpack()
        if (
            not isinstance(header, dict)
            or header.get("format") != "cB"
            or header.get("version") != 1
        ):
            raise ReaderError(f"wordfreq's Chinese list {path} has an unknown format.")
        for index in range(count - 1):
            yield (900 - index) / 100, unpacker.unpack()


def _fill(conn: sqlite3.Connection, path: Path, key: str) -> None:
    """Writes the frequency table from wordfreq's list into ``conn``.

    The words arrive sorted within each bucket but not overall; collecting them in a temporary
    table and copying them in word order builds the index twice as fast as inserting directly.
    """
    conn.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;"
        "CREATE TEMP TABLE raw (word TEXT NOT NULL, zipf REAL NOT NULL);"
    )
    with conn:
        for zipf, bucket in _read_buckets(path):
            conn.executemany("INSERT INTO raw VALUES (?, ?)", ((w, zipf) for w in bucket))
        # A word is in one bucket; OR IGNORE only guards against a damaged list.
        conn.execute("INSERT OR IGNORE INTO words SELECT word, zipf FROM raw ORDER BY word")
        conn.execute("DROP TABLE raw")
        conn.execute("INSERT INTO meta VALUES ('source', ?)", (key,))


class Frequencies:
    """Zipf frequencies of Chinese words; the table is built on first use (thread-safe)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        path, key = _source()
        with contextlib.suppress(sqlite3.Error, OSError):
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            try:
                found = conn.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
                if found and found[0] == key:
                    return conn
            except sqlite3.Error:
                pass
            conn.close()
        try:
            return self._build(path, key)
        except (sqlite3.Error, OSError):
            # An unwritable or full cache dir costs a table in memory (about 15 MB), not the
            # frequencies themselves.
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(conn, path, key)
            return conn

    def _build(self, path: Path, key: str) -> sqlite3.Connection:
        """Builds the table in a temporary file beside the cache and renames it into place, so
        that a reader never sees half a table."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            tmp.unlink()  # SQLite creates the file itself
            conn = sqlite3.connect(tmp)
            try:
                _fill(conn, path, key)
            finally:
                conn.close()
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def warm(self) -> None:
        """Opens (building if needed) the table now, for a background worker."""
        with self._lock:
            self._connection()

    def zipf(self, word: str) -> float | None:
        """The Zipf frequency of ``word`` (simplified), or None when the list lacks it."""
        return self.zipf_many([word]).get(word)

    def zipf_many(self, words: Iterable[str]) -> dict[str, float]:
        """Zipf frequencies of the words the list has (simplified; Latin in lower case)."""
        wanted = sorted({w for w in words if w})
        found: dict[str, float] = {}
        with self._lock:
            conn = self._connection()
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                keys = {w.casefold(): w for w in chunk}
                marks = ", ".join("?" for _ in keys)
                sql = f"SELECT word, zipf FROM words WHERE word IN ({marks})"
                for word, zipf in conn.execute(sql, list(keys)):
                    found[keys[word]] = float(zipf)
        return found

    def close(self) -> None:
        """Closes the table (it is reopened on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
