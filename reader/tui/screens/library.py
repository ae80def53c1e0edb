"""Provides the library screen: the articles with metadata, translation coverage and progress."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.tui.layout import cells
from reader.tui.messages import CoverageCounted, ExportArticle, OpenArticle
from reader.tui.screens.base import ReaderScreen
from reader.tui.vocab.library_column import LibraryDifficulty, known_text

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.translation.model import Translation


@dataclass(frozen=True)
class Row:
    """One article as the library lists it."""

    slug: str
    title: str
    byline: str  # author and source ("王智遠 · 网易号"), either alone, or empty
    date: str
    sentences: int
    english: str  # coverage and engines, e.g. "100% curated"
    progress: float  # 0..1

    def matches(self, query: str) -> bool:
        """Whether the filter text occurs in the title, byline or slug, in either script and
        any case (复盘 finds 復盤, minimax finds MiniMax)."""
        q = filter_key(query)
        return any(q in filter_key(field) for field in (self.title, self.byline, self.slug))


def filter_key(text: str) -> str:
    """The form the library filter compares: simplified characters, lower case."""
    from reader.analysis import analysis_text

    return analysis_text(text).casefold()


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


def starts_filter(character: str | None) -> bool:
    """Whether a key typed in the table starts the filter: any letter or digit, in any script
    (punctuation such as ``/`` and ``?`` stays a key)."""
    return bool(character) and len(character or "") == 1 and (character or "").isalnum()


def _cut(text: str, width: int) -> Text:
    """``text`` shortened with an ellipsis to at most ``width`` cells."""
    out = Text(text)
    out.truncate(width, overflow="ellipsis")
    return out


@dataclass(frozen=True)
class Column:
    """A column of the library table: its key, heading and width in cells."""

    key: str
    label: str
    width: int


CELL_PADDING = 1  # DataTable's padding on each side of every cell
SCROLLBAR = 2  # the vertical scrollbar, when the rows do not fit
WIDE = 100  # narrower tables leave out the date (few articles have one) for the titles


def library_columns(width: int, rows: Sequence[Row], *, scrollbar: bool = False) -> list[Column]:
    """The columns for a table ``width`` cells wide, together never wider than it.

    Numbers and the English coverage take the width their contents need; the date appears
    only when an article has one and the table is wide; the byline takes what it needs, up to
    a third of what is left when the titles need the room, and the title all the rest.
    """

    def need(label: str, values: Iterable[str], cap: int) -> int:
        return min(cap, max([cells(label), *(cells(v) for v in values)]))

    fixed = [
        Column("sentences", "Sent.", need("Sent.", (str(r.sentences) for r in rows), 6)),
        Column("english", "English", need("English", (r.english for r in rows), 18)),
        Column("read", "Read", 4),
    ]
    if width >= WIDE and any(r.date for r in rows):
        fixed.insert(0, Column("date", "Date", need("Date", (r.date for r in rows), 10)))
    padding = 2 * CELL_PADDING
    free = width - sum(c.width + padding for c in fixed) - 2 * padding
    free -= SCROLLBAR if scrollbar else 0
    wanted = need("Author / source", (r.byline for r in rows), 60)
    if need("Title", (r.title for r in rows), width) + wanted <= free:
        byline = wanted  # a wide table shows bylines whole, titles take the rest
    else:
        byline = min(wanted, max(8, free // 3))
    title = max(8, free - byline)
    label = "Author / source" if byline >= cells("Author / source") else "Author"
    return [Column("title", "Title", title), Column("byline", label, byline), *fixed]


class LibraryScreen(LibraryDifficulty, ReaderScreen[None]):
    """Lists the articles; type to filter, enter opens one."""

    # Every letter and digit typed in the table starts (and in the box continues) the filter,
    # so the library's own actions are on keys that are not letters.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the highlighted article"),
        Binding(
            "ctrl+g", "app.glossary", "Glossary", priority=True, tooltip="Glossary of AI terms"
        ),
        Binding(
            "slash,ctrl+f",
            "app.search",
            "Search",
            priority=True,
            tooltip="Search every article (Chinese, English or pinyin)",
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            priority=True,
            tooltip="Export the highlighted article as bilingual Markdown",
        ),
        Binding(
            "ctrl+o",
            "order",
            "Order",
            priority=True,
            show=False,
            tooltip="Order the articles: as listed, easiest first, hardest first",
        ),
        Binding(
            "ctrl+b",
            "app.vocabulary",
            "Vocabulary",
            priority=True,
            show=False,
            tooltip="Your saved words and known words",
        ),
        Binding("question_mark", "app.help", "Help"),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            tooltip="Clear the filter (type any letter to filter by title, author or source)",
        ),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    CSS_PATH = "library.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.english: dict[str, str] = {}
        self.error: str | None = None
        self._coverage_timer: Timer | None = None
        self._count = 0  # the latest translation count asked for
        self.init_difficulty()

    def compose(self) -> ComposeResult:
        """Filter box, article table and footer."""
        yield Header()
        yield Input(
            placeholder="Type to filter by title, author or source (复盘 finds 復盤)…",
            id="filter",
            # Focusing the box must not select what the first key put there: the next key
            # would replace it (M i n filtered "in").
            select_on_focus=False,
        )
        yield DataTable(cursor_type="row", zebra_stripes=True, id="articles")
        yield Static("", id="empty")
        yield Static("", id="difficulty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fills the table; coverage is computed in the background."""
        self.reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        """Fits the columns to the new width."""
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
                    " · ".join(part for part in (m.author, m.source) if part),
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
        self._count += 1
        count = self._count
        # once the table is on screen
        self._coverage_timer = self.set_timer(0.1, lambda: self.coverage(count))
        self.schedule_difficulty()

    @work(thread=True, exclusive=True, group="coverage", exit_on_error=False)
    def coverage(self, count: int) -> None:
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
        self.post_message(CoverageCounted(found, count))

    def on_coverage_counted(self, message: CoverageCounted) -> None:
        """Fills the English column (an older count, overtaken by a newer one, is dropped)."""
        if message.count != self._count:
            return
        self.reader_app.pending.end("coverage")
        found = message.coverage
        self.english = found
        self.rows = [replace(r, english=found.get(r.slug, r.english)) for r in self.rows]
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        query = self.query_one("#filter", Input).value.strip()
        shown = self.ordered([r for r in self.rows if not query or r.matches(query)])
        # The header takes a row; the table scrolls when the rows do not fit under it.
        tall = len(shown) + 1 > table.size.height > 0
        width = table.size.width or self.size.width
        known = self.difficulty_column(width)  # the learner's difficulty, when wide enough
        columns = (
            library_columns(
                width - known[0].width - 2 * CELL_PADDING if known else width,
                self.rows,
                scrollbar=tall,
            )
            + known
        )
        table.clear(columns=True)
        for column in columns:
            table.add_column(column.label, width=column.width, key=column.key)
        for r in shown:
            values = {
                # Text shows titles literally (never as markup).
                "title": _cut(r.title, columns[0].width),
                "byline": _cut(r.byline, columns[1].width),
                "date": Text(r.date),
                "sentences": Text(str(r.sentences), justify="right"),
                "english": _cut(r.english, next(c.width for c in columns if c.key == "english")),
                "read": Text(f"{r.progress:.0%}" if r.progress else "–", justify="right"),
                "known": known_text(self.difficulty.get(r.slug)),
            }
            table.add_row(*(values[c.key] for c in columns), key=r.slug)
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

    def action_clear_filter(self) -> None:
        """Clears the filter and returns to the table."""
        self.query_one("#filter", Input).value = ""
        self.query_one(DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        """A letter or digit typed while the table has focus starts the filter with it."""
        table = self.query_one(DataTable)
        if self.focused is table and starts_filter(event.character):
            box = self.query_one("#filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character or "")
            event.stop()
            event.prevent_default()

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
