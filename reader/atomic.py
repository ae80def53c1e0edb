"""Provides atomic file writes: a temporary file in the target folder, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reader.errors import ReaderError


def _cannot(path: Path, exc: OSError) -> ReaderError:
    return ReaderError(f"Cannot write {path}: {exc.strerror or exc}.")


def _temp_beside(path: Path) -> tuple[int, Path]:
    """A new temporary file in ``path``'s folder (made if missing): its descriptor and path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot(path, exc) from exc
    return fd, Path(tmp_name)


def _mode_for(path: Path) -> int:
    """The mode ``path`` has, or the one a new file gets under the user's umask.

    mkstemp creates the file private (0600); exports and corpus files must stay readable.
    """
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def _replacing(path: Path, tmp: Path) -> Iterator[None]:
    """Renames ``tmp`` over ``path`` once the block completes; on any exception (including
    KeyboardInterrupt) removes it, so the old file, if any, is left exactly as it was."""
    try:
        yield
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_writer(path: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Yields a text stream whose content replaces ``path`` only if the block completes.

    On any exception (including KeyboardInterrupt) the temporary file is removed and the old
    file, if any, is left exactly as it was.
    """
    path = Path(path)
    fd, tmp = _temp_beside(path)
    with _replacing(path, tmp):
        os.chmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding=encoding, newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())


def _umask() -> int:
    """The process umask (read by setting and restoring it; there is no getter)."""
    current = os.umask(0)
    os.umask(current)
    return current


def write_text_atomic(path: Path, text: str) -> None:
    """Replaces ``path`` with ``text`` atomically (UTF-8)."""
    with atomic_writer(path) as stream:
        stream.write(text)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yields a temporary path beside ``path`` for a writer that wants a file name (a zip
    archive, a database); it replaces ``path`` only if the block completes, else is removed.

    The file is synced before the rename, so a crash leaves the old file or the new one.
    """
    path = Path(path)
    fd, tmp = _temp_beside(path)
    os.close(fd)
    with _replacing(path, tmp):
        yield tmp
        os.chmod(tmp, _mode_for(path))
        with open(tmp, "rb") as stream:
            os.fsync(stream.fileno())
