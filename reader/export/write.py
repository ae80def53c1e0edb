"""Provides writing exports: one file, a folder of ``<slug>.md`` files, or standard output.

Everything is checked and rendered before the first byte is written, so an unknown slug, an
existing file or a missing folder leaves nothing half-exported; each file is then replaced
atomically.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.export.options import ExportOptions
from reader.export.render import render_article

if TYPE_CHECKING:
    from reader.workspace import Workspace


@dataclass(frozen=True)
class Target:
    """Where one article goes."""

    slug: str
    path: Path


def plan_targets(
    slugs: list[str], out: Path, *, folder: bool = False, force: bool = False
) -> list[Target]:
    """The file of each article; raises ReaderError for missing folders or existing files.

    ``out`` is a folder when ``folder`` is set, when several articles are exported, or when it is
    an existing folder; otherwise it is the file of the one article.
    """
    if folder or len(slugs) > 1 or out.is_dir():
        if out.exists() and not out.is_dir():
            raise ReaderError(f"{out} is a file; exporting several articles needs a folder.")
        if not out.exists():
            _require_folder(out.parent)
        targets = [Target(slug, out / f"{slug}.md") for slug in slugs]
    else:
        _require_folder(out.parent)
        targets = [Target(slugs[0], out)]
    for target in targets:
        if target.path.is_dir():
            raise ReaderError(f"{target.path} is a folder, not a file.")
        if target.path.exists() and not target.path.is_file():
            # The atomic rename would replace a device or pipe (/dev/stdout, a FIFO) with a
            # regular file; standard output is "-o -".
            raise ReaderError(f"{target.path} is not a regular file; use -o - for standard output.")
    existing = [t.path for t in targets if t.path.exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise ReaderError(f"{existing[0]} already exists{more}; use --force to replace it.")
    return targets


def _require_folder(folder: Path) -> None:
    """Refuses to invent a missing folder tree: a typo in -o should not create one."""
    if folder.is_dir():
        return
    if folder.exists():
        raise ReaderError(f"{folder} is not a folder.")
    raise ReaderError(f"Folder {folder} does not exist.")


def _check_writable(folder: Path) -> None:
    """Fails early, before any file is written, when ``folder`` cannot take new files."""
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        read_only = (
            bool(os.statvfs(folder).f_flag & os.ST_RDONLY) if hasattr(os, "statvfs") else False
        )
        why = "read-only file system" if read_only else "permission denied"
        raise ReaderError(f"Cannot write to {folder}: {why}.")


def export_articles(
    ws: Workspace,
    slugs: list[str],
    out: Path | None,
    options: ExportOptions,
    *,
    force: bool = False,
    folder: bool = False,
    stream: TextIO | None = None,
) -> list[Path]:
    """Exports articles as bilingual Markdown; returns the files written.

    ``out`` None writes the one article to ``stream`` (default: standard output). Otherwise see
    :func:`plan_targets`; ``force`` replaces existing files.
    """
    slugs = list(dict.fromkeys(slugs))  # a slug named twice is exported once
    if not slugs:
        raise ReaderError("Name at least one article to export.")
    for slug in slugs:
        ws.corpus.path_of(slug)  # unknown slugs fail here, before anything is rendered
    if out is None:
        if len(slugs) > 1:
            raise ReaderError(
                "Standard output takes one article; export several to a folder with -o DIR."
            )
        text = render_article(ws, ws.corpus.load(slugs[0]), options)
        (stream or sys.stdout).write(text)
        return []
    targets = plan_targets(slugs, out, folder=folder, force=force)
    for parent in dict.fromkeys(t.path.parent for t in targets):
        _check_writable(parent)
    rendered = [(t.path, render_article(ws, ws.corpus.load(t.slug), options)) for t in targets]
    for path, text in rendered:
        if not path.parent.exists():
            try:
                path.parent.mkdir()
            except OSError as exc:
                raise ReaderError(f"Cannot create {path.parent}: {exc.strerror or exc}.") from None
        write_text_atomic(path, text)
    return [path for path, _ in rendered]
