"""Benchmarks exporting the whole corpus to bilingual Markdown.

- Rendering every article in each layout x granularity (all three pinyin modes), warm: jieba
  loaded and each sentence analysed once before (the analysis is memoised per analyzer, as in a
  TUI session that already showed the article). Target for all 12 combinations: under 1 s.
- The same to files through ``export_articles`` (atomic writes, fsync).
- The first export of a session with pinyin: a new workspace, so every sentence is analysed.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Row, measure


def run() -> list[Row]:
    """Measures the export rows."""
    from reader.export import ExportOptions, export_articles, render_article
    from reader.export.options import GRANULARITIES, LAYOUTS, PINYIN_MODES
    from reader.workspace import Workspace

    ws = Workspace()
    articles = ws.corpus.articles()
    slugs = [a.slug for a in articles]
    sentences = sum(a.sentence_count() for a in articles)
    combos = [
        ExportOptions(layout=layout, granularity=granularity, pinyin=pinyin)
        for layout, granularity, pinyin in itertools.product(LAYOUTS, GRANULARITIES, PINYIN_MODES)
    ]
    sizes: dict[ExportOptions, int] = {}

    def render(options: list[ExportOptions]) -> None:
        for o in options:
            sizes[o] = sum(len(render_article(ws, a, o).encode()) for a in articles)

    def renderer(options: list[ExportOptions]) -> Callable[[], None]:
        return lambda: render(options)

    rows = []
    for layout, granularity in itertools.product(LAYOUTS, GRANULARITIES):
        chosen = [o for o in combos if (o.layout, o.granularity) == (layout, granularity)]
        samples = measure(renderer(chosen), runs=5, warmup=1)
        kib = sum(sizes[o] for o in chosen) / 1024
        rows.append(
            Row(
                "export",
                f"render {layout}/{granularity} × 3 pinyin modes",
                samples,
                note=f"{len(articles)} articles, {kib:.0f} KiB",
            )
        )
    total = measure(renderer(combos), runs=5, warmup=1)
    rows.append(
        Row(
            "export",
            "render all 12 combinations (warm)",
            total,
            target="< 1 s",
            note=f"{len(articles)} articles × 12 = {len(articles) * 12} documents, "
            f"{sentences} sentences each pass",
        )
    )

    out = Path(tempfile.mkdtemp(prefix="reader-bench-export-"))
    try:

        def to_files() -> None:
            for i, o in enumerate(combos):
                export_articles(ws, slugs, out / str(i), o, force=True, folder=True)

        rows.append(
            Row(
                "export",
                "export_articles to files, all 12 (warm)",
                measure(to_files, runs=5, warmup=1),
                baseline="render all 12 combinations (warm)",
                note="atomic writes with fsync, 60 files",
            )
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)

    def first_export() -> None:
        fresh = Workspace()  # new analyzer: nothing memoised, jieba already in memory
        for a in fresh.corpus.articles():
            render_article(fresh, a, ExportOptions(pinyin="ruby"))

    rows.append(
        Row(
            "export",
            "first export of a session: ruby (cold analysis)",
            measure(first_export, runs=3, warmup=1),
            note="every sentence segmented and read",
        )
    )
    return rows
