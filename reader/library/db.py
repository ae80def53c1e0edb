"""Provides the library index's SQLite connection: opened lazily, versioned, rebuilt when damaged.

The file runs in WAL mode so that the reader's screens can read while another process (``reader
import``, ``reader translate``) writes; writes are short transactions, one article at a time. The
index is only a cache of the corpus folders: a damaged file is deleted and built again, and where
no file can be written (a read-only data dir) the index lives in memory for the run. Either way
the reason is kept in ``notices`` for the UI to show once.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.errors import ReaderError
from reader.library import schema

BUSY_TIMEOUT_S = 10.0
_T = TypeVar("_T")

_DAMAGED = (
    "not a database",
    "malformed",
    "corrupt",
    "disk image",
    "unsupported file",
    # A database whose tables are not ours (another program's file, or edited by hand):
    # everything in it can be rebuilt, so it is treated as damaged.
    "no such column",
    "no such table",
    "has no column named",
)


def is_damaged(exc: sqlite3.Error) -> bool:
    """Errors that mean the file's content is unusable (not a lock or a permission)."""
    message = str(exc).lower()
    return any(part in message for part in _DAMAGED)


def is_locked(exc: sqlite3.Error) -> bool:
    """Errors that mean another connection holds the lock for too long."""
    message = str(exc).lower()
    return "locked" in message or "busy" in message


class Database:
    """One connection, serialised by a lock (the UI thread and a worker may share it)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: in memory
        self.notices: list[str] = []
        self.fresh = False  # the tables were (re)created empty: everything must be indexed
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    @property
    def in_memory(self) -> bool:
        """Whether the index lives in memory only (no file could be written)."""
        return self.path is None

    # -- opening -------------------------------------------------------------------------------

    def _connect(self, target: Path | None) -> sqlite3.Connection:
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and not target.is_file():
                raise sqlite3.DatabaseError("unsupported file: not a regular file")
        conn = sqlite3.connect(
            ":memory:" if target is None else target,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            if target is not None:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                created = schema.prepare(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self.fresh = self.fresh or created
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(None)
        try:
            return self._connect(self.path)
        except sqlite3.Error as exc:
            if is_locked(exc):
                raise self._busy() from None
            if is_damaged(exc):
                try:
                    self._remove(str(exc))
                    return self._connect(self.path)
                except (sqlite3.Error, OSError, ReaderError) as again:
                    return self._in_memory(str(again))
            return self._in_memory(str(exc))
        except OSError as exc:
            return self._in_memory(exc.strerror or str(exc))

    def _in_memory(self, reason: str) -> sqlite3.Connection:
        self.notices.append(
            f"The library index cannot be written at {self.path} ({reason}); it is kept in "
            "memory for this run, so the library is read in full each time."
        )
        self.path = None
        return self._connect(None)

    def _remove(self, reason: str) -> None:
        """Deletes a damaged index (and its WAL files): it is built again from the corpus."""
        self.close()
        assert self.path is not None
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise ReaderError(
                f"The library index {self.path} is damaged ({reason}) and cannot be removed: "
                f"{exc.strerror or exc}."
            ) from None
        self.notices.append(
            f"The library index was damaged ({reason}); it is being built again from the corpus."
        )

    def _give_way(self, reason: str) -> None:
        """Deletes the index when the disk is full: a cache must not take the room that the
        user's articles need. It is kept in memory for the rest of the run."""
        path = self.path
        self.close()
        assert path is not None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.path = None
        self.notices.append(
            f"The disk is full ({reason}): the library index {path} was removed to leave the "
            "room to your articles, and is kept in memory for this run."
        )

    def _busy(self) -> ReaderError:
        return ReaderError(
            f"The library index {self.path} is locked by another program (another reader "
            "updating it?); try again in a moment."
        )

    def connection(self) -> sqlite3.Connection:
        """The open connection (opened, migrated or created on first use)."""
        with self._lock:
            if self._conn is None:
                self._conn = self._open()
                # A connection and its statement cache refer to each other: close it as soon
                # as the Database is dropped, not when the garbage collector runs.
                weakref.finalize(self, self._conn.close)
            return self._conn

    def close(self) -> None:
        """Closes the connection (it is reopened on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- running -------------------------------------------------------------------------------

    def read(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        """Runs a reading operation; a damaged file is removed and the operation retried on a
        new, empty index (the caller's next sync fills it)."""
        return self._run(operation, write=False)

    def write(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        """Runs ``operation`` in one write transaction (all of it or nothing)."""
        return self._run(operation, write=True)

    def _run(self, operation: Callable[[sqlite3.Connection], _T], *, write: bool) -> _T:
        with self._lock:
            try:
                return self._once(operation, write)
            except sqlite3.Error as exc:
                if is_locked(exc):
                    raise self._busy() from None
                if "full" in str(exc).lower() and self.path is not None:
                    self._give_way(str(exc))
                    raise ReaderError(f"The library index ran out of room ({exc}).") from None
                if not is_damaged(exc) or self.path is None:
                    raise ReaderError(f"Library index error in {self.path}: {exc}.") from None
                self._remove(str(exc))
            try:
                return self._once(operation, write)
            except sqlite3.Error as exc:
                raise ReaderError(f"Library index error in {self.path}: {exc}.") from None

    def _once(self, operation: Callable[[sqlite3.Connection], _T], write: bool) -> _T:
        conn = self.connection()
        if not write:
            return operation(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = operation(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result
