"""Provides the look-up panel: a word's reading in context, dictionary senses and glossary entry."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.lookup import LookupResult
from reader.tui.css import css_beside

MAX_SENSES = 8


def render_lookup(result: LookupResult) -> Group:
    """The panel's content; all text is appended literally (never parsed as markup)."""
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
        if term.see_also:
            block.append("See also: " + ", ".join(term.see_also) + "\n", style="dim")
        parts.append(block)
    if result.matches:
        for word, entries in result.matches:
            block = Text()
            block.append(f"\n{word}", style="bold")
            for entry in entries:
                senses = list(entry.senses[:MAX_SENSES])
                more = len(entry.senses) - len(senses)
                block.append(f"  [{entry.pinyin_marks}]", style="italic")
                if entry.traditional != entry.simplified:
                    block.append(f"  {entry.simplified}/{entry.traditional}", style="dim")
                block.append("\n")
                for sense in senses:
                    block.append(f"  · {sense}\n")
                if more > 0:
                    block.append(f"  · … {more} more\n", style="dim")
            parts.append(block)
    elif result.term is None:
        parts.append(Text("\nNot in CC-CEDICT.", style="dim"))
    freq = Text()
    if result.frequency:
        freq.append(
            f"\nIn the corpus: {result.frequency}× in {result.articles} article"
            f"{'s' if result.articles != 1 else ''}.",
            style="dim",
        )
    parts.append(freq)
    return Group(*parts)


class LookupPanel(VerticalScroll):
    """A scrollable panel showing the current look-up; hidden until a word is looked up."""

    DEFAULT_CSS = css_beside(__file__)

    def compose(self):  # type: ignore[no-untyped-def]
        """A line for the word's level and state, and a Static holding the content."""
        yield Static("", id="lookup-info")  # HSK level, frequency, state (reader/tui/vocab)
        yield Static(Text("Looking up…", style="dim"), id="lookup-content")

    result: LookupResult | None = None

    def show(self, result: LookupResult) -> None:
        """Displays a result and scrolls to its top."""
        self.result = result
        self.query_one("#lookup-content", Static).update(render_lookup(result))
        self.show_info(Text())
        self.scroll_home(animate=False)

    def show_info(self, text: Text) -> None:
        """The word's HSK level, frequency and learning state, under the look-up."""
        self.query_one("#lookup-info", Static).update(text)

    def show_text(self, text: Text) -> None:
        """Displays other content (alternative translations) in the panel."""
        self.result = None
        self.query_one("#lookup-content", Static).update(text)
        self.show_info(Text())
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        """Displays a short message (loading, nothing to look up)."""
        self.result = None
        self.query_one("#lookup-content", Static).update(Text(message, style="dim"))
        self.show_info(Text())
