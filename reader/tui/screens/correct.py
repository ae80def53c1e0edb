"""Provides the dialog that corrects a word's pinyin: for this occurrence or the word everywhere."""

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
from reader.pinyin.overrides import Correction, CorrectionTarget, overrides_path
from reader.pinyin.syllables import to_marks


class CorrectReading(ModalScreen[Correction | None]):
    """An input prefilled with the current reading; enter keeps it for this occurrence, ctrl+s
    for the word everywhere (a bare character together with its neighbour: 清晰地)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save_everywhere", "This word everywhere"),
    ]
    DEFAULT_CSS = """
    CorrectReading { align: center middle; }
    CorrectReading > Vertical { width: 72; max-width: 95%; height: auto; border: thick $accent;
        background: $panel; padding: 1 2; }
    CorrectReading #context { margin-bottom: 1; }
    CorrectReading #keys { margin-top: 1; }
    CorrectReading #error { color: $error; height: auto; }
    """

    def __init__(self, target: CorrectionTarget) -> None:
        super().__init__()
        self.target = target
        self.word = target.word
        self.reading = " ".join(to_marks(s) for s in target.syllables if s)

    def compose(self) -> ComposeResult:
        """The word in its sentence, the reading to edit, the two scopes and their keys."""
        t = self.target
        with Vertical():
            yield Static(Text(f"How is {t.word} read here?", style="bold"))
            context = Text(t.sentence[max(0, t.at - 16) : t.at], style="dim")
            context.append(t.word, style="bold reverse")
            context.append(t.sentence[t.at + len(t.word) : t.at + len(t.word) + 16], style="dim")
            yield Static(context, id="context")
            yield Input(self.reading, id="reading")
            yield Static(
                Text("Tone marks or numbers, one syllable per character (dì or di4).", style="dim")
            )
            yield Static(self._keys(self.reading), id="keys")
            yield Static("", id="error")

    def _keys(self, reading: str) -> Text:
        """The scopes and their keys, with the word-wide correction as it would be saved."""
        t = self.target
        try:
            preview = f"{t.phrase} → {t.everywhere_reading(reading)}"
        except ValueError:
            preview = t.phrase
        keys = Text()
        keys.append("Enter ", style="bold")
        keys.append("  this occurrence only\n")
        keys.append("Ctrl+S", style="bold")
        keys.append(f"  this word everywhere: {preview}\n")
        keys.append("Esc   ", style="bold")
        keys.append("  cancel\n")
        keys.append(f"Saved in {overrides_path()}; C lists them to undo.", style="dim")
        return keys

    @on(Input.Changed, "#reading")
    def _preview(self, event: Input.Changed) -> None:
        self.query_one("#keys", Static).update(self._keys(event.value))

    @on(Input.Submitted, "#reading")
    def _save_here(self, event: Input.Submitted) -> None:
        self._save(event.value, everywhere=False)

    def action_save_everywhere(self) -> None:
        """Saves the reading for the word everywhere."""
        self._save(self.query_one("#reading", Input).value, everywhere=True)

    def _save(self, reading: str, *, everywhere: bool) -> None:
        try:
            correction = self.target.save(reading, everywhere=everywhere)
        except ValueError as exc:
            self.query_one("#error", Static).update(Text(f"{self.word}: {exc}."))
            return
        except ReaderError as exc:
            self.query_one("#error", Static).update(Text(str(exc)))
            return
        self.dismiss(correction)

    def action_cancel(self) -> None:
        """Closes without saving."""
        self.dismiss(None)
