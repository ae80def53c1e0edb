"""Provides the library screen: the articles with metadata, translation coverage and progress."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.plural import plural
from reader.tui.layout import cells
from reader.tui.library_rows import COLUMN_SORTS, SORTS, Group, Item, Row, filter_key
from reader.tui.library_rows import arrange as arranged
from reader.tui.messages import ExportArticle, LibraryIndexed, OpenArticle
from reader.tui.screens.base import ReaderScreen
from reader.tui.vocab.library_column import LibraryDifficulty, known_text

if TYPE_CHECKING:
    from reader.library.records import ArticleRecord

__all__ = ["LibraryScreen", "Row", "filter_key", "starts_filter"]

CHUNK = 200  # rows added to the table at a time: more as the cursor or the scroll nears the end
SORT_CYCLE = ("library", "title", "date", "source", "progress", "level", "known")


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

    Numbers and the English coverage take the width their contents need; the date and the
    level appear only when an article has one and the table is wide; the byline takes what it
    needs, up to a third of what is left when the titles need the room, and the title all the
    rest.
    """

    def need(label: str, values: Iterable[str], cap: int) -> int:
        return min(cap, max([cells(label), *(cells(v) for v in values)]))

    fixed = [
        Column("sentences", "Sent.", need("Sent.", (str(r.sentences) for r in rows), 6)),
        Column("english", "English", need("English", (r.english_column for r in rows), 18)),
        Column("read", "Read", 4),
    ]
    if width >= WIDE and any(r.date for r in rows):
        fixed.insert(0, Column("date", "Date", need("Date", (r.date for r in rows), 10)))
    if width >= WIDE and any(r.level_column for r in rows):
        fixed.append(Column("level", "Level", need("Level", (r.level_column for r in rows), 7)))
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


class ArticleTable(DataTable[object], inherit_bindings=False):
    """The library's table. Its rows are added as they near the screen, so the keys that go
    to the first and the last article are the screen's (which adds the rest first), not the
    table's: without a column cursor, Home and End would scroll sideways, and Ctrl+End would
    stop at the last row added so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        b
        for b in DataTable.BINDINGS
        if isinstance(b, Binding) and b.key not in {"home", "end", "ctrl+home", "ctrl+end"}
    ]


class LibraryScreen(LibraryDifficulty, ReaderScreen[None]):
    """Lists the articles from the library index; type to filter, ctrl+o to sort, enter opens
    one (or folds a series)."""

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
            "sort",
            "Sort",
            priority=True,
            tooltip="Sort by title, date, author or source, progress, level, known words, or as "
            "listed",
        ),
        Binding("ctrl+r", "reverse_sort", "Reverse", show=False, priority=True),
        Binding(
            "ctrl+b",
            "app.vocabulary",
            "Vocabulary",
            priority=True,
            show=False,
            tooltip="Your saved words and known words",
        ),
        Binding("question_mark", "app.help", "Help"),
        Binding("home,ctrl+home", "first", "First", show=False, tooltip="Go to the first article"),
        Binding("end,ctrl+end", "last", "Last", show=False, tooltip="Go to the last article"),
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
    KEYS_NOTE = (
        "Type any letter or digit to filter by title, author or source (复盘 finds 復盤); "
        "escape clears the filter. The English column shows how much of each article has "
        "a translation, and from which engine."
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.error: str | None = None
        self.indexing = False  # the index is being brought in step with the folders
        self.sort = "library"
        self.reverse = False
        self.collapsed: set[str] = set()  # series shown folded
        self._items: list[tuple[str, Row | Group, str]] = []  # the table's lines, in order
        self._arranged: list[Item] = []  # the rows as last sorted, filtered and grouped
        self._columns: list[Column] = []
        self._added = 0  # how many of them are in the table
        self._read_version: int | None = None  # the index's version when its rows were read
        self._first_resume = True
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
        yield ArticleTable(cursor_type="row", zebra_stripes=True, id="articles")
        yield Static("", id="empty")
        yield Static("", id="difficulty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fills the table from the index at once; the index catches up in the background."""
        table = self.query_one(DataTable)
        self.watch(table, "scroll_y", self._scrolled, init=False)
        self.reload()
        table.focus()

    def on_resize(self) -> None:
        """Fits the columns to the new size (the rows stay in the order they are in)."""
        if self.rows:
            self._fill(arrange=False)

    def on_screen_resume(self) -> None:
        """Refreshes progress (and imports) when coming back from an article."""
        if self._first_resume:  # shown for the first time: on_mount has just read the index
            self._first_resume = False
            return
        self.reload()

    def reload(self) -> None:
        """Shows what the index holds, then brings it in step with the folders (a worker)."""
        ws = self.reader_app.workspace
        whole = True
        try:
            self._read_version = ws.library.version()
            if self._in_library_order():  # a screenful first, the rest once it is drawn
                records, whole = ws.library.first_records(CHUNK)
            else:
                records = ws.library.records()
            self._show_records(records)
            self.error = None
        except ReaderError as exc:
            self.error = f"The library index could not be read: {exc}"
        self.indexing = True
        self._fill()
        self.reader_app.pending.begin("library")
        if not whole:
            self.call_after_refresh(self._read_every_record)
        self.call_after_refresh(self.index_library)  # once the table is on screen

    def _in_library_order(self) -> bool:
        """Whether the table lists by slug, unfiltered: its first lines are then those of the
        first records (see ``LibraryIndex.first_records``)."""
        query = self.query_one("#filter", Input).value.strip()
        return self.sort == "library" and not self.reverse and not query

    def _read_every_record(self) -> None:
        """Every article, after a first frame drawn from the first ones (the lines already
        shown stay as they are)."""
        try:
            self._show_records(self.reader_app.workspace.library.records())
        except ReaderError as exc:
            self.error = f"The library index could not be read: {exc}"
        self._fill()

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def index_library(self) -> None:
        """Brings the index in step with the corpus folders (a first build shows progress)."""
        ws = self.reader_app.workspace
        worker = get_current_worker()
        shown = 0
        read = None if self.error else self._read_version

        def progress(done: int, total: int) -> None:
            nonlocal shown
            if total >= 20 and (done - shown >= 10 or done == total):
                shown = done
                self.app.call_from_thread(self._progress, done, total)

        try:
            library = ws.synced_library(full=True, progress=progress)
            problems, error = library.problems(), None
            # The usual start: nothing changed since the screen read the index, so the rows it
            # shows stand (reading and arranging thousands again would only delay the screen).
            unchanged = not library.last_report.changed and library.version() == read
            records = [] if unchanged else library.records()
        except ReaderError as exc:
            records, problems, error, unchanged = [], [], str(exc), False
        if not worker.is_cancelled:  # else a newer one answers
            self.post_message(LibraryIndexed(records, problems, error, unchanged))

    def _progress(self, done: int, total: int) -> None:
        if not self.rows:
            self.query_one("#empty", Static).update(
                Text(f"Indexing the library… {done} of {total} articles", style="dim")
            )

    def on_library_indexed(self, message: LibraryIndexed) -> None:
        """Shows the articles as they are on disk, and names the files left out."""
        self.reader_app.pending.end("library")
        self.indexing = False
        for problem in message.problems:  # a damaged file is left out, and named
            self.reader_app.report(problem, "An article cannot be read")
        self.reader_app.show_notices()
        if message.error:
            self.error = f"The corpus could not be read: {message.error}"
            self.notify(message.error, title="Library", severity="error", timeout=10)
        elif message.unchanged and self.rows:
            self.schedule_difficulty()  # the rows on screen are the index's: no new table
            return
        else:
            self.error = None
            self._show_records(message.records)
            self.schedule_difficulty()  # the learner's known words, counted in a worker
        self._fill()

    def _show_records(self, records: list[ArticleRecord]) -> None:
        state = self.reader_app.state
        rows = []
        bylines: dict[tuple[str | None, str | None], str] = {}  # one string per byline
        for r in records:
            count = r.sentences
            furthest = state.furthest_read(r.slug)
            # how far, not where
            read = (min(furthest, count - 1) + 1) / count if count and furthest is not None else 0.0
            byline = bylines.get((r.author, r.source))
            if byline is None:
                byline = " · ".join(part for part in (r.author, r.source) if part)
                bylines[(r.author, r.source)] = byline
            rows.append(
                Row(
                    r.slug,
                    r.title,
                    byline,
                    r.date or "",
                    count,
                    "",
                    read,
                    "",
                    r.title_key,
                    r.difficulty,
                    r.series,
                    r.series_order,
                    record=r,
                )
            )
        self.rows = rows

    def _cells(self, row: Row, indent: str = "") -> list[object]:
        """An article's cells in the order of the columns (Text shows titles literally)."""
        widths = {c.key: c.width for c in self._columns}
        values = {
            "title": _cut(indent + row.title, widths["title"]),
            "byline": _cut(row.byline, widths["byline"]),
            "date": Text(row.date),
            "sentences": Text(str(row.sentences), justify="right"),
            "english": _cut(row.english_column, widths["english"]),
            "read": Text(f"{row.progress:.0%}" if row.progress else "–", justify="right"),
            "level": Text(row.level_column),
            "known": known_text(self.difficulty.get(row.slug)),
        }
        return [values[c.key] for c in self._columns]

    def _lines(self, items: list[Item]) -> list[tuple[str, Row | Group, str]]:
        """Every line of the table in order, as (row key, what it shows, indent): articles, and
        for a series its header and (unless folded) its chapters. Cells are made only for the
        lines that go into the table."""
        lines: list[tuple[str, Row | Group, str]] = []
        for item in items:
            if isinstance(item, Row):
                lines.append((item.slug, item, ""))
                continue
            lines.append((item.key, item, ""))
            if item.series not in self.collapsed:
                lines += [(r.slug, r, "  ") for r in item.rows]
        return lines

    def _group_cells(self, group: Group) -> list[object]:
        """A series header's cells: the book, how many chapters, their length and progress."""
        widths = {c.key: c.width for c in self._columns}
        folded = group.series in self.collapsed
        read = sum(r.progress for r in group.rows) / len(group.rows)
        values: dict[str, object] = {
            "title": _cut(f"{'▸' if folded else '▾'} {group.series}", widths["title"]),
            "byline": Text(plural(len(group.rows), "chapter"), style="dim"),
            "sentences": Text(str(sum(r.sentences for r in group.rows)), justify="right"),
            "read": Text(f"{read:.0%}" if read else "–", justify="right"),
        }
        return [values.get(c.key, "") for c in self._columns]

    def _fill(self, *, arrange: bool = True) -> None:
        """Shows the rows: sorted, filtered and grouped again unless ``arrange`` is False (a
        new size only fits the columns to it)."""
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        query = self.query_one("#filter", Input).value.strip()
        if arrange or not self._arranged:
            self._arranged = arranged(self._sortable(self.rows), self.sort, self.reverse, query)
            self._items = self._lines(self._arranged)
        items = self._arranged
        # What fits on screen first (the rest follows as the cursor or the scroll nears it):
        # cells are made only for lines that are shown.
        visible = table.size.height or self.size.height
        first = max(min(CHUNK, visible + 4), cursor + 1)
        # Columns fit what the first rows need (measuring thousands would cost what the
        # table saves); the header takes a row, and the table scrolls when they do not fit.
        sample = [r for _, r, _ in self._items[:first] if isinstance(r, Row)]
        tall = len(self._items) + 1 > table.size.height > 0
        width = table.size.width or self.size.width
        known = self.difficulty_column(width)  # the learner's difficulty, when wide enough
        self._columns = (
            library_columns(
                width - known[0].width - 2 * CELL_PADDING if known else width,
                sample,
                scrollbar=tall,
            )
            + known
        )
        table.clear(columns=True)
        for column in self._columns:
            table.add_column(column.label, width=column.width, key=column.key)
        self._added = 0
        self._add_rows(first)
        empty = self.query_one("#empty", Static)
        if self.error:
            empty.update(Text(self.error))
        elif self.rows and not items:
            empty.update(Text(f"No article matches “{query}”.", style="dim"))
        elif not self.rows and self.indexing:
            empty.update(Text("Indexing the library…", style="dim"))
        elif not self.rows:
            empty.update(Text("The corpus is empty. Add an article with: reader import FILE"))
        else:
            empty.update("")
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.sub_title = "" if self.sort == "library" else f"by {self._sort_label()}"

    def _add_rows(self, upto: int) -> None:
        """Adds the next lines to the table, up to ``upto`` (the table holds only what has
        been near the screen: a long library costs what a screenful does)."""
        table = self.query_one(DataTable)
        end = min(len(self._items), upto)
        for key, shown, indent in self._items[self._added : end]:
            if isinstance(shown, Group):
                table.add_row(*self._group_cells(shown), key=key)
            else:
                table.add_row(*self._cells(shown, indent), key=key)
        self._added = max(self._added, end)

    def _more(self, row: int) -> None:
        # Near the end: within a screenful of the last line added (the cursor on the first
        # line at the start is not near the end of a first screenful).
        near = min(CHUNK // 4, self.query_one(DataTable).size.height or CHUNK // 4)
        if self._added < len(self._items) and row >= self._added - near:
            self._add_rows(self._added + CHUNK)

    def action_first(self) -> None:
        """The cursor to the first line."""
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=0)

    def action_last(self) -> None:
        """The cursor to the last line, once every line is in the table (for thousands of
        articles that takes a moment, once)."""
        self._add_rows(len(self._items))
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Near the end of the rows in the table: the next ones are added."""
        self._more(event.cursor_row)

    def _scrolled(self, scroll_y: float) -> None:
        table = self.query_one(DataTable)
        self._more(int(scroll_y) + table.size.height)

    def _sort_label(self) -> str:
        label = SORTS[self.sort].label
        return f"{label}, reversed" if self.reverse else label

    def action_sort(self) -> None:
        """Sorts by the next key: title, date, source, progress, difficulty, as listed."""
        at = SORT_CYCLE.index(self.sort) if self.sort in SORT_CYCLE else -1
        self.sort = SORT_CYCLE[(at + 1) % len(SORT_CYCLE)]
        self.reverse = False
        self._fill()
        self.notify(f"Sorted by {self._sort_label()}", timeout=1.5)

    def action_reverse_sort(self) -> None:
        """Turns the order around."""
        self.reverse = not self.reverse
        self._fill()
        self.notify(f"Sorted by {self._sort_label()}", timeout=1.5)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a column's header sorts by it (again: the other way round)."""
        sort = COLUMN_SORTS.get(str(event.column_key.value))
        if sort is None:
            return
        self.reverse = not self.reverse if sort == self.sort else False
        self.sort = sort
        self._fill()

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
        """Enter on a row opens the article (on a series, folds or unfolds it)."""
        if event.row_key.value:
            self._activate(event.row_key.value)

    def _activate(self, key: str) -> None:
        if key.startswith("series:"):
            series = key.removeprefix("series:")
            self.collapsed ^= {series}
            self._fill()
        else:
            self.post_message(OpenArticle(key))

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def action_export(self) -> None:
        """Exports the highlighted article."""
        slug = self._highlighted()
        if slug is not None and not slug.startswith("series:"):
            self.post_message(ExportArticle(slug))

    def action_open(self) -> None:
        """Opens the highlighted article (or folds the highlighted series)."""
        if (key := self._highlighted()) is not None:
            self._activate(key)
