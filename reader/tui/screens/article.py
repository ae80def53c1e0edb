"""Provides the article screen: each Chinese sentence with its English."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reader.errors import ReaderError
from reader.translation.lookup import translations_for
from reader.workspace import Workspace


class ArticleScreen(Screen[None]):
    """Shows an article sentence by sentence (interleaved Chinese and English)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, workspace: Workspace, slug: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.slug = slug

    def compose(self) -> ComposeResult:
        """The article body in a scrolling column."""
        yield Header()
        yield VerticalScroll(id="body")
        yield Footer()

    def on_mount(self) -> None:
        """Renders the article; errors become a notification."""
        body = self.query_one("#body", VerticalScroll)
        try:
            article = self.workspace.corpus.load(self.slug)
            translated = translations_for(self.workspace, article)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.title = article.meta.title
        for paragraph in article.paragraphs:
            text = Text()
            for sentence in paragraph.sentences:
                style = "bold" if paragraph.kind == "heading" else ""
                text.append(sentence.text + "\n", style=style)  # Text.append never parses markup
                if (t := translated.get(sentence.id)) is not None:
                    text.append(t.text + "\n", style="italic dim")
            body.mount(Static(text))
