"""Provides the article files of the corpus folders as the library index sees them: one listing
of each folder and one stat per file, nothing read.

A sync with nothing to do costs this scan and little else, so it is made of calls that loop in
C: the article names are picked out of the whole listing by one regular expression, the stats
run through ``map``, and the scan of the stack is summed up in one digest that the index
compares with the digest it stored when it was last in step (see ``LibraryIndex.sync``).
"""

from __future__ import annotations

import hashlib
import os
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.records import FileState

if TYPE_CHECKING:
    from reader.corpus import Corpus

FileRow = tuple[str, str, bool, int, int, str]  # FileState's fields, in a tuple

# The names of a folder between "/", which no file name holds: an article is "/<slug>.md/" (the
# slug as reader.corpus.SLUG_RE has it), its English "/<slug>.en.yaml/".
_ARTICLE = re.compile(r"/([a-z0-9][a-z0-9-]{0,79}\.md)(?=/)")
_ENGLISH = re.compile(r"/([a-z0-9][a-z0-9-]{0,79})\.en\.yaml(?=/)")
_SIZE = attrgetter("st_size")
_MTIME = attrgetter("st_mtime_ns")


@dataclass(slots=True)
class FolderScan:
    """One corpus folder as found: its article files (in the order the system lists them),
    each one's size and mtime, and the signature of each English file when they were looked
    at."""

    folder: str
    writable: bool
    names: list[str]  # "<slug>.md"
    sizes: list[int]  # -1: a dangling link or an entry that cannot be stat'ed
    mtimes: list[int]
    english: dict[str, str] | None  # slug -> "size:mtime_ns" (or "unreadable"); None: not looked

    def rows(self) -> Iterable[FileRow]:
        """The folder's files as FileState tuples (curated "" when the English was not looked
        at)."""
        prefix = os.path.join(self.folder, "")
        slugs = [name[:-3] for name in self.names]
        paths = [prefix + name for name in self.names]
        english = self.english or {}
        curated = [english.get(slug, "") for slug in slugs] if english else repeat("")
        return zip(slugs, paths, repeat(self.writable), self.sizes, self.mtimes, curated)


def _stats(names: list[str], fd: int | None, prefix: str) -> tuple[list[int], list[int]]:
    """The size and the mtime_ns of each name; -1 for one that cannot be stat'ed."""
    stat = partial(os.stat, dir_fd=fd) if fd is not None else None
    try:
        if stat is not None:
            found = list(map(stat, names))
        else:
            found = [os.stat(prefix + name) for name in names]
        return list(map(_SIZE, found)), list(map(_MTIME, found))
    except OSError:
        pass  # one bad entry: each file on its own
    sizes, mtimes = [], []
    for name in names:
        try:
            st = stat(name) if stat is not None else os.stat(prefix + name)
            sizes.append(st.st_size)
            mtimes.append(st.st_mtime_ns)
        except OSError:
            sizes.append(-1)
            mtimes.append(-1)
    return sizes, mtimes


def scan_folder(folder: Path, writable: bool, *, english: bool = True) -> FolderScan:
    """The article files of one folder as a sync sees them (in the order they are listed).

    One stat per file (and per English file) is what a sync with nothing to do costs: a file
    edited in place changes its own times, not its folder's. They are made relative to the
    open folder where the system allows it, which spares a walk of the path each time. With
    ``english=False`` the English files are not stat'ed (what ``reader list`` prints does not
    depend on them).
    """
    prefix = os.path.join(folder, "")
    relative = os.stat in os.supports_dir_fd and os.open in os.supports_dir_fd
    fd = os.open(folder, os.O_RDONLY) if relative else None
    try:
        listing = f"/{'/'.join(os.listdir(fd if fd is not None else folder))}/"
        names = _ARTICLE.findall(listing)
        sizes, mtimes = _stats(names, fd, prefix)
        curated: dict[str, str] | None = None
        if english:
            slugs = _ENGLISH.findall(listing)
            en_sizes, en_mtimes = _stats([f"{slug}.en.yaml" for slug in slugs], fd, prefix)
            curated = {
                slug: f"{size}:{mtime}" if size >= 0 else "unreadable"
                for slug, size, mtime in zip(slugs, en_sizes, en_mtimes, strict=True)
            }
        return FolderScan(str(folder), writable, names, sizes, mtimes, curated)
    finally:
        if fd is not None:
            os.close(fd)


def digest(scans: list[FolderScan], *, english: bool) -> str:
    """A digest of what the scans found (folders, names, sizes, times, and the English files
    with ``english``): equal digests mean the folders are as they were, file for file. (A
    folder listed in another order digests differently: the index then compares every file.)"""
    h = hashlib.sha1()
    for scan in scans:
        h.update(f"{scan.folder}\0{scan.writable}\0{len(scan.names)}\0".encode())
        h.update("/".join(scan.names).encode())
        h.update(array("q", scan.sizes).tobytes())
        h.update(array("q", scan.mtimes).tobytes())
        if english:
            h.update(b"english")
            h.update(repr(scan.english or {}).encode())
    return h.hexdigest()


def file_state(corpus: Corpus, slug: str) -> FileState | None:
    """One article file as a scan of every folder would find it, with a few stats instead of a
    listing of each folder (the last folder holding it wins)."""
    from reader.corpus import SLUG_RE

    if not SLUG_RE.match(slug):
        return None
    for folder in reversed(corpus.folders):
        path = os.path.join(folder, f"{slug}.md")
        try:
            stat = os.stat(path)
        except OSError:
            if not os.path.islink(path) and not os.path.exists(path):
                continue
            # a dangling link or unreadable entry: read_article names the problem
            return FileState(slug, path, folder == corpus.writable, -1, -1, "")
        return FileState(
            slug, path, folder == corpus.writable, stat.st_size, stat.st_mtime_ns,
            curated_signature(Path(folder), slug),
        )  # fmt: skip
    return None


def curated_signature(folder: Path, slug: str) -> str:
    """ "size:mtime_ns" of an article's English file, "" when there is none."""
    try:
        c = os.stat(os.path.join(folder, f"{slug}.en.yaml"))
    except FileNotFoundError:
        return ""
    except OSError:
        return "unreadable"
    return f"{c.st_size}:{c.st_mtime_ns}"
