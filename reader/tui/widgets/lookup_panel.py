"""Provides the look-up panel: a word's reading in context, dictionary senses and glossary entry.

Long sense lists end in "… N more", which opens them all (click, or ``+``); a glossary term's
related entries are names that open the entry in the panel (click), with a way back to the word.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.glossary.model import Entry
from reader.lookup import LookupResult
from reader.plural import plural
from reader.tui.css import css_beside
from reader.tui.widgets.entry import entry_text, link, see_also_text

MAX_SENSES = 8
_MORE = link("screen.more_senses") + Style(dim=True)


def render_lookup(
    result: LookupResult, *, expanded: bool = False, see_also: Sequence[Entry] = ()
) -> Group:
    """The panel's content; all text is appended literally (never parsed as markup).

    ``expanded`` shows every sense of every headword; ``see_also`` are the entries the word's
    glossary term names, shown as names that open them.
    """
    parts: list[Text] = []
    head = Text()
    head.append(result.word, style="bold")
    if result.pinyin:
        head.append("  " + result.pinyin, style="italic")
    parts.append(head)
    if result.term is not None:
        term = result.term
        block = Text()
        block.append("\nGlossary · ", style="bold")
        block.append(term.en, style="bold underline")
        if term.abbr:
            block.append(f" ({', '.join(term.abbr)})")
        block.append(f"  [{term.category}]\n", style="dim")
        block.append(term.definition + "\n")
        if term.note:
            block.append(term.note + "\n", style="italic dim")
        block.append_text(see_also_text(see_also))
        parts.append(block)
    hidden = 0
    if result.matches:
        for word, entries in result.matches:
            block = Text()
            block.append(f"\n{word}", style="bold")
            for entry in entries:
                senses = list(entry.senses if expanded else entry.senses[:MAX_SENSES])
                hidden += len(entry.senses) - len(senses)
                block.append(f"  [{entry.pinyin_marks}]", style="italic")
                if entry.traditional != entry.simplified:
                    block.append(f"  {entry.simplified}/{entry.traditional}", style="dim")
                block.append("\n")
                for sense in senses:
                    block.append(f"  · {sense}\n")
                if len(entry.senses) > len(senses):
                    more = len(entry.senses) - len(senses)
                    block.append("  · ", style="dim")
                    block.append(f"… {more} more", style=_MORE)
                    block.append(" (+)\n", style="dim")
            parts.append(block)
    elif result.term is None:
        parts.append(Text("\nNot in CC-CEDICT.", style="dim"))
    if expanded:
        less = Text("\n")
        less.append("Fewer senses", style=_MORE)
        less.append(" (+)", style="dim")
        parts.append(less)
    freq = Text()
    if result.frequency:
        freq.append(
            f"\nIn the corpus: {result.frequency}× in {plural(result.articles, 'article')}.",
            style="dim",
        )
    parts.append(freq)
    return Group(*parts)


def has_more(result: LookupResult) -> bool:
    """Whether some headword has more senses than the panel shows at first."""
    return any(len(e.senses) > MAX_SENSES for _, entries in result.matches for e in entries)


class LookupPanel(VerticalScroll):
    """A scrollable panel showing the current look-up; hidden until a word is looked up."""

    DEFAULT_CSS = css_beside(__file__)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result: LookupResult | None = None
        self.see_also: tuple[Entry, ...] = ()
        self.expanded = False
        self.entry: Entry | None = None  # a related entry shown instead of the word

    def compose(self) -> ComposeResult:
        """A line for the word's level and state, and a Static holding the content."""
        yield Static("", id="lookup-info")  # HSK level, frequency, state (reader/tui/vocab)
        yield Static(Text("Looking up…", style="dim"), id="lookup-content")

    def _content(self) -> Static:
        return self.query_one("#lookup-content", Static)

    def show(self, result: LookupResult, see_also: Sequence[Entry] = ()) -> None:
        """Displays a word's look-up and scrolls to its top."""
        self.result, self.see_also, self.expanded, self.entry = result, tuple(see_also), False, None
        self._content().update(render_lookup(result, see_also=self.see_also))
        self.show_info(Text())
        self.scroll_home(animate=False)

    def toggle_senses(self) -> bool:
        """Shows every sense, or the first few again; False when there is nothing more."""
        if self.result is None or self.entry is not None:
            return False
        if not self.expanded and not has_more(self.result):
            return False
        self.expanded = not self.expanded
        self._content().update(
            render_lookup(self.result, expanded=self.expanded, see_also=self.see_also)
        )
        return True

    def show_entry(self, entry: Entry, see_also: Sequence[Entry] = ()) -> None:
        """Displays a related glossary entry, with a way back to the word."""
        self.entry = entry
        self._info().display = False  # the word's level is not the entry's
        text = Text()
        if self.result is not None:
            text.append("← back to ", style="dim")
            text.append(self.result.word, style=link("screen.panel_back") + Style(dim=True))
            text.append(" (esc)\n\n", style="dim")
        text.append_text(entry_text(entry, see_also))
        self._content().update(text)
        self.scroll_home(animate=False)

    def back(self) -> bool:
        """Back from a related entry to the word's look-up; False when not on an entry."""
        if self.entry is None or self.result is None:
            return False
        self.entry = None
        self._info().display = True
        self._content().update(
            render_lookup(self.result, expanded=self.expanded, see_also=self.see_also)
        )
        return True

    def show_info(self, text: Text) -> None:
        """The word's HSK level, frequency and learning state, under the look-up."""
        info = self._info()
        info.update(text)
        info.display = True

    def _info(self) -> Static:
        return self.query_one("#lookup-info", Static)

    def show_text(self, text: Text) -> None:
        """Displays other content (alternative translations) in the panel."""
        self.result, self.entry = None, None
        self._content().update(text)
        self.show_info(Text())
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        """Displays a short message (loading, nothing to look up)."""
        self.result, self.entry = None, None
        self._content().update(Text(message, style="dim"))
        self.show_info(Text())
