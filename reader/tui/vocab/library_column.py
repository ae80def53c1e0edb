"""Provides the library's difficulty column: how much of each article the learner knows, how
many new words it has, its HSK spread, and the library's "known words" sort.

A mixin of :class:`~reader.tui.screens.library.LibraryScreen`. The figures come from the
library index, which keeps each article's word counts (see :mod:`reader.library.words`), joined
with the learner's known words in a background worker: a fraction of a second for thousands of
articles, so they are counted again whenever the library is shown. Articles whose words are not
counted yet (new ones, or all after the glossary changed) are segmented in the same worker,
once, and the column fills as they are.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.tui.later import after
from reader.tui.vocab.messages import DifficultyCounted
from reader.vocab.difficulty import Difficulty
from reader.vocab.levels import LEVELS, label

if TYPE_CHECKING:
    import asyncio

    from reader.tui.screens.library import Column, LibraryScreen, Row

WIDE = 96  # narrower tables show the difficulty only under the table
PARTIAL_EVERY_S = 2.0  # while new articles are counted, the column is updated this often
COLUMN_CELLS = 11  # "Known · new", "100% · 1336"


def known_text(d: Difficulty | None) -> Text:
    """The column's cell: "72% · 140" (known share of the text · new words)."""
    if d is None:
        return Text("…", style="dim")
    if not d.words:
        return Text("–", style="dim")
    return Text(f"{d.known_share:.0%} · {d.new_words}")


def detail_text(title: str, d: Difficulty | None) -> Text:
    """The highlighted article's difficulty in full, with the HSK spread of its words."""
    if d is None:
        return Text("Counting what you know of each article…", style="dim")
    if not d.words:
        return Text(f"{title}: no Chinese words.", style="dim")
    text = Text()
    text.append(f"{d.known_share:.0%} known", style="bold")
    text.append(f" · {d.new_words} new · {d.learning} learning · {d.distinct} distinct words")
    level = f"HSK {label(d.level)}" if d.level is not None else "beyond HSK 9"
    text.append(f" · 95% at {level}\n", style="bold")
    shares = d.hsk_shares()
    parts = [f"HSK {label(level)} {shares[level]:.0%}" for level in LEVELS]
    parts.append(f"beyond {shares[None]:.0%}")
    text.append("Words by level: " + " · ".join(parts), style="dim")
    return text


class LibraryDifficulty:
    """The difficulty column's data, worker and order."""

    difficulty: dict[str, Difficulty]
    sort: str
    _difficulty_timer: asyncio.TimerHandle | None

    @property
    def _screen(self) -> LibraryScreen:
        return cast("LibraryScreen", self)

    def init_difficulty(self) -> None:
        """Called from the screen's ``__init__``."""
        self.difficulty = {}
        self._difficulty_timer = None

    def schedule_difficulty(self) -> None:
        """Counts again (after a reload) once the table is on screen."""
        screen = self._screen
        if self._difficulty_timer is not None:
            self._difficulty_timer.cancel()
        screen.reader_app.pending.begin("difficulty")
        # asyncio's call_later, not set_timer, which can drop a one-shot timer under load
        self._difficulty_timer = after(screen, 0.2, self.count_difficulty)

    @work(thread=True, exclusive=True, group="difficulty", exit_on_error=False)
    def count_difficulty(self) -> None:
        """Each article's difficulty from the index's word counts; the words of articles not
        counted yet are counted first (segmentation only, no pinyin), the figures sent every
        so often meanwhile."""
        screen = self._screen
        ws = screen.reader_app.workspace
        session = screen.reader_app.vocabulary
        worker = get_current_worker()
        found: dict[str, Difficulty] = {}
        try:
            states = dict(session.states())
            known = {w for w, s in states.items() if s == "known"}
            learning = {w for w, s in states.items() if s == "learning"}
            library = ws.library
            found = library.difficulties(known, learning)
            if library.words_to_count():
                screen.post_message(DifficultyCounted(found, final=False))
                sent = time.monotonic()

                def progress(done: int, total: int) -> None:
                    nonlocal sent
                    if 0 < done < total and time.monotonic() - sent >= PARTIAL_EVERY_S:
                        screen.post_message(
                            DifficultyCounted(library.difficulties(known, learning), final=False)
                        )
                        sent = time.monotonic()

                library.count_words(
                    ws.analyzer, cancelled=lambda: worker.is_cancelled, progress=progress
                )
                if worker.is_cancelled:
                    return  # a newer count replaces this one
                found = library.difficulties(known, learning)
        except ReaderError as exc:
            screen.reader_app.report(str(exc), "Article difficulty")
        screen.post_message(DifficultyCounted(found))

    def on_difficulty_counted(self, message: DifficultyCounted) -> None:
        """Fills the column."""
        screen = self._screen
        if message.final:
            screen.reader_app.pending.end("difficulty")
        self.difficulty = message.difficulty
        screen._fill()

    def difficulty_column(self, width: int) -> list[Column]:
        """The column (last) on a table at least ``WIDE`` cells wide; narrower tables leave
        the figures to the line under the table."""
        from reader.tui.screens.library import Column

        return [Column("known", "Known · new", COLUMN_CELLS)] if width >= WIDE else []

    def _sortable(self, rows: list[Row]) -> list[Row]:
        """The rows with the learner's difficulty as their "known" sort key when the library is
        sorted by it (articles not counted yet are listed last)."""
        if self.sort != "known" or not self.difficulty:
            return rows
        from dataclasses import replace

        found = self.difficulty
        return [replace(r, known=found[r.slug].sort_key) if r.slug in found else r for r in rows]

    def show_difficulty_detail(self, slug: str | None, title: str) -> None:
        """The highlighted article's figures under the table."""
        from textual.widgets import Static

        detail = self._screen.query_one("#difficulty", Static)
        detail.update(detail_text(title, self.difficulty.get(slug or "")) if slug else Text())
