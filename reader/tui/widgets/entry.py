"""Provides a glossary entry as text, with its related entries as names that open them.

A related entry's name carries a click action (``screen.see_also('<id>')``): the look-up panel
and the glossary screen each open the entry in their own way. All text is appended literally
(never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from reader.glossary.model import Entry, Glossary


def related(glossary: Glossary, entry: Entry) -> list[Entry]:
    """The entries ``entry`` names in ``see_also`` that the glossary has, in its order."""
    return [found for i in entry.see_also if (found := glossary.get(i)) is not None]


def link(action: str) -> Style:
    """A style that runs ``action`` (on the screen) when clicked."""
    return Style(underline=True, meta={"@click": action})


def see_also_text(entries: Sequence[Entry], *, label: str = "See also: ") -> Text:
    """``See also: name (中文), name …`` with each name opening its entry when clicked."""
    text = Text()
    if not entries:
        return text
    text.append(label, style="dim")
    for n, entry in enumerate(entries):
        if n:
            text.append(", ", style="dim")
        text.append(entry.en, style=link(f"screen.see_also({entry.id!r})"))
        if entry.zh:
            text.append(f" {entry.zh[0]}", style="dim")
    text.append("\n")
    return text


def entry_text(entry: Entry, see_also: Sequence[Entry] = ()) -> Text:
    """The details of an entry: English, forms with pinyin, definition, note, related
    entries (``see_also``: the entries of ``entry.see_also``, for their names)."""
    text = Text()
    text.append(entry.en, style="bold")
    if entry.abbr:
        text.append(f"  ({', '.join(entry.abbr)})", style="bold")
    text.append(f"   {entry.category}\n", style="dim")
    for form, reading in zip(entry.zh, entry.pinyin, strict=False):
        text.append(form, style="bold")
        text.append(f"  {reading}\n", style="italic")
    if entry.aliases:
        text.append("Also: " + "; ".join(entry.aliases) + "\n", style="dim")
    text.append("\n" + entry.definition + "\n")
    if entry.note:
        text.append("\n" + entry.note + "\n", style="italic")
    if see_also:
        text.append("\n")
        text.append_text(see_also_text(see_also))
    if entry.source != "bundled":
        text.append("\n(from your glossary)\n", style="dim")
    return text
