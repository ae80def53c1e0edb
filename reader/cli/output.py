"""Provides output helpers for commands: JSON lines, tables and terminal widths."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any


def emit_json(value: Any, *, pretty: bool = False) -> None:
    """Writes one JSON value (UTF-8, not ASCII-escaped) and a newline to stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2 if pretty else None))
    sys.stdout.write("\n")


_WIDE = frozenset("WF")


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (CJK and full-width characters take two)."""
    if text.isascii():
        return len(text)
    # map() keeps the loop in C: a listing of thousands of titles stays quick.
    return len(text) + sum(map(_WIDE.__contains__, map(unicodedata.east_asian_width, text)))


def fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    total = cell_width(text)  # once, not once per character: a long listing stays linear
    if total <= width:
        return text + " " * (width - total)
    used = cut = 0
    for wide in map(_WIDE.__contains__, map(unicodedata.east_asian_width, text)):
        w = 2 if wide else 1
        if used + w > width - 1:  # one cell is kept for the ellipsis
            break
        used += w
        cut += 1
    return text[:cut] + "…" + " " * (width - used - 1)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A plain-text table with CJK-aware column widths."""
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)
