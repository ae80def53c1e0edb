"""Provides the library screen: the articles with metadata, translation coverage and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.tui.library_rows import COLUMN_SORTS, SORTS, Group, Item, Row, arrange
from reader.tui.messages import ExportArticle, LibraryIndexed, OpenArticle
from reader.tui.screens.base import ReaderScreen

if TYPE_CHECKING:
    from reader.library.records import ArticleRecord

CHUNK = 200  # rows added to the table at a time: more as the cursor or the scroll nears the end
SORT_CYCLE = ("library", "title", "date", "source", "progress", "level")


def _cut(text: str, width: int) -> Text:
    """``text`` shortened with an ellipsis to at most ``width`` cells."""
    out = Text(text)
    out.truncate(width, overflow="ellipsis")
    return out


class LibraryScreen(ReaderScreen[None]):
    """Lists the articles from the library index; type to filter, ``o`` to sort, enter opens one
    (or folds a series)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=True),
        Binding("slash", "focus_filter", "Filter", show=True),
        Binding("g", "app.glossary", "Glossary"),
        Binding("e", "export", "Export"),
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse_sort", "Reverse", show=False),
        Binding("ctrl+f", "app.search", "Search"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    CSS_PATH = "library.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.error: str | None = None
        self.indexing = False  # the index is being brought in step with the folders
        self.sort = "library"
        self.reverse = False
        self.collapsed: set[str] = set()  # series shown folded
        self._items: list[tuple[str, Row | Group, str]] = []  # the table's lines, in order
        self._added = 0  # how many of them are in the table

    def compose(self) -> ComposeResult:
        """Filter box, article table and footer."""
        yield Header()
        yield Input(placeholder="Filter by title, author or source…", id="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="articles")
        yield Static("", id="empty")
        yield Footer()

    def on_mount(self) -> None:
        """Fills the table from the index at once; the index catches up in the background."""
        table = self.query_one(DataTable)
        table.add_column("Title", key="title")
        table.add_column("Author / source", key="byline")
        table.add_column("Date", key="date")
        table.add_column("Sent.", key="sentences")
        table.add_column("English", key="english")
        table.add_column("Read", key="read")
        table.add_column("Level", key="level")
        self.watch(table, "scroll_y", self._scrolled, init=False)
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
        """Shows what the index holds, then brings it in step with the folders (a worker)."""
        ws = self.reader_app.workspace
        try:
            self._show_records(ws.library.records())
            self.error = None
        except ReaderError as exc:
            self.error = f"The library index could not be read: {exc}"
        self.indexing = True
        self._fill()
        self.reader_app.pending.begin("library")
        self.call_after_refresh(self.index_library)  # once the table is on screen

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def index_library(self) -> None:
        """Brings the index in step with the corpus folders (a first build shows progress)."""
        ws = self.reader_app.workspace
        worker = get_current_worker()
        shown = 0

        def progress(done: int, total: int) -> None:
            nonlocal shown
            if total >= 20 and (done - shown >= 10 or done == total):
                shown = done
                self.app.call_from_thread(self._progress, done, total)

        try:
            ws.synced_library(full=True, progress=progress)
            records, problems, error = ws.library.records(), ws.library.problems(), None
        except ReaderError as exc:
            records, problems, error = [], [], str(exc)
        if not worker.is_cancelled:  # else a newer one answers
            self.post_message(LibraryIndexed(records, problems, error))

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
        else:
            self.error = None
            self._show_records(message.records)
        self._fill()

    def _show_records(self, records: list[ArticleRecord]) -> None:
        state = self.reader_app.state
        rows = []
        for r in records:
            article = state.article(r.slug)
            count = r.sentences
            rows.append(
                Row(
                    r.slug,
                    r.title,
                    r.byline,
                    r.date or "",
                    count,
                    "",
                    (article.sentence + 1) / count if count and article.updated else 0.0,
                    "",
                    r.title_key,
                    r.difficulty,
                    r.series,
                    r.series_order,
                    r,
                )
            )
        self.rows = rows

    def _cells(self, row: Row, title_width: int, indent: str = "") -> tuple[object, ...]:
        return (
            _cut(indent + row.title, title_width),
            _cut(row.byline, 16),
            row.date,
            str(row.sentences),
            Text(row.english_column),
            f"{row.progress:.0%}" if row.progress else "–",
            row.level_column,
        )

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

    def _group_cells(self, group: Group, title_width: int) -> tuple[object, ...]:
        folded = group.series in self.collapsed
        read = sum(r.progress for r in group.rows) / len(group.rows)
        return (
            _cut(f"{'▸' if folded else '▾'} {group.series}", title_width),
            Text(f"{len(group.rows)} chapters", style="dim"),
            "",
            str(sum(r.sentences for r in group.rows)),
            "",
            f"{read:.0%}" if read else "–",
            "",
        )

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        query = self.query_one("#filter", Input).value.strip()
        items = arrange(self.rows, self.sort, self.reverse, query)
        self._items = self._lines(items)
        self._added = 0
        self._add_rows(max(min(CHUNK, self.size.height + 20), cursor + 1))
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
        # Titles get what the other columns leave; Text shows them literally (never as markup).
        width = max(20, self.size.width - 73)
        for key, shown, indent in self._items[self._added : end]:
            if isinstance(shown, Group):
                table.add_row(*self._group_cells(shown, width), key=key)
            else:
                table.add_row(*self._cells(shown, width, indent), key=key)
        self._added = max(self._added, end)

    def _more(self, row: int) -> None:
        if self._added < len(self._items) and row >= self._added - CHUNK // 4:
            self._add_rows(self._added + CHUNK)

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
            and event.character not in "gqeoO/?"
            and event.key not in ("enter",)
        ):
            box = self.query_one("#filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()

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
