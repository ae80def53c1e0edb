"""Provides the glossary screen: search as you type, entry details and occurrences to jump to."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.analysis import analysis_text
from reader.errors import ReaderError
from reader.glossary.model import Entry
from reader.glossary.search import GlossarySearch
from reader.tui.messages import Occurrence, OccurrencesIndexed, OpenArticle
from reader.tui.screens.base import ResultsScreen


def entry_text(entry: Entry) -> Text:
    """The details of an entry, appended literally."""
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
    if entry.see_also:
        text.append("\nSee also: " + ", ".join(entry.see_also) + "\n", style="dim")
    if entry.source != "bundled":
        text.append("\n(from your glossary)\n", style="dim")
    return text


class GlossaryScreen(ResultsScreen):
    """Search the glossary by Chinese, English, pinyin or abbreviation; jump to occurrences."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "focus_next", "Next pane", show=False),
    ]
    CSS_PATH = "glossary.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Entry] = []
        self.occurrences: dict[str, list[Occurrence]] | None = None
        self.selected: Entry | None = None

    def compose(self) -> ComposeResult:
        """Search box and results on the left, details and occurrences on the right."""
        yield Header()
        with Horizontal():
            with Vertical(id="left"):
                yield Input(
                    placeholder="规模定律 · scaling law · xianxing zhuyili · MoE", id="query"
                )
                yield OptionList(id="results")
            with VerticalScroll(id="right"):
                yield Static(Text("Type to search the glossary.", style="dim"), id="detail")
                yield Static("", id="occ-title")
                yield OptionList(id="occurrences")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        """Back on the screen: the query box takes the focus again."""
        self.query_one("#query", Input).focus()

    def on_mount(self) -> None:
        """Lists every entry until a query narrows it; indexes occurrences in the background."""
        self.title = "Glossary"
        self.query_one("#query", Input).focus()
        self._show_hits("")
        self.reader_app.pending.begin("occurrences")
        self.index_occurrences()

    @work(thread=True, exclusive=True, group="occurrences", exit_on_error=False)
    def index_occurrences(self) -> None:
        """Finds every term occurrence in the corpus (once per screen)."""
        ws = self.reader_app.workspace
        matcher = ws.analyzer.matcher
        found: dict[str, list[Occurrence]] = {}
        try:
            articles = ws.corpus.articles()
        except ReaderError:
            articles = []  # the library has said why
        for article in articles:
            for position, sentence in enumerate(article.sentences()):
                text = analysis_text(sentence.text)
                for occ in matcher.occurrences(text, matcher.find(text)):
                    found.setdefault(occ.entry_id, []).append(
                        Occurrence(article.slug, article.meta.title, position, sentence.text)
                    )
            if get_current_worker().is_cancelled:
                return
        self.post_message(OccurrencesIndexed(found))

    def on_occurrences_indexed(self, message: OccurrencesIndexed) -> None:
        """Shows the selected entry's occurrences now that they are known."""
        self.reader_app.pending.end("occurrences")
        self.occurrences = message.occurrences
        if self.selected is not None:
            self._show_entry(self.selected)

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._show_hits(event.value)

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        self.action_focus_results()

    def _show_hits(self, query: str) -> None:
        ws = self.reader_app.workspace
        glossary = ws.glossary
        if query.strip():
            self.hits = [h.entry for h in GlossarySearch(glossary).search(query, limit=50)]
        else:
            self.hits = sorted(glossary.entries, key=lambda e: e.en.casefold())
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for entry in self.hits:
            label = Text()
            label.append(entry.zh[0] if entry.zh else "—", style="bold")
            label.append("  " + entry.en)
            if entry.abbr:
                label.append(f" ({entry.abbr[0]})", style="dim")
            results.add_option(Option(label, id=entry.id))
        if self.hits:
            results.highlighted = 0
            self._show_entry(self.hits[0])
        else:
            self.selected = None
            self.query_one("#detail", Static).update(Text("No matching term.", style="dim"))
            self.query_one("#occ-title", Static).update("")
            self.query_one("#occurrences", OptionList).clear_options()

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self.reader_app.workspace.glossary.get(event.option.id or "")
        if entry is not None:
            self._show_entry(entry)

    @on(OptionList.OptionSelected, "#results")
    def _result_selected(self) -> None:
        # Focus moves even while occurrences are still being found; enter then jumps.
        occurrences = self.query_one("#occurrences", OptionList)
        occurrences.focus()
        if occurrences.option_count and occurrences.highlighted is None:
            occurrences.highlighted = 0

    def _show_entry(self, entry: Entry) -> None:
        self.selected = entry
        self.query_one("#detail", Static).update(entry_text(entry))
        occurrences = self.query_one("#occurrences", OptionList)
        occurrences.clear_options()
        title = self.query_one("#occ-title", Static)
        if self.occurrences is None:
            title.update(Text("Finding occurrences…", style="dim"))
            return
        found = self.occurrences.get(entry.id, [])
        title.update(Text(f"In the corpus: {len(found)}" + (" — enter to jump" if found else "")))
        for n, occurrence in enumerate(found):
            label = Text()
            label.append(occurrence.title[:24], style="dim")
            label.append("  " + occurrence.text)
            occurrences.add_option(Option(label, id=f"{n}"))
        if found and occurrences.has_focus:
            occurrences.highlighted = 0

    @on(OptionList.OptionSelected, "#occurrences")
    def _occurrence_selected(self, event: OptionList.OptionSelected) -> None:
        if self.selected is None or self.occurrences is None:
            return
        occurrence = self.occurrences[self.selected.id][int(event.option.id or 0)]
        self.post_message(OpenArticle(occurrence.slug, occurrence.position))
