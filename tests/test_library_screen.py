"""The library screen on the library index: orders, series, rows added as they come near."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from reader.library.records import ArticleRecord
from reader.tui.app import ReaderApp
from reader.tui.library_rows import Group, Row, arrange, sorted_rows
from reader.tui.screens.library import LibraryScreen
from reader.workspace import Workspace
from tests.test_library import write_article
from tests.tui_support import settle

SIZE = (120, 40)


def row(slug: str, **fields: object) -> Row:
    base: dict[str, object] = {
        "title": slug,
        "byline": "",
        "date": "",
        "sentences": 1,
        "english": "none",
        "progress": 0.0,
    }
    base.update(fields)
    return Row(slug, **base)  # type: ignore[arg-type]


ROWS = [
    row("a", title="北京", title_key="bei jing", date="2024-01-01", difficulty=3.2, progress=0.5),
    row("b", title="Apple", title_key="apple", date="", difficulty=None),
    row("c", title="长城", title_key="chang cheng", date="2025-05-05", difficulty=1.5),
    row(
        "d", title="第二章", title_key="di er zhang", series="书", series_order=2, date="2023-01-01"
    ),
    row(
        "e", title="第一章", title_key="di yi zhang", series="书", series_order=1, date="2026-01-01"
    ),
]


@pytest.mark.parametrize(
    ("sort", "reverse", "expected"),
    [
        ("library", False, ["a", "b", "c", "d", "e"]),
        ("title", False, ["b", "a", "c", "d", "e"]),  # Chinese by pinyin among Latin titles
        ("date", False, ["e", "c", "a", "d", "b"]),  # newest first, no date last
        ("date", True, ["d", "a", "c", "e", "b"]),  # reversed: still no date last
        ("level", False, ["c", "a", "b", "d", "e"]),  # easiest first, unknown last
        ("progress", False, ["a", "b", "c", "d", "e"]),
    ],
)
def test_sort_orders(sort: str, reverse: bool, expected: list[str]) -> None:
    assert [r.slug for r in sorted_rows(ROWS, sort, reverse)] == expected


def test_series_are_grouped_in_chapter_order_where_their_first_chapter_sorts() -> None:
    items = arrange(ROWS, "date")
    assert isinstance(items[0], Group)  # its newest chapter is the newest article
    assert [r.slug for r in items[0].rows] == ["e", "d"]
    assert [i.slug for i in items[1:]] == ["c", "a", "b"]  # type: ignore[union-attr]
    filtered = arrange(ROWS, "library", query="第二")
    assert isinstance(filtered[0], Group) and [r.slug for r in filtered[0].rows] == ["d"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(12):
        fields: dict[str, object] = {"title": f"文章{n:02d}", "date": f"2024-01-{n + 1:02d}"}
        if n >= 9:
            fields.update({"series": "一本书", "chapter": 12 - n})
        write_article(folder, f"art-{n:02d}", fields, [f"第{n}篇文章说复盘。"])
    return folder


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines added to the table four at a time: the corpus's 13 take several chunks."""
    import reader.tui.screens.library as library

    monkeypatch.setattr(library, "CHUNK", 4)


def keys(table: DataTable) -> list[str]:
    return [str(table.coordinate_to_cell_key((r, 0))[0].value) for r in range(table.row_count)]


async def test_sorting_and_series_folding(corpus: Path) -> None:
    app = ReaderApp(Workspace(str(corpus)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        listed = keys(table)
        assert listed[:9] == [f"art-{n:02d}" for n in range(9)]
        assert listed[9:] == ["series:一本书", "art-11", "art-10", "art-09"]  # chapter order
        await pilot.press("ctrl+o", "ctrl+o")  # as listed → title → date (newest first)
        assert screen.sort == "date"
        assert keys(table)[:4] == ["series:一本书", "art-11", "art-10", "art-09"]
        assert keys(table)[4] == "art-08"
        await pilot.press("ctrl+r")
        assert keys(table)[0] == "art-00"
        table.move_cursor(row=keys(table).index("series:一本书"))
        await pilot.press("enter")  # folds the series
        await pilot.pause()
        assert "art-11" not in keys(table) and "series:一本书" in keys(table)
        await pilot.press("enter")
        await pilot.pause()
        assert "art-11" in keys(table)
        await pilot.press("1", "1")  # the filter keeps one chapter of the book
        await pilot.pause()
        assert keys(table) == ["series:一本书", "art-11"]
        assert str(table.get_row("series:一本书")[1]) == "1 chapter"


@pytest.mark.usefixtures("small_chunks")
async def test_rows_are_added_as_the_cursor_nears_the_end(corpus: Path) -> None:
    app = ReaderApp(Workspace(str(corpus)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4  # a chunk, not the whole library
        for _ in range(3):
            await pilot.press("down")
        await pilot.pause()
        assert table.row_count == 8
        await pilot.press("晚")  # filtering starts again from the first chunk
        await pilot.pause()
        assert table.row_count == 0


@pytest.mark.usefixtures("small_chunks")
async def test_home_and_end_go_to_the_first_and_last_article_not_the_last_row_added(
    corpus: Path,
) -> None:
    app = ReaderApp(Workspace(str(corpus)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        for key, row in [("end", 12), ("home", 0), ("ctrl+end", 12), ("ctrl+home", 0)]:
            await pilot.press(key)
            await pilot.pause()
            assert table.cursor_row == row, key
        assert keys(table)[-1] == "art-09" and table.row_count == 13  # the series' last chapter
        await pilot.press("1", "end")  # in the filter box, End stays the box's own
        box = app.screen.query_one("#filter", Input)
        assert box.value == "1" and box.cursor_position == 1
        await pilot.press("escape", "end")
        assert table.cursor_row == table.row_count - 1


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the library screen's reads of the index's records: "first" for a screenful's
    (``first_records``), "all" for every record."""
    from reader.library.index import LibraryIndex

    reads: list[str] = []
    records, first_records = LibraryIndex.records, LibraryIndex.first_records

    def counted(self: LibraryIndex) -> list[object]:
        reads.append("all")
        return records(self)  # type: ignore[return-value]

    def counted_first(self: LibraryIndex, count: int) -> tuple[list[object], bool]:
        reads.append("first")
        return first_records(self, count)  # type: ignore[return-value]

    monkeypatch.setattr(LibraryIndex, "records", counted)
    monkeypatch.setattr(LibraryIndex, "first_records", counted_first)
    return reads


@pytest.mark.parametrize(("chunk", "expected"), [(200, ["first"]), (4, ["first", "all"])])
async def test_a_start_with_nothing_changed_reads_the_index_once(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, expected: list[str]
) -> None:
    """The first frame is drawn from the first records (with their series' chapters), the rest
    read once it is; the rows stand when the sync finds nothing new: a long library is not
    read, arranged and put in the table twice."""
    import reader.tui.screens.library as library

    monkeypatch.setattr(library, "CHUNK", chunk)
    Workspace(str(corpus)).synced_library()  # built by an earlier run
    reads = _count_reads(monkeypatch)
    app = ReaderApp(Workspace(str(corpus)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert reads == expected and len(screen.rows) == 12
        assert keys(screen.query_one(DataTable)) == _LINES[: min(chunk, 13)]


# The corpus fixture's lines in the library's order: the series where its first chapter sorts.
_LINES = [f"art-{n:02d}" for n in range(9)] + ["series:一本书", "art-11", "art-10", "art-09"]


def _lines(records: list[ArticleRecord]) -> list[str]:
    """The keys of the library's lines, in its first order, for these records."""
    rows = [
        Row(r.slug, r.title, "", "", r.sentences, "", 0.0, series=r.series,
            series_order=r.series_order)
        for r in records
    ]  # fmt: skip
    found: list[str] = []
    for item in arrange(rows, "library"):
        if isinstance(item, Group):
            found += [item.key, *(r.slug for r in item.rows)]
        else:
            found.append(item.slug)
    return found


def test_the_first_records_give_the_first_lines_of_the_whole_library(tmp_path: Path) -> None:
    """Whatever the slugs of a series' chapters, the lines of the first records are the first
    lines of the whole library, and at least as many as asked for."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    rng = random.Random(7)
    for n in range(40):
        fields: dict[str, object] = {"title": f"文章{n}"}
        if rng.random() < 0.5:  # four books, their chapters anywhere among the slugs
            fields.update({"series": f"书{rng.randrange(4)}", "chapter": rng.randrange(1, 30)})
        write_article(folder, f"a-{n:02d}", fields, [f"第{n}篇文章。"])
    ws = Workspace(str(folder))
    library = ws.synced_library()
    everything = _lines(library.records())
    for count in range(1, 42):
        first, whole = library.first_records(count)
        shown = _lines(first)
        assert whole == (count >= 40), count
        assert shown == everything[: len(shown)] and len(first) >= min(count, 40), count


async def test_an_article_indexed_by_another_process_meanwhile_is_shown(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another ``reader`` (an import in another terminal) may index a new file between the
    screen's read and its sync, which then has nothing to do: the index's version tells."""
    Workspace(str(corpus)).synced_library()
    from reader.library.index import LibraryIndex

    sync = LibraryIndex.sync

    def other_process_first(self: LibraryIndex, progress: object = None) -> object:
        if not (corpus / "art-99.md").exists():
            write_article(corpus, "art-99", {"title": "新来的"}, ["另一个进程导入的。"])
            other = Workspace(str(corpus))  # its own connection, as another process has
            sync(other.library)
            other.library.close()
        return sync(self, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(LibraryIndex, "sync", other_process_first)
    app = ReaderApp(Workspace(str(corpus)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "art-99" in keys(app.screen.query_one(DataTable))
