"""Benchmarks the library index on generated libraries of 5, 100, 1,000 and 5,000 articles.

Libraries are generated from the bundled articles with varied text (benchmarks/library_gen.py)
into a temporary corpus folder, each with its own data dir. For each size:

- building the index from nothing (the first ``reader list``; target under 60 s for 1,000);
- ``reader list`` with the index built, and the reader's first library frame, both as new
  processes (targets: at most 1.3× the five-article times);
- the first search of a session (a new process: open the index, check the folders, search;
  under 1 s) and warm searches in one process (ten queries of every kind: one and two Han
  characters, either script, pinyin, English, several words; under 100 ms);
- counting every article's words for the learner's difficulty (once per article, in the
  library's worker), and every article's difficulty from those counts for a learner who knows
  the HSK 1-3 words (what showing the library or marking a word known costs);
- updating the index for one imported article (under 1 s) and ``reader import`` end to end;
- the reader's peak memory with the library, a search and an open article (at most 300 MB).

READER_BENCH_SIZES=5,100 runs fewer sizes (the ratios need 5).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Row, run_process
from benchmarks.library_gen import make_library

SIZES = tuple(int(n) for n in os.environ.get("READER_BENCH_SIZES", "5,100,1000,5000").split(","))
QUERIES = (
    "复盘",
    "模型",
    "的",
    "規模定律",
    "fupan",
    "mo xing",
    "attention",
    "scaling law",
    "估值 复盘",
    "闫俊杰",
)

# Stops the clock when the library screen's first frame is written (as in bench_tui).
_LIBRARY_FRAME = """
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

_FIRST_SEARCH = """
import sys, time
start = time.perf_counter()
from reader.workspace import Workspace
results = Workspace().synced_library().search(sys.argv[1])
print(time.perf_counter() - start, results.total)
"""

# The reader as a person uses it: the library, a search with a few queries, an article opened
# and analysed; then the process's peak resident memory.
_MEMORY = """
import asyncio, resource, sys
from reader.tui.app import ReaderApp
from reader.workspace import Workspace

async def main():
    app = ReaderApp(Workspace())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.action_search()
        await pilot.pause()
        box = app.screen.query_one("#query")
        for query in ("复盘", "的", "fupan", "attention"):
            box.value = query
            await pilot.pause()
            await app.workers.wait_for_complete()
        if sys.argv[1] == "article":
            app.open_article(sys.argv[2], 0)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

asyncio.run(main())
"""


def _output(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        argv,
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _rows_for(n: int, base: Path) -> tuple[list[Row], dict[str, str]]:
    corpus, data = base / f"corpus-{n}", base / f"data-{n}"
    start = time.perf_counter()
    sentences = make_library(corpus, n)
    made = time.perf_counter() - start
    env = {
        "READER_DATA_DIR": str(data),
        "READER_CORPUS": str(corpus),
        "PYTHONDONTWRITEBYTECODE": "",
    }
    note = f"{n} articles, {sentences} sentences (generated in {made:.0f} s)"
    reader = [sys.executable, "-m", "reader"]
    build = run_process([*reader, "list"], env)
    counting, difficulty, learner = _learner_times(corpus, data)
    size_mb = sum(p.stat().st_size for p in data.rglob("*.sqlite*") if "library" in str(p)) / 1e6
    lists, list_cpu = _runs([*reader, "list"], env)
    frames, frame_cpu = _runs([sys.executable, "-c", _LIBRARY_FRAME], env)
    vocab_difficulty, _ = _runs([*reader, "vocab", "difficulty"], env, runs=3)
    first = []
    for query in ("复盘", "fupan", "attention"):
        seconds, _ = _output([sys.executable, "-c", _FIRST_SEARCH, query], env).split()
        first.append(float(seconds))
    warm, slowest = _warm_searches(corpus, data)
    update, imported = _import_times(corpus, data, env)
    memory = float(_output([sys.executable, "-c", _MEMORY, "library"], env))
    with_article = float(_output([sys.executable, "-c", _MEMORY, "article", "gen-00002"], env))
    name = f"{n} articles"
    rows = [
        Row("library", f"build the index, {name}", [build], unit="s", note=note,
            target="< 60 s" if n == 1000 else ""),
        Row("library", f"reader list, {name}", lists, baseline="reader list, 5 articles",
            target="≤ 1.3×", note=f"CPU {list_cpu * 1000:.0f} ms a run; index {size_mb:.0f} MB"),
        Row("library", f"first library frame, {name}", frames,
            baseline="first library frame, 5 articles", target="≤ 1.3×",
            note=f"CPU {frame_cpu * 1000:.0f} ms a run"),
        Row("library", f"counting words for the learner, {name}", [counting], unit="s",
            note=f"once per article ({counting / n * 1000:.0f} ms each), in the background"),
        Row("library", f"learner's difficulty of every article, {name}", difficulty,
            note=f"from the index's word counts; {learner}"),
        Row("library", f"reader vocab difficulty, {name}", vocab_difficulty,
            note="every article, words counted: a new process"),
        Row("library", f"first search of a session, {name}", first, target="< 1 s",
            note="new process: 复盘, fupan, attention"),
        Row("library", f"search, warm, {name}", warm, target="< 100 ms",
            note=f"median of {len(QUERIES)} queries; slowest {slowest * 1000:.0f} ms"),
        Row("library", f"index update for one import, {name}", update, target="< 1 s"),
        Row("library", f"reader import end to end, {name}", imported, unit="s"),
        Row("library", f"peak memory: library + search, {name}", [memory], unit="MB",
            target="≤ 300 MB"),
        Row("library", f"peak memory: + an article analysed, {name}", [with_article], unit="MB"),
    ]  # fmt: skip
    return rows, env


def _runs(argv: list[str], env: dict[str, str], runs: int = 7) -> tuple[list[float], float]:
    """Wall-clock seconds of each run of a new process, and the mean CPU seconds (user and
    system) a run took: on a shared machine the CPU time is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    samples = [run_process(argv, env) for _ in range(runs)]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return samples, cpu / runs


def _warm_searches(corpus: Path, data: Path) -> tuple[list[float], float]:
    """The median time of each query (five runs after one warm-up) in one process."""
    os.environ["READER_DATA_DIR"] = str(data)
    from reader.workspace import Workspace

    library = Workspace(str(corpus)).synced_library()
    medians = []
    for query in QUERIES:
        library.search(query)
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            library.search(query)
            samples.append(time.perf_counter() - start)
        medians.append(statistics.median(samples))
    library.close()
    return medians, max(medians)


def _learner_times(corpus: Path, data: Path) -> tuple[float, list[float], str]:
    """Counting every article's words into the index (what the library's worker does once),
    then each article's difficulty for a learner who knows the HSK 1-3 words of the library
    (five runs): what showing the library, or marking a word known, costs."""
    os.environ["READER_DATA_DIR"] = str(data)
    from reader.workspace import Workspace

    ws = Workspace(str(corpus))
    library = ws.synced_library()
    analyzer = ws.analyzer
    analyzer.segmenter.segment("预热", [])  # jieba's dictionary is loaded before the clock
    start = time.perf_counter()
    library.count_words(analyzer)
    counting = time.perf_counter() - start
    known = {
        word
        for word, level in library.db.read(
            lambda c: c.execute("SELECT word, level FROM words").fetchall()
        )
        if level is not None and level <= 3
    }
    samples = []
    for _ in range(6):
        start = time.perf_counter()
        found = library.difficulties(known)
        samples.append(time.perf_counter() - start)
    share = statistics.median(d.known_share for d in found.values()) if found else 0.0
    library.close()
    note = f"{len(known)} words known, median {share:.0%} of an article"
    return counting, samples[1:], note


def _import_times(corpus: Path, data: Path, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Indexing one new article in-process (three new files), and ``reader import`` of a
    text file as a new process."""
    os.environ["READER_DATA_DIR"] = str(data)
    from reader.workspace import Workspace

    ws = Workspace(str(corpus))
    library = ws.synced_library()
    template = (corpus / "gen-00002.md").read_text(encoding="utf-8")
    updates = []
    for k in range(3):
        path = corpus / f"imported-{k}.md"
        path.write_text(template.replace("。", f"，第{k}次。", 3), encoding="utf-8")
        start = time.perf_counter()
        library.file_written(path)
        updates.append(time.perf_counter() - start)
    library.close()
    body = template.split("---", 2)[2]
    imports = []
    for k in range(3):
        source = corpus.parent / f"import-{corpus.name}-{k}.txt"
        source.write_text(body.replace("。", f"，导入{k}。", 5), encoding="utf-8")
        imports.append(run_process([sys.executable, "-m", "reader", "import", str(source)], env))
    return updates, imports


def run() -> list[Row]:
    """Every size, smallest first (its times are the baselines of the ratios)."""
    base = Path(tempfile.mkdtemp(prefix="reader-bench-library-"))
    rows: list[Row] = []
    for n in SIZES:
        print(f"  library of {n} articles …", file=sys.stderr)
        found, _ = _rows_for(n, base)
        rows.extend(found)
    order = [
        "build the index",
        "reader list",
        "first library frame",
        "counting words for the learner",
        "learner's difficulty of every article",
        "reader vocab difficulty",
        "first search of a session",
        "search, warm",
        "index update for one import",
        "reader import end to end",
        "peak memory: library + search",
        "peak memory: + an article analysed",
    ]
    # grouped by what they measure, sizes in order within a group; a row not named here last
    rows.sort(key=lambda r: next((i for i, o in enumerate(order) if r.name.startswith(o)), 99))
    return rows
