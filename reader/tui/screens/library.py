"""Provides the library screen: the articles of the corpus."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from reader.errors import ReaderError
from reader.workspace import Workspace


class LibraryScreen(Screen[None]):
    """Lists the articles; enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        """A header, the article table and the footer."""
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fills the table from the corpus."""
        table = self.query_one(DataTable)
        table.add_columns("Title", "Author / source", "Date", "Sentences")
        try:
            articles = self.workspace.corpus.articles()
        except ReaderError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        for article in articles:
            m = article.meta
            table.add_row(
                m.title,
                m.author or m.source or "",
                m.date or "",
                str(article.sentence_count()),
                key=m.slug,
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Opens the selected article."""
        from reader.tui.screens.article import ArticleScreen

        if event.row_key.value:
            self.app.push_screen(ArticleScreen(self.workspace, event.row_key.value))
