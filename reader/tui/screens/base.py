"""Provides the base of the reader's screens: typed access to the application."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

ResultT = TypeVar("ResultT")


class ReaderScreen(Screen[ResultT]):
    """A screen of the reader (its app is a ReaderApp)."""

    @property
    def reader_app(self) -> ReaderApp:
        """The application, typed."""
        return self.app  # type: ignore[return-value]


class ReaderModal(ModalScreen[ResultT]):
    """A modal dialog of the reader (its app is a ReaderApp)."""

    @property
    def reader_app(self) -> ReaderApp:
        """The application, typed."""
        return self.app  # type: ignore[return-value]
