"""Provides curated translations stored beside an article (``<slug>.en.yaml``).

Each entry is keyed by the sentence id and carries the source sentence it translates, so that
an edited source sentence is recognised: the entry for the same position whose source differs
is returned as stale instead of being shown as a correct translation.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reader.errors import ReaderError
from reader.files import read_text
from reader.model import Article, normalise, position_of
from reader.safe_yaml import describe_error, safe_load
from reader.text.chars import printable
from reader.translation.model import Translation

MAX_BYTES = 50_000_000
_SCALARS = (str, int, float)


@dataclass
class CuratedFile:
    """The parsed ``<slug>.en.yaml``: an English title and sentence entries."""

    title: str | None = None
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (zh, en)


def curated_path(article_path: Path) -> Path:
    """The curated translation file that belongs to an article file."""
    return article_path.with_suffix(".en.yaml")


# Parsed files by path, the most recently used last; bounded, since indexing a library of
# thousands of articles reads every one of them once.
_cache: OrderedDict[Path, tuple[tuple[int, int], CuratedFile]] = OrderedDict()
CACHED_FILES = 64


def read_curated(path: Path) -> CuratedFile:
    """Loads a curated file (cached per version of the file); a missing file is an empty one.

    The result is shared between callers: treat it as read-only.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return CuratedFile()
    except OSError as exc:
        raise ReaderError(f"Cannot read curated translations {path}: {exc.strerror}.") from None
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == version:
        _cache.move_to_end(path)
        return cached[1]
    parsed = _parse(path)
    _cache[path] = (version, parsed)
    _cache.move_to_end(path)
    while len(_cache) > CACHED_FILES:
        _cache.popitem(last=False)
    return parsed


def _parse(path: Path) -> CuratedFile:
    try:
        data = safe_load(read_text(path, MAX_BYTES)) or {}
    except yaml.YAMLError as exc:
        raise ReaderError(
            f"Cannot read curated translations {path}: {describe_error(exc)}."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ReaderError(
            f"Cannot read curated translations {path}: {' '.join(str(reason).split())}."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("sentences", []), list):
        raise ReaderError(f"{path}: expected a mapping with a 'sentences' list.")
    title = data.get("title")
    out = CuratedFile(title=printable(str(title)) if isinstance(title, _SCALARS) else None)
    for item in data.get("sentences") or []:
        # Only text (or a number) is a translation; a list or mapping is skipped, not printed.
        if (
            isinstance(item, dict)
            and item.get("id")
            and isinstance(item.get("en"), _SCALARS)
            and isinstance(item.get("zh", ""), _SCALARS)
        ):
            en = printable(str(item["en"]))  # YAML's "\e" is ESC: no escapes reach a screen
            out.entries[str(item["id"])] = (str(item.get("zh", "")), en.strip())
    return out


def curated_translations(article: Article, curated: CuratedFile) -> dict[str, Translation]:
    """Curated English for each sentence of the article that has one (fresh or stale)."""
    by_position = {}
    for sid, (zh, en) in curated.entries.items():
        pos = position_of(sid)
        if pos is not None:
            by_position[pos] = (zh, en)
    out: dict[str, Translation] = {}
    for sentence in article.sentences():
        if sentence.id in curated.entries:
            zh, en = curated.entries[sentence.id]
            stale = normalise(zh) != normalise(sentence.text)
            out[sentence.id] = Translation(sentence.id, en, "curated", stale=stale)
        elif (found := by_position.get((sentence.paragraph, sentence.index))) is not None:
            out[sentence.id] = Translation(sentence.id, found[1], "curated", stale=True)
    return out
