"""Provides the base of the reader's screens: typed access to the application."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

ResultT = TypeVar("ResultT")


class ReaderScreen(Screen[ResultT]):
    """A screen of the reader (its app is a ReaderApp)."""

    @property
    def reader_app(self) -> ReaderApp:
        """The application, typed."""
        return self.app  # type: ignore[return-value]

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's own entries in the command palette (none by default)."""
        return ()


class ResultsScreen(ReaderScreen[None]):
    """A screen with a query box above an OptionList ``#results`` (glossary, search).

    Down moves from the query into the results, escape goes back to where it was opened from.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("down", "focus_results", "Results", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def action_focus_results(self) -> None:
        """Moves the focus into the results, on the first one if none is highlighted."""
        results = self.query_one("#results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = results.highlighted or 0

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        self.app.pop_screen()


class ReaderModal(ModalScreen[ResultT]):
    """A modal dialog of the reader (its app is a ReaderApp)."""

    @property
    def reader_app(self) -> ReaderApp:
        """The application, typed."""
        return self.app  # type: ignore[return-value]
