"""Benchmarks the text pipeline and start-up.

- Analysing the whole corpus (sentence splitting, segmentation, pinyin, glossary terms) against
  bare ``jieba.lcut`` + ``pypinyin.pinyin`` over the same paragraphs, both warm, same run
  (target: at most 2x).
- ``reader list`` started cold (empty user dirs, no jieba cache) and warm.
"""

from __future__ import annotations

import shutil
import sys
import tempfile

from benchmarks.common import Row, measure, run_process


def run() -> list[Row]:
    """Measures the pipeline rows."""
    import jieba
    from pypinyin import Style, pinyin

    from reader.corpus import Corpus
    from reader.model import build_article
    from reader.workspace import Workspace

    ws = Workspace()
    articles = Corpus.open().articles()
    paragraphs = [p.text for a in articles for p in a.paragraphs]
    analyzer = ws.analyzer
    jieba.setLogLevel(60)

    def ours() -> None:
        for article in articles:
            fresh = build_article(article.meta, [_block(p) for p in article.paragraphs])
            for sentence in fresh.sentences():
                analyzer.analyze(sentence.text)

    def bare() -> None:
        for text in paragraphs:
            jieba.lcut(text)
            pinyin(text, style=Style.TONE3)

    rows = [
        Row("pipeline", "bare jieba.lcut + pypinyin", measure(bare, runs=5, warmup=2)),
        Row(
            "pipeline",
            "reader analysis of the corpus",
            measure(ours, runs=5, warmup=2),
            baseline="bare jieba.lcut + pypinyin",
            target="≤ 2×",
            note=f"{sum(a.sentence_count() for a in articles)} sentences",
        ),
    ]

    list_cmd = [sys.executable, "-m", "reader", "list", "--json"]
    analyze_cmd = [sys.executable, "-m", "reader", "analyze", "银行行长"]

    def cold(argv: list[str]) -> float:
        """One run with a new, empty user data dir (no caches)."""
        data = tempfile.mkdtemp(prefix="reader-bench-")
        try:
            return run_process(argv, env={"READER_DATA_DIR": data})
        finally:
            shutil.rmtree(data, ignore_errors=True)

    warm_dir = tempfile.mkdtemp(prefix="reader-bench-")
    run_process(
        [sys.executable, "-m", "reader", "analyze", "预热"], env={"READER_DATA_DIR": warm_dir}
    )

    def warm(argv: list[str]) -> float:
        return run_process(argv, env={"READER_DATA_DIR": warm_dir})

    cold_list, cold_analyze = (
        "reader list (cold: new user dir)",
        "reader analyze (cold: builds jieba cache)",
    )
    rows += [
        Row("start-up", cold_list, [cold(list_cmd) for _ in range(5)]),
        Row(
            "start-up",
            "reader list (warm)",
            [warm(list_cmd) for _ in range(5)],
            baseline=cold_list,
        ),
        Row("start-up", cold_analyze, [cold(analyze_cmd) for _ in range(3)]),
        Row(
            "start-up",
            "reader analyze (warm: jieba cache)",
            [warm(analyze_cmd) for _ in range(5)],
            baseline=cold_analyze,
        ),
    ]
    shutil.rmtree(warm_dir, ignore_errors=True)
    return rows


def _block(paragraph):  # type: ignore[no-untyped-def]
    from reader.text.blocks import Block

    return Block(paragraph.kind, paragraph.text, paragraph.level)
