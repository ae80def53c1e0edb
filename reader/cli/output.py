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


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (CJK and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells."""
    total = cell_width(text)  # once, not once per character: a long listing stays linear
    if total <= width:
        return text + " " * (width - total)
    out, used = [], 0
    for ch in text:
        w = cell_width(ch)
        if used + w > width - (1 if used + w < total else 0):
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A plain-text table with CJK-aware column widths."""
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)
