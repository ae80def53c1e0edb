"""Generates libraries of any size from the bundled articles, for the library benchmarks.

Each generated article takes a stretch of one bundled article's paragraphs and varies its text:
about one Han character in sixteen is replaced by another frequent character, so the library's
vocabulary of character pairs grows with it as a real one would, instead of repeating five
articles. A tenth are in traditional characters, a fifth are chapters of a series (as EPUB
imports are), a third come with curated English (the bundled English of the same sentences),
and titles, authors, sources and dates vary.

    uv run python -m benchmarks.library_gen DIR N
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.corpus import Corpus, render_article
from reader.model import ArticleMeta, build_article
from reader.paths import bundled_corpus_dir, package_data
from reader.text.blocks import Block
from reader.text.chars import HAN_RE, is_han
from reader.text.script import to_traditional
from reader.translation.curated import curated_path, curated_translations, read_curated

REPLACE = 1 / 16
AUTHORS = ["王智远", "程曼祺", "孙语彤", "Mr.K", "李明", "張偉", "Anna Liu", "陈静", None]
SOURCES = ["晚点LatePost", "36氪", "虎嗅", "中国商业科技新闻网", "極客公園", "澎湃新闻", None]


@dataclass(frozen=True)
class _Source:
    title: str
    blocks: list[Block]
    english: list[list[str | None]]  # per block, per sentence


def _sources() -> list[_Source]:
    folder = bundled_corpus_dir()
    out = []
    for article in Corpus([folder], folder).articles():
        curated = curated_translations(
            article, read_curated(curated_path(folder / f"{article.slug}.md"))
        )
        english = [
            [curated[s.id].text if s.id in curated else None for s in p.sentences]
            for p in article.paragraphs
        ]
        blocks = [Block(p.kind, p.text, p.level) for p in article.paragraphs]
        out.append(_Source(article.meta.title, blocks, english))
    return out


def _common_chars() -> list[str]:
    text = package_data("common_chars.txt").read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines() if not line.startswith("#"))
    return [ch for ch in body if is_han(ch)][:2500]


def _vary(text: str, rng: random.Random, chars: list[str]) -> str:
    return "".join(
        rng.choice(chars) if is_han(ch) and rng.random() < REPLACE else ch for ch in text
    )


def make_library(folder: Path, count: int, *, seed: int = 0) -> int:
    """Writes ``count`` articles (and some curated English) into ``folder``; returns the number
    of sentences written."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = _sources()
    chars = _common_chars()
    sentences = 0
    for n in range(count):
        rng = random.Random(seed * 1_000_003 + n)
        source = sources[n % len(sources)]
        size = len(source.blocks)
        length = max(3, int(size * rng.uniform(0.3, 1.0)))
        start = rng.randrange(0, max(1, size - length + 1))
        picked = range(start, min(size, start + length))
        traditional = rng.random() < 0.1
        blocks = []
        for i in picked:
            b = source.blocks[i]
            text = _vary(b.text, rng, chars)
            blocks.append(Block(b.kind, to_traditional(text) if traditional else text, b.level))
        slug = f"gen-{n:05d}"
        series: str | None = None
        chapter: int | None = None
        if rng.random() < 0.2:
            series, chapter = f"丛书第{n // 20}卷", n % 20 + 1
        title = _vary(source.title, rng, chars)[:30] + f"（{n}）"
        meta = ArticleMeta(
            slug=slug,
            title=to_traditional(title) if traditional else title,
            author=rng.choice(AUTHORS),
            source=rng.choice(SOURCES),
            date=f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.8
            else None,
            script="traditional" if traditional else "simplified",
            original_file=f"{slug}.html",
            series=series,
            chapter=chapter,
        )
        path = folder / f"{slug}.md"
        path.write_text(render_article(meta, blocks), encoding="utf-8")
        article = build_article(meta, blocks)
        sentences += article.sentence_count()
        if rng.random() < 1 / 3:
            entries = []
            for paragraph, source_index in zip(article.paragraphs, picked, strict=True):
                english = source.english[source_index]
                if len(english) != len(paragraph.sentences):
                    continue  # the variation moved a sentence boundary: leave it untranslated
                for s, en in zip(paragraph.sentences, english, strict=True):
                    if en:
                        entries.append({"id": s.id, "zh": s.text, "en": en})
            # JSON is YAML: the curated file loads as any other.
            document = {"slug": slug, "title": f"Article {n}", "sentences": entries}
            curated_path(path).write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return sentences


def han_share(folder: Path) -> float:
    """The share of Han characters among the non-space characters of a generated library."""
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
    han = len(HAN_RE.findall(text))
    return han / max(1, len("".join(text.split())))


if __name__ == "__main__":
    target, number = Path(sys.argv[1]), int(sys.argv[2])
    print(f"{make_library(target, number)} sentences in {number} articles in {target}")
