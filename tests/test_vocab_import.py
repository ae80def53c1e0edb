"""Importing known-word lists: plain lists, Pleco and Anki exports, CSV in any encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.vocab.wordlists import cell_word, parse_word_list, read_word_list


@pytest.mark.parametrize(
    ("text", "kind", "words", "skipped", "column"),
    [
        ("银行\n的\n\n学习\n", "list", ["银行", "的", "学习"], 0, None),
        ("銀行\n银行\n", "list", ["银行"], 0, None),  # either script, once
        ("hello\n银行\n  学习  \n", "list", ["银行", "学习"], 1, None),
        # Pleco's export: simplified[traditional], numbered pinyin, definition; categories.
        (
            "//HSK 1\n银行[銀行]\tyin2hang2\tbank\n学习[學習]\txue2xi2\tto study\n",
            "Pleco",
            ["银行", "学习"],
            1,
            1,
        ),
        # Anki "Notes in Plain Text" with its headers and HTML fields.
        (
            "#separator:tab\n#html:true\n#tags column:4\n"
            "<b>银行</b>\tyín&nbsp;háng\tbank\ttag\n"
            '<div style="x">学习</div><br>\txuéxí\tto study\ttag\n',
            "Anki",
            ["银行", "学习"],
            3,
            1,
        ),
        # Anki 2.1.55+ with guid, note type and deck columns: the deck's name is no word list.
        (
            "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
            "Bx9;lq*4Y]\tChinese\t中文::HSK 1\t银行\tbank\n"
            "c.Vr]XX%Hx\tChinese\t中文::HSK 1\t学习\tto study\n",
            "Anki",
            ["银行", "学习"],
            5,
            4,
        ),
        # A CSV whose words are not in the first column: the column of words is found.
        (
            "english,hanzi,pinyin\nbank,银行,yínháng\n"
            '"to study, learn",学习,xuéxí\nsentence,他在银行工作了很多很多年了。,x\n',
            "table",
            ["银行", "学习"],
            2,  # the header and the sentence (too long to be a word)
            2,
        ),
        ("银行;yínháng;bank\n学习;xuéxí;to study\n", "table", ["银行", "学习"], 0, 1),
    ],
)
def test_lists(text: str, kind: str, words: list[str], skipped: int, column: int | None) -> None:
    found = parse_word_list(text)
    assert (found.kind, found.words, found.skipped, found.column) == (kind, words, skipped, column)


@pytest.mark.parametrize(
    ("cell", "word"),
    [
        ("银行[銀行]", "银行"),
        ("<b>银行</b> yínháng", "银行"),
        ("&lt;银行&gt;", "银行"),
        ("bank", None),
        ("", None),
        ("他在银行工作了很多很多年了", None),
    ],
)
def test_cell_word(cell: str, word: str | None) -> None:
    assert cell_word(cell) == word


def test_a_chosen_column(tmp_path: Path) -> None:
    assert parse_word_list("银行\t学习\n工作\t的\n", column=2).words == ["学习", "的"]
    with pytest.raises(ReaderError, match=r"2 column.*no column 5"):
        parse_word_list("银行\t学习\n", column=5)


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("gbk", "gb18030"), ("big5", "big5"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")],
)
def test_encodings(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "words.csv"
    text = (
        "學習,xue2xi2,to study\n銀行,yin2hang2,bank\n工作,gong1zuo4,work\n"
        if encoding == "big5"
        else "学习,xuéxí,to study\n银行,yínháng,bank\n工作,gōngzuò,work\n"
    )
    path.write_bytes(text.encode(encoding))
    found = read_word_list(path)
    assert found.words == ["学习", "银行", "工作"] and found.encoding == name


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"hello\nworld\n", "No Chinese words found"),
        (b"# only a comment\n", "no words"),
        (b"\x80\x81\xfe\xff\x80\xfe not text", "not UTF-8"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "words.txt"
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message):
        read_word_list(path)


def test_a_50_mb_list_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.truncate(50_000_000)
    with pytest.raises(ReaderError, match=r"huge\.txt is 50 MB, more than the 20 MB"):
        read_word_list(path)


def test_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="is a folder"):
        read_word_list(tmp_path)
    with pytest.raises(ReaderError, match="No such file"):
        read_word_list(tmp_path / "nothing.txt")
