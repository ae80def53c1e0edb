"""Glossary search: every kind of query, ranking with exact forms first."""

from __future__ import annotations

import pytest

from reader.glossary.model import Entry, Glossary
from reader.glossary.search import GlossarySearch
from reader.workspace import Workspace


@pytest.fixture(scope="module")
def search() -> GlossarySearch:
    return GlossarySearch(Workspace().glossary)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("规模定律", "scaling-law"),
        ("規模定律", "scaling-law"),  # traditional
        ("缩放定律", "scaling-law"),  # a variant form
        ("Scaling Law", "scaling-law"),
        ("scaling laws", "scaling-law"),  # an alias
        ("MoE", "mixture-of-experts"),  # an abbreviation, any case
        ("moe", "mixture-of-experts"),
        ("xianxing zhuyili", "linear-attention"),  # toneless pinyin with a space
        ("xiàn xìng zhù yì lì", "linear-attention"),  # tone marks
        ("xian4xing4zhu4yi4li4", "linear-attention"),  # tone numbers
        ("coordinate descent", "coordinate-descent"),
        ("coordinat", "coordinate-descent"),  # prefix
        ("cordinate descent", "coordinate-descent"),  # typo
        ("坐标下降法", "coordinate-descent"),
        ("AGI", "agi"),
        ("过拟合", "overfitting"),
        ("AI", "artificial-intelligence"),  # the exact abbreviation before AIGC, AI chip …
        ("ai", "artificial-intelligence"),
        ("RL", "reinforcement-learning"),
        ("gui mo ding lv", "scaling-law"),  # v for ü
        ("guimodinglü", "scaling-law"),  # ü without tones is not a tone mark
        ("guī mó dìng lǜ", "scaling-law"),
        ("reinforcment learning", "reinforcement-learning"),  # typo
        ("海螺", "hailuo-ai"),
        ("hailuo", "hailuo-ai"),
    ],
)
def test_first_hit(search: GlossarySearch, query: str, first: str) -> None:
    hits = search.search(query)
    assert hits and hits[0].entry.id == first


def test_exact_form_outranks_longer_forms(search: GlossarySearch) -> None:
    ids = [h.entry.id for h in search.search("模型")]
    assert ids[0] == "model"
    assert len(ids) > 3  # 大模型, 模型能力 … follow as prefixes and substrings


def test_tones_must_agree_when_given(search: GlossarySearch) -> None:
    toneless = {h.entry.id for h in search.search("moxing")}
    toned = {h.entry.id for h in search.search("móxíng")}
    wrong = {h.entry.id for h in search.search("mǒxǐng")}
    assert "model" in toneless and "model" in toned and "model" not in wrong


def test_definition_words_rank_last(search: GlossarySearch) -> None:
    hits = search.search("power law")
    assert hits[0].entry.id == "scaling-law"


def test_empty_and_nonsense(search: GlossarySearch) -> None:
    assert search.search("   ") == []
    assert search.search("zzzzqqqq") == []


# --- words inside words, queries of several words ------------------------------------------

EXTRA = Glossary(
    [
        Entry(
            "rag",
            "retrieval-augmented generation",
            "inference",
            "-",
            zh=("检索增强生成",),
            pinyin=("jiǎn suǒ zēng qiáng shēng chéng",),
            abbr=("RAG",),
        ),
        Entry("dragon", "Dragon", "model", "A model named after dragons."),
        Entry(
            "moe",
            "mixture of experts",
            "architecture",
            "A sparse model of many experts.",
            zh=("混合专家模型",),
            pinyin=("hùn hé zhuān jiā mó xíng",),
            abbr=("MoE",),
        ),
        Entry(
            "model", "model", "concept", "A learned function.", zh=("模型",), pinyin=("mó xíng",)
        ),
        Entry(
            "sparse-attention",
            "sparse attention",
            "architecture",
            "-",
            zh=("稀疏注意力",),
            pinyin=("xī shū zhù yì lì",),
        ),
        Entry("attention", "attention", "architecture", "-", zh=("注意力",), pinyin=("zhù yì lì",)),
        Entry("function", "function", "math", "-", zh=("函数",), pinyin=("hán shù",)),
        Entry(
            "function-calling",
            "function calling",
            "inference",
            "-",
            zh=("函数调用",),
            pinyin=("hán shù diào yòng",),
        ),
        Entry("deepseek", "DeepSeek", "company", "-"),
        Entry("storage", "storage", "hardware", "Where data is kept."),
    ]
)


@pytest.mark.parametrize(
    ("query", "top", "absent"),
    [
        ("RAG", ["rag"], ["dragon", "storage"]),  # never inside another word
        ("rag", ["rag"], ["dragon", "storage"]),
        ("moe model", ["moe"], []),
        ("MoE 模型", ["moe"], []),
        ("moe模型", ["moe"], []),
        ("sparse attention", ["sparse-attention"], []),
        ("attention", ["attention", "sparse-attention"], []),  # a word inside a form: second
        ("hanshu diaoyong", ["function-calling"], []),
        ("hánshù diàoyòng", ["function-calling"], []),
        ("han2shu4 diao4yong4", ["function-calling"], []),
        ("diaoyong", ["function-calling"], []),  # a syllable inside a reading
        ("aoyong", [], ["function-calling"]),  # ... but not half of one
        ("function calling", ["function-calling"], []),
        ("function call", ["function-calling"], []),
        ("seek", ["deepseek"], []),
        ("jiansuo zengqiang", ["rag"], []),
    ],
)
def test_words_and_phrases(query: str, top: list[str], absent: list[str]) -> None:
    ids = [h.entry.id for h in GlossarySearch(EXTRA).search(query)]
    assert ids[: len(top)] == top
    for entry_id in absent:
        assert entry_id not in ids
