"""Benchmarks the reader's memory: peak and resident size in a real session, and what holds it.

- The reader (a new process, headless) with the longest article open for the first time (its
  words not in the analysis cache), pinyin on for the whole article and the look-up panel
  shown, no translation model: resident size (RSS) and peak (VmHWM) from ``/proc/self/status``
  once every background job is done (target: at most 250 MB); then the same read again, its
  words from the analysis cache. A bare Textual app started the same way is the reference.
- What holds it: each component loaded alone in a new process after Textual and the workspace
  (jieba, the pinyin engine, the glossary, CC-CEDICT, OpenCC's full script tables), as the RSS
  it adds. The parts overlap little, so they roughly add up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Row

_STATUS = """
def status():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out
"""

# The session: waits on the app's own signals (pending work, the layout, the workers), never on
# the clock, then reports its memory as JSON on stdout.
_SESSION = (
    _STATUS
    + """
import asyncio, json
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_view import ArticleView
from reader.workspace import Workspace

async def settle(pilot):
    app = pilot.app
    while True:
        await pilot.pause()
        await app.pending.idle.wait()
        for screen in app.screen_stack:
            for view in screen.query(ArticleView):
                await view.laid_out.wait()
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            await pilot.pause()
            return
        await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)

async def main():
    app = ReaderApp(Workspace(), open_slug="latepost-interview", sentence=40)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("l", "enter")
        await settle(pilot)
        for _ in range(20):
            await pilot.press("j")
        await settle(pilot)
        assert app.screen.query_one("#lookup").has_class("-open")
        print(json.dumps(status()))

asyncio.run(main())
"""
)

_BARE = (
    _STATUS
    + """
import asyncio, json
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello")

async def main():
    async with Hello().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(json.dumps(status()))

asyncio.run(main())
"""
)

# One component loaded alone after Textual and the workspace; prints the RSS it added.
_PART = (
    _STATUS
    + """
import gc, json, sys
import textual.app, textual.widgets
from reader.workspace import Workspace
ws = Workspace()
gc.collect()
before = status()["VmRSS"]
what = sys.argv[1]
if what == "jieba":
    ws.segmenter.warm()
elif what == "pinyin":
    from reader.pinyin import PinyinEngine
    PinyinEngine().warm_up()
elif what == "glossary":
    ws.glossary
elif what == "cedict":
    ws.dictionary.warm()
    ws.dictionary.matches_at("深度学习层面", 0)
elif what == "opencc":
    from reader.text.script import to_simplified, to_traditional
    to_simplified("後來"), to_traditional("后来")
gc.collect()
print(json.dumps({"added": status()["VmRSS"] - before}))
"""
)

PARTS = {
    "jieba": "jieba's dictionary (segmentation)",
    "pinyin": "the pinyin engine (reader/pinyin)",
    "glossary": "the glossary (load, check, matcher)",
    "cedict": "CC-CEDICT (look-up), memory-mapped",
    "opencc": "OpenCC both ways (script toggle)",
}


def _run(code: str, env: dict[str, str], *args: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def run() -> list[Row]:
    """Three sessions and one load of each part, each in a new process."""
    env = {"READER_DATA_DIR": tempfile.mkdtemp(prefix="reader-bench-")}
    _run(_SESSION, env)  # builds the caches (jieba, CC-CEDICT) as a first start would
    bare = [_run(_BARE, env) for _ in range(3)]
    analysis = Path(env["READER_DATA_DIR"]) / "cache" / "analysis.sqlite"

    def first_reading() -> dict[str, float]:
        # The article's words not yet in the analysis cache: jieba and the pinyin engine load.
        analysis.unlink(missing_ok=True)
        return _run(_SESSION, env)

    sessions = [first_reading() for _ in range(3)]
    again = [_run(_SESSION, env) for _ in range(3)]  # words from the analysis cache
    reader_rows = [
        ("longest article, pinyin, look-up shown, resident", sessions, "VmRSS", ""),
        (
            "longest article, pinyin, look-up shown, peak",
            sessions,
            "VmHWM",
            "VmHWM: the most the process ever held; the article's first reading",
        ),
        ("the same, read again (words from the analysis cache), peak", again, "VmHWM", ""),
    ]
    rows = [Row("memory", "bare Textual app, resident", [b["VmRSS"] for b in bare], unit="MB")]
    rows += [
        Row(
            "memory",
            f"reader: {name}",
            [s[key] for s in runs],
            unit="MB",
            target="≤ 250 MB",
            note=note,
        )
        for name, runs, key, note in reader_rows
    ]
    for part, label in PARTS.items():
        added = [_run(_PART, env, part)["added"] for _ in range(2)]
        rows.append(Row("memory", f"added by {label}", added, unit="MB"))
    return rows
