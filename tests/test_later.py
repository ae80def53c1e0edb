"""Background work started after a delay happens even when the thread is starved.

Textual's one-shot ``set_timer`` reads the clock twice before it waits; a thread that loses the
CPU or the GIL in between for longer than the delay skips the tick for good. A clock that jumps
between readings plays that starved thread here."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from textual import _time

from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.workspace import Workspace
from tests.tui_support import settle


@pytest.fixture
def starved_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Textual's clock jumps 50 ms between every two readings."""
    real = _time.get_time
    readings = itertools.count()
    monkeypatch.setattr(_time, "get_time", lambda: real() + (0.05 if next(readings) % 2 else 0))
    yield


async def test_delayed_work_still_happens_on_a_starved_thread(
    workspace_session: Workspace, starved_clock: None
) -> None:
    app = ReaderApp(workspace_session, open_slug="latepost-interview", sentence=100)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # the glossary prepared, the library counted, the layout complete
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.view.document.complete
        await pilot.press("j")
        await settle(pilot)
    assert app.state.article("latepost-interview").sentence == 101  # saved 0.5 s later
