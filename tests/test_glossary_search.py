"""Glossary search: every kind of query, ranking with exact forms first."""

from __future__ import annotations

import pytest

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
