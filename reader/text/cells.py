"""Provides the width of text in terminal cells (CJK and full-width characters take two,
combining marks none), its fitting to a column, and a line of a plain-text table."""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections.abc import Sequence

_WIDE = frozenset("WF")


class _Cells(dict[int, str]):
    """A ``str.translate`` table from each character to one byte holding its width (0 for a
    combining mark, 2 for wide and full-width characters, else 1), filled as characters are
    first seen: widths are then measured and summed in C, and a listing of thousands of Chinese
    titles fits quickly."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if unicodedata.combining(ch):
            value = "\x00"
        else:
            value = "\x02" if unicodedata.east_asian_width(ch) in _WIDE else "\x01"
        self[code] = value
        return value


_CELLS = _Cells()


def _widths(text: str) -> bytes:
    """The width of each character of ``text``, one byte each."""
    return text.translate(_CELLS).encode("ascii")


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (CJK and full-width characters take two, combining
    marks none)."""
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


def table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One line of a plain-text table: each cell fitted to its column, two spaces between."""
    return "  ".join(fit(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()
