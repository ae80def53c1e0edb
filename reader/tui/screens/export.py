"""Provides the export dialog: choose layout and pinyin, write the bilingual Markdown file.

The suggested file is new (``slug.md``, else ``slug-2.md`` …) in the folder used last, else the
user's documents folder, never the working directory; an existing file is replaced only when
"Replace" is ticked, and a missing folder is created only when the reader says so.
"""

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


def export_folder(last: str | None) -> Path:
    """Where exports go: the folder used last if it is still there, else the user's documents
    folder, else the home folder."""
    if last and Path(last).expanduser().is_dir():
        return Path(last).expanduser()
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()


def free_path(folder: Path, slug: str) -> Path:
    """``folder/slug.md``, or the first of ``slug-2.md``, ``slug-3.md`` … that does not exist."""
    path = folder / f"{slug}.md"
    n = 2
    while path.exists():
        path = folder / f"{slug}-{n}.md"
        n += 1
    return path


class ExportDialog(ReaderModal[Path | None]):
    """Options and a path; returns the written file (or None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    CSS_PATH = "export.tcss"

    def __init__(self, slug: str, title: str, folder: Path) -> None:
        super().__init__()
        self.slug = slug
        self.article_title = title
        self.folder = folder
        self.create_folder: Path | None = None  # a missing folder the reader agreed to create

    def compose(self) -> ComposeResult:
        """The options, the path and the buttons (compact: the dialog fits at 80×24)."""
        with Vertical():
            yield Static(
                Text(f"Export “{self.article_title}” as bilingual Markdown"), id="export-title"
            )
            with Horizontal(id="choices"):
                yield Select(
                    [("Interleaved", "interleaved"), ("Table (GFM)", "table")],
                    value="interleaved",
                    allow_blank=False,
                    compact=True,
                    id="layout",
                )
                yield Select(
                    [("By sentence", "sentence"), ("By paragraph", "paragraph")],
                    value="sentence",
                    allow_blank=False,
                    compact=True,
                    id="granularity",
                )
                yield Select(
                    [("No pinyin", "none"), ("Ruby pinyin", "ruby"), ("Pinyin line", "inline")],
                    value="none",
                    allow_blank=False,
                    compact=True,
                    id="pinyin",
                )
            yield Checkbox(
                "Glossary of the terms in the article", value=True, compact=True, id="glossary"
            )
            yield Label("File")
            yield Input(str(free_path(self.folder, self.slug)), compact=True, id="path")
            yield Checkbox("Replace the file if it exists", value=False, compact=True, id="force")
            yield Static("", id="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", compact=True, id="cancel")
                yield Button("Export", variant="primary", compact=True, id="export")

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

    def target(self) -> Path:
        """The file the path box names: a folder there means ``<folder>/<slug>.md``, and a
        relative path is taken from the suggested folder (never the working directory)."""
        path = self.folder / Path(self.query_one("#path", Input).value.strip()).expanduser()
        return path / f"{self.slug}.md" if path.is_dir() else path

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        self.create_folder = None
        self._set_export_label()
        self._error("")

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        if not self.query_one("#path", Input).value.strip():
            self._error("Give a file name.")
            return
        path = self.target()
        force = self.query_one("#force", Checkbox).value
        folder = path.parent
        if not folder.exists() and self.create_folder != folder:
            self.create_folder = folder
            self._set_export_label()
            self._error(f"The folder {folder} does not exist: press Export again to create it.")
            return
        if path.is_file() and not force:
            self._error(f"{path} exists: tick “Replace the file” to overwrite it, or rename.")
            return
        self.query_one("#export", Button).disabled = True
        self._error("Exporting…")
        self.run_export(path, self.options(), force, self.create_folder == folder)

    def _set_export_label(self) -> None:
        button = self.query_one("#export", Button)
        button.label = "Create folder and export" if self.create_folder else "Export"

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path, options: ExportOptions, force: bool, create: bool) -> None:
        """Renders and writes the file off the UI thread (creating its folder when agreed)."""
        try:
            if create:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ReaderError(
                        f"Cannot create {path.parent}: {exc.strerror or exc}."
                    ) from None
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
