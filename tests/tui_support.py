"""Waiting for the app's background work in pilot and snapshot tests."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled


async def drain_workers(app: App[None]) -> None:
    """Waits until no worker is running.

    ``WorkerManager.wait_for_complete`` raises when a worker it waits for was cancelled, and an
    exclusive worker cancels its predecessor whenever the same work is asked for again (the
    library re-counts translations each time it is shown). Cancelled work is expected, so it is
    skipped; a worker that failed still fails the test.
    """
    while running := [worker for worker in app.workers if not worker.is_finished]:
        results = await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result


async def settle(pilot: Pilot[None], *, started: float = 0.0) -> None:
    """Waits for background workers and the messages they post.

    ``started``: seconds to wait first for work that starts on a timer (the app prepares the
    glossary 0.3 s after start, the library counts translations after 0.1 s).
    """
    await pilot.pause(started or None)
    await drain_workers(pilot.app)
    await pilot.pause()
