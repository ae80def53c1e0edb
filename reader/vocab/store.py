"""Provides the vocabulary store: saved words and learning states in ``vocabulary.sqlite``.

The file lives in the user data directory. Every change is one SQLite transaction (WAL mode, so
the reader and a ``reader vocab`` command can use it at once). The schema is versioned
(``user_version``) and upgraded by :mod:`reader.vocab.migrations`, after a copy of the old file is
kept beside it. Unlike the translation cache this is the user's own work and cannot be rebuilt:
a damaged file, a file of another program or one written by a newer version is reported and left
exactly as it is, never replaced.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from reader.errors import ReaderError
from reader.paths import data_dir
from reader.text.chars import fold_radicals, has_han, printable
from reader.text.script import to_simplified
from reader.vocab.migrations import APPLICATION_ID, MIGRATIONS, VERSION
from reader.vocab.model import STATES, State, VocabEntry

FILENAME = "vocabulary.sqlite"
BUSY_TIMEOUT_S = 5.0
_T = TypeVar("_T")
_COLUMNS = (
    "id, word, simplified, traditional, reading, senses, sense_source, term, sentence, "
    "sentence_en, word_start, slug, sentence_id, title, source, url, notes, added"
)


def default_path() -> Path:
    """Where the vocabulary lives: ``vocabulary.sqlite`` in the user data dir."""
    return data_dir() / FILENAME


def word_key(word: str) -> str:
    """The form a word's state is kept under: simplified, radicals folded, no surrounding space
    (銀行 and 银行 are one word)."""
    word = word.strip()
    return fold_radicals(to_simplified(word)) if has_han(word) else word


def now() -> str:
    """The current time as stored: ISO 8601, UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fold(text: str) -> str:
    """Text for search: lower case, without tone marks, digits, spaces or apostrophes."""
    plain = unicodedata.normalize("NFD", text.casefold().replace("ü", "v").replace("u:", "v"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch) and ch not in " '0123456789")


def matches(entry: VocabEntry, query: str) -> bool:
    """Whether an entry matches a search: the word in either script, its pinyin with or without
    tones ("yinhang", "yín háng", "yin2hang2"), its English, notes or article title."""
    query = query.strip()
    if not query:
        return True
    if has_han(query):
        key = word_key(query)
        return any(key in text for text in (entry.simplified, entry.sentence, entry.title)) or (
            query in entry.word or query in entry.traditional
        )
    folded = _fold(query)
    if folded and folded in _fold(entry.reading):
        return True
    lower = query.casefold()
    return any(lower in text.casefold() for text in (entry.english, entry.notes, entry.title))


class VocabStore:
    """The vocabulary and known words; safe to share between the UI thread and a worker."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    # -- connection --------------------------------------------------------------------------

    def _fail(self, what: str) -> ReaderError:
        return ReaderError(
            f"The vocabulary {self.path} {what}; it was left as it is. Move it aside to start "
            "a new vocabulary, or restore a backup."
        )

    def _open(self) -> sqlite3.Connection:
        if self.path.exists() and not self.path.is_file():
            raise self._fail("is not a regular file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReaderError(
                f"Cannot create the folder for the vocabulary {self.path}: {exc.strerror or exc}."
            ) from None
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise ReaderError(f"Cannot open the vocabulary {self.path}: {exc}.") from None
        try:
            self._prepare(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Checks that the file is ours and brings its schema up to date."""
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._fail(f"is not a database or is damaged ({exc})") from None
        if tables and app_id != APPLICATION_ID:
            raise self._fail("belongs to another program (it is not a reader vocabulary)")
        if version > VERSION:
            raise ReaderError(
                f"The vocabulary {self.path} was written by a newer version of reader (schema "
                f"{version}, this one knows {VERSION}); upgrade reader to use it."
            )
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            if _is_locked(exc):
                raise self._locked() from None
            raise self._fail(f"cannot be used ({exc})") from None
        if version < VERSION:
            if version > 0:
                self._back_up(conn, version)
            self._migrate(conn, version)

    def _back_up(self, conn: sqlite3.Connection, version: int) -> None:
        """Copies the file before an upgrade (``vocabulary.sqlite.v1.bak``), so that a user
        going back to an older reader keeps a file it can read."""
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        try:
            backup = sqlite3.connect(target)
            try:
                conn.backup(backup)
            finally:
                backup.close()
        except sqlite3.Error as exc:
            raise ReaderError(
                f"Cannot back up the vocabulary to {target} before upgrading it: {exc}."
            ) from None

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        """Runs the missing migrations in one transaction: all of them or none."""
        try:
            conn.execute("BEGIN IMMEDIATE")
            for script in MIGRATIONS[version:]:
                for statement in _statements(script):
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {VERSION}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_locked(exc):
                raise self._locked() from None
            raise self._fail(f"could not be upgraded to schema {VERSION} ({exc})") from None

    def _locked(self) -> ReaderError:
        return ReaderError(
            f"The vocabulary {self.path} is locked by another program; try again in a moment."
        )

    def _run(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        with self._lock:
            if self._conn is None:
                self._conn = self._open()
            try:
                return operation(self._conn)
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if _is_locked(exc):
                    raise self._locked() from None
                raise ReaderError(f"Vocabulary error in {self.path}: {exc}.") from None

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query; none when there is no vocabulary yet."""
        return self._read(lambda conn: conn.execute(sql, params).fetchall(), [])

    def _read(self, operation: Callable[[sqlite3.Connection], _T], empty: _T) -> _T:
        """Runs a read; ``empty`` when there is no vocabulary yet (reading never creates it)."""
        with self._lock:
            if self._conn is None and not self.path.exists():
                return empty
            return self._run(operation)

    def close(self) -> None:
        """Closes the connection (it is reopened on the next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- saved words -------------------------------------------------------------------------

    def save(self, entry: VocabEntry) -> tuple[VocabEntry, bool]:
        """Stores a word; returns it as stored and whether it is new.

        A word already saved with the same reading keeps its notes and date and takes the new
        context and senses. A new word's state becomes "learning" unless it is known.
        """
        stamp = now()

        def write(conn: sqlite3.Connection) -> tuple[int, bool]:
            with _transaction(conn):
                found = conn.execute(
                    "SELECT id FROM words WHERE simplified = ? AND reading = ?", entry.key
                ).fetchone()
                values = _values(entry)
                if found:
                    conn.execute(
                        "UPDATE words SET word = ?, traditional = ?, senses = ?, sense_source = ?, "
                        "term = ?, sentence = ?, sentence_en = ?, word_start = ?, slug = ?, "
                        "sentence_id = ?, title = ?, source = ?, url = ?, updated = ? "
                        + ("" if not entry.notes else ", notes = ? ")
                        + "WHERE id = ?",
                        (
                            values["word"],
                            values["traditional"],
                            values["senses"],
                            values["sense_source"],
                            values["term"],
                            values["sentence"],
                            values["sentence_en"],
                            values["word_start"],
                            values["slug"],
                            values["sentence_id"],
                            values["title"],
                            values["source"],
                            values["url"],
                            stamp,
                            *([values["notes"]] if entry.notes else []),
                            found[0],
                        ),
                    )
                    return int(found[0]), False
                values["added"] = entry.added or stamp
                values["updated"] = stamp
                names = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                cursor = conn.execute(
                    f"INSERT INTO words ({names}) VALUES ({marks})", tuple(values.values())
                )
                conn.execute(
                    "INSERT OR IGNORE INTO states (word, state, updated) VALUES (?, 'learning', ?)",
                    (entry.simplified, stamp),
                )
                return int(cursor.lastrowid or 0), True

        row_id, created = self._run(write)
        stored = self.get(row_id)
        assert stored is not None
        return stored, created

    def get(self, entry_id: int) -> VocabEntry | None:
        """The entry with row id ``entry_id``."""
        sql = f"SELECT {_COLUMNS} FROM words WHERE id = ?"
        row = self._read(lambda conn: conn.execute(sql, (entry_id,)).fetchone(), None)
        return _entry(row) if row else None

    def entries(self, query: str = "", state: State | None = None) -> list[VocabEntry]:
        """Saved words, newest first, optionally filtered by a search and a state."""
        sql = f"SELECT {_COLUMNS} FROM words ORDER BY added DESC, id DESC"
        found = [e for e in map(_entry, self._rows(sql)) if matches(e, query)]
        if state is not None:
            states = self.states()
            found = [e for e in found if states.get(e.simplified, "new") == state]
        return found

    def find(self, word: str) -> list[VocabEntry]:
        """The entries of ``word`` (either script), one per reading."""
        key = word_key(word)
        sql = f"SELECT {_COLUMNS} FROM words WHERE simplified = ? ORDER BY id"
        return [_entry(r) for r in self._rows(sql, (key,))]

    def saved_words(self) -> set[str]:
        """The simplified forms of every saved word."""
        sql = "SELECT DISTINCT simplified FROM words"
        return {r[0] for r in self._rows(sql)}

    def count(self) -> int:
        """The number of saved entries."""
        sql = "SELECT count(*) FROM words"
        return int(self._read(lambda conn: conn.execute(sql).fetchone()[0], 0))

    def update(self, entry_id: int, **changes: Any) -> VocabEntry:
        """Changes an entry's ``notes`` or ``senses`` (a sequence of strings)."""
        allowed = {"notes", "senses"}
        if not changes or set(changes) - allowed:
            raise ValueError(f"only {sorted(allowed)} can be changed")
        values: dict[str, object] = {}
        if "notes" in changes:
            values["notes"] = printable(str(changes["notes"])).strip()
        if "senses" in changes:
            senses = [printable(str(s)).strip() for s in changes["senses"]]
            values["senses"] = json.dumps([s for s in senses if s], ensure_ascii=False)
            values["sense_source"] = "user"
        values["updated"] = now()
        assignments = ", ".join(f"{name} = ?" for name in values)

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                sql = f"UPDATE words SET {assignments} WHERE id = ?"
                return conn.execute(sql, (*values.values(), entry_id)).rowcount

        if not self._run(write):
            raise ReaderError(f"No saved word with id {entry_id}.")
        stored = self.get(entry_id)
        assert stored is not None
        return stored

    def delete(self, entry_id: int) -> bool:
        """Removes a saved entry (the word's learning state stays); False when there was none."""

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                return conn.execute("DELETE FROM words WHERE id = ?", (entry_id,)).rowcount

        return bool(self._run(write))

    # -- learning states ---------------------------------------------------------------------

    def states(self) -> dict[str, State]:
        """Every word that is learning or known (simplified) -> its state; others are new."""
        sql = "SELECT word, state FROM states"
        return {word: state for word, state in self._rows(sql) if state in STATES}

    def state(self, word: str) -> State:
        """The state of one word (either script)."""
        sql = "SELECT state FROM states WHERE word = ?"
        row = self._read(lambda conn: conn.execute(sql, (word_key(word),)).fetchone(), None)
        return row[0] if row and row[0] in STATES else "new"

    def known_words(self) -> set[str]:
        """The words marked known (simplified)."""
        return {w for w, s in self.states().items() if s == "known"}

    def set_state(self, words: Iterable[str], state: State) -> int:
        """Sets the state of words (either script) in one transaction; returns how many changed."""
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        keys = sorted({k for k in map(word_key, words) if k})
        stamp = now()

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                before = conn.total_changes
                if state == "new":
                    conn.executemany("DELETE FROM states WHERE word = ?", ((k,) for k in keys))
                else:
                    conn.executemany(
                        "INSERT INTO states (word, state, updated) VALUES (?, ?, ?) "
                        "ON CONFLICT (word) DO UPDATE SET state = excluded.state, "
                        "updated = excluded.updated WHERE state != excluded.state",
                        ((k, state, stamp) for k in keys),
                    )
                return conn.total_changes - before

        if not keys:
            return 0
        return self._run(write)

    def restore(self, entries: Iterable[VocabEntry], states: dict[str, State]) -> int:
        """Adds entries and states read back from an export, all in one transaction; entries
        already saved (same word and reading) are left as they are. Returns entries added."""
        stamp = now()
        rows = [_values(e) | {"added": e.added or stamp, "updated": stamp} for e in entries]

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                before = conn.total_changes
                for values in rows:
                    names = ", ".join(values)
                    marks = ", ".join("?" for _ in values)
                    conn.execute(
                        f"INSERT OR IGNORE INTO words ({names}) VALUES ({marks})",
                        tuple(values.values()),
                    )
                added = conn.total_changes - before
                conn.executemany(
                    "INSERT INTO states (word, state, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (word) DO UPDATE SET state = excluded.state, "
                    "updated = excluded.updated",
                    ((word_key(w), s, stamp) for w, s in states.items() if s != "new"),
                )
                return added

        return self._run(write)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (the connection autocommits)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """The statements of a migration script (one per ``;``-terminated SQL statement)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def _is_locked(exc: sqlite3.Error) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _values(entry: VocabEntry) -> dict[str, Any]:
    """An entry's columns (without id and dates)."""
    return {
        "word": entry.word,
        "simplified": entry.simplified,
        "traditional": entry.traditional,
        "reading": entry.reading,
        "senses": json.dumps(list(entry.senses), ensure_ascii=False),
        "sense_source": entry.sense_source,
        "term": entry.term,
        "sentence": entry.sentence,
        "sentence_en": entry.sentence_en,
        "word_start": entry.word_start,
        "slug": entry.slug,
        "sentence_id": entry.sentence_id,
        "title": entry.title,
        "source": entry.source,
        "url": entry.url,
        "notes": entry.notes,
    }


def _senses(raw: str) -> tuple[str, ...]:
    try:
        value = json.loads(raw)
    except ValueError:
        return (raw,) if raw else ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _entry(row: tuple[Any, ...]) -> VocabEntry:
    """An entry from a row of ``_COLUMNS``; text is made printable (the file may be edited)."""
    (
        row_id,
        word,
        simplified,
        traditional,
        reading,
        senses,
        sense_source,
        term,
        sentence,
        sentence_en,
        word_start,
        slug,
        sentence_id,
        title,
        source,
        url,
        notes,
        added,
    ) = row
    return VocabEntry(
        id=row_id,
        word=printable(word),
        simplified=simplified,
        traditional=printable(traditional or ""),
        reading=reading,
        senses=tuple(printable(s) for s in _senses(senses)),
        sense_source=sense_source if sense_source in ("glossary", "cedict", "user") else "user",
        term=term,
        sentence=printable(sentence or ""),
        sentence_en=printable(sentence_en or ""),
        word_start=word_start if isinstance(word_start, int) else None,
        slug=slug,
        sentence_id=sentence_id,
        title=printable(title or ""),
        source=printable(source or ""),
        url=printable(url or ""),
        notes=printable(notes or ""),
        added=added,
    )
