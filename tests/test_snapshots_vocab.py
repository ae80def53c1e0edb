"""SVG snapshots of the vocabulary's screens: word marks, the vocabulary, its dialogs, and the
library's difficulty at 80×24. Fixed terminal sizes, isolated user dirs, fixed dates.

Update after an intended change with
``uv run pytest tests/test_snapshots_vocab.py --snapshot-update`` and review the new SVGs.
"""

from __future__ import annotations

from dataclasses import replace

from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.vocab.capture import from_article
from reader.vocab.store import VocabStore
from reader.workspace import Workspace
from tests.test_snapshots import SIZE, SLUG, keys

ADDED = "2025-03-01T08:00:00+00:00"


def seed() -> None:
    """Three saved words (one with notes), some known words; dates fixed for the snapshots."""
    ws = Workspace()
    article = ws.corpus.load(SLUG)
    store = VocabStore()
    for word, notes in (("研发", "research & development"), ("融资", ""), ("算力", "")):
        entry = replace(from_article(ws, article, word), added=ADDED, notes=notes)
        store.save(entry)
    store.set_state(["的", "是", "在", "了", "他", "公司", "我们", "一个", "融资"], "known")


class TestVocabularySnapshots:
    """The learner's loop as the reader shows it."""

    def test_word_marks(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """New words on blue, words being learnt on amber, known words plain."""
        seed()
        state = StateStore()
        state.settings.word_marks = True
        state.save()
        app = ReaderApp(Workspace(), open_slug=SLUG, sentence=1)
        assert snap_compare(app, terminal_size=SIZE, run_before=keys())

    def test_look_up_with_level_line(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """The look-up's first line: HSK level, frequency and state of the word."""
        seed()
        app = ReaderApp(Workspace(), open_slug=SLUG, sentence=1)
        assert snap_compare(app, terminal_size=SIZE, run_before=keys("l", "l", "l", "enter"))

    def test_vocabulary_screen(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """The saved words and the highlighted one in full."""
        seed()
        assert snap_compare(ReaderApp(Workspace()), terminal_size=SIZE, run_before=keys("ctrl+b"))

    def test_edit_dialog(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """The English and notes of a saved word."""
        seed()
        assert snap_compare(
            ReaderApp(Workspace()), terminal_size=SIZE, run_before=keys("ctrl+b", "n")
        )

    def test_library_at_80_by_24(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """A narrow library: the difficulty under the table, no extra column."""
        seed()
        assert snap_compare(ReaderApp(Workspace()), terminal_size=(80, 24), run_before=keys())
