"""Provides pausing Python's cycle collector while many objects without cycles are made.

A large glossary is some hundred thousand YAML nodes, values and tuples; a long library is
thousands of records. Python runs a collection every few hundred new objects, and each one that
reaches the older generations walks every object still alive: while a glossary and its matcher
are built that doubled the time, and it was a fifth of the first library frame of a long library.
What they build forms no reference cycle; whatever is dropped is freed by its reference count,
so the collector has nothing to catch up on afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses the cycle collector for the block (nested pauses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
