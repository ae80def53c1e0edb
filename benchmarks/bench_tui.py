"""Benchmarks the reader's UI.

- Cold start: a new process until the library is drawn (headless), as a ratio to a bare
  Textual "hello" app started the same way in the same run (target at most 1.5x).
- Opening the longest article until its text is drawn (target under 300 ms), toggling pinyin
  for the whole article (under 100 ms) and a word look-up with a warm dictionary (under 50 ms),
  measured in-process with Textual's pilot.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time

from benchmarks.common import Row, run_process

# Both programs stop the clock when the first frame showing their screen is written to the
# terminal (Textual's App._display), so background work started after that does not count.
_LIBRARY_SCRIPT = """
import os
from textual.app import App
from reader.tui.app import ReaderApp
from reader.tui.screens.library import LibraryScreen
from reader.workspace import Workspace

display = App._display
def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if isinstance(screen, LibraryScreen) and renderable is not None:
        os._exit(0)
App._display = first_frame
ReaderApp(Workspace()).run(headless=True)
"""

_HELLO_SCRIPT = """
import os
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello")

display = App._display
def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None:
        os._exit(0)
App._display = first_frame
Hello().run(headless=True)
"""


def _start_rows() -> list[Row]:
    data = tempfile.mkdtemp(prefix="reader-bench-")
    # As on a user's machine, Python may cache bytecode (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would recompile every module at every start).
    env = {"READER_DATA_DIR": data, "PYTHONDONTWRITEBYTECODE": ""}
    hello = [sys.executable, "-c", _HELLO_SCRIPT]
    reader = [sys.executable, "-c", _LIBRARY_SCRIPT]
    run_process(hello, env)
    run_process(reader, env)  # warm the OS file cache and the bytecode
    hello_times, reader_times = [], []
    for _ in range(7):  # interleaved so load changes hit both alike
        hello_times.append(run_process(hello, env))
        reader_times.append(run_process(reader, env))
    return [
        Row("tui", "bare Textual app, start to first draw", hello_times),
        Row(
            "tui",
            "reader, start to library drawn",
            reader_times,
            baseline="bare Textual app, start to first draw",
            target="≤ 1.5×",
        ),
    ]


class _Painted:
    """Notes when the article view first paints a line matching a condition."""

    def __init__(self) -> None:
        self.when: float | None = None
        self.want = lambda line: False

    def expect(self, want) -> None:  # type: ignore[no-untyped-def]
        self.when = None
        self.want = want

    def seen(self, line) -> None:  # type: ignore[no-untyped-def]
        if self.when is None and line is not None and self.want(line):
            self.when = time.perf_counter()


async def _until(pilot, painted: _Painted, limit: float = 10.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while painted.when is None and time.perf_counter() - start < limit:
        await pilot.pause(0.001)
    assert painted.when is not None, "the expected line was never painted"
    return painted.when


async def _in_app_rows() -> list[Row]:
    from reader.tui.app import ReaderApp
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.widgets.article_view import ArticleView
    from reader.tui.widgets.lookup_panel import LookupPanel
    from reader.workspace import Workspace

    painted = _Painted()
    original = ArticleView.render_line

    def spy(self, y):  # type: ignore[no-untyped-def]
        strip = original(self, y)
        painted.seen(self.document.line(self.scroll_offset.y + y))
        return strip

    ArticleView.render_line = spy  # type: ignore[method-assign]
    acted: list[float] = []
    action = ArticleScreen.action_pinyin

    def timed_action(self):  # type: ignore[no-untyped-def]
        acted.append(time.perf_counter())  # the key reached the screen: start the clock here
        action(self)

    ArticleScreen.action_pinyin = timed_action  # type: ignore[method-assign]
    shown: list[float] = []
    show = LookupPanel.show

    def note(self, result, *rest):  # type: ignore[no-untyped-def]
        show(self, result, *rest)
        shown.append(time.perf_counter())

    LookupPanel.show = note  # type: ignore[method-assign]
    ws = Workspace()
    _ = ws.analyzer.analyze("预热")  # jieba, glossary and pinyin loaded, as after start-up
    ws.dictionary.warm()
    opening, pinyin, lookup = [], [], []
    for _ in range(5):
        os.environ["READER_DATA_DIR"] = tempfile.mkdtemp(prefix="reader-bench-")  # fresh state
        app = ReaderApp(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            painted.expect(lambda line: line.role == "zh")
            start = time.perf_counter()
            app.open_article("latepost-interview", 0)
            opening.append(await _until(pilot, painted) - start)
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            # the words arrive from a worker after the first paint
            while not (screen.reading and screen.reading.analysed):
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            painted.expect(lambda line: line.role == "py")
            acted.clear()
            await pilot.press("p")
            pinyin.append(await _until(pilot, painted) - acted[0])
            await pilot.pause(0.5)
            await pilot.press("l")
            shown.clear()
            start = time.perf_counter()
            screen.action_look_up()  # as the enter key does
            while not shown and time.perf_counter() - start < 10:
                await pilot.pause(0.001)
            lookup.append(shown[0] - start)
            assert screen.query_one(ArticleView).options.pinyin
    ArticleView.render_line = original  # type: ignore[method-assign]
    ArticleScreen.action_pinyin = action  # type: ignore[method-assign]
    LookupPanel.show = show  # type: ignore[method-assign]
    return [
        Row(
            "tui",
            "open the longest article (489 sentences), to text drawn",
            opening,
            target="< 300 ms",
        ),
        Row("tui", "pinyin on for the whole article, to pinyin drawn", pinyin, target="< 100 ms"),
        Row("tui", "look up a word (warm dictionary), to result shown", lookup, target="< 50 ms"),
    ]


def run() -> list[Row]:
    """Start-up in subprocesses, then interactions in-process."""
    os.environ.setdefault("READER_DATA_DIR", tempfile.mkdtemp(prefix="reader-bench-"))
    return _start_rows() + asyncio.run(_in_app_rows())
