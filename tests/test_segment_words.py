"""Segmentation that does not mislead look-ups: table tests from sentences of real articles."""

from __future__ import annotations

import pytest

from reader.text import names
from reader.text.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def words(segmenter: Segmenter, text: str) -> list[str]:
    return [text[a:b] for a, b in segmenter.segment(text)]


# sentence (from the bundled articles and similar prose), words it must contain, words it must not
TABLE = [
    ("藏着一套近乎冷酷的操作系统", ["一套", "近乎"], ["套近乎"]),
    ("至少认真看完这篇文章", ["这篇", "文章"], ["篇文章"]),
    ("花了几千万美金烧出来的真知灼见", ["几千万", "美金"], ["万美金"]),
    ("消息称他将入职一家投资机构", ["入职"], ["入", "职"]),
    ("罗永辉：那如果公司到了几千人规模如何管理", ["罗永辉"], ["永辉"]),
    ("MiniMax-M261总分位居全球大语言模型第五", ["MiniMax-M2", "61"], ["MiniMax-M261"]),
    ("MiniMax-M2是一款10B激活参数的轻量级模型", ["MiniMax-M2", "10B"], []),
    ("我跟他套近乎", ["套近乎"], []),  # the verb itself stays whole
    ("他读了三篇文章", ["三篇", "文章"], ["篇文章"]),
    ("他上三年级", ["三年级"], []),  # a real word after a number is left alone
    ("残差连接让训练更稳定", ["残差"], []),
    ("学习率太大会发散", ["学习率"], []),
    # 地 after an adverbial is the particle, not the start of a noun
    ("模型都能很好地区分猫和狗", ["地", "区分"], ["地区"]),
    ("我们要勇敢地面对困难", ["地", "面对"], ["地面"]),
    ("他高兴地走了", ["地", "走"], ["地走了"]),
    ("该地区分为三个县", ["地区", "分为"], []),
    ("不同地区分别统计", ["地区", "分别"], []),
]


@pytest.mark.parametrize("text,present,absent", TABLE)
def test_segmentation_keeps_words_whole(segmenter, text, present, absent) -> None:
    got = words(segmenter, text)
    assert "".join(got) == text
    for w in present:
        assert w in got, f"{w} missing from {'|'.join(got)}"
    for w in absent:
        assert w not in got, f"{w} in {'|'.join(got)}"


def test_speakers_of_an_article_stay_whole(segmenter) -> None:
    text = "欧阳明远说了很多"
    names.remember(["欧阳明远"])
    assert "欧阳明远" in words(segmenter, text)


def test_speakers_in_front_matter_are_remembered(segmenter) -> None:
    from reader.model import ArticleMeta, build_article
    from reader.text.blocks import Block

    meta = ArticleMeta(slug="x", title="t", extra={"speakers": ["司徒静雯"]})
    build_article(meta, [Block("text", "司徒静雯：你好。")])
    assert "司徒静雯" in words(segmenter, "我问司徒静雯一个问题")


def test_overlong_or_blank_labels_are_not_names() -> None:
    names.remember(["", " ", "这" * 40])
    assert "这" * 40 not in names.remembered()


WORD_CLASSES = [
    ("跑", "v"),
    ("发展", "v"),
    ("高兴", ""),  # jieba tags it b (a distinguishing word), not a
    ("好", "a"),
    ("认真", "a"),
    ("首先", "d"),
    ("之前", ""),
    ("不存在的词语", ""),
    ("", ""),
]


@pytest.mark.parametrize("word,expected", WORD_CLASSES)
def test_word_classes(word, expected) -> None:
    from reader.text.wordclass import word_classes

    assert word_classes().classes(word) == expected


def test_word_class_table_finds_every_entry() -> None:
    from reader.text.wordclass import WordClasses

    table = "# comment\n一\ta\n一丁点\td\n丁\tv\n"
    classes = WordClasses(table)
    assert [classes.classes(w) for w in ("一", "一丁点", "丁", "丁丁", "")] == [
        "a",
        "d",
        "v",
        "",
        "",
    ]
