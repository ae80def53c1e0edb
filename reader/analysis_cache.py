"""Provides a persistent cache of word analysis: showing or exporting an article again needs
neither jieba nor the pinyin model.

Tokens are stored per sentence (its text and atoms) under a fingerprint of everything analysis
depends on: the glossary's version, the user's pinyin corrections, the neutral-tone setting, and
the analysis code and data files themselves (sizes and modification times) with the versions of
jieba and pypinyin. A change to any of them gives new keys; old rows are pruned when the cache
grows past its bound. The cache is ``analysis.sqlite`` in the cache folder and can always be
rebuilt: a damaged, locked or unwritable file only means analysing again, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from reader.analysis import Token
from reader.paths import cache_dir

if TYPE_CHECKING:
    from reader.workspace import Workspace

FILENAME = "analysis.sqlite"
MAX_ROWS = 300_000  # about 60 MB; past it the least recently written half goes
_PACKAGE = Path(__file__).resolve().parent
# What the analyzer reads besides the glossary and the corrections.
_SOURCES = (
    "analysis.py",
    "text/segment.py",
    "text/script.py",
    "text/chars.py",
    "data/words.txt",
    "pinyin",
)

Item = tuple[str, tuple[tuple[int, int], ...]]  # sentence text, atom spans


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    parts: list[str] = []
    for name in _SOURCES:
        path = _PACKAGE / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            with contextlib.suppress(OSError):
                stat = file.stat()
                parts.append(f"{file.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    for dist in ("jieba", "pypinyin"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            parts.append(f"{dist}={metadata.version(dist)}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def fingerprint(ws: Workspace, *, tone_sandhi: bool = False) -> str:
    """What the tokens of a workspace's analyzer depend on, as one hash."""
    from reader.pinyin.overrides import overrides_path

    try:
        stat = overrides_path().stat()
        corrections = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        corrections = "none"
    parts = (
        _code_fingerprint(),
        ws.glossary.version,
        corrections,
        f"neutral={ws.neutral_tones}",
        f"sandhi={tone_sandhi}",
    )
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def _key(print_: str, item: Item) -> str:
    text, atoms = item
    raw = f"{print_}\x1f{text}\x1f{atoms}"
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _encode(tokens: Sequence[Token]) -> str:
    return json.dumps(
        [[t.start, t.end, list(t.pinyin), t.term, int(t.atom)] for t in tokens],
        separators=(",", ":"),
    )


def _decode(text: str, raw: str) -> tuple[Token, ...] | None:
    try:
        rows = json.loads(raw)
        tokens = tuple(
            Token(text[start:end], start, end, tuple(pinyin), term, bool(atom))
            for start, end, pinyin, term, atom in rows
        )
    except (ValueError, TypeError):
        return None
    # A row that does not cover this text exactly is not used (hash collisions, hand edits).
    pos = 0
    for token in tokens:
        if token.start != pos or len(token.pinyin) != token.end - token.start:
            return None
        pos = token.end
    return tokens if pos == len(text) else None


class AnalysisCache:
    """Tokens by sentence under one fingerprint; every failure falls back to analysing."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / FILENAME
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=1.0, isolation_level=None)
            db.execute(
                "CREATE TABLE IF NOT EXISTS tokens "
                "(key TEXT PRIMARY KEY, value TEXT NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID"
            )
            self._db = db
        except (sqlite3.Error, OSError):
            self._recover()
        return self._db

    def _recover(self) -> None:
        """A file that is not our database is removed once and made again; else no cache."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        if self._broken:
            return
        self._broken = True
        with contextlib.suppress(OSError):
            if self.path.is_file():
                self.path.unlink()
                self._broken = False
                self._connect()

    def get_many(self, print_: str, items: Sequence[Item]) -> dict[int, tuple[Token, ...]]:
        """Cached tokens by position in ``items``."""
        db = self._connect()
        if db is None or not items:
            return {}
        keys: dict[str, list[int]] = {}
        for n, item in enumerate(items):  # the same sentence may occur twice (table cells)
            keys.setdefault(_key(print_, item), []).append(n)
        found: dict[int, tuple[Token, ...]] = {}
        try:
            listed = list(keys)
            for start in range(0, len(listed), 500):
                chunk = listed[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, value in db.execute(
                    f"SELECT key, value FROM tokens WHERE key IN ({marks})", chunk
                ):
                    where = keys[key]
                    tokens = _decode(items[where[0]][0], value)
                    if tokens is not None:
                        found.update(dict.fromkeys(where, tokens))
        except sqlite3.Error:
            self._recover()
            return {}
        return found

    def put_many(
        self, print_: str, items: Sequence[Item], tokens: dict[int, tuple[Token, ...]]
    ) -> None:
        """Stores freshly computed tokens (a busy or broken cache is left alone)."""
        db = self._connect()
        if db is None or not tokens:
            return
        try:
            with db:
                db.execute("BEGIN")
                (count,) = db.execute("SELECT count(*) FROM tokens").fetchone()
                if count + len(tokens) > MAX_ROWS:
                    db.execute(
                        "DELETE FROM tokens WHERE n <= (SELECT n FROM tokens ORDER BY n "
                        "LIMIT 1 OFFSET ?)",
                        (count // 2,),
                    )
                (top,) = db.execute("SELECT coalesce(max(n), 0) FROM tokens").fetchone()
                db.executemany(
                    "INSERT OR REPLACE INTO tokens (key, value, n) VALUES (?, ?, ?)",
                    [
                        (_key(print_, items[n]), _encode(found), top + 1 + i)
                        for i, (n, found) in enumerate(tokens.items())
                    ],
                )
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def close(self) -> None:
        """Closes the database."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


class AnalysisCancelled(Exception):
    """Raised by :func:`analyze_all` when its ``stop`` callback says so."""


def analyze_all(
    ws: Workspace,
    items: Sequence[Item],
    *,
    tone_sandhi: bool = False,
    stop: Callable[[], bool] | None = None,
) -> list[tuple[Token, ...]]:
    """The tokens of every item: from the cache where it has them, else analysed (and kept).

    ``stop`` is asked between sentences (the reader's worker passes its cancellation); when it
    answers true, what was analysed so far is kept and :class:`AnalysisCancelled` is raised.
    """
    cache = AnalysisCache()
    try:
        print_ = fingerprint(ws, tone_sandhi=tone_sandhi)
        found = cache.get_many(print_, items)
        fresh: dict[int, tuple[Token, ...]] = {}
        try:
            for n, (text, atoms) in enumerate(items):
                if n in found:
                    continue
                if stop is not None and stop():
                    raise AnalysisCancelled
                fresh[n] = tuple(ws.analyzer.analyze(text, tone_sandhi=tone_sandhi, atoms=atoms))
        finally:
            cache.put_many(print_, items, fresh)
        return [found[n] if n in found else fresh[n] for n in range(len(items))]
    finally:
        cache.close()
