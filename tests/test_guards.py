"""Guards on machine output: repetition loops and untranslated Chinese."""

from __future__ import annotations

import pytest

from reader.translation.guards import (
    check,
    collapse_loops,
    is_untranslated,
    source_repeats,
)


@pytest.mark.parametrize(
    ("output", "source", "expected", "looped"),
    [
        ("negative negative negative negative negative", "阴性", "negative", True),
        ("Negative, negative, negative, negative.", "阴性。", "Negative.", True),
        ("negative negative negative", "阴性阴性阴性", "negative negative negative", False),
        ("negative " * 9 + "negative", "阴性阴性", "negative negative", True),
        ("bye bye", "拜拜", "bye bye", False),
        (
            "we need to do this we need to do this now",
            "我们必须做这件事",
            "we need to do this now",
            True,
        ),
        ("the model of the company", "公司的模型", "the model of the company", False),
        (
            "he said that it works, it works, it works.",
            "他说这有效。",
            "he said that it works.",
            True,
        ),
        ("", "阴性", "", False),
    ],
)
def test_collapse_loops(output: str, source: str, expected: str, looped: bool) -> None:
    assert collapse_loops(output, source) == (expected, looped)


@pytest.mark.parametrize(
    ("source", "repeats"),
    [("阴性", 1), ("阴性阴性阴性", 3), ("哈哈哈", 3), ("银行行长", 2), ("因为他信物理学", 1)],
)
def test_source_repeats(source: str, repeats: int) -> None:
    assert source_repeats(source) == repeats


@pytest.mark.parametrize(
    ("source", "output", "untranslated"),
    [
        ("鸡鸭鱼肉。", "鸡鸭鱼肉。", True),
        ("银行行长说：今天的数据很大。", "银行行长说：今天的数据 big", True),
        (
            "闫俊杰说他不再焦虑了，因为公司的模型已经很好。",
            "闫俊杰 says he no longer worries, the model is good",
            False,
        ),
        ("MiniMax", "MiniMax", False),
        ("2023年", "2023", False),
        ("他信。", "He believes.", False),
        ("他信。", "他信 he believes", True),
    ],
)
def test_untranslated(source: str, output: str, untranslated: bool) -> None:
    assert is_untranslated(source, output) is untranslated


def test_check_flags_and_cleans() -> None:
    assert check("阴性。", "  negative   negative negative  ") == ("negative", ("loop",))
    assert check("鸡鸭鱼肉。", "鸡鸭鱼肉。") == ("鸡鸭鱼肉。", ("untranslated",))
    assert check("他信。", "   ") == ("", ("empty",))
    assert check("他信。", "He believes.") == ("He believes.", ())
