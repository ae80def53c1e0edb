"""Provides the Textual application."""

from __future__ import annotations

from textual.app import App

from reader.tui.screens.library import LibraryScreen
from reader.workspace import Workspace


class ReaderApp(App[None]):
    """The bilingual reader."""

    TITLE = "reader"
    SUB_TITLE = "Chinese · English"

    def __init__(self, workspace: Workspace, open_slug: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.open_slug = open_slug

    def on_mount(self) -> None:
        """Shows the library, and the requested article on top of it."""
        self.push_screen(LibraryScreen(self.workspace))
        if self.open_slug:
            from reader.tui.screens.article import ArticleScreen

            self.push_screen(ArticleScreen(self.workspace, self.open_slug))
