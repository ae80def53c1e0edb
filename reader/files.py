"""Provides reading of files that a user names or that sit in the data folders, without hanging.

Opening a FIFO for reading blocks until a writer appears, and a character device such as
``/dev/zero`` never ends, so ``path.read_bytes()`` on such a path (or a symlink to one) hangs the
reader or fills its memory. :func:`read_bytes` opens without blocking, checks what it opened
(not what the path named a moment earlier), refuses anything but a regular file and never reads
more than a limit, even from a file that grows while it is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotAFileError(OSError):
    """The path is a folder, FIFO, device or socket; ``kind`` says which, in words."""

    def __init__(self, path: Path, kind: str) -> None:
        code = errno.EISDIR if kind == "a folder" else errno.EINVAL
        super().__init__(code, f"{kind}, not a regular file", str(path))
        self.kind = kind


class FileTooLargeError(OSError):
    """The file is larger than the limit it was read with; ``size`` is at least that large."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"larger than the limit of {limit} bytes", str(path))
        self.size = size
        self.limit = limit


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: Path) -> BinaryIO:
    """An unbuffered binary stream of the regular file at ``path`` (symlinks followed).

    Raises :class:`NotAFileError` for a folder, FIFO, device or socket (without blocking on a
    FIFO that has no writer), and ``OSError`` as ``open`` does (FileNotFoundError…).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode  # what was opened, not what the path named before
        if not stat.S_ISREG(mode):
            raise NotAFileError(Path(path), _kind(mode))
        return os.fdopen(fd, "rb", buffering=0, closefd=True)
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The content of the regular file at ``path`` (symlinks followed), at most ``limit`` bytes.

    Raises :class:`NotAFileError` for anything else, :class:`FileTooLargeError` when the file
    is (or grows) larger than ``limit``, and ``OSError`` as ``open`` does (FileNotFoundError…).
    """
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if limit is not None and size > limit:
            raise FileTooLargeError(Path(path), size, limit)
        chunks: list[bytes] = []
        total = 0
        budget = limit + 1 if limit is not None else None
        while budget is None or total < budget:
            chunk = stream.read(1 << 20 if budget is None else min(1 << 20, budget - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if limit is not None and total > limit:
        raise FileTooLargeError(Path(path), total, limit)
    return b"".join(chunks)


def read_text(path: Path, limit: int | None = None, encoding: str = "utf-8") -> str:
    """:func:`read_bytes` decoded; raises ``UnicodeDecodeError`` for bytes that do not decode."""
    return read_bytes(path, limit).decode(encoding)
