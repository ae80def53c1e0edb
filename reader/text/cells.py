"""Provides the width of text in terminal cells (CJK and full-width characters take two) and
its fitting to a column."""

from __future__ import annotations

import bisect
import itertools
import unicodedata

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
