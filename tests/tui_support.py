"""Waiting for the app's background work in pilot and snapshot tests: on explicit signals,
never on the clock."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from reader.tui.widgets.article_view import ArticleView

# Not a pause: a bound after which a signal that never came fails the test with a message
# instead of hanging it (the work it waits for takes well under a second).
NEVER = 120.0


async def drain_workers(app: App[None]) -> bool:
    """Waits until no worker is running; True when there was one to wait for.

    ``WorkerManager.wait_for_complete`` raises when a worker it waits for was cancelled, and an
    exclusive worker cancels its predecessor whenever the same work is asked for again (the
    library re-counts translations each time it is shown). Cancelled work is expected, so it is
    skipped; a worker that failed still fails the test.
    """
    waited = False
    while running := [worker for worker in app.workers if not worker.is_finished]:
        waited = True
        results = await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result
    return waited


async def _signal(event: asyncio.Event, what: object) -> None:
    try:
        await asyncio.wait_for(event.wait(), NEVER)
    except TimeoutError:
        raise AssertionError(f"{what} never finished") from None


def _layout_state(view: ArticleView) -> str:
    done = sum(block is not None for block in view.document.blocks)
    return (
        f"the layout of {view!r} ({done} of {len(view.document.blocks)} paragraphs, "
        f"slice pending: {view._layout_pending}, unsized: {view._unsized}, size: {view.size})"
    )


def _views(app: App[None]) -> list[ArticleView]:
    return [view for screen in app.screen_stack for view in screen.query(ArticleView)]


async def settle(pilot: Pilot[None]) -> None:
    """Waits until the app has nothing left to do in the background and has shown it all.

    The signals: the app's record of pending work (the glossary loaded a moment after start,
    the library's translation count, each article's analysis and translation, the glossary's
    occurrences) is empty, every article view has laid out all its paragraphs, no worker is
    running, and the screen has processed its messages. Work that starts more work (analysis,
    then machine translation) is waited for until nothing new starts.
    """
    app = pilot.app
    pending = getattr(app, "pending", None)
    while True:
        await pilot.pause()
        if pending is not None:
            await _signal(pending.idle, f"background work {pending!r}")
        for view in _views(app):
            await _signal(view.laid_out, _layout_state(view))
        if await drain_workers(app):
            continue
        await pilot.pause()
        laid_out = all(view.laid_out.is_set() for view in _views(app))
        if (
            (pending is None or pending.idle.is_set())
            and laid_out
            and all(w.is_finished for w in app.workers)
        ):
            return


def painted_rows(app: App[None]) -> list[list[Segment]]:
    """What the terminal shows now, row by row, as styled segments.

    The compositor re-renders only the lines a widget marked dirty and reuses the rest, so a
    widget that marks the wrong lines shows stale text or highlights here, as on a terminal.
    """
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return [[seg for strip in row for seg in strip] for row in update.strips]  # type: ignore[attr-defined]


def painted_text(app: App[None]) -> list[str]:
    """The text of each row on screen."""
    return ["".join(seg.text for seg in row) for row in painted_rows(app)]


@dataclass(frozen=True)
class Notice:
    """A notification the app showed."""

    message: str
    title: str


def recorder(app: App[None]) -> list[Notice]:
    """Every notification the app shows from now on (they disappear from the screen after a
    few seconds, which a slow machine would mistake for never having been shown)."""
    notices: list[Notice] = []
    real = app.notify

    def notify(message: str, *args: object, **kwargs: object) -> None:
        notices.append(Notice(message, str(kwargs.get("title") or "")))
        real(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return notices
