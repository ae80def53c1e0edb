"""Segmentation, script conversion and analysis on lines from the articles."""

from __future__ import annotations

import itertools

import pytest

from reader.analysis import Analyzer, analysis_text
from reader.text.chars import fold_radicals
from reader.text.script import detect_script, to_simplified, to_traditional
from reader.text.segment import Segmenter


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    from reader.workspace import Workspace

    return Workspace().analyzer


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize(
    "text",
    [
        "老羅最新一期採訪 MiniMax 閆俊杰的播客，四個小時，終于稀稀拉拉聽完了。",
        "這在物理上就不可能收斂到人類智能這個全局最優解。",
        "發際線有點高",
        "",
    ],
)
def test_conversion_keeps_length(text: str) -> None:
    assert len(to_simplified(text)) == len(text)
    assert len(to_traditional(text)) == len(text)


def test_traditional_converts_to_simplified() -> None:
    assert to_simplified("複盤 MiniMax 的三年") == "复盘 MiniMax 的三年"
    assert detect_script("這在物理上就不可能收斂到人類智能") == "traditional"
    assert detect_script("这在物理上就不可能收敛到人类智能") == "simplified"


def test_kangxi_radicals_fold_to_ideographs() -> None:
    assert fold_radicals("\u2f00个人") == "一个人"
    assert analysis_text("\u2f00个") == "一个"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("MiniMax-M2是一款10B激活参数的模型", ["MiniMax-M2", "10B"]),
        ("仅为Claude4.58%，估值2.5亿美元", ["Claude4.58%", "2.5亿"]),
        ("GPT-3.5 和 o1 以及 DeepSeek-R1", ["GPT-3.5", "o1", "DeepSeek-R1"]),
        ("下载量仅25.2K，在2025-08-08", ["25.2K", "2025-08-08"]),
        ("花美国同行1/50的钱", ["1/50"]),
        ("X.AI 和 Character.ai", ["X.AI", "Character.ai"]),
    ],
)
def test_latin_and_numbers_stay_whole(segmenter: Segmenter, text: str, words: list[str]) -> None:
    tokens = [text[s:e] for s, e in segmenter.segment(text)]
    for word in words:
        assert word in tokens


def test_segments_cover_the_text(segmenter: Segmenter) -> None:
    text = "罗永浩：“所以 AI 时代……”  他说，GPT-3.5 很贵！😀𠀀"
    spans = segmenter.segment(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("text", "term_tokens"),
    [
        (
            "因为他信物理学里的 Scaling Law(规模定律) 。",
            {"Scaling Law": "scaling-law", "规模定律": "scaling-law"},
        ),
        (
            "MiniMax已经开始搞MoE(混合专家模型)了。",
            {"MoE": "mixture-of-experts", "混合专家模型": "mixture-of-experts"},
        ),
        ("首次在4000亿参数规模应用线性注意力架构", {"线性注意力": "linear-attention"}),
        ("这就是第一代 AI Native CEO 最嚇人的地方", {"AI Native": "ai-native"}),
        (
            "其實是數學術語 Coordinate Descent(坐標下降法)的縮寫",
            {"Coordinate Descent": "coordinate-descent", "坐標下降法": "coordinate-descent"},
        ),
    ],
)
def test_glossary_terms_are_single_tokens(
    analyzer: Analyzer, text: str, term_tokens: dict[str, str]
) -> None:
    tokens = {t.text: t.term for t in analyzer.analyze(text)}
    for word, term in term_tokens.items():
        assert tokens.get(word) == term


def test_tokens_have_offsets_and_one_reading_per_character(analyzer: Analyzer) -> None:
    text = "老羅最新一期採訪 MiniMax 閆俊杰的播客，四個小時。"
    tokens = analyzer.analyze(text)
    assert "".join(t.text for t in tokens) == text
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert len(t.pinyin) == len(t.text)
    by_text = {t.text: t.pinyin for t in tokens}
    assert by_text["MiniMax"] == (None,) * 7
    assert by_text["播客"] == ("bo1", "ke4")


def test_traditional_text_reads_like_its_simplified_form(analyzer: Analyzer) -> None:
    traditional = "這在物理上就不可能收斂到人類智能這個全局最優解。"
    simplified = to_simplified(traditional)
    a = [(t.start, t.end, t.pinyin, t.term) for t in analyzer.analyze(traditional)]
    b = [(t.start, t.end, t.pinyin, t.term) for t in analyzer.analyze(simplified)]
    assert a == b


def test_glossary_reading_wins(analyzer: Analyzer) -> None:
    (token,) = [t for t in analyzer.analyze("規模定律") if t.term]
    assert token.pinyin == ("gui1", "mo2", "ding4", "lü4")


@pytest.mark.parametrize("text", ["😀", "𠀀𠀁", "\u2f00", "\x00\x07", "é̃", "ㄅㄆ", "\u200b"])
def test_odd_characters_do_not_crash(analyzer: Analyzer, text: str) -> None:
    tokens = analyzer.analyze(text)
    assert "".join(t.text for t in tokens) == text


def test_an_analyzer_built_again_keeps_the_workspace_segmenter() -> None:
    """jieba's dictionary (some 60 MB) loads once per workspace, not once per analyzer."""
    from reader.workspace import Workspace

    ws = Workspace()
    first = ws.analyzer
    ws.forget_analyzer()  # after a correction or the neutral-tone setting
    assert ws.analyzer is not first and ws.analyzer.segmenter is first.segmenter is ws.segmenter
