"""Pilot tests of the learner's loop in the reader: saving, marking, word marks, the look-up's
level line, the vocabulary screen, exporting, and the library's difficulty and progress."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.vocab.dialogs import Confirm, EditEntry, ExportVocabulary
from reader.tui.vocab.screen import VocabularyScreen
from reader.tui.widgets.lookup_panel import LookupPanel
from reader.vocab.model import VocabEntry
from reader.vocab.store import VocabStore
from reader.workspace import Workspace
from tests.tui_support import settle

SIZE = (120, 34)
SLUG = "three-hard-battles"


@pytest.fixture
def app(workspace_session: Workspace) -> ReaderApp:
    return ReaderApp(workspace_session)


def article(pilot: Pilot[None]) -> ArticleScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


async def open_at_word(pilot: Pilot[None], word: str) -> ArticleScreen:
    """Opens the article at the first sentence with ``word`` and puts the cursor on it."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    app.open_article(SLUG)
    await settle(pilot)
    screen = article(pilot)
    assert screen.reading is not None
    position, token = next(
        (s.position, i)
        for s in screen.reading
        for i, _ in enumerate(s.tokens or ())
        if s.word_text(i) == word
    )
    screen.go_to(position)
    screen.word_mode = True
    screen._set_word(token)
    await settle(pilot)
    return screen


async def test_save_a_word_with_its_sentence(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at_word(pilot, "创业")
        await pilot.press("w")
        await settle(pilot)
        [entry] = VocabStore().entries()
        state = screen.reading[screen.current]  # type: ignore[index]
        assert entry.word == "创业" and entry.reading == "chuang4 ye4"
        assert entry.senses[0] == "to begin an undertaking" and entry.sense_source == "cedict"
        assert entry.sentence == state.sentence.text and entry.sentence_id == state.sentence.id
        assert entry.sentence_en == state.translation.text  # type: ignore[union-attr]
        assert entry.slug == SLUG and entry.word_start == state.sentence.text.index("创业")
        assert app.vocabulary.state("创业") == "learning"
        await pilot.press("w")  # again: the same entry, no copy
        await settle(pilot)
        assert VocabStore().count() == 1


async def test_save_keeps_citation_tones_when_sandhi_is_shown(app: ReaderApp) -> None:
    app.state.settings.tone_sandhi = True
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(SLUG)
        await settle(pilot)
        screen = article(pilot)
        assert screen.reading is not None
        position, token = next(
            (s.position, i)
            for s in screen.reading
            for i, t in enumerate(s.tokens or ())
            if s.word_text(i) == "不是"
        )
        assert screen.reading[position].tokens[token].pinyin == ("bu2", "shi4")  # type: ignore[index]
        screen.go_to(position)
        screen.word_mode = True
        screen._set_word(token)
        await pilot.press("w")
        await settle(pilot)
        assert VocabStore().find("不是")[0].reading == "bu4 shi4"


async def test_a_word_in_no_dictionary_is_saved_without_english(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_at_word(pilot, "闫俊杰")
        await pilot.press("w")
        await settle(pilot)
        [entry] = VocabStore().find("闫俊杰")
        assert entry.senses == ()
        assert any("in no dictionary" in n.message for n in app._notifications)


async def test_mark_known_and_back(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_at_word(pilot, "公司")
        await pilot.press("m")
        assert VocabStore().state("公司") == "known"
        await pilot.press("m")  # not saved: back to new
        assert VocabStore().state("公司") == "new"
        await pilot.press("w", "m")
        await settle(pilot)
        await pilot.press("m")  # saved: back to learning
        assert VocabStore().state("公司") == "learning"


async def test_mark_a_sentences_new_words_known(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at_word(pilot, "创业")
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("M")
        states = VocabStore().states()
        assert states.pop("创业") == "learning"  # words being learnt stay
        sentence = screen.reading[screen.current]  # type: ignore[index]
        words = {sentence.word_text(i) for i in sentence.words()} - {"创业"}
        assert states == dict.fromkeys(words, "known")
        assert all(ch not in states for ch in "，？。")  # punctuation is no word


async def test_moving_to_a_word_first(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(SLUG)
        await settle(pilot)
        await pilot.press("w")
        await pilot.press("m")
        await settle(pilot)
        assert VocabStore().count() == 0 and VocabStore().states() == {}
        assert any("Move to a word first" in n.message for n in app._notifications)


async def test_word_marks(app: ReaderApp) -> None:
    VocabStore().set_state(["资源"], "known")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at_word(pilot, "资源")
        await pilot.press("l")  # the next word (本来), new
        paragraphs = screen.view.layouter.paragraphs
        assert all(not s.word_marks for p in paragraphs for s in p.sentences)  # off by default
        app.action_word_marks()
        await settle(pilot)
        assert StateStore().settings.word_marks  # remembered
        sentence = next(
            s
            for p in screen.view.layouter.paragraphs
            for s in p.sentences
            if s.index == screen.current
        )
        state = screen.reading[screen.current]  # type: ignore[index]
        words = [state.word_text(i) for i in range(len(sentence.word_marks))]
        marks = dict(zip(words, sentence.word_marks, strict=True))
        assert marks["资源"] == "" and marks["本来"] == "word-new" and marks["，"] == ""
        await pilot.press("w")  # the word is being learnt now: its mark follows
        await settle(pilot)
        sentence = next(
            s
            for p in screen.view.layouter.paragraphs
            for s in p.sentences
            if s.index == screen.current
        )
        token = screen.view.cursor_token
        assert token is not None and sentence.word_marks[token] == "word-learning"


async def test_look_up_shows_level_frequency_and_state(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_at_word(pilot, "资源")
        await pilot.press("enter")
        await settle(pilot)
        info = str(screen.query_one("#lookup-info", Static).render())
        assert info.startswith("HSK 5 · common (Zipf ") and info.endswith(
            " · new\nw save · m known"
        )
        await pilot.press("m")
        await settle(pilot)
        info = str(screen.query_one("#lookup-info", Static).render())
        assert info.endswith("· known\nw save · m learning")
        assert screen.query_one(LookupPanel).result is not None


def seed(store: VocabStore) -> tuple[VocabEntry, VocabEntry]:
    from reader.vocab.capture import from_article

    ws = Workspace()
    article = ws.corpus.load(SLUG)
    first, _ = store.save(from_article(ws, article, "创业"))
    second, _ = store.save(from_article(ws, article, "资源"))
    return first, second


async def test_vocabulary_screen_lists_searches_and_jumps_back(app: ReaderApp) -> None:
    first, _ = seed(VocabStore())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")  # from the library (letters there start the filter)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VocabularyScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("slash")
        await pilot.press(*"chuangye")
        await settle(pilot)
        assert table.row_count == 1 and screen.selected() == first
        detail = str(screen.query_one("#detail", Static).render())
        assert "创业" in detail and first.sentence_en in detail
        await pilot.press("enter", "enter")  # leave the search box, then open
        await settle(pilot)
        reader = article(pilot)
        assert reader.slug == SLUG
        assert reader.reading[reader.current].sentence.id == first.sentence_id  # type: ignore[index]


async def test_vocabulary_screen_edits_marks_and_deletes(app: ReaderApp) -> None:
    seed(VocabStore())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_vocabulary()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VocabularyScreen)
        target = screen.selected()
        assert target is not None
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditEntry)
        app.screen.query_one("#english", Input).value = "resources; means"
        app.screen.query_one("#notes", Input).value = "met twice"
        await pilot.press("enter")
        await settle(pilot)
        edited = VocabStore().get(target.id)  # type: ignore[arg-type]
        assert edited is not None and edited.senses == ("resources", "means")
        assert edited.notes == "met twice" and edited.sense_source == "user"
        await pilot.press("m")
        await settle(pilot)
        assert VocabStore().state(target.simplified) == "known"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # no: nothing is deleted
        await settle(pilot)
        assert VocabStore().count() == 2
        await pilot.press("d", "y")
        await settle(pilot)
        assert VocabStore().count() == 1 and screen.query_one(DataTable).row_count == 1
        assert VocabStore().state(target.simplified) == "known"  # the state stays


async def test_export_from_the_vocabulary_screen(app: ReaderApp, tmp_path: Path) -> None:
    seed(VocabStore())
    target = tmp_path / "deck.apkg"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_vocabulary()
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportVocabulary)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VocabularyScreen)
        with zipfile.ZipFile(target) as archive:
            assert "collection.anki2" in archive.namelist()
        # Again to the same file: asks once, then replaces it.
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportVocabulary)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "exists" in str(dialog.query_one("#error", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VocabularyScreen)


async def test_a_damaged_vocabulary_is_reported_not_fatal(
    app: ReaderApp, isolated_dirs: Path
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "vocabulary.sqlite").write_bytes(b"not a database" * 100)
    async with app.run_test(size=SIZE) as pilot:
        await open_at_word(pilot, "创业")
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert any("left as it is" in n.message for n in app._notifications)
        assert (isolated_dirs / "vocabulary.sqlite").read_bytes() == b"not a database" * 100


async def test_library_difficulty_order_and_progress(app: ReaderApp) -> None:
    VocabStore().set_state(["的", "是", "我们", "公司", "创业"], "known")
    state = StateStore()
    # Read as far as sentence 40 of three-hard-battles, then went back to the start.
    from reader.state import ArticleState

    state.set_article(SLUG, ArticleState(sentence=40))
    state.set_article(SLUG, ArticleState(sentence=0))
    app.state = StateStore()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        columns = [str(c.label) for c in table.columns.values()]
        assert columns[-1] == "Known · new"
        assert set(screen.difficulty) == {r.slug for r in screen.rows}
        read = str(table.get_cell(SLUG, "read"))
        assert read == f"{41 / 75:.0%}"  # the furthest sentence, not the current one
        known = str(table.get_cell(SLUG, "known"))
        d = screen.difficulty[SLUG]
        assert known == f"{d.known_share:.0%} · {d.new_words}" and d.known > 0
        for _ in range(10):  # ctrl+o cycles the sorts: on to "known words, easiest first"
            await pilot.press("ctrl+o")
            if screen.sort == "known":
                break
        await settle(pilot)
        assert screen.sort == "known"
        order = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        shares = [screen.difficulty[slug].sort_key for slug in order]
        assert shares == sorted(shares)
        await pilot.press("ctrl+r")  # hardest first
        await settle(pilot)
        order = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        assert [screen.difficulty[s].sort_key for s in order] == sorted(shares, reverse=True)
        detail = str(screen.query_one("#difficulty", Static).render())
        assert "known" in detail and "Words by level: HSK 1" in detail


async def test_library_difficulty_comes_from_the_index_and_follows_marks(
    app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles are segmented once (their word counts are kept in the library index); a word
    marked known changes the column at the next showing without segmenting anything again."""
    import reader.vocab.difficulty as vocab_difficulty

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        before = screen.difficulty[SLUG]
        assert app.workspace.library.words_to_count() == 0

        def no_segmenting(*args: object) -> list[str]:
            raise AssertionError("an article was segmented again")

        monkeypatch.setattr(vocab_difficulty, "article_words", no_segmenting)
        app.vocabulary.set_state(["公司"], "known")
        screen.reload()  # as when coming back from an article
        await settle(pilot)
        after = screen.difficulty[SLUG]
        assert after.known > before.known and after.new_words == before.new_words - 1
        cell = str(screen.query_one(DataTable).get_cell(SLUG, "known"))
        assert cell == f"{after.known_share:.0%} · {after.new_words}"


async def test_library_at_80_columns_keeps_difficulty_under_the_table(app: ReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        assert "known" not in table.columns
        assert "new" in str(screen.query_one("#difficulty", Static).render())


def test_vocabulary_file_untouched_by_reading_only(isolated_dirs: Path) -> None:
    """Opening the library or an article never creates the vocabulary file."""
    store = VocabStore()
    assert store.states() == {} and not (isolated_dirs / "vocabulary.sqlite").exists()
    store.set_state(["的"], "known")
    with sqlite3.connect(isolated_dirs / "vocabulary.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM states").fetchone()[0] == 1


def test_the_furthest_sentence_read_only_grows(isolated_dirs: Path) -> None:
    from reader.state import ArticleState

    state = StateStore()
    state.set_article(SLUG, ArticleState(sentence=12))
    state.set_article(SLUG, ArticleState(sentence=3))
    assert StateStore().article(SLUG).furthest == 12
    assert StateStore().article(SLUG).sentence == 3
    # A file written before the furthest sentence was kept.
    old_file = {"articles": {SLUG: {"sentence": 7}}}
    (isolated_dirs / "state.json").write_text(json.dumps(old_file), encoding="utf-8")
    old = StateStore()
    assert old.article(SLUG).furthest == 0
    old.set_article(SLUG, old.article(SLUG))
    assert StateStore().article(SLUG).furthest == 7
