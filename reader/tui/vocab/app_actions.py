"""Provides the app's vocabulary actions: the vocabulary screen, the word-marks setting, and
passing the news that the vocabulary changed to every screen that shows it.

A mixin of :class:`~reader.tui.app.ReaderApp`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand

from reader.tui.vocab.messages import VocabularyChanged

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp
    from reader.vocab.session import VocabSession


class VocabAppActions:
    """The vocabulary session and the app-wide vocabulary actions."""

    @property
    def _app(self) -> ReaderApp:
        return cast("ReaderApp", self)

    @cached_property
    def vocabulary(self) -> VocabSession:
        """The learner's vocabulary (opened on first use)."""
        from reader.vocab.session import VocabSession

        return VocabSession()

    def action_vocabulary(self) -> None:
        """The vocabulary screen: saved words, their states, notes and export."""
        app = self._app
        if not app.is_screen_installed("vocabulary"):
            from reader.tui.vocab.screen import VocabularyScreen

            app.install_screen(VocabularyScreen(), "vocabulary")
        app._show_installed("vocabulary")

    def action_word_marks(self) -> None:
        """New and learning words marked in the text (LingQ-style), on or off; remembered."""
        app = self._app
        settings = app.state.settings
        settings.word_marks = not settings.word_marks
        app._save_settings()
        self.refresh_vocabulary()
        state = "on: new words blue, words being learnt amber" if settings.word_marks else "off"
        app.notify(f"Word marks {state}", timeout=3)

    def on_vocabulary_changed(self, message: VocabularyChanged) -> None:
        """A screen saved or marked words: every screen that shows states draws them again."""
        self.refresh_vocabulary()

    def refresh_vocabulary(self) -> None:
        """Redraws word marks in open articles and the library's and vocabulary's figures."""
        from reader.tui.screens.article import ArticleScreen

        for screen in self._app.screen_stack:
            if isinstance(screen, ArticleScreen):
                screen.refresh_marks()
        for name in ("vocabulary",):
            if self._app.is_screen_installed(name):
                screen = self._app.get_screen(name)
                refresh = getattr(screen, "refresh_vocabulary", None)
                if refresh is not None and screen.is_attached:
                    refresh()

    def vocabulary_commands(self) -> Iterator[SystemCommand]:
        """The vocabulary's entries in the command palette."""
        yield SystemCommand(
            "Vocabulary", "Your saved words, known words and export (v)", self.action_vocabulary
        )
        yield SystemCommand(
            "Word marks",
            "Mark new and learning words in the text, LingQ-style, on or off",
            self.action_word_marks,
        )
