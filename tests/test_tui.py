"""Pilot tests: every screen and binding of the reader, asserting on state."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select

from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.dialogs import MessageDialog
from reader.tui.screens.export import ExportDialog
from reader.tui.screens.glossary import GlossaryScreen
from reader.tui.screens.help import HelpScreen, bindings_table
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.lookup_panel import LookupPanel
from reader.workspace import Workspace
from tests.tui_support import recorder, settle

SIZE = (100, 30)


def article(pilot: Pilot[None]) -> ArticleScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


@pytest.fixture
def app(workspace_session: Workspace) -> ReaderApp:
    return ReaderApp(workspace_session)


async def test_library_lists_filters_and_opens(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        column = table.get_column_index("english")
        english = [str(table.get_cell_at((r, column))) for r in range(5)]
        assert all(e == "100% curated" for e in english)
        await pilot.press("晚")  # typing in the table starts filtering
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "晚"
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert article(pilot).slug == "latepost-interview"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert table.row_count == 5


async def test_sentence_navigation_and_saved_position(
    app: ReaderApp, workspace_session: Workspace
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        screen = article(pilot)
        assert screen.current == 0
        await pilot.press("j", "j", "down")
        assert screen.current == 3
        await pilot.press("k", "up")
        assert screen.current == 1
        await pilot.press("end")
        assert screen.current == 83
        await pilot.press("home")
        assert screen.current == 0
        await pilot.press("pagedown")
        assert screen.current > 1
        where = screen.current
        await pilot.press("escape")
        await pilot.pause()
    saved = ReaderApp(workspace_session, open_slug="yan-junjie-gamble")
    async with saved.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert article(pilot).current == where


async def test_words_and_look_up(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 34)) as pilot:
        app.open_article("yan-junjie-gamble", 1)
        await settle(pilot)
        screen = article(pilot)
        view = screen.query_one(ArticleView)
        await pilot.press("l")
        first = view.cursor_token
        assert first is not None
        await pilot.press("l", "l")
        assert view.cursor_token is not None and view.cursor_token > first
        await pilot.press("h")
        await pilot.press("enter")
        await settle(pilot)
        panel = screen.query_one(LookupPanel)
        assert panel.has_class("-open")
        word = screen.reading[1].word_text(view.cursor_token)
        assert panel.result is not None and panel.result.word == word
        assert panel.result.matches or panel.result.term
        await pilot.press("escape")
        assert not panel.has_class("-open")
        await pilot.press("escape")  # leaves word mode
        assert view.cursor_token is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_look_up_shows_glossary_entry(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 34)) as pilot:
        app.open_article("ai-native-ceo")
        await settle(pilot)
        screen = article(pilot)
        position = next(s.position for s in screen.reading if "坐標下降法" in s.sentence.text)
        screen.go_to(position)
        tokens = screen.reading[position].tokens or ()
        term = next(i for i, t in enumerate(tokens) if t.term == "coordinate-descent")
        screen.word_mode = True
        screen._set_word(term)
        await pilot.press("space")
        await settle(pilot)
        result = screen.query_one(LookupPanel).result
        assert result is not None and result.term is not None
        assert result.term.en == "coordinate descent"


async def test_pinyin_layouts_script_and_reveal(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("three-hard-battles")
        await settle(pilot)
        screen = article(pilot)
        view = screen.query_one(ArticleView)
        assert not any(line.role == "py" for line in view.document.lines)
        await pilot.press("p")
        assert view.options.pinyin and any(line.role == "py" for line in view.document.lines)
        await pilot.press("p", "P")
        assert not view.options.pinyin
        py_sentences = {
            s for line in view.document.lines if line.role == "py" for s in line.sentences
        }
        assert py_sentences == {screen.current}
        modes = []
        for _ in range(4):
            await pilot.press("t")
            modes.append(view.options.mode)
        assert modes == ["side", "zh", "en", "interleaved"]
        await pilot.press("t", "t")  # Chinese only: the current sentence's English is revealed
        assert view.options.mode == "zh" and view.options.reveal == screen.current
        await pilot.press("r")
        assert view.options.reveal is None
        first = screen.reading[0].sentence.text
        await pilot.press("s")
        assert screen.script == "simplified"
        await pilot.press("s")
        assert screen.script == "traditional"
        shown = view.layouter.paragraphs[0].sentences[0].text
        assert shown != first and len(shown) == len(first)
        await pilot.press("s")
        assert screen.script == "original"


async def test_glossary_search_and_jump(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press(*"xianxing zhuyili")
        await settle(pilot)
        results = app.screen.query_one("#results", OptionList)
        assert results.get_option_at_index(0).id == "linear-attention"
        await pilot.press("enter")  # into the results
        await pilot.press("enter")  # into the occurrences
        await settle(pilot)
        occurrences = app.screen.query_one("#occurrences", OptionList)
        assert occurrences.option_count >= 2
        await pilot.press("enter")
        await settle(pilot)
        screen = article(pilot)
        assert "线性注意力" in screen.reading[screen.current].sentence.text


async def test_search_and_jump(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("hard-and-right")
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"规模定律")
        await settle(pilot)
        results = app.screen.query_one("#results", OptionList)
        assert results.option_count >= 1
        hit = app.screen.hits[0]
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = article(pilot)
        assert screen.slug == hit.slug and screen.current == hit.position
        assert len(app.screen_stack) == 3  # library, search, the article


async def test_export_dialog_writes_the_file(app: ReaderApp, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("three-hard-battles")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#path", Input).value = str(target)
        dialog.query_one("#pinyin", Select).value = "ruby"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = target.read_text(encoding="utf-8")
        assert "<ruby>" in text and "pinyin: ruby" in text
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")  # the file exists and "replace" is not ticked
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "exists: tick" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)


async def test_help_lists_bindings(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True)
        console.print(bindings_table(app.screen.for_screen))
        text = console.export_text()
        for words in (
            "Next sentence",
            "Look up the word",
            "Pinyin above every word",
            "Layout:",
            "Characters:",
            "Glossary of AI terms",
            "Correct the pinyin",
        ):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)


async def test_tone_colours_and_theme_persist(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        app.action_tone_colors()
        assert article(pilot).query_one(ArticleView).options.tone_colors is False
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
    again = ReaderApp(app.workspace)
    assert again.state.settings.tone_colors is False
    assert again.state.settings.theme == "textual-light"


async def test_markup_in_articles_is_shown_literally(
    tmp_path: Path, workspace_session: Workspace
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "markup.md").write_text(
        "---\ntitle: '[bold]标题[/]'\n---\n\n[bold]粗体[/] 和 [link=http://x]链接[/link] <b>加粗</b>。\n",
        encoding="utf-8",
    )
    ws = Workspace(str(folder))
    ws.__dict__["glossary"] = workspace_session.glossary
    ws.__dict__["analyzer"] = workspace_session.analyzer
    app = ReaderApp(ws, open_slug="markup")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = article(pilot).query_one(ArticleView)
        shown = "".join(sp.text for line in view.document.lines for sp in line.spans)
        assert "[bold]粗体[/]" in shown and "[link=http://x]链接[/link]" in shown
        assert "<b>加粗</b>" in shown


async def test_broken_glossary_shows_problems_and_reader_still_works(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.yaml"
    bad.write_text("entries:\n  - id: x\n    en: [unclosed\n", encoding="utf-8")
    app = ReaderApp(Workspace(glossary=bad))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert any("glossary.yaml:" in line for line in app.screen.details)
        await pilot.press("escape")
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        assert article(pilot).reading.analysed  # analysis works without the glossary


async def test_missing_corpus_is_a_message_not_a_crash(tmp_path: Path) -> None:
    app = ReaderApp(Workspace(str(tmp_path / "nowhere")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "could not be read" in str(app.screen.query_one("#empty").render())


async def test_unknown_article_slug_goes_back(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("no-such-article")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_untranslated_article_is_translated_in_the_background(
    installed_model: Path,
    article_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    import reader.tui.screens.article as article_module
    from reader.cli.main import main

    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    calls: list[tuple[bool, bool]] = []  # (on the UI thread, glosses computed)
    real = article_module.translations_for

    def spy(ws, article, *, glosses=True):  # type: ignore[no-untyped-def]
        calls.append((threading.current_thread() is threading.main_thread(), glosses))
        return real(ws, article, glosses=glosses)

    monkeypatch.setattr(article_module, "translations_for", spy)
    app = ReaderApp(Workspace(), open_slug="physics")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = article(pilot)
        await settle(pilot)  # analysis, glosses, then the model over the untranslated sentences
        await settle(pilot)
        engines = [s.translation.engine for s in screen.reading if s.translation]
        assert engines.count("argos") == 5 and engines.count("gloss") == 1  # one it can't do
        assert screen.progress is None
        view = screen.query_one(ArticleView)
        assert {view.engines[i] for i in range(len(screen.reading))} == {"argos", "gloss"}
        # the model rendered 规模定律 "scale law": the term is marked as missing from the English
        assert "scaling-law" in screen.reading[0].english.missing
        await pilot.press("T")  # nothing left that the model could do better
        assert screen.progress is None
    # the UI thread only read stored translations; glosses were computed in a worker
    assert calls[0] == (True, False)
    assert all(not ui for ui, glosses in calls if glosses)


async def test_translate_key_without_a_model_explains(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli.main import main

    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    app = ReaderApp(Workspace())  # this test's data dir holds the imported article
    notices = recorder(app)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article("physics")
        await settle(pilot)
        screen = article(pilot)
        assert {s.translation.engine for s in screen.reading if s.translation} == {"gloss"}
        await pilot.press("T")
        await pilot.pause()
        assert any("No Chinese→English model" in n.message for n in notices)


async def test_correct_a_reading_once_for_everywhere(isolated_dirs: Path) -> None:
    from reader.tui.screens.correct import CorrectReading

    app = ReaderApp(Workspace(), open_slug="yan-junjie-gamble", sentence=1)
    notices = recorder(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = article(pilot)
        await pilot.press("l")  # the first word is "MiniMax": R explains it has no reading
        await pilot.press("R")
        await pilot.pause()
        assert any("Only Chinese words" in n.message for n in notices)
        chinese = next(i for i, t in enumerate(screen.reading[1].tokens or ()) if any(t.pinyin))
        screen._set_word(chinese)
        word = screen.reading[1].word_text(chinese)
        await pilot.press("R")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectReading) and dialog.word == word
        box = dialog.query_one(Input)
        box.value = "x1"  # wrong syllable count: the dialog stays and says why
        await pilot.press("enter")
        assert isinstance(app.screen, CorrectReading)
        syllables = " ".join(["a1"] * len(word))
        box.value = syllables
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert (screen.reading[1].tokens or ())[chinese].pinyin[0] == "a1"
    assert f"{word}: {syllables}" in (isolated_dirs / "pinyin.yaml").read_text(encoding="utf-8")


async def test_tone_sandhi_setting_changes_the_display(isolated_dirs: Path) -> None:
    app = ReaderApp(Workspace(), open_slug="latepost-interview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = article(pilot)
        position = next(s.position for s in screen.reading if "不是" in s.sentence.text)
        text = screen.reading[position].sentence.text
        index = text.index("不是")

        def bu() -> str | None:
            return next(
                t.pinyin[index - t.start]
                for t in screen.reading[position].tokens or ()
                if t.start <= index < t.end
            )

        assert bu() == "bu4"
        app.action_tone_sandhi()
        await settle(pilot)
        assert bu() == "bu2"
    assert StateStore().settings.tone_sandhi is True


async def test_alternatives_for_the_current_sentence(
    installed_model: Path, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli.main import main

    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    app = ReaderApp(Workspace(), open_slug="physics")
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = article(pilot)
        await pilot.press("a")
        await settle(pilot)
        panel = screen.query_one(LookupPanel)
        assert panel.has_class("-open")
        shown = str(panel.query_one("#lookup-content").render())
        assert "Model, best first" in shown and "1. " in shown and "2. " in shown


async def test_a_corrupt_translation_cache_is_reported_and_curated_english_stays(
    isolated_dirs: Path, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli.main import main

    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    (isolated_dirs / "translations.sqlite").write_bytes(b"this is not a database" * 100)
    app = ReaderApp(Workspace(), open_slug="physics")
    notices = recorder(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = article(pilot)
        engines = {s.translation.engine for s in screen.reading if s.translation}
        assert engines == {"gloss"}  # rebuilt, used
        assert any(n.title == "Translation cache" for n in notices)
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        curated = article(pilot)
        assert {s.translation.engine for s in curated.reading if s.translation} == {"curated"}
    assert list(isolated_dirs.glob("translations.sqlite.broken-*"))


async def test_library_counts_translations_once_when_opened_on_an_article(
    workspace_session: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mount and the first resume both reload the library; only one count may run (a second,
    # exclusive one would cancel the first and read every article's translations twice).
    import reader.translation.lookup as lookup

    counted: list[str] = []
    real = lookup.translations_for

    def spy(ws, article, *, glosses=True):  # type: ignore[no-untyped-def]
        if not glosses:  # the library's count reads stored translations only
            counted.append(article.slug)
        return real(ws, article, glosses=glosses)

    monkeypatch.setattr(lookup, "translations_for", spy)
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert sorted(counted) == sorted(a.slug for a in workspace_session.corpus.articles())
        await pilot.press("escape")  # back in the library: counted again, once
        await settle(pilot)
        assert len(counted) == 10
