"""Provides output helpers for commands: JSON lines, tables and terminal widths."""

from __future__ import annotations

import bisect
import itertools
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


class _Cells(dict[int, str]):
    """A ``str.translate`` table from each character to one byte holding its width (1, or 2
    for wide and full-width characters), filled as characters are first seen: widths are then
    measured and summed in C, and a listing of thousands of Chinese titles fits quickly."""

    def __missing__(self, code: int) -> str:
        value = "\x02" if unicodedata.east_asian_width(chr(code)) in _WIDE else "\x01"
        self[code] = value
        return value


_CELLS = _Cells()


def _widths(text: str) -> bytes:
    """The width of each character of ``text``, one byte each."""
    return text.translate(_CELLS).encode("ascii")


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (CJK and full-width characters take two)."""
    return len(text) if text.isascii() else sum(_widths(text))


def fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if text.isascii():
        total = len(text)
        if total <= width:
            return text + " " * (width - total)
        return text[: width - 1] + "…"
    widths = _widths(text)
    total = sum(widths)
    if total <= width:
        return text + " " * (width - total)
    # one cell is kept for the ellipsis
    cut = bisect.bisect_right(list(itertools.accumulate(widths)), width - 1)
    return text[:cut] + "…" + " " * (width - sum(widths[:cut]) - 1)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A plain-text table with CJK-aware column widths."""
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        if len(row) != len(widths):
            raise ValueError(f"a row of {len(row)} cells in a table of {len(widths)} columns")
    # Column by column, in comprehensions: a listing of thousands of rows is fitted quickly,
    # and most cells (slugs, dates, numbers) are ASCII that fits and is only padded.
    columns = [
        [c.ljust(width) if c.isascii() and len(c) <= width else fit(c, width) for c in column]
        for column, width in zip(zip(*rows, strict=True), widths, strict=False)
    ]
    lines.extend(map(str.rstrip, map("  ".join, zip(*columns, strict=True))))
    return "\n".join(lines)
