"""Pilot tests of the glossary and search screens and the help: occurrences listed once,
enter moves from the box into the results, an article opened from a list goes back to it,
related entries open, and the help lists each key once."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList

from reader.plural import plural
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.glossary import GlossaryScreen
from reader.tui.screens.help import HelpScreen, bindings_table
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.search import SearchScreen
from reader.workspace import Workspace
from tests.tui_support import settle

SIZE = (100, 30)


async def test_each_occurrence_once_and_escape_returns_to_the_glossary(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen) and screen.occurrences is not None
        for entry_id, found in screen.occurrences.items():
            places = [(o.slug, o.position) for o in found]
            assert len(places) == len(set(places)), entry_id
        await pilot.press(*"minimax")
        await settle(pilot)
        await pilot.press("enter")  # from the box into the results
        assert app.focused is screen.query_one("#results", OptionList)
        await pilot.press("enter")  # into the occurrences
        await pilot.press("enter")  # open the article there
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # back in the glossary, as it was
        assert screen.query_one("#query", Input).value == "minimax"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_escape_from_an_article_found_by_search_returns_to_the_search(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session, open_slug="hard-and-right")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"规模定律")
        await settle(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "LibraryScreen",
            "SearchScreen",
            "ArticleScreen",
        ]  # the article searched from is closed, the search kept
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is search


async def test_related_entries_open_from_the_list(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.press(*"linear attention")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        assert screen.selected is not None and screen.selected.id == "linear-attention"
        related = screen.query_one("#related", OptionList)
        assert related.option_count == len(screen.selected.see_also)
        first = related.get_option_at_index(0).id
        related.focus()
        related.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected.id == first
        shown = screen.query_one("#results", OptionList)
        assert shown.get_option_at_index(shown.highlighted or 0).id == first


@pytest.mark.parametrize("key", ["none", "ctrl+g", "slash", "article"])
async def test_the_help_lists_each_key_once(workspace_session: Workspace, key: str) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble" if key == "article" else None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if key in ("ctrl+g", "slash"):
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("f1" if key in ("ctrl+g", "slash") else "question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        console = Console(width=120, record=True)
        console.print(bindings_table(help_screen.for_screen))
        keys = [
            k.strip()
            for line in console.export_text().splitlines()
            if line.strip()
            for k in line.strip().split("  ")[0].split(" / ")
        ]
        assert keys and len(keys) == len(set(keys)), keys


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [(1, "sentence", "1 sentence"), (2, "sentence", "2 sentences"), (0, "article", "0 articles")],
)
def test_plurals(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected
    assert (
        plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"
    )
