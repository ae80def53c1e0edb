"""Pilot tests of the library: typing filters (every letter and digit, in either script), and
the keys that are not letters run its actions."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from reader.search import CorpusSearch
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.glossary import GlossaryScreen
from reader.tui.screens.library import LibraryScreen, Row, starts_filter
from reader.workspace import Workspace
from tests.tui_support import settle

SIZE = (100, 30)


def titles(app: ReaderApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_cell_at((r, 0))) for r in range(table.row_count)]


def slugs(app: ReaderApp) -> list[str | None]:
    return [key.value for key in app.screen.query_one(DataTable).rows]


async def test_typing_after_returning_from_an_article_keeps_every_letter(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("M", "i", "n")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "Min"
        assert len(titles(app)) == 4 and all("MiniMax" in t for t in titles(app))


@pytest.mark.parametrize("letter", ["e", "g", "q", "E", "G", "Q", "2", "闫"])
async def test_every_letter_starts_a_filter(workspace_session: Workspace, letter: str) -> None:
    app = ReaderApp(workspace_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(letter)
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen) and app.is_running
        assert app.screen.query_one("#filter", Input).value == letter


async def test_the_filter_finds_either_script(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("复", "盘")
        await settle(pilot)
        assert slugs(app) == ["ai-native-ceo"]
        await pilot.press("escape")
        await pilot.press("ctrl+g")  # the library's actions are on keys that are not letters
        await settle(pilot)
        assert isinstance(app.screen, GlossaryScreen)


@pytest.mark.parametrize(
    ("query", "field"),
    [("復盤", "Row title"), ("minimax", "Row title"), ("wang zhi", None), ("財中", "Row byline")],
)
def test_row_matches(query: str, field: str | None) -> None:
    row = Row("ai-native-ceo", "復盤 MiniMax 的三年", "王智遠", "", 1, "", 0.0)
    other = Row("yan-junjie-gamble", "闫俊杰的“赌性”", "财中社", "", 1, "", 0.0)
    found = [name for name, r in (("Row title", row), ("Row byline", other)) if r.matches(query)]
    assert found == ([field] if field else [])


@pytest.mark.parametrize(
    ("character", "starts"),
    [("a", True), ("Z", True), ("7", True), ("复", True), ("/", False), ("?", False), (" ", False)],
)
def test_what_starts_a_filter(character: str, starts: bool) -> None:
    assert starts_filter(character) is starts


def test_search_finds_pinyin_after_the_text_itself(workspace_session: Workspace) -> None:
    search = CorpusSearch(workspace_session)
    hits = search.search("fupan")
    assert hits and all(h.field == "pinyin" for h in hits)
    assert {h.zh[h.start : h.end] for h in hits} >= {"復盤", "复盘"}
    toned = search.search("fù pán")
    assert [(h.slug, h.position) for h in toned] == [(h.slug, h.position) for h in hits]
    english = search.search("review")  # English first; pinyin readings only after
    fields = [h.field for h in english]
    assert fields[0] == "en" and fields == sorted(fields, key=lambda f: f == "pinyin")
