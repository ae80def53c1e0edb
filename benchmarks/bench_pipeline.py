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

    def list_cold() -> float:
        data = tempfile.mkdtemp(prefix="reader-bench-")
        try:
            return run_process(
                [sys.executable, "-m", "reader", "list", "--json"], env={"READER_DATA_DIR": data}
            )
        finally:
            shutil.rmtree(data, ignore_errors=True)

    warm_dir = tempfile.mkdtemp(prefix="reader-bench-")
    run_process(
        [sys.executable, "-m", "reader", "analyze", "预热"], env={"READER_DATA_DIR": warm_dir}
    )
    rows.append(
        Row("start-up", "reader list (cold: new user dir)", [list_cold() for _ in range(5)])
    )
    rows.append(
        Row(
            "start-up",
            "reader list (warm)",
            [
                run_process(
                    [sys.executable, "-m", "reader", "list", "--json"],
                    env={"READER_DATA_DIR": warm_dir},
                )
                for _ in range(5)
            ],
            baseline="reader list (cold: new user dir)",
        )
    )

    def analyze_cold() -> float:
        data = tempfile.mkdtemp(prefix="reader-bench-")
        try:
            return run_process(
                [sys.executable, "-m", "reader", "analyze", "银行行长"],
                env={"READER_DATA_DIR": data},
            )
        finally:
            shutil.rmtree(data, ignore_errors=True)

    rows.append(
        Row(
            "start-up",
            "reader analyze (cold: builds jieba cache)",
            [analyze_cold() for _ in range(3)],
        )
    )
    rows.append(
        Row(
            "start-up",
            "reader analyze (warm: jieba cache)",
            [
                run_process(
                    [sys.executable, "-m", "reader", "analyze", "银行行长"],
                    env={"READER_DATA_DIR": warm_dir},
                )
                for _ in range(5)
            ],
            baseline="reader analyze (cold: builds jieba cache)",
        )
    )
    shutil.rmtree(warm_dir, ignore_errors=True)
    return rows


def _block(paragraph):  # type: ignore[no-untyped-def]
    from reader.text.blocks import Block

    return Block(paragraph.kind, paragraph.text, paragraph.level)
