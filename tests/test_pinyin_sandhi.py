from __future__ import annotations

import pytest

from reader.pinyin import sandhi, to_tone_marks, to_toneless


@pytest.mark.parametrize(
    "num,mark",
    [
        ("lü4", "lǜ"),
        ("lü3", "lǚ"),
        ("nü3", "nǚ"),
        ("le5", "le"),
        ("hang2", "háng"),
        ("zhuang1", "zhuāng"),
        ("liu2", "liú"),
        ("gui4", "guì"),
        ("dou1", "dōu"),
        ("lüe4", "lüè"),
        ("er2", "ér"),
        ("a1", "ā"),
        ("ng2", "ńg"),
        ("m2", "ḿ"),
        ("xiong2", "xióng"),
        ("r5", "r"),
        ("lu:4", "lǜ"),
    ],
)
def test_tone_marks(num, mark):
    assert to_tone_marks(num) == mark


def test_toneless():
    assert to_toneless("lü4") == "lü"
    assert to_toneless("le5") == "le"
    assert to_toneless(None) is None
    assert to_tone_marks(None) is None


def _run(engine, seg, text):
    words = seg(text)
    return sandhi(engine.readings(text, words), words, text)


@pytest.mark.parametrize(
    "text,sub,expected",
    [
        ("不是", "不", "bu2"),
        ("不要", "不", "bu2"),
        ("不好", "不", "bu4"),
        ("我不去", "不", "bu2"),
        ("一个人", "一", "yi2"),
        ("一天", "一", "yi4"),
        ("一年", "一", "yi4"),
        ("一起", "一", "yi4"),
        ("一样", "一", "yi2"),
        ("第一", "一", "yi1"),
        ("十一", "一", "yi1"),
        ("一月", "一", "yi1"),
        ("看一看", "一", "yi5"),
        ("统一", "一", "yi1"),
        ("统一思想", "一", "yi1"),
        ("一百", "一", "yi4"),
        ("一万", "一", "yi2"),
    ],
)
def test_sandhi_yi_bu(engine, seg, text, sub, expected):
    out = _run(engine, seg, text)
    assert out[text.index(sub)] == expected


def test_third_tone_within_word(engine, seg):
    assert _run(engine, seg, "你好") == ["ni2", "hao3"]
    assert _run(engine, seg, "展览馆")[:2] == ["zhan2", "lan2"]


def test_sandhi_not_applied_by_default(engine, seg):
    assert engine.readings("不是", seg("不是")) == ["bu4", "shi4"]
    assert engine.readings("一个", seg("一个"))[0] == "yi1"


def test_sandhi_does_not_modify_input():
    syl = ["ni3", "hao3"]
    sandhi(syl, [(0, 2)])
    assert syl == ["ni3", "hao3"]
