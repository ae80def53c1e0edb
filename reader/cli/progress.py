"""Provides a progress bar on stderr: count, rate and time left, redrawn in place on a terminal.

On a terminal the bar is redrawn on one line (at most ten times a second); when stderr is a file
or a pipe it writes a plain line every few seconds and a final one, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

WIDTH = 24


def duration(seconds: float) -> str:
    """``1:05`` or ``1:02:03``."""
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressBar:
    """A bar for ``done`` of ``total`` units; ``scale`` divides counts for display (bytes→MB)."""

    def __init__(
        self,
        label: str,
        *,
        unit: str = "sentences",
        scale: float = 1.0,
        stream: TextIO | None = None,
    ) -> None:
        self.label = label
        self.unit = unit
        self.scale = scale
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._start = time.monotonic()
        self._first: int | None = None
        self._last_draw = 0.0
        self._drawn: tuple[int, int | None] | None = None
        self._done = 0
        self._total: int | None = None

    def _count(self, n: float) -> str:
        value = n / self.scale
        return f"{value:.1f}" if self.scale != 1.0 else f"{int(value)}"

    def line(self) -> str:
        """The current state as one line of text."""
        done, total = self._done, self._total
        elapsed = max(time.monotonic() - self._start, 1e-9)
        fresh = done - (self._first or 0)
        rate = fresh / elapsed
        parts = [self.label]
        if total:
            filled = int(WIDTH * min(done, total) / total)
            parts.append("[" + "#" * filled + "-" * (WIDTH - filled) + "]")
            parts.append(f"{self._count(done)}/{self._count(total)} {self.unit}")
        else:
            parts.append(f"{self._count(done)} {self.unit}")
        if fresh > 0:
            parts.append(f"{rate / self.scale:.1f} {self.unit}/s")
            if total and done < total:
                parts.append(f"ETA {duration((total - done) / rate)}")
        return "  ".join(parts)

    def update(self, done: int, total: int | None) -> None:
        """Records progress and redraws when it is time to."""
        if self._first is None:
            self._first = done  # work found already done (a resumed run) is not counted in the rate
        self._done, self._total = done, total
        now = time.monotonic()
        interval = 0.1 if self.tty else 5.0
        if now - self._last_draw >= interval or (total is not None and done >= total):
            self._draw()
            self._last_draw = now

    def _draw(self) -> None:
        if self._drawn == (self._done, self._total):
            return
        self._drawn = (self._done, self._total)
        text = self.line()
        if self.tty:
            self.stream.write("\r\x1b[2K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Draws the final state and ends the line."""
        if self._first is None:
            return
        self._draw()
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


@contextmanager
def long_work_progress(
    label: str, *, unit: str, at_least: int
) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback that shows a bar only for work of ``at_least``
    units (a library built or counted, not the odd changed file), closed when the block ends."""
    bar: ProgressBar | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= at_least:
            bar = ProgressBar(label, unit=unit)
        if bar is not None:
            bar.update(done, total)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()
