"""Provides the dialog that corrects a word's pinyin once, for every article."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.errors import ReaderError
from reader.pinyin.overrides import overrides_path, save_override


class CorrectReading(ModalScreen[str | None]):
    """An input prefilled with the current reading; enter saves it to ``pinyin.yaml``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    CorrectReading { align: center middle; }
    CorrectReading > Vertical { width: 64; height: auto; border: thick $accent;
        background: $panel; padding: 1 2; }
    CorrectReading #error { color: $error; height: auto; }
    """

    def __init__(self, word: str, reading: str) -> None:
        super().__init__()
        self.word = word
        self.reading = reading

    def compose(self) -> ComposeResult:
        """The word, the reading to edit and a hint."""
        with Vertical():
            yield Static(Text(f"How is {self.word} read?", style="bold"))
            yield Input(self.reading, id="reading")
            yield Static(
                Text(
                    "Tone marks or numbers, one syllable per character "
                    "(yín háng or yin2 hang2). Saved in "
                    f"{overrides_path()} and used everywhere.",
                    style="dim",
                )
            )
            yield Static("", id="error")

    @on(Input.Submitted, "#reading")
    def _save(self, event: Input.Submitted) -> None:
        try:
            save_override(self.word, event.value)
        except ValueError as exc:
            self.query_one("#error", Static).update(Text(f"{self.word}: {exc}."))
            return
        except ReaderError as exc:
            self.query_one("#error", Static).update(Text(str(exc)))
            return
        self.dismiss(self.word)

    def action_cancel(self) -> None:
        """Closes without saving."""
        self.dismiss(None)
