"""Provides the article files of the corpus folders as the library index sees them: one listing
of each folder and one stat per file, nothing read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.records import FileState

if TYPE_CHECKING:
    from reader.corpus import Corpus

FileRow = tuple[str, str, bool, int, int, str]  # FileState's fields, in a tuple


def folder_rows(folder: Path, writable: bool) -> list[FileRow]:
    """The article files of one folder as a sync sees them.

    One stat per file (and per English file) is what a sync with nothing to do costs: a file
    edited in place changes its own times, not its folder's. They are made relative to the
    open folder where the system allows it, which spares a walk of the path each time.
    """
    from reader.corpus import SLUG_RE

    match = SLUG_RE.match
    prefix = os.path.join(folder, "")
    relative = os.stat in os.supports_dir_fd and os.open in os.supports_dir_fd
    fd = os.open(folder, os.O_RDONLY) if relative else None
    try:
        names = os.listdir(fd if fd is not None else folder)
        present = set(names)

        def stat(name: str) -> os.stat_result:
            return os.stat(name, dir_fd=fd) if fd is not None else os.stat(prefix + name)

        rows: list[FileRow] = []
        for name in names:
            if name[-3:] != ".md" or not match(slug := name[:-3]):
                continue
            try:
                st = stat(name)
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1  # a dangling link: read_article names the problem
            curated = ""
            if (english := f"{slug}.en.yaml") in present:
                try:
                    st = stat(english)
                    curated = f"{st.st_size}:{st.st_mtime_ns}"
                except OSError:
                    curated = "unreadable"
            rows.append((slug, prefix + name, writable, size, mtime, curated))
        return rows
    finally:
        if fd is not None:
            os.close(fd)


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
        curated = ""
        try:
            c = os.stat(os.path.join(folder, f"{slug}.en.yaml"))
            curated = f"{c.st_size}:{c.st_mtime_ns}"
        except FileNotFoundError:
            pass
        except OSError:
            curated = "unreadable"
        return FileState(
            slug, path, folder == corpus.writable, stat.st_size, stat.st_mtime_ns, curated
        )
    return None
