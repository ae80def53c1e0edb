"""Provides the simplified spelling of many glossary forms at once.

Matching and duplicate checks compare forms as matching sees them: simplified. OpenCC costs
about the same for one character as for a page, so the forms of a whole glossary are converted
in one call (one form a line: no conversion phrase spans a line break).
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.text.chars import has_han
from reader.text.script import to_simplified


def simplified_forms(forms: Iterable[str]) -> dict[str, str]:
    """Each form mapped to its simplified spelling (same length; Latin-only forms as they are)."""
    out: dict[str, str] = {}
    pending: list[str] = []
    for form in forms:
        if form in out:
            continue
        out[form] = form
        if has_han(form) and "\n" not in form:
            pending.append(form)
    if pending:
        converted = to_simplified("\n".join(pending)).split("\n")
        if len(converted) == len(pending):
            out.update(zip(pending, converted, strict=True))
        else:  # never expected: fall back to one call per form
            out.update((form, to_simplified(form)) for form in pending)
    return out
