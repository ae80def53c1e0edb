"""Provides the names segmentation keeps whole: a shipped list and the speakers of articles read.

A name is one word for look-up and pinyin (罗永辉, not 罗|永辉). The shipped list is
``reader/data/names.txt``; :func:`remember` adds names found while reading (an article's front
matter ``speakers`` and its interview labels), so every segmenter in the process knows them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache

from reader.paths import package_data
from reader.text.chars import has_han

_lock = threading.Lock()
_remembered: list[str] = []
_seen: set[str] = set()
MAX_NAME_LENGTH = 20  # a speaker label longer than this is a sentence, not a name


@lru_cache(maxsize=1)
def shipped_names() -> tuple[str, ...]:
    """The names of ``reader/data/names.txt``."""
    lines = package_data("names.txt").read_text(encoding="utf-8").splitlines()
    return tuple(n.strip() for n in lines if n.strip() and not n.startswith("#"))


def remember(names: Iterable[object]) -> None:
    """Adds names (an article's speakers) for every segmenter of this process."""
    with _lock:
        for raw in names:
            name = str(raw).strip()
            if 2 <= len(name) <= MAX_NAME_LENGTH and name not in _seen and not name.isspace():
                _seen.add(name)
                _remembered.append(name)


def remembered(start: int = 0) -> list[str]:
    """Names remembered so far, from position ``start`` of the list (to pick up new ones)."""
    with _lock:
        return _remembered[start:]


def chinese(names: Iterable[str]) -> list[str]:
    """The names written with Chinese characters (jieba words)."""
    return [n for n in names if has_han(n) and " " not in n]


def latin(names: Iterable[str]) -> list[str]:
    """The names without Chinese characters (MiniMax-M2), longest first."""
    return sorted((n for n in names if not has_han(n)), key=len, reverse=True)
