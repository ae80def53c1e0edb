"""Provides the export dialog: choose layout and pinyin, write the bilingual Markdown file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from reader.errors import ReaderError
from reader.export.options import ExportOptions
from reader.export.write import export_articles
from reader.tui.screens.base import ReaderModal


class ExportDialog(ReaderModal[Path | None]):
    """Options and a path; returns the written file (or None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    CSS_PATH = "export.tcss"

    def __init__(self, slug: str, title: str) -> None:
        super().__init__()
        self.slug = slug
        self.article_title = title

    def compose(self) -> ComposeResult:
        """The options, the path and the buttons."""
        with Vertical():
            yield Static(
                Text(f"Export “{self.article_title}” as bilingual Markdown"), id="export-title"
            )
            with Horizontal():
                yield Select(
                    [("Interleaved", "interleaved"), ("Table (GFM)", "table")],
                    value="interleaved",
                    allow_blank=False,
                    id="layout",
                )
                yield Select(
                    [("By sentence", "sentence"), ("By paragraph", "paragraph")],
                    value="sentence",
                    allow_blank=False,
                    id="granularity",
                )
                yield Select(
                    [("No pinyin", "none"), ("Ruby pinyin", "ruby"), ("Pinyin line", "inline")],
                    value="none",
                    allow_blank=False,
                    id="pinyin",
                )
            yield Checkbox("Glossary of the terms in the article", value=True, id="glossary")
            yield Label("File")
            yield Input(str(Path.cwd() / f"{self.slug}.md"), id="path")
            yield Checkbox("Replace the file if it exists", value=False, id="force")
            yield Static("", id="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")

    def on_mount(self) -> None:
        """The path box takes the focus, ready to edit."""
        self.query_one("#path", Input).focus()

    def options(self) -> ExportOptions:
        """The chosen options."""
        return ExportOptions(
            layout=self.query_one("#layout", Select).value,  # type: ignore[arg-type]
            granularity=self.query_one("#granularity", Select).value,  # type: ignore[arg-type]
            pinyin=self.query_one("#pinyin", Select).value,  # type: ignore[arg-type]
            glossary=self.query_one("#glossary", Checkbox).value,
        )

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name:
            self._error("Give a file name.")
            return
        self.query_one("#export", Button).disabled = True
        self._error("Exporting…")
        self.run_export(path, self.options(), self.query_one("#force", Checkbox).value)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path, options: ExportOptions, force: bool) -> None:
        """Renders and writes the file off the UI thread."""
        try:
            written = export_articles(
                self.reader_app.workspace, [self.slug], path, options, force=force
            )
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, written[0] if written else path)

    def _failed(self, message: str) -> None:
        self.query_one("#export", Button).disabled = False
        self._error(message)

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Closes without writing."""
        self.dismiss(None)
