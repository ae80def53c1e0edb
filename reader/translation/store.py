"""Provides the translation store: a SQLite cache of machine translations and glosses.

One row per sentence and configuration, keyed by (sentence id, source hash, engine, model name,
model version, glossary version), so a changed sentence, a new model or an edited glossary never
shows an old result. The database lives in the user data dir (``translations.sqlite``), runs in
WAL mode (a reader can look while ``reader translate`` writes) and writes in transactions, so an
interrupted run keeps every finished batch. Everything in it can be rebuilt: a file that is not a
database or is damaged is moved aside and a new one created, and the reason is kept in
``Store.notices``. Curated translations live in files beside the articles and are never stored
here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reader.errors import ReaderError
from reader.paths import data_dir
from reader.text.chars import printable

FILENAME = "translations.sqlite"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 5.0
_T = TypeVar("_T")
# sentence_id, source_hash, glossary_version, text, alternatives (JSON), flags, created
_RawRow = tuple[str, str, str, str, str | None, str, float]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS translations (
    sentence_id TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    glossary_version TEXT NOT NULL,
    slug TEXT NOT NULL,
    text TEXT NOT NULL,
    alternatives TEXT,
    flags TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    PRIMARY KEY (sentence_id, source_hash, engine, model, model_version, glossary_version)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS translations_by_article
    ON translations (slug, engine, model, model_version);
"""


@dataclass(frozen=True)
class StoreKey:
    """The part of a row's key shared by one run: engine, model and glossary versions."""

    engine: str
    model: str
    model_version: str
    glossary_version: str


@dataclass(frozen=True)
class Row:
    """One sentence's result as written by an engine."""

    sentence_id: str
    source_hash: str
    text: str
    alternatives: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stored:
    """A row read back from the store, with its key and creation time."""

    row: Row
    key: StoreKey
    created: float


def default_path() -> Path:
    """Where the store lives: ``translations.sqlite`` in the user data dir."""
    return data_dir() / FILENAME


def _is_locked(exc: sqlite3.Error) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _is_damaged(exc: sqlite3.Error) -> bool:
    """Errors that mean the file's content is unusable (as opposed to locked or unopenable)."""
    message = str(exc).lower()
    return any(
        part in message
        for part in (
            "not a database",
            "malformed",
            "corrupt",
            "disk image",
            "unsupported file",
            # A database whose tables are not ours (another program's file, or hand-edited):
            # everything in the cache can be rebuilt, so it is treated like a damaged one.
            "no such column",
            "no such table",
            "has no column named",
            "may not be indexed",
        )
    )


class Store:
    """The translation cache; safe to share between the UI thread and a worker thread."""

    def __init__(
        self, path: Path | None = None, *, on_stored: Callable[[str, str], None] | None = None
    ) -> None:
        self.path = path or default_path()
        self.on_stored = on_stored  # told (slug, engine) after rows are stored (library index)
        self.notices: list[str] = []
        self._conn: sqlite3.Connection | None = None
        # One connection serialised by a lock: writes are short transactions, and the UI thread
        # and a translation worker never need to run SQL at the same instant.
        self._lock = threading.RLock()

    # -- connection --------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReaderError(
                f"Cannot create the folder for the translation cache {self.path}: "
                f"{exc.strerror or exc}."
            ) from None
        if self.path.exists() and not self.path.is_file():
            # A folder, FIFO or device in its place: SQLite only says "unable to open" or
            # "disk I/O error", which also mean a permission problem; this one can be fixed.
            raise sqlite3.DatabaseError("unsupported file: not a regular file")
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            found = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if found is None:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
            elif found[0] != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(
                    f"unsupported file: schema version {found[0]}, expected {SCHEMA_VERSION}"
                )
        except BaseException:
            conn.close()
            raise
        return conn

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._run_opening(self._open)
            # A connection and its statement cache refer to each other, so it outlives a
            # dropped Store until the garbage collector runs: close it when the Store goes.
            weakref.finalize(self, self._conn.close)
        return self._conn

    def _run_opening(self, opener: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
        try:
            return opener()
        except sqlite3.Error as exc:
            if _is_locked(exc):
                raise self._locked_error() from None
            if not _is_damaged(exc):
                raise ReaderError(
                    f"Cannot open the translation cache {self.path}: {exc}."
                ) from None
            self._move_aside(str(exc))
            try:
                return opener()
            except sqlite3.Error as again:
                raise ReaderError(
                    f"Cannot create a new translation cache at {self.path}: {again}."
                ) from None

    def _locked_error(self) -> ReaderError:
        return ReaderError(
            f"The translation cache {self.path} is locked by another program (another reader "
            "still translating?); wait for it to finish and try again."
        )

    def _move_aside(self, reason: str) -> None:
        """Renames a damaged database (and its WAL files) so that a new one can be created."""
        self.close()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.broken-{stamp}-{n}")
        try:
            if self.path.exists():
                self.path.replace(target)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise ReaderError(
                f"The translation cache {self.path} is damaged ({reason}) and cannot be moved "
                f"aside: {exc.strerror or exc}."
            ) from None
        self.notices.append(
            f"The translation cache was damaged ({reason}); it was moved to {target} and a new "
            "one was started. Machine translations will be recomputed; curated English is not "
            "affected."
        )

    def _run(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        """Runs one operation; a damaged database is moved aside and the operation retried."""
        with self._lock:
            try:
                return operation(self._connection())
            except sqlite3.Error as exc:
                if _is_locked(exc):
                    raise self._locked_error() from None
                if not _is_damaged(exc):
                    raise ReaderError(f"Translation cache error in {self.path}: {exc}.") from None
                self._move_aside(str(exc))
            try:
                return operation(self._connection())
            except sqlite3.Error as exc:
                raise ReaderError(f"Translation cache error in {self.path}: {exc}.") from None

    def close(self) -> None:
        """Closes the connection (it is reopened on the next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- reading and writing -----------------------------------------------------------------

    def put_many(self, slug: str, key: StoreKey, rows: Sequence[Row]) -> None:
        """Stores rows for one article in a single transaction (replacing equal keys)."""
        if not rows:
            return
        now = time.time()
        values = [
            (
                r.sentence_id,
                r.source_hash,
                key.engine,
                key.model,
                key.model_version,
                key.glossary_version,
                slug,
                r.text,
                json.dumps(list(r.alternatives), ensure_ascii=False) if r.alternatives else None,
                " ".join(r.flags),
                now,
            )
            for r in rows
        ]

        def write(conn: sqlite3.Connection) -> None:
            with conn:  # BEGIN … COMMIT, or ROLLBACK on any exception
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT OR REPLACE INTO translations (sentence_id, source_hash, engine, "
                    "model, model_version, glossary_version, slug, text, alternatives, flags, "
                    "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )

        self._run(write)
        if self.on_stored is not None:
            self.on_stored(slug, key.engine)

    def get_many(
        self,
        slug: str,
        engine: str,
        model: str,
        model_version: str,
        glossary_versions: Iterable[str],
        wanted: dict[str, str],
    ) -> dict[str, Stored]:
        """Rows of an article for ``wanted`` (sentence id -> source hash).

        When several glossary versions are acceptable, the one listed first wins; a row whose
        source hash differs from the sentence's current text is never returned.
        """
        versions = list(glossary_versions)
        if not versions or not wanted:
            return {}
        marks = ", ".join("?" for _ in versions)
        sql = (
            "SELECT sentence_id, source_hash, glossary_version, text, alternatives, flags, "
            "created FROM translations WHERE slug = ? AND engine = ? AND model = ? AND "
            f"model_version = ? AND glossary_version IN ({marks})"
        )

        def read(conn: sqlite3.Connection) -> list[_RawRow]:
            return conn.execute(sql, (slug, engine, model, model_version, *versions)).fetchall()

        rank = {v: i for i, v in enumerate(versions)}
        best: dict[str, tuple[int, Stored]] = {}
        for sid, source_hash, gversion, text, alternatives, flags, created in self._run(read):
            if wanted.get(sid) != source_hash:
                continue
            order = rank[gversion]
            if sid in best and best[sid][0] <= order:
                continue
            row = Row(
                sid,
                source_hash,
                printable(text),  # the file may have been edited: no terminal escapes
                tuple(printable(str(a)) for a in json.loads(alternatives)) if alternatives else (),
                tuple(flags.split()),
            )
            best[sid] = (
                order,
                Stored(row, StoreKey(engine, model, model_version, gversion), created),
            )
        return {sid: stored for sid, (_, stored) in best.items()}

    def rows_for(
        self,
        slug: str,
        engine: str,
        wanted: dict[str, str],
        *,
        model_version: str | None = None,
    ) -> dict[str, list[Stored]]:
        """Every row of an engine for ``wanted`` (sentence id -> source hash), newest first.

        Any model and glossary version (and any model version unless one is given): for an
        engine whose rows are keyed per sentence (the llm engine's glossary version is the
        signature of the sentence's own terms), the caller chooses among them.
        """
        if not wanted:
            return {}
        sql = (
            "SELECT sentence_id, source_hash, glossary_version, text, alternatives, flags, "
            "created, model, model_version FROM translations WHERE slug = ? AND engine = ?"
        )
        params: tuple[str, ...] = (slug, engine)
        if model_version is not None:
            sql += " AND model_version = ?"
            params += (model_version,)
        sql += " ORDER BY created DESC"

        def read(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
            return conn.execute(sql, params).fetchall()

        out: dict[str, list[Stored]] = {}
        for (
            sid,
            source_hash,
            gversion,
            text,
            alternatives,
            flags,
            created,
            model,
            mversion,
        ) in self._run(read):
            if wanted.get(sid) != source_hash:
                continue
            row = Row(
                sid,
                source_hash,
                printable(text),
                tuple(printable(str(a)) for a in json.loads(alternatives)) if alternatives else (),
                tuple(flags.split()),
            )
            key = StoreKey(engine, model, mversion, gversion)
            out.setdefault(sid, []).append(Stored(row, key, float(created)))
        return out

    def keys_for(self, slug: str) -> list[StoreKey]:
        """The distinct engine/model/glossary combinations stored for an article."""

        def read(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
            return conn.execute(
                "SELECT DISTINCT engine, model, model_version, glossary_version "
                "FROM translations WHERE slug = ? ORDER BY engine, model, model_version",
                (slug,),
            ).fetchall()

        return [StoreKey(*row) for row in self._run(read)]

    def count(self) -> int:
        """The number of stored rows."""
        sql = "SELECT COUNT(*) FROM translations"
        return int(self._run(lambda conn: conn.execute(sql).fetchone()[0]))

    def slugs(self) -> set[str]:
        """The articles with any stored row."""
        sql = "SELECT DISTINCT slug FROM translations"
        return {row[0] for row in self._run(lambda conn: conn.execute(sql).fetchall())}
