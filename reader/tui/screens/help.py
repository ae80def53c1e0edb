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
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "plus": "+",
    }
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def screen_bindings(screen: Screen[object]) -> list[Binding]:
    """The bindings a screen declares, its own before those it inherits, each key once."""
    found: list[Binding] = []
    keys: set[str] = set()
    for cls in type(screen).__mro__:
        for binding in cls.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            own = {k.strip() for k in binding.key.split(",")} - keys
            if own:
                keys |= own
                found.append(binding)
    return found


def bindings_table(screen: Screen[object]) -> Table:
    """The key bindings of a screen (and the general ones it does not take over) as a table;
    every key appears once."""
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    listed: set[str] = set()
    for binding in screen_bindings(screen):
        listed |= {k.strip() for k in binding.key.split(",")}
        table.add_row(Text(_keys(binding)), Text(binding.tooltip or binding.description))
    table.add_row("", "")
    for keys, what in GENERAL:
        if keys not in listed:
            table.add_row(Text(_keys(Binding(keys, ""))), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "dismiss", "Close"),
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
            note = getattr(self.for_screen, "KEYS_NOTE", "")
            if note:
                yield Static(Text("\n" + note, style="dim"), id="help-note")
