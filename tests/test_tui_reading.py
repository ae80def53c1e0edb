"""Pilot tests of reading an article as a person sees it: what the terminal shows after each
key (the painted screen, not only the screen's state)."""

from __future__ import annotations

from rich.segment import Segment
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.widgets.lookup_panel import LookupPanel
from reader.workspace import Workspace
from tests.tui_support import painted_rows, settle

LONG = "latepost-interview"


def article(pilot: Pilot[None]) -> ArticleScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


def view_rows(pilot: Pilot[None]) -> list[list[Segment]]:
    """The painted rows of the article view, cropped to it."""
    view = article(pilot).view
    region = view.region
    rows = painted_rows(pilot.app)[region.y : region.bottom]
    out = []
    for row in rows:
        cropped: list[Segment] = []
        x = 0
        for seg in row:
            width = seg.cell_length
            if x + width > region.x and x < region.right:
                cropped.append(seg)
            x += width
        out.append(cropped)
    return out


def shown_cursor(pilot: Pilot[None]) -> str:
    """The text painted with the word cursor's background."""
    view = article(pilot).view
    cursor = view.get_component_rich_style("article-view--cursor").bgcolor
    return "".join(
        seg.text
        for row in view_rows(pilot)
        for seg in row
        if seg.style and seg.style.bgcolor == cursor
    )


def marked_rows(pilot: Pilot[None]) -> list[int]:
    """Rows of the view whose gutter carries the current-sentence marker."""
    return [y for y, row in enumerate(view_rows(pilot)) if "▌" in "".join(s.text for s in row)[:4]]


def current_word(screen: ArticleScreen) -> str:
    view = screen.view
    assert view.cursor_token is not None
    return screen.reading[view.current].word_text(view.cursor_token)  # type: ignore[index]


async def test_look_up_highlight_follows_the_cursor_deep_in_an_article(
    workspace_session: Workspace,
) -> None:
    """h/l/j with the panel open move the painted highlight and marker, not only the panel."""
    for size in ((120, 34), (80, 24)):
        app = ReaderApp(workspace_session, open_slug=LONG, sentence=60)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = article(pilot)
            assert screen.view.scroll_offset.y > 0
            await pilot.press("l", "enter")
            await settle(pilot)
            assert screen.query_one(LookupPanel).has_class("-open")
            for keys in (("l",), ("l", "l"), ("h",), ("j",), ("j", "l"), ("k",)):
                await pilot.press(*keys)
                await settle(pilot)
                word = current_word(screen)
                assert shown_cursor(pilot) == word, (size, keys)
                panel = screen.query_one(LookupPanel).result
                assert panel is not None and panel.word == word
                first, last = screen.view.sentence_range(screen.current) or (0, 0)
                top = screen.view.scroll_offset.y
                chinese = [y - top for y in range(first, last + 1)]
                assert set(marked_rows(pilot)) & set(chinese), (size, keys)


async def test_opening_the_panel_keeps_the_sentence_and_its_english_in_view(
    workspace_session: Workspace,
) -> None:
    for size in ((120, 34), (80, 24)):
        app = ReaderApp(workspace_session, open_slug=LONG, sentence=0)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = article(pilot)
            view = screen.view
            # the last sentence on screen, then the panel opens (narrowing or shortening the view)
            while True:
                first, last = view.sentence_range(screen.current + 1) or (0, 0)
                if last >= view.scroll_offset.y + view.scrollable_content_region.height:
                    break
                await pilot.press("j")
            await pilot.press("l", "enter")
            await settle(pilot)
            first, last = view.sentence_range(screen.current) or (0, 0)
            top = view.scroll_offset.y
            height = view.scrollable_content_region.height
            if last - first < height:
                assert top <= first and last < top + height, (size, first, last, top, height)
            else:  # taller than the view: it starts at the top
                assert top == first
