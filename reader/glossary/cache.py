"""Provides a rebuildable on-disk cache of validated glossaries, so the reader does not parse and
validate the same files at every start.

A glossary of 1,500 entries takes a few hundred milliseconds to parse and validate with line
and column for every problem; its entries as JSON load in a tenth of that. The cache is keyed by
the content of every file (a SHA-1 of their bytes, their paths and sources) and by the schema
(the names of the fields of an entry and a format number), so an edited file, a new field or a
new release never meets a stale cache. Only a glossary without problems is stored. A missing,
unreadable or damaged cache file is ignored and rewritten; writes are atomic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from reader.atomic import write_text_atomic
from reader.glossary.model import Entry, Glossary

FORMAT = 1  # raise when the meaning of a cached value changes
_TUPLES = frozenset(f.name for f in fields(Entry) if str(f.type).startswith("tuple"))


def cache_key(paths: list[tuple[Path, str]], contents: list[bytes | None]) -> str:
    """A key for these files with these contents (None: the file does not exist)."""
    digest = hashlib.sha1()
    digest.update(f"{FORMAT}:{','.join(f.name for f in fields(Entry))}".encode())
    for (path, source), content in zip(paths, contents, strict=True):
        digest.update(f"\0{path}\0{source}\0".encode())
        digest.update(b"-" if content is None else hashlib.sha1(content).digest())
    return digest.hexdigest()[:20]


def cache_path(folder: Path, key: str) -> Path:
    """Where the glossary with this key is cached."""
    return folder / f"glossary-{key}.json"


def read_cached(path: Path) -> Glossary | None:
    """The cached glossary, or None when there is none or it cannot be used."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = [Entry(**_values(item)) for item in raw]
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return Glossary(entries)


def _values(item: dict[str, Any]) -> dict[str, Any]:
    """An entry's fields from JSON: lists become the tuples of the typed entry."""
    return {k: tuple(v) if k in _TUPLES else v for k, v in item.items()}


def write_cached(path: Path, glossary: Glossary) -> None:
    """Stores a validated glossary; a cache that cannot be written is only a slower start."""
    payload = json.dumps([asdict(e) for e in glossary.entries], ensure_ascii=False)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("glossary-*.json"):
            if old != path:  # one cached glossary at a time: the others are outdated
                old.unlink(missing_ok=True)
        write_text_atomic(path, payload)
