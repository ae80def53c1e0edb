"""Provides the simplified spelling of many glossary forms at once.

Matching and duplicate checks compare forms as matching sees them: simplified. OpenCC costs
about the same for one character as for a page, so the forms of a whole glossary are converted
in one call (one form a line: no conversion phrase spans a line break).
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.text.chars import has_han
from reader.text.script import to_simplified

_CHUNK = 64
_known: dict[str, str] = {}  # loading validates the forms and then builds the matcher: once


def simplified_forms(forms: Iterable[str]) -> dict[str, str]:
    """Each form mapped to its simplified spelling (same length; Latin-only forms as they are)."""
    out: dict[str, str] = {}
    pending: list[str] = []
    for form in forms:
        if form in out:
            continue
        known = _known.get(form)
        if known is not None:
            out[form] = known
        elif has_han(form) and "\n" not in form:
            out[form] = form
            pending.append(form)
        else:
            out[form] = form
    if pending:
        converted: list[str] = []
        # In chunks: a form whose conversion changes its length sends the whole text it is in
        # to a slow, piece-by-piece conversion; a chunk keeps that cost small.
        for start in range(0, len(pending), _CHUNK):
            chunk = pending[start : start + _CHUNK]
            lines = to_simplified("\n".join(chunk)).split("\n")
            if len(lines) != len(chunk):  # never expected: one call per form
                lines = [to_simplified(form) for form in chunk]
            converted.extend(lines)
        out.update(zip(pending, converted, strict=True))
        if len(_known) > 200_000:
            _known.clear()
        _known.update(zip(pending, converted, strict=True))
    return out


def clear_cache() -> None:
    """Forgets the spellings converted so far (for benchmarks)."""
    _known.clear()
