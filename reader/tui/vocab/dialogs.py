"""Provides the vocabulary's dialogs: edit a word's English and notes, confirm a deletion,
export the vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from reader.errors import ReaderError
from reader.tui.screens.base import ReaderModal
from reader.tui.vocab.messages import VocabularyExported
from reader.vocab.model import VocabEntry
from reader.vocab.reading import marks


class EditEntry(ReaderModal[tuple[str, str] | None]):
    """The English (senses separated by ;) and the notes of a saved word."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, entry: VocabEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        """The word, two inputs and the buttons."""
        with Vertical():
            yield Static(Text(f"{self.entry.word}  {marks(self.entry.reading)}", style="bold"))
            yield Label("English (senses separated by ;)")
            yield Input(self.entry.english, id="english")
            yield Label("Notes")
            yield Input(
                self.entry.notes, placeholder="mnemonics, usage, where you met it…", id="notes"
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")

    def on_mount(self) -> None:
        """The notes take the focus (the English is usually right)."""
        self.query_one("#notes" if self.entry.senses else "#english", Input).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        english = self.query_one("#english", Input).value
        notes = self.query_one("#notes", Input).value
        self.dismiss((english, notes))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Closes without a change."""
        self.dismiss(None)


class Confirm(ReaderModal[bool]):
    """A question with Yes and No (y / n, escape is no)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        """The question and the buttons."""
        with Vertical():
            yield Static(Text(self.question, style="bold"))
            if self.detail:
                yield Static(Text(self.detail, style="dim"))
            with Horizontal(classes="buttons"):
                yield Button("No", id="no")
                yield Button("Yes", variant="error", id="yes")

    def on_mount(self) -> None:
        """No has the focus: enter does not delete by accident."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Yes or No."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """The key's answer."""
        self.dismiss(yes)


class ExportVocabulary(ReaderModal[str | None]):
    """Which words and where; the format follows the file's extension. Returns the path."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    CSS_PATH = "dialogs.tcss"

    def __init__(self) -> None:
        super().__init__()
        self._confirmed: str | None = None  # a path whose replacement was asked for once

    def compose(self) -> ComposeResult:
        """Which words, the file, a hint and the buttons."""
        with Vertical():
            yield Static(Text("Export your vocabulary", style="bold"))
            yield Select(
                [
                    ("Every saved word", "all"),
                    ("Words being learnt", "learning"),
                    ("Known words", "known"),
                ],
                value="all",
                allow_blank=False,
                id="which",
            )
            yield Label("File (.apkg Anki deck, .csv, .tsv, .txt Pleco list)")
            yield Input(str(Path.home() / "reader-vocabulary.apkg"), id="path")
            yield Static(
                Text("Importing a new Anki export updates the cards you already have.", style="dim")
            )
            yield Static("", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")

    def on_mount(self) -> None:
        """The path takes the focus."""
        self.query_one("#path", Input).focus()

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        from reader.vocab.export import format_for

        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser()
        try:
            fmt = format_for(raw, None)
        except ReaderError as exc:
            self._error(str(exc).replace("; add --format", "; end it with"))
            return
        if path.exists() and self._confirmed != str(path):
            self._confirmed = str(path)
            self._error(f"{path} exists: press Export again to replace it.")
            return
        which = self.query_one("#which", Select).value
        self.query_one("#export", Button).disabled = True
        self._run(path, fmt, None if which == "all" else str(which))

    @work(thread=True, exclusive=True, group="vocab-export", exit_on_error=False)
    def _run(self, path: Path, fmt: str, state: str | None) -> None:
        from reader.vocab.export import export_vocabulary

        try:
            result = export_vocabulary(
                self.reader_app.vocabulary.store,
                path,
                fmt,  # type: ignore[arg-type]
                state=state,  # type: ignore[arg-type]
                force=True,
            )
        except ReaderError as exc:
            self.post_message(VocabularyExported(str(path), error=str(exc)))
            return
        self.post_message(VocabularyExported(str(path), result.words))

    def on_vocabulary_exported(self, message: VocabularyExported) -> None:
        """Closes with the path, or shows why not."""
        self.query_one("#export", Button).disabled = False
        if message.error is not None:
            self._error(message.error)
            return
        self.dismiss(f"{message.path} ({message.words} words)")

    def _error(self, text: str) -> None:
        self.query_one("#error", Static).update(Text(text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Closes without exporting."""
        self.dismiss(None)
