"""Provides the help screen: every key binding of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = [
    ("ctrl+p", "Command palette: every action, and open any article"),
    ("ctrl+t", "Light or dark theme"),
    ("escape", "Close a panel or dialog, or go back"),
    ("ctrl+q", "Quit"),
]


def _keys(binding: Binding) -> str:
    names = {
        "question_mark": "?",
        "slash": "/",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "enter": "enter",
        "space": "space",
        "escape": "esc",
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
    }
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def bindings_table(screen: Screen[object]) -> Table:
    """The key bindings of a screen (and the general ones) as a table."""
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    seen = set()
    for binding in getattr(type(screen), "BINDINGS", []):
        if isinstance(binding, Binding) and binding.description and binding.key not in seen:
            seen.add(binding.key)
            table.add_row(Text(_keys(binding)), Text(binding.tooltip or binding.description))
    table.add_row("", "")
    for keys, what in GENERAL:
        table.add_row(Text(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]
    CSS_PATH = "help.tcss"

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        """A title and the table of bindings."""
        name = type(self.for_screen).__name__.removesuffix("Screen")
        with VerticalScroll():
            yield Static(Text(f"Keys — {name}"), id="help-title")
            yield Static(bindings_table(self.for_screen))
            yield Static(
                Text(
                    "\nPinyin colours follow tone: 1 red · 2 green · 3 blue · "
                    "4 purple · neutral grey (toggle in the command palette).\n"
                    "The gutter marks each translation: c curated, m machine "
                    "(argos), g word glosses, ! stale.",
                    style="dim",
                )
            )
