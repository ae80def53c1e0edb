"""Curated English for the bundled corpus: complete, fresh, and stale when a source changes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reader.corpus import Corpus
from reader.paths import bundled_corpus_dir
from reader.translation.curated import curated_path, curated_translations, read_curated

SLUGS = Corpus.open().slugs()


@pytest.mark.parametrize("slug", SLUGS)
def test_every_sentence_has_fresh_curated_english(slug: str) -> None:
    corpus = Corpus.open()
    article = corpus.load(slug)
    curated = read_curated(curated_path(corpus.path_of(slug)))
    assert curated.title
    found = curated_translations(article, curated)
    missing = [s.text for s in article.sentences() if s.id not in found]
    stale = [s.text for s in article.sentences() if s.id in found and found[s.id].stale]
    assert missing == [] and stale == []
    for sentence in article.sentences():
        english = found[sentence.id].text
        assert english.strip() and not re.search(r"[\u4e00-\u9fff]", english)
    assert set(curated.entries) == {s.id for s in article.sentences()}  # no orphans


def test_interview_labels_are_translated() -> None:
    corpus = Corpus.open()
    article = corpus.load("latepost-interview")
    found = curated_translations(article, read_curated(curated_path(corpus.path_of(article.slug))))
    for paragraph in article.paragraphs:
        if paragraph.speaker:
            first = found[paragraph.sentences[0].id].text
            assert first.startswith(
                {"晚点": "LatePost: ", "闫俊杰": "Yan Junjie: "}[paragraph.speaker]
            )


def test_edited_source_sentence_shows_as_stale(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(bundled_corpus_dir(), folder)
    path = folder / "yan-junjie-gamble.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("闪电战初期战绩斐然。", "闪电战初期战绩平平。"), encoding="utf-8")
    corpus = Corpus([folder], folder)
    article = corpus.load("yan-junjie-gamble")
    found = curated_translations(article, read_curated(curated_path(path)))
    edited = next(s for s in article.sentences() if s.text == "闪电战初期战绩平平。")
    assert found[edited.id].stale
    assert sum(t.stale for t in found.values()) == 1
