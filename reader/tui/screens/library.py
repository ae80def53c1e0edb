"""Provides the library screen: the articles with metadata, translation coverage and progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.tui.messages import CoverageCounted, ExportArticle, OpenArticle
from reader.tui.screens.base import ReaderScreen
from reader.tui.vocab.library_column import LibraryDifficulty

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.translation.model import Translation


@dataclass(frozen=True)
class Row:
    """One article as the library lists it."""

    slug: str
    title: str
    byline: str
    date: str
    sentences: int
    english: str  # coverage and engines, e.g. "100% curated"
    progress: float  # 0..1

    def matches(self, query: str) -> bool:
        """Whether the filter text occurs in the title, byline, slug or English title."""
        q = query.casefold()
        return any(q in field.casefold() for field in (self.title, self.byline, self.slug))


def coverage_text(total: int, translated: dict[str, Translation]) -> str:
    """ "100% curated", "40% argos+curated", "none (glosses)" for the library's English column."""
    engines: dict[str, int] = {}
    for t in translated.values():
        if t.engine != "gloss":
            engines[t.engine] = engines.get(t.engine, 0) + 1
    done = sum(engines.values())
    if not done:
        return "none (glosses)"
    names = "+".join(sorted(engines, key=lambda e: -engines[e]))
    return f"{done / total:.0%} {names}" if total else names


def _cut(text: str, width: int) -> Text:
    """``text`` shortened with an ellipsis to at most ``width`` cells."""
    out = Text(text)
    out.truncate(width, overflow="ellipsis")
    return out


class LibraryScreen(LibraryDifficulty, ReaderScreen[None]):
    """Lists the articles; type to filter, enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=True),
        Binding("slash", "focus_filter", "Filter", show=True),
        Binding("g", "app.glossary", "Glossary"),
        Binding("e", "export", "Export"),
        Binding("ctrl+f", "app.search", "Search"),
        Binding("o", "order", "Order", tooltip="As listed, easiest first, hardest first"),
        Binding("v", "app.vocabulary", "Vocabulary", show=False, tooltip="Your saved words"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    CSS_PATH = "library.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.english: dict[str, str] = {}
        self.error: str | None = None
        self._coverage_timer: Timer | None = None
        self.init_difficulty()

    def compose(self) -> ComposeResult:
        """Filter box, article table and footer."""
        yield Header()
        yield Input(placeholder="Filter by title, author or source…", id="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="articles")
        yield Static("", id="empty")
        yield Static("", id="difficulty")
        yield Footer()

    def on_mount(self) -> None:
        """Fills the table; coverage is computed in the background."""
        table = self.query_one(DataTable)
        table.add_column("Title", key="title")
        table.add_column("Author / source", key="byline")
        table.add_column("Date", key="date")
        table.add_column("Sent.", key="sentences")
        table.add_column("English", key="english")
        table.add_column("Read", key="read")
        self.reload()
        table.focus()

    def on_resize(self) -> None:
        """Re-fits the title column."""
        if self.rows:
            self._fill()

    def on_screen_resume(self) -> None:
        """Refreshes progress (and imports) when coming back from an article."""
        self.reload()

    def reload(self) -> None:
        """Reads the corpus and redraws the table."""
        ws = self.reader_app.workspace
        try:
            articles = ws.corpus.articles()
        except ReaderError as exc:
            self.rows = []
            self.error = f"The corpus could not be read: {exc}"
            self.notify(str(exc), title="Corpus", severity="error", timeout=10)
            self._fill()
            return
        self.error = None
        for problem in ws.corpus.problems:  # a damaged file is left out, and named
            self.reader_app.report(problem, "An article cannot be read")
        state = self.reader_app.state
        self.rows = []
        for article in articles:
            m = article.meta
            count = article.sentence_count()
            position = min(state.article(m.slug).furthest, count - 1)  # how far, not where
            self.rows.append(
                Row(
                    m.slug,
                    m.title,
                    m.author or m.source or "",
                    m.date or "",
                    count,
                    self.english.get(m.slug, "…"),
                    (position + 1) / count if count and state.article(m.slug).updated else 0.0,
                )
            )
        self._fill()
        # Mount and the first resume both reload: one pending count is enough, and a second
        # would only cancel the first (the worker is exclusive).
        if self._coverage_timer is not None:
            self._coverage_timer.stop()
        self.reader_app.pending.begin("coverage")
        self._coverage_timer = self.set_timer(0.1, self.coverage)  # once the table is on screen
        self.schedule_difficulty()

    @work(thread=True, exclusive=True, group="coverage", exit_on_error=False)
    def coverage(self) -> None:
        """Share of sentences with a translation (curated or machine) and the engines used."""
        from reader.translation.lookup import translations_for

        ws = self.reader_app.workspace
        found: dict[str, str] = {}
        try:
            for article in ws.corpus.articles():
                if get_current_worker().is_cancelled:
                    return  # a newer count replaces this one
                try:
                    translated = translations_for(ws, article, glosses=False)  # stored: fast
                except ReaderError:
                    found[article.slug] = "unreadable"
                    continue
                found[article.slug] = coverage_text(article.sentence_count(), translated)
        except ReaderError:
            pass  # the corpus itself is unreadable: reload() has said so
        self.post_message(CoverageCounted(found))

    def on_coverage_counted(self, message: CoverageCounted) -> None:
        """Fills the English column."""
        self.reader_app.pending.end("coverage")
        found = message.coverage
        self.english = found
        self.rows = [
            Row(
                r.slug,
                r.title,
                r.byline,
                r.date,
                r.sentences,
                found.get(r.slug, r.english),
                r.progress,
            )
            for r in self.rows
        ]
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        query = self.query_one("#filter", Input).value.strip()
        shown = self.ordered([r for r in self.rows if not query or r.matches(query)])
        # Titles get what the other columns leave; Text shows them literally (never as markup).
        title_width = max(20, self.size.width - 64 - self.fit_difficulty_column(table))
        for r in shown:
            table.add_row(
                _cut(r.title, title_width),
                _cut(r.byline, 16),
                r.date,
                str(r.sentences),
                Text(r.english),
                f"{r.progress:.0%}" if r.progress else "–",
                *self.difficulty_cells(r.slug),
                key=r.slug,
            )
        empty = self.query_one("#empty", Static)
        if self.error:
            empty.update(Text(self.error))
        elif self.rows and not shown:
            empty.update(Text(f"No article matches “{query}”.", style="dim"))
        elif not self.rows:
            empty.update(Text("The corpus is empty. Add an article with: reader import FILE"))
        else:
            empty.update("")
        if shown:
            table.move_cursor(row=min(cursor, len(shown) - 1))

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        table = self.query_one(DataTable)
        table.focus()
        if table.row_count == 1:
            self.action_open()

    def action_focus_filter(self) -> None:
        """Moves the focus to the filter box."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Clears the filter and returns to the table."""
        self.query_one("#filter", Input).value = ""
        self.query_one(DataTable).focus()

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        """Typing a letter while the table has focus starts filtering."""
        table = self.query_one(DataTable)
        if (
            self.focused is table
            and event.character
            and event.character.isprintable()
            and len(event.character) == 1
            and not event.character.isspace()
            and event.character not in "gqe/?ov"
            and event.key not in ("enter",)
        ):
            box = self.query_one("#filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        slug = event.row_key.value
        title = next((r.title for r in self.rows if r.slug == slug), "")
        self.show_difficulty_detail(slug, title)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens the article."""
        if event.row_key.value:
            self.post_message(OpenArticle(event.row_key.value))

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def action_export(self) -> None:
        """Exports the highlighted article."""
        if (slug := self._highlighted()) is not None:
            self.post_message(ExportArticle(slug))

    def action_open(self) -> None:
        """Opens the highlighted article."""
        if (slug := self._highlighted()) is not None:
            self.post_message(OpenArticle(slug))
