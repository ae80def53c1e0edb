"""Sentence splitting on tricky lines from the five articles."""

from __future__ import annotations

import pytest

from reader.text.sentences import HARD_LIMIT, split_sentences


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 。 and a colon that opens a quotation (ai-native-ceo)
        (
            "他说为了减肥，去打了司美格鲁肽。打完之后，食欲没了。他的原话是：感觉自己变成了圣人。",
            [
                "他说为了减肥，去打了司美格鲁肽。",
                "打完之后，食欲没了。",
                "他的原话是：感觉自己变成了圣人。",
            ],
        ),
        # an ellipsis between two clauses ends a sentence; a hesitation ellipsis does not
        (
            "他淡淡地来了句：我不嫉妒……我觉得是他们应得的。",
            ["他淡淡地来了句：我不嫉妒……", "我觉得是他们应得的。"],
        ),
        (
            "这就是 AI Native 公司的真面目：极致扁平，极致效率，以及，呃……极致的无情。",
            ["这就是 AI Native 公司的真面目：极致扁平，极致效率，以及，呃……极致的无情。"],
        ),
        # ；ends a sentence
        (
            "聽完后，也就沒然后了；畢竟信息在腦中過去，猶如刮風一樣絲滑。",
            ["聽完后，也就沒然后了；", "畢竟信息在腦中過去，猶如刮風一樣絲滑。"],
        ),
        # ？ followed by more text, and a closing quote after the terminator
        (
            "是有很多人这么问么，不聚焦？闫俊杰说：“对。”然后继续。",
            ["是有很多人这么问么，不聚焦？", "闫俊杰说：“对。”", "然后继续。"],
        ),
        # a quoted speech stays whole, and a short attribution joins it (yan-junjie-gamble)
        (
            "“半年多以前，很多人觉得我有些焦虑，最近半年不再焦虑了。核心是开始意识到要做取舍。”闫俊杰说。",
            [
                "“半年多以前，很多人觉得我有些焦虑，最近半年不再焦虑了。核心是开始意识到要做取舍。”闫俊杰说。"
            ],
        ),
        # decimals, percentages, model names (hard-and-right)
        (
            "MiniMax-M2是一款10B激活参数（总参数量230B）的轻量级模型，价格仅为Claude4.58%。上线一个多月tokens调用量已突破1万亿次。",
            [
                "MiniMax-M2是一款10B激活参数（总参数量230B）的轻量级模型，价格仅为Claude4.58%。",
                "上线一个多月tokens调用量已突破1万亿次。",
            ],
        ),
        (
            "公众其实是GPT 3.5时才看到突破，估值2.5亿美元，o1 和 GPT-3.5 都是。",
            ["公众其实是GPT 3.5时才看到突破，估值2.5亿美元，o1 和 GPT-3.5 都是。"],
        ),
        # an interview turn keeps its speaker label
        (
            "罗永浩：你说你本来是要做老师的，怎么后来又去创业了？",
            ["罗永浩：你说你本来是要做老师的，怎么后来又去创业了？"],
        ),
        (
            "闫俊杰：去年 3、4 月。 我们想清楚之后，就干了几件事儿。",
            ["闫俊杰：去年 3、4 月。", "我们想清楚之后，就干了几件事儿。"],
        ),
        # English sentences inside Chinese, abbreviations and "VS." are not sentence ends
        (
            "Notice: The content above is uploaded by a user. Mr. Smith agrees. 中文继续。",
            ["Notice: The content above is uploaded by a user.", "Mr. Smith agrees.", "中文继续。"],
        ),
        ("天价挖人VS.本土创新，中美AI路径不尽相同", ["天价挖人VS.本土创新，中美AI路径不尽相同"]),
        ("作者 Mr.K 写道：好。", ["作者 Mr.K 写道：好。"]),
        # a bracketed note ends at its closing bracket (latepost-interview)
        (
            "（注：标准 Transformer 里的注意力模块是非线性的。MiniMax-01 是线性的。）这是之后的话。",
            [
                "（注：标准 Transformer 里的注意力模块是非线性的。MiniMax-01 是线性的。）",
                "这是之后的话。",
            ],
        ),
        # ！？ runs and ASCII terminators
        ("真的吗？！不会吧!好。", ["真的吗？！", "不会吧!", "好。"]),
        # no terminator at all: one sentence
        (
            "01 预见Scaling Law：驱动闫俊杰创业的关键时刻",
            ["01 预见Scaling Law：驱动闫俊杰创业的关键时刻"],
        ),
        ("", []),
        ("   ", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_long_quotation_is_split_inside_the_quote() -> None:
    quote = "“" + "我们一直在做这件事，而且做得很认真。" * 12 + "”他说。"
    parts = split(quote)
    assert len(parts) > 1
    assert all(len(p) <= HARD_LIMIT for p in parts)


def test_sentences_and_gaps_reassemble_the_paragraph() -> None:
    text = "第一句。  第二句！\t第三句？ 最后没有标点"
    spans = split_sentences(text)
    pos = 0
    for start, end in spans:
        assert text[pos:start].strip() == ""
        pos = end
    assert text[pos:].strip() == ""
