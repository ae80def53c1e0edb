"""readings() must never raise and always return one entry per character."""

from __future__ import annotations

import random

import pytest

from reader.pinyin import PinyinEngine

ODD_TEXTS = [
    "",
    " ",
    "。，！",
    "abc 123",
    "\x00\x07\x1b[0m\r\n\t",
    "𠮷野家很好吃",  # U+20BB7, outside the BMP
    "😀😀你好😀",
    "⼀⼆⼈",  # Kangxi radicals U+2F00.. (PDF extraction artefacts)
    "⺠主",  # CJK radicals supplement
    "\ud800\udfff孤立的代理项",  # lone surrogates
    "\u200b\u200d\ufeff零宽字符",
    "〇一二",
    "ㄅㄆㄇ注音",
    "가나다한국어",
    "𪚥𪚥𫠣",  # rare extension characters
    "你" * 5000,
    "的了着得地" * 400,
    "豈更車",  # CJK compatibility ideographs
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_with_char_spans(engine: PinyinEngine, text: str) -> None:
    out = engine.readings(text, [(i, i + 1) for i in range(len(text))])
    assert len(out) == len(text)
    assert all(x is None or (isinstance(x, str) and x[-1] in "12345") for x in out)


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_with_jieba(engine: PinyinEngine, seg, text: str) -> None:
    out = engine.readings(text, seg(text))
    assert len(out) == len(text)


@pytest.mark.parametrize(
    "words",
    [
        [],
        [(0, 100)],
        [(3, 1)],
        [(-5, 2), (1, 4)],
        [(0, 2), (1, 3), (2, 4)],  # overlapping
        [(2, 4), (0, 2)],  # out of order
        [("a", "b")],  # garbage
        [None],
        [(0, 1, 2)],
    ],
)
def test_bad_segmentation(engine: PinyinEngine, words) -> None:
    text = "银行行长"
    out = engine.readings(text, words)
    assert len(out) == 4
    assert all(isinstance(x, str) for x in out)


def test_kangxi_radicals_read_as_ideographs(engine: PinyinEngine) -> None:
    assert engine.readings("⼀", [(0, 1)]) == ["yi1"]
    assert engine.readings("〇", [(0, 1)]) == ["ling2"]


def test_random_unicode_never_raises(engine: PinyinEngine) -> None:
    rnd = random.Random(1234)
    for _ in range(300):
        n = rnd.randint(0, 40)
        text = "".join(
            chr(rnd.choice([rnd.randint(0, 0x2FFFF), rnd.randint(0x4E00, 0x9FFF)]))
            for _ in range(n)
        )
        cuts = sorted(rnd.sample(range(n + 1), k=min(n + 1, rnd.randint(0, 6))))
        words = list(zip([0, *cuts], [*cuts, n], strict=False))
        out = engine.readings(text, words)
        assert len(out) == len(text)


def test_non_str_input_does_not_raise(engine: PinyinEngine) -> None:
    assert engine.readings(None, []) == []  # type: ignore[arg-type]


def test_constructor_is_cheap() -> None:
    e = PinyinEngine()
    assert e._lex is None and e._model is None  # nothing loaded yet
