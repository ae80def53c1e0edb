"""The bundled corpus: five cleaned articles, front matter, stable ids, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.corpus import Corpus, read_article, render_article
from reader.document.blocks import Block
from reader.document.legacy import parse_legacy
from reader.document.markdown import parse_markdown
from reader.document.render import render_markdown
from reader.model import ArticleMeta, build_article, sentence_id
from reader.paths import bundled_corpus_dir
from tests.conftest import ROOT, SEEDS

SLUGS = [
    "ai-native-ceo",
    "hard-and-right",
    "latepost-interview",
    "three-hard-battles",
    "yan-junjie-gamble",
]


def test_five_articles_with_front_matter() -> None:
    corpus = Corpus.open()
    assert corpus.slugs() == SLUGS
    for article in corpus.articles():
        m = article.meta
        assert m.title and m.source and m.original_file
        assert m.script in ("simplified", "traditional")
        assert article.sentence_count() > 50
    assert corpus.load("ai-native-ceo").meta.script == "traditional"
    assert corpus.load("yan-junjie-gamble").meta.date == "2025-08-08"
    assert corpus.load("latepost-interview").meta.url.startswith("https://mp.weixin.qq.com/")


@pytest.mark.parametrize("slug", SLUGS)
def test_no_chrome_left(slug: str) -> None:
    text = (bundled_corpus_dir() / f"{slug}.md").read_text(encoding="utf-8")
    for chrome in (
        "![",
        "](http",
        "**",
        "长按保存图片",
        "相关文章",
        "Related articles",
        "Recent articles",
        "特别声明",
        "特別聲明",
        "Notice:",
        "搜索历史",
        "阅读",
        "(fēng)",
        "(yuǎn)",
        "FIN",
        "文章原文",
    ):
        assert chrome not in text.split("---", 2)[2], chrome


def test_interview_labels_kept_as_speakers() -> None:
    article = Corpus.open().load("latepost-interview")
    speakers = {p.speaker for p in article.paragraphs if p.speaker}
    assert speakers == {"晚点", "闫俊杰"}
    first_turn = next(p for p in article.paragraphs if p.speaker)
    assert first_turn.sentences[0].text.startswith(first_turn.speaker + "：")


def test_headings_and_lists_survive() -> None:
    corpus = Corpus.open()
    kinds = {p.kind for a in corpus.articles() for p in a.paragraphs}
    assert kinds == {"heading", "text", "list"}
    headings = [p.text for p in corpus.load("ai-native-ceo").paragraphs if p.kind == "heading"]
    assert headings == ["01", "02", "03", "04", "05"]


def test_no_overlong_sentences() -> None:
    for article in Corpus.open().articles():
        for s in article.sentences():
            assert len(s.text) <= 250, s.text


def test_sentence_ids_are_stable() -> None:
    # The same text at the same place gets the same id on every machine and run.
    assert sentence_id("yan-junjie-gamble", 0, 0, "正确的方式是") == sentence_id(
        "yan-junjie-gamble", 0, 0, "正确的方式是  "
    )
    article = Corpus.open().load("yan-junjie-gamble")
    first = next(article.sentences())
    assert first.id == "0.0-6a8a9c65"


def test_ids_unique_within_each_article() -> None:
    for article in Corpus.open().articles():
        ids = [s.id for s in article.sentences()]
        assert len(ids) == len(set(ids))


def test_blocks_round_trip() -> None:
    blocks = [
        Block("heading", "01", 2),
        Block("text", "# 不是标题"),
        Block("text", "- 不是列表"),
        Block("quote", "> 引用", nest="q"),
        Block("list", "1. 项"),
        Block("text", "普通段落。"),
    ]
    assert parse_markdown(render_markdown(blocks)).blocks == blocks


def test_first_format_files_read_as_before() -> None:
    body = "## 01\n\n\\# 不是标题\n\n> 引用\n\n- \\1. 项\n\n第一行\n第二行\n"
    assert parse_legacy(body) == [
        Block("heading", "01", 2),
        Block("text", "# 不是标题"),
        Block("quote", "引用", nest="q"),
        Block("list", "1. 项"),
        Block("text", "第一行第二行"),
    ]


def test_article_file_round_trip(tmp_path: Path) -> None:
    meta = ArticleMeta(slug="t", title="标题: 冒号", author="作者", script="simplified")
    blocks = [Block("text", "第一句。第二句。")]
    path = tmp_path / "t.md"
    path.write_text(render_article(meta, blocks), encoding="utf-8")
    article = read_article(path)
    assert article.meta.title == "标题: 冒号"
    assert [s.text for s in article.sentences()] == ["第一句。", "第二句。"]
    assert article.paragraphs == build_article(meta, blocks).paragraphs


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the raw seeds are outside the repository")
def test_corpus_rebuilds_from_seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_corpus", ROOT / "scripts" / "build_corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fake_root = tmp_path / "root"
    (fake_root / "scripts").mkdir(parents=True)
    (fake_root / "scripts" / "seeds.yaml").write_bytes(
        (ROOT / "scripts" / "seeds.yaml").read_bytes()
    )
    monkeypatch.setattr(module, "ROOT", fake_root)
    module.build(SEEDS)
    for slug in SLUGS:
        built = (fake_root / "corpus" / f"{slug}.md").read_text(encoding="utf-8")
        assert built == (ROOT / "corpus" / f"{slug}.md").read_text(encoding="utf-8"), slug
