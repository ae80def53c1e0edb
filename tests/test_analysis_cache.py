"""The persistent caches of analysis: tokens by sentence (``analysis.sqlite``, read by
``reader show``, export and the reader's analysis worker) and the parsed pinyin lexicon."""

from __future__ import annotations

import pytest

from reader.analysis import Analyzer
from reader.analysis_cache import FILENAME, AnalysisCancelled, analyze_all
from reader.paths import cache_dir
from reader.pinyin import lexicon as lexicon_module
from reader.pinyin.lexicon import CACHE_NAME, TABLES, Lexicon
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.workspace import Workspace
from tests.tui_support import settle


def _item(text: str, *atoms: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A sentence and the spans of its inline code or math."""
    return text, tuple((text.index(a), text.index(a) + len(a)) for a in atoms)


ITEMS = [
    _item("这一行代码调用了 model.generate() 函数。", "model.generate()"),
    _item("我们把学习率设为\\eta=0.1，再训练一遍。", "\\eta=0.1"),
    _item("你好，我想了解一下多头注意力。"),
]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = Analyzer.analyze

    def counting(self: Analyzer, text: str, **kwargs: object) -> object:
        seen.append(text)
        return original(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Analyzer, "analyze", counting)
    return seen


def test_stopping_keeps_what_was_analysed(
    workspace_session: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = iter([False, True])  # one sentence analysed, then the worker is cancelled
    with pytest.raises(AnalysisCancelled):
        analyze_all(workspace_session, ITEMS, stop=lambda: next(calls))
    seen = _counting(monkeypatch)
    tokens = analyze_all(workspace_session, ITEMS)
    assert seen == [ITEMS[1][0], ITEMS[2][0]]  # the first came from the cache
    assert [t.text for t in tokens[0] if t.atom] == ["model.generate()"]
    assert [t.text for t in tokens[1] if t.atom] == ["\\eta=0.1"]


def test_tone_sandhi_has_its_own_keys(workspace_session: Workspace) -> None:
    plain = analyze_all(workspace_session, ITEMS)
    sandhi = analyze_all(workspace_session, ITEMS, tone_sandhi=True)
    expected = [
        tuple(workspace_session.analyzer.analyze(text, tone_sandhi=True, atoms=atoms))
        for text, atoms in ITEMS
    ]
    assert sandhi == expected
    assert plain != sandhi  # 你好 is read ní hǎo with sandhi
    assert analyze_all(workspace_session, ITEMS) == plain  # and the plain rows are still right


async def test_the_reader_reads_words_of_an_article_from_the_cache(
    workspace_session: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ReaderApp(workspace_session, open_slug="hard-and-right")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen) and screen.reading is not None
        first = [state.tokens for state in screen.reading]
    assert (cache_dir() / FILENAME).is_file()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(Analyzer, "analyze", refuse)
    app = ReaderApp(workspace_session, open_slug="hard-and-right")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen) and screen.reading is not None
        assert screen.reading.analysed
        assert [state.tokens for state in screen.reading] == first


def _tables(lexicon: Lexicon) -> tuple[object, ...]:
    return tuple(getattr(lexicon, name) for name in TABLES)


def test_the_lexicon_is_parsed_once_then_read_from_its_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed = Lexicon()
    assert (cache_dir() / CACHE_NAME).is_file()

    def refuse(self: Lexicon) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(Lexicon, "_parse", refuse)
        cached = Lexicon()
    assert _tables(cached) == _tables(parsed)
    assert cached.word("残差") == ("can2", "cha1")  # the project's own words come back too


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not marshal data at all",
        b"\xe3" * 1000,
    ],
)
def test_a_damaged_lexicon_cache_is_parsed_again(damage: bytes) -> None:
    expected = _tables(Lexicon())
    path = cache_dir() / CACHE_NAME
    path.write_bytes(damage)
    assert _tables(Lexicon()) == expected
    assert path.read_bytes() != damage  # and written again


def test_a_stale_lexicon_cache_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    Lexicon()
    monkeypatch.setattr(lexicon_module, "_cache_key", lambda: "data files changed")
    parsed: list[bool] = []
    original = Lexicon._parse

    def parse(self: Lexicon) -> None:
        parsed.append(True)
        original(self)

    monkeypatch.setattr(Lexicon, "_parse", parse)
    assert Lexicon().word("残差") == ("can2", "cha1")
    assert parsed == [True]


def test_an_unwritable_cache_folder_only_costs_time() -> None:
    blocker = cache_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    if blocker.exists():
        for child in blocker.iterdir():
            child.unlink()
        blocker.rmdir()
    blocker.write_text("a file where the cache folder should be")
    assert Lexicon().word("残差") == ("can2", "cha1")
