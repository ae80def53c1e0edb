"""SVG snapshots of every screen state at a fixed terminal size, with isolated user dirs.

Update after an intended change with ``uv run pytest tests/test_snapshots.py --snapshot-update``
and review the new SVGs (``snapshot_report.html`` shows the differences when a test fails).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.tui.app import ReaderApp
from reader.workspace import Workspace
from tests.tui_support import settle

SIZE = (100, 30)
SLUG = "yan-junjie-gamble"

Before = Callable[[Pilot[None]], Awaitable[None]]


async def _quiet(pilot: Pilot[None]) -> None:
    """Lets background work finish and removes what would differ between runs."""
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


def keys(*pressed: str, then: Before | None = None) -> Before:
    """A run_before that waits for the app, presses keys, waits again."""

    async def run(pilot: Pilot[None]) -> None:
        await _quiet(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if then is not None:
            await then(pilot)
        await _quiet(pilot)

    return run


def article_app() -> ReaderApp:
    return ReaderApp(Workspace(), open_slug=SLUG, sentence=1)


def test_library(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ReaderApp(Workspace()), terminal_size=SIZE, run_before=keys())


@pytest.mark.parametrize(
    ("name", "presses"),
    [("interleaved", ()), ("side", ("t",)), ("chinese", ("t", "t")), ("english", ("t", "t", "t"))],
)
def test_article_layouts(snap_compare, name: str, presses: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(article_app(), terminal_size=SIZE, run_before=keys(*presses))


def test_article_pinyin(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(article_app(), terminal_size=SIZE, run_before=keys("p"))


def test_look_up_panel(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        article_app(), terminal_size=(120, 34), run_before=keys("l", "l", "l", "enter")
    )


def test_glossary_search(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def typed(pilot: Pilot[None]) -> None:
        for ch in "xianxing zhuyili":
            await pilot.press(ch)

    assert snap_compare(
        ReaderApp(Workspace()), terminal_size=SIZE, run_before=keys("ctrl+g", then=typed)
    )


def test_search_results(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def typed(pilot: Pilot[None]) -> None:
        for ch in "规模定律":
            await pilot.press(ch)

    assert snap_compare(
        ReaderApp(Workspace()), terminal_size=SIZE, run_before=keys("ctrl+f", then=typed)
    )


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(article_app(), terminal_size=SIZE, run_before=keys("question_mark"))


def test_export_dialog(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def fixed_path(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#path", Input).value = f"/tmp/{SLUG}.md"

    assert snap_compare(article_app(), terminal_size=SIZE, run_before=keys("e", then=fixed_path))


def test_light_theme_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(article_app(), terminal_size=(80, 24), run_before=keys("ctrl+t", "p"))
