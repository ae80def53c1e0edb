"""Pilot tests of reading an article as a person sees it: what the terminal shows after each
key (the painted screen, not only the screen's state)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.widgets.lookup_panel import LookupPanel
from reader.workspace import Workspace
from tests.tui_support import painted_rows, recorder, settle

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


def status(pilot: Pilot[None]) -> str:
    return str(article(pilot).query_one("#status").render())


async def test_pinyin_for_one_sentence_follows_the_cursor(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble", sentence=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        view = screen.view

        def with_pinyin() -> set[int]:
            return {s for line in view.document.lines if line.role == "py" for s in line.sentences}

        await pilot.press("P")
        await settle(pilot)
        assert with_pinyin() == {3} and "pinyin: this sentence" in status(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert with_pinyin() == {5} and "pinyin: this sentence" in status(pilot)
        await pilot.press("p")  # all of it
        await settle(pilot)
        assert len(with_pinyin()) > 50 and "pinyin on" in status(pilot)
        await pilot.press("P")  # back to the sentence only
        await settle(pilot)
        assert with_pinyin() == {5}
        await pilot.press("escape", "escape")
        await settle(pilot)
    again = ReaderApp(workspace_session, open_slug="yan-junjie-gamble")
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert article(pilot).pinyin_mode == "sentence"  # remembered
        await pilot.press("P")
        await settle(pilot)


async def test_english_only_layout_has_no_word_cursor_over_hidden_chinese(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble", sentence=1)
    notices = recorder(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        await pilot.press("l", "l")
        assert screen.view.cursor_token is not None
        await pilot.press("t", "t", "t")  # English only: the word cursor goes
        await settle(pilot)
        assert screen.view.options.mode == "en" and screen.view.cursor_token is None
        for key in ("l", "h", "enter"):
            await pilot.press(key)
            assert screen.view.cursor_token is None and not screen.word_mode
        assert any("English-only layout hides the Chinese" in n.message for n in notices)
        assert not screen.query_one(LookupPanel).has_class("-open")


async def test_the_word_cursor_wraps_to_the_neighbouring_sentences(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble", sentence=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        words = screen.reading[1].words()  # type: ignore[index]
        await pilot.press("l")
        await pilot.press(*["l"] * (len(words) - 1))
        assert (screen.current, screen.view.cursor_token) == (1, words[-1])
        await pilot.press("l")  # past the last word: the next sentence's first
        assert (screen.current, screen.view.cursor_token) == (2, screen.reading[2].words()[0])  # type: ignore[index]
        await pilot.press("h")  # and back to the last word of the one before
        assert (screen.current, screen.view.cursor_token) == (1, words[-1])


async def test_80_by_24_footer_status_and_text_fit(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session, open_slug="latepost-interview", sentence=40)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        from textual.widgets import Footer

        footer = screen.query_one(Footer)
        keys = [child for child in footer.children if child.display]
        assert keys and all(k.region.right <= 80 for k in keys)
        palette = [k for k in keys if "-command-palette" in k.classes]
        assert palette and all(
            k.region.right <= palette[0].region.x for k in keys if k is not palette[0]
        )  # no key hidden under the palette key
        for keys_pressed in ((), ("p",), ("t",), ("t",), ("t",)):
            await pilot.press(*keys_pressed)
            await settle(pilot)
            text = status(pilot)
            assert f"{screen.current + 1}/" in text and "curated" in text
            assert len(text) <= 78 and not text.endswith("…")
            view = screen.view
            assert view.virtual_size.width <= view.scrollable_content_region.width
            assert all(
                sum(cell_len(s.text) for s in row) <= view.region.width for row in view_rows(pilot)
            )


async def test_wide_terminals_keep_a_readable_line(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session, open_slug="latepost-interview", sentence=40)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        view = article(pilot).view
        assert view.options.width == 88  # the default readable width
        text_rows = [
            "".join(s.text for s in row).rstrip()
            for row in view_rows(pilot)
            if "".join(s.text for s in row).strip()
        ]
        margins = {len(r) - len(r.lstrip(" ▌cmg!")) for r in text_rows}
        assert min(margins) > 40  # centred, not hugging the left edge
        app.action_line_width()  # 100
        app.action_line_width()  # 120
        app.action_line_width()  # the terminal's width
        await settle(pilot)
        assert view.options.width > 150
        assert app.state.settings.line_width == 0


def find_on_screen(pilot: Pilot[None], text: str) -> tuple[int, int]:
    """The screen cell where ``text`` is painted first."""
    for y, row in enumerate(painted_rows(pilot.app)):
        line = "".join(seg.text for seg in row)
        if text in line:
            return cell_len(line[: line.index(text)]), y
    raise AssertionError(f"{text!r} is not on screen")


async def test_senses_expand_and_related_terms_open_in_the_panel(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session, open_slug="latepost-interview", sentence=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        assert screen.reading is not None
        position, token = next(
            (s.position, i)
            for s in screen.reading
            for i, t in enumerate(s.tokens or ())
            if t.term == "linear-attention"
        )
        screen.go_to(position)
        screen.word_mode = True
        screen._set_word(token)
        await pilot.press("enter")
        await settle(pilot)
        panel = screen.query_one(LookupPanel)
        assert [e.id for e in panel.see_also][:1] == ["lightning-attention"]
        x, y = find_on_screen(pilot, "Lightning Attention")
        await pilot.click(offset=(x + 1, y))  # the related term's name
        await settle(pilot)
        assert panel.entry is not None and panel.entry.id == "lightning-attention"
        await pilot.press("escape")  # back to the word
        assert panel.entry is None and panel.has_class("-open")
        await pilot.press("g")  # the glossary, at the term
        await settle(pilot)
        from reader.tui.screens.glossary import GlossaryScreen

        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        assert glossary.selected is not None and glossary.selected.id == "linear-attention"
        await pilot.press("escape")
        await settle(pilot)
        # a word with more senses than the panel shows at first
        screen = article(pilot)
        ws = workspace_session
        for state in screen.reading or ():
            tokens = state.tokens or ()
            found = [
                i
                for i, t in enumerate(tokens)
                if t.is_word
                and any(
                    len(e.senses) > 8
                    for _, entries in ws.dictionary.matches_at(state.sentence.text, t.start)
                    for e in entries
                )
            ]
            if found:
                break
        screen.go_to(state.position)
        screen._set_word(found[0])
        await settle(pilot)
        x, y = find_on_screen(pilot, "more (+)")
        await pilot.click(offset=(x + 1, y))  # "… N more"
        await settle(pilot)
        assert panel.expanded and "more (+)" not in str(panel.query_one("#lookup-content").render())
        await pilot.press("plus")  # fewer again
        assert not panel.expanded


async def test_a_click_on_a_word_looks_it_up(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble", sentence=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        x, y = find_on_screen(pilot, "战略投资")
        await pilot.click(offset=(x + 1, y))
        await settle(pilot)
        panel = screen.query_one(LookupPanel)
        assert panel.has_class("-open") and panel.result is not None
        assert panel.result.word == "战略投资" == current_word(screen)


async def test_headings_are_a_key_away(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble", sentence=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = article(pilot)
        assert screen.reading is not None
        headings = screen.reading.heading_positions()
        assert len(headings) >= 2
        await pilot.press("right_square_bracket")
        assert screen.current == headings[0] if headings[0] > 0 else headings[1]
        await pilot.press("right_square_bracket")
        second = screen.current
        await pilot.press("left_square_bracket")
        assert screen.current < second and screen.current in headings
