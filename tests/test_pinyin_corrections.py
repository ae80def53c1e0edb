"""Pinyin corrections that fit the word: this occurrence or this word everywhere, listed and
undone in the reader and with ``reader pinyin corrections``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli.main import main
from reader.errors import ReaderError
from reader.pinyin.overrides import (
    Correction,
    Overrides,
    correction_target,
    everywhere_span,
    load_corrections,
    remove_correction,
    save_correction,
    save_occurrence,
    save_override,
)
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.correct import CorrectReading
from reader.tui.screens.corrections import CorrectionsScreen
from reader.workspace import Workspace
from tests.tui_support import settle


def reading(ws: Workspace, text: str, sub: str) -> str:
    tokens = ws.analyzer.analyze(text)
    syllables = [p for t in tokens for p in t.pinyin]
    i = text.index(sub)
    return " ".join(str(s) for s in syllables[i : i + len(sub)])


# words as segmented (the text split at "|"), the word corrected, the span a word-wide
# correction covers
SPANS = [
    ("清晰|地|定义", 1, "清晰地"),  # a bare character takes the word before it
    ("地|上|很|滑", 0, "地上"),  # ... or after it at the start
    ("银行|行长", 1, "行长"),  # a word is itself
    ("用|GPT|做", 0, "用"),  # nothing Chinese next to it: the character alone
]


@pytest.mark.parametrize("segmented,k,expected", SPANS)
def test_a_bare_character_is_never_corrected_alone_everywhere(segmented, k, expected) -> None:
    words = segmented.split("|")
    text = "".join(words)
    spans, pos = [], 0
    for w in words:
        spans.append((pos, pos + len(w)))
        pos += len(w)
    s, e = everywhere_span(text, spans, k)
    assert text[s:e] == expected


def test_target_of_a_particle_reads_with_its_word() -> None:
    words = [(0, 2, ("qing1", "xi1")), (2, 3, ("di4",)), (3, 5, ("ding4", "yi4"))]
    target = correction_target("清晰地定义", words, 1)
    assert (target.word, target.phrase) == ("地", "清晰地")
    assert target.everywhere_reading("de") == "qīng xī de"
    with pytest.raises(ValueError, match="syllables"):
        target.everywhere_reading("de de")


def test_this_occurrence_only(isolated_dirs: Path) -> None:
    save_occurrence("他把书放在地上就走了。", 5, "地", "dì")
    ws = Workspace()
    assert reading(ws, "他把书放在地上就走了。", "地") == "di4"
    # the same character elsewhere is left to the engine
    assert reading(ws, "他高兴地走了。", "地") == "de5"


def test_an_occurrence_wins_over_the_word_everywhere(isolated_dirs: Path) -> None:
    save_override("行长", "háng zhǎng")
    save_occurrence("这一行长得很整齐", 2, "行长", "háng cháng")
    overrides = Overrides.load()
    found = overrides.find("这一行长得很整齐")
    assert [(o.start, o.end, o.syllables) for o in found] == [(2, 4, ("hang2", "chang2"))]
    assert [o.syllables for o in overrides.find("银行行长说")] == [("hang2", "zhang3")]


def test_traditional_sentences_match_their_occurrence(isolated_dirs: Path) -> None:
    save_occurrence("他會長大", 2, "長", "zhǎng")
    assert reading(Workspace(), "他會長大", "長") == "zhang3"


def test_saving_replaces_and_removing_undoes(isolated_dirs: Path) -> None:
    save_override("大夫", "dà fū")
    save_override("大夫", "dài fu")
    occurrence = save_occurrence("地上很滑", 0, "地", "dì")
    assert load_corrections() == [Correction("大夫", ("dai4", "fu5")), occurrence]
    assert remove_correction(occurrence)
    assert not remove_correction(occurrence)
    assert load_corrections() == [Correction("大夫", ("dai4", "fu5"))]


def test_an_occurrence_must_be_where_it_says(isolated_dirs: Path) -> None:
    with pytest.raises(ValueError, match="not at position"):
        save_occurrence("地上很滑", 1, "地", "dì")
    path = isolated_dirs / "pinyin.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "occurrences:\n- {sentence: 地上很滑, at: 3, word: 地, reading: dì}\n", encoding="utf-8"
    )
    with pytest.raises(ReaderError, match="occurrences #1: 地 is not at position 3"):
        load_corrections()


_han = st.sampled_from("银行长地得了重还中为教差")


@settings(max_examples=30, deadline=None)
@given(
    words=st.lists(st.text(_han, min_size=1, max_size=3), min_size=1, max_size=4, unique=True),
    tone=st.integers(1, 5),
)
def test_corrections_round_trip_through_the_file(tmp_path_factory, words, tone) -> None:
    path = tmp_path_factory.mktemp("c") / "pinyin.yaml"
    made = []
    for w in words:
        made.append(Correction(w, tuple(f"a{tone}" for _ in w)))
        sentence = "他说" + w + "。"
        made.append(Correction(w, tuple("e5" for _ in w), sentence, 2))
    for c in made:
        save_correction(c, path)
    assert sorted(load_corrections(path), key=repr) == sorted(made, key=repr)


# -- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_remove(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "pinyin", "corrections", "list")
    assert code == 0 and "No pinyin corrections yet" in out
    assert run(capsys, "pinyin", "corrections", "add", "清晰地", "qīng xī de")[0] == 0
    save_occurrence("他把书放在地上就走了。", 5, "地", "dì")
    code, out, _ = run(capsys, "pinyin", "corrections", "list")
    assert code == 0
    assert out.splitlines() == [
        "  1  清晰地  qīng xī de  (everywhere)",
        "  2  地  dì  (only in “他把书放在[地]上就走了。”)",
    ]
    code, out, _ = run(capsys, "pinyin", "corrections", "list", "--json")
    listed = json.loads(out)
    assert [c["scope"] for c in listed] == ["everywhere", "occurrence"]
    assert listed[1] == {
        "word": "地",
        "reading": "dì",
        "scope": "occurrence",
        "sentence": "他把书放在地上就走了。",
        "at": 5,
    }
    code, out, _ = run(capsys, "pinyin", "corrections", "remove", "2")
    assert code == 0 and out.startswith("Removed: 地")
    code, out, _ = run(capsys, "pinyin", "corrections", "remove", "清晰地")
    assert code == 0 and "清晰地" in out
    assert load_corrections() == []


@pytest.mark.parametrize(
    "argv,message",
    [
        (["remove", "3"], "No correction number 3"),
        (["remove", "银行"], "No correction of 银行"),
        (["add", "银行", "yín"], "银行: 1 syllable for 2 characters"),
        (["add", "银行", "yín x9"], "not a pinyin syllable"),
    ],
)
def test_cli_errors_are_one_line(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str], argv, message
) -> None:
    code, out, err = run(capsys, "pinyin", "corrections", *argv)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


# -- the reader --------------------------------------------------------------------------------

SIZE = (100, 30)


async def test_r_corrects_here_or_everywhere_and_c_undoes(isolated_dirs: Path) -> None:
    app = ReaderApp(Workspace(), open_slug="hard-and-right")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.reading is not None
        first = screen.reading[0]
        k = next(i for i in range(len(first.tokens or ())) if first.word_text(i) == "稀宇科技")
        await pilot.press("l")
        screen._set_word(k)
        await pilot.press("R")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectReading) and dialog.word == "稀宇科技"
        keys = str(dialog.query_one("#keys").render())
        assert "this occurrence only" in keys and "this word everywhere" in keys
        await pilot.press("enter")  # unchanged reading, this occurrence only
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        (only,) = load_corrections()
        assert not only.everywhere and only.word == "稀宇科技"

        screen._set_word(k)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, CorrectReading)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sorted(c.everywhere for c in load_corrections()) == [False, True]

        await pilot.press("C")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, CorrectionsScreen) and len(listing.corrections) == 2
        await pilot.press("d")
        await pilot.press("d")
        await pilot.pause()
        assert listing.corrections == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
    assert load_corrections() == []
