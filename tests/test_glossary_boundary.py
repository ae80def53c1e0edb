"""The word-boundary check: a Chinese form that cuts through the sentence's words is no term there,
and a term that jieba glues to a neighbour stays one (the bundled glossary, jieba's dictionary)."""

from __future__ import annotations

import pytest

from reader.analysis import analysis_text
from reader.glossary.boundary import _straddles
from reader.glossary.match import Matcher
from reader.workspace import Workspace


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace()


def tagged(workspace: Workspace, sentence: str) -> list[tuple[str, str]]:
    text = analysis_text(sentence)
    return [(text[m.start : m.end], m.entry_id) for m in workspace.analyzer.matcher.find(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "央行正在多个城市试点数字人民币。",  # 数字人 | 人民币
        "商店里卖游泳池化学品。",  # 池化 across 游泳池 | 化学品
        "这卷积压了很久的布料终于卖出去了。",  # 卷积 across 这卷 | 积压
        "他从北京东站坐火车去天津。",  # 京东 across 北京 | 东站
        "他们聊天工具里的群消息太多了。",  # 天工 inside 聊天工具
        "同学们相互联系，组织了一次聚会。",  # 互联 across 相互 | 联系
    ],
)
def test_a_form_across_words_is_no_tag(workspace: Workspace, sentence: str) -> None:
    assert tagged(workspace, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("在训练集上评估模型的效果。", ("训练集", "training-set")),  # 训练 | 集上
        ("我们在这个数据集中发现了很多噪声。", ("数据集", "dataset")),  # 数据 | 集中
        ("每一小批量数据都要先移到GPU上。", ("小批量", "minibatch")),  # 每 | 一小 | 批量
        ("所有权重都用正态分布初始化。", ("权重", "weight")),  # 所有权 | 重
        ("用大模型生成代码越来越常见。", ("大模型", "large-model")),
        ("多头注意力把输入投影到多个子空间。", ("多头注意力", "multi-head-attention")),
        ("我们选择第四卷积块的最后一个卷积层。", ("卷积", "convolution")),  # 第四卷 | 积块
    ],
)
def test_a_term_glued_to_a_neighbour_stays(
    workspace: Workspace, sentence: str, term: tuple[str, str]
) -> None:
    assert term in tagged(workspace, sentence)


@pytest.mark.parametrize(
    ("sentence", "cut", "kept"),
    [
        # 对数 (logarithm) in 对 | 数据: 数据 is the word, and is found after it
        ("我们需要对数据进行归一化处理。", "对数", ("数据", "data")),
        ("若启动量化推理失败，请检查显存。", "动量", ("量化", "quantization")),
        ("用自动编码器预测评分和实际评分。", "测评", ("自动编码器", "autoencoder")),
    ],
)
def test_a_cut_form_gives_way_to_the_words_around_it(
    workspace: Workspace, sentence: str, cut: str, kept: tuple[str, str]
) -> None:
    found = tagged(workspace, sentence)
    assert cut not in [text for text, _ in found]
    assert kept in found


def test_without_the_plain_segmentation_forms_match_anywhere(workspace: Workspace) -> None:
    text = analysis_text("他们正在试点数字人民币和大模型。")
    plain = Matcher(workspace.glossary)
    assert [text[m.start : m.end] for m in plain.find(text)] == ["数字人", "大模型"]
    assert [text[m.start : m.end] for m in workspace.analyzer.matcher.find(text)] == ["大模型"]


@pytest.mark.parametrize(
    ("word", "match", "straddles"),
    [
        ((2, 5), (0, 3), True),  # 数字人|民币: 人民币 overlaps 数字人 by one character
        ((0, 4), (1, 3), True),  # 天工 inside 聊天工具
        ((0, 3), (0, 2), False),  # 数据 at the start of 数据库
        ((0, 4), (2, 4), False),  # 内存 at the end of 共享内存
        ((0, 2), (0, 2), False),  # the word is the match
    ],
)
def test_straddles(word: tuple[int, int], match: tuple[int, int], straddles: bool) -> None:
    assert _straddles(*word, *match) is straddles
