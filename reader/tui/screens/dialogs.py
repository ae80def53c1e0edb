"""Provides a modal message dialog for problems that need more than a notification."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class MessageDialog(ModalScreen[None]):
    """A title, an explanation and a scrollable list of details; escape or OK closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, title: str, message: str, details: list[str]) -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.details = details

    def compose(self) -> ComposeResult:
        """Title, message, details and a button."""
        with Vertical():
            yield Static(Text(self.dialog_title), id="title")
            yield Static(Text(self.message))
            with VerticalScroll():
                yield Static(Text("\n".join(self.details)), id="details")
            yield Button("OK", variant="primary", id="ok")

    def on_button_pressed(self) -> None:
        """OK closes the dialog."""
        self.dismiss()
