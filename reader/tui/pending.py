"""Provides the app's record of background work that is scheduled or running but not yet shown.

Work that starts on a timer (the glossary a moment after start, the library's translation
count) or whose result arrives as a message is invisible to a worker count until it starts and
after it ends. Each piece is named here when it is scheduled and struck off when its result is
applied; :attr:`Pending.idle` is set whenever nothing is left, so tests (and anything else
that must wait) wait on that signal instead of the clock.
"""

from __future__ import annotations

import asyncio


class Pending:
    """Named pieces of background work not yet applied, and an event set when none is left."""

    def __init__(self) -> None:
        self._names: set[str] = set()
        self.idle = asyncio.Event()
        self.idle.set()

    def begin(self, name: str) -> None:
        """Notes that ``name`` is scheduled or running (again is the same as once)."""
        self._names.add(name)
        self.idle.clear()

    def end(self, name: str) -> None:
        """Notes that ``name`` has been applied (or given up)."""
        self._names.discard(name)
        if not self._names:
            self.idle.set()

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def __repr__(self) -> str:
        return f"Pending({sorted(self._names)})"
