"""Provides the list of the user's pinyin corrections, where each can be undone."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.errors import ReaderError
from reader.pinyin.overrides import Correction, load_corrections, remove_correction


class CorrectionsScreen(ModalScreen[bool]):
    """Every correction of ``pinyin.yaml``; ``d`` or delete undoes the highlighted one.

    Dismissed with True when something was removed (the readings must be computed again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,delete", "remove", "Undo correction"),
        Binding("escape", "close", "Close"),
    ]
    DEFAULT_CSS = """
    CorrectionsScreen { align: center middle; }
    CorrectionsScreen > Vertical { width: 90; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 1 2; }
    CorrectionsScreen OptionList { height: auto; max-height: 20; margin: 1 0; }
    CorrectionsScreen #empty { margin: 1 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.corrections: list[Correction] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        """A title, the list and the keys."""
        with Vertical():
            yield Static(Text("Pinyin corrections", style="bold"))
            yield OptionList(id="corrections")
            yield Static("", id="empty")
            yield Static(Text("d  undo the highlighted correction   Esc  close", style="dim"))

    def on_mount(self) -> None:
        """Loads the corrections."""
        self._reload()

    def _reload(self) -> None:
        try:
            self.corrections = load_corrections()
        except ReaderError as exc:
            self.corrections = []
            self.query_one("#empty", Static).update(Text(str(exc)))
            self.query_one("#empty", Static).display = True
            self.query_one("#corrections", OptionList).display = False
            return
        options = self.query_one("#corrections", OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        options.add_options([Option(Text(c.describe())) for c in self.corrections])
        options.display = bool(self.corrections)
        empty = self.query_one("#empty", Static)
        empty.display = not self.corrections
        if self.corrections:
            options.highlighted = min(highlighted, len(self.corrections) - 1)
            options.focus()
        else:
            empty.update("No corrections yet: press R on a word.")

    def action_remove(self) -> None:
        """Undoes the highlighted correction."""
        index = self.query_one("#corrections", OptionList).highlighted
        if index is None or index >= len(self.corrections):
            return
        correction = self.corrections[index]
        try:
            removed = remove_correction(correction)
        except ReaderError as exc:
            self.notify(str(exc), severity="error")
            return
        if removed:
            self.changed = True
            self.notify(f"Undone: {correction.word} {correction.reading}", timeout=3)
        self._reload()

    def action_close(self) -> None:
        """Closes the list."""
        self.dismiss(self.changed)
