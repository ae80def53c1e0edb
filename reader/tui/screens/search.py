"""Provides the search screen: every article, Chinese and English, results with context."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.search import CorpusSearch, SearchHit
from reader.tui.messages import OpenArticle, SearchDone
from reader.tui.screens.base import ResultsScreen

CONTEXT = 30


def hit_text(hit: SearchHit) -> Text:
    """A result line: the article, then the sentence (or its English) around the match."""
    source = (hit.en or "") if hit.field == "en" else hit.zh
    start = max(0, hit.start - CONTEXT)
    end = min(len(source), hit.end + CONTEXT)
    text = Text()
    text.append(hit.title[:28], style="dim")
    text.append("  ")
    if start:
        text.append("…")
    text.append(source[start : hit.start])
    text.append(source[hit.start : hit.end], style="bold reverse")
    text.append(source[hit.end : end])
    if end < len(source):
        text.append("…")
    if hit.field == "en":
        text.append("  (English)", style="dim italic")
    elif hit.field == "pinyin":
        text.append("  (pinyin)", style="dim italic")
    return text


class SearchScreen(ResultsScreen):
    """Type to search; enter on a result opens the article at that sentence."""

    CSS_PATH = "search.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.index: CorpusSearch | None = None
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        """Search box, result count and results."""
        yield Header()
        yield Input(
            placeholder="Search all articles: 规模定律, 規模, linear attention, fupan…", id="query"
        )
        yield Static("", id="count")
        yield OptionList(id="results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Focuses the search box."""
        self.title = "Search"
        self.query_one("#query", Input).focus()

    def on_screen_resume(self) -> None:
        """Back on the screen: the query box takes the focus again."""
        self.query_one("#query", Input).focus()

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        self.action_focus_results()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Searches off the UI thread; a newer query cancels this one."""
        if self.index is None:
            self.index = CorpusSearch(self.reader_app.workspace)
        hits = self.index.search(query)
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(query, hits))

    def on_search_done(self, message: SearchDone) -> None:
        """Lists the hits of the query in the box (a stale answer is dropped)."""
        query, hits = message.query, message.hits
        if self.query_one("#query", Input).value != query:
            return  # the query changed meanwhile: a newer search will answer
        self.hits = hits
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for n, hit in enumerate(hits):
            results.add_option(Option(hit_text(hit), id=str(n)))
        articles = len({h.slug for h in hits})
        count = self.query_one("#count", Static)
        if not query.strip():
            count.update("")
        elif hits:
            more = "+" if len(hits) >= 200 else ""
            count.update(
                f"{len(hits)}{more} sentences in {articles} article{'s' if articles != 1 else ''}"
            )
        else:
            count.update(Text("No sentence matches.", style="dim"))

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[int(event.option.id or 0)]
        self.post_message(OpenArticle(hit.slug, hit.position))
