"""Corpus search, word look-up and persisted reading state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.lookup import look_up
from reader.search import CorpusSearch
from reader.state import ArticleState, StateStore
from reader.workspace import Workspace


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace()


def test_search_simplified_query_finds_traditional_text(ws: Workspace) -> None:
    hits = CorpusSearch(ws).search("规模定律")
    assert {h.slug for h in hits} >= {"ai-native-ceo"}
    hit = next(h for h in hits if h.slug == "ai-native-ceo")
    assert hit.zh[hit.start : hit.end] == "規模定律"


def test_search_english_and_latin(ws: Workspace) -> None:
    search = CorpusSearch(ws)
    mixed = search.search("coordinate descent")  # in the Chinese text of ai-native-ceo too
    assert mixed and mixed[0].slug == "ai-native-ceo" and mixed[0].field == "zh"
    english = search.search("horse races")  # only in the English
    assert english and english[0].field == "en"
    assert english[0].en[english[0].start : english[0].end].lower() == "horse races"
    latin = search.search("minimax-m2")
    assert latin and all("MiniMax-M2" in h.zh[h.start : h.end] for h in latin if h.field == "zh")
    assert search.search("") == []


def test_lookup_longest_match_first_glossary_and_frequency(ws: Workspace) -> None:
    sentence = "既然相信Scaling Law，相信不同模态在深度学习层面本质上是一回事。"
    tokens = ws.analyzer.analyze(sentence)
    token = next(t for t in tokens if t.text == "深度学习")
    result = look_up(ws, sentence, token)
    assert result.matches[0][0] == "深度学习"
    assert [w for w, _ in result.matches][-1] == "深"
    assert result.term is not None and result.term.id == "deep-learning"
    assert result.frequency >= 2 and result.articles >= 2
    assert result.pinyin == "shēn dù xué xí"


def test_lookup_in_traditional_text(ws: Workspace) -> None:
    sentence = "這在物理上就不可能收斂到人類智能這個全局最優解。"
    token = next(t for t in ws.analyzer.analyze(sentence) if t.text == "收斂")
    result = look_up(ws, sentence, token)
    assert result.word == "收斂" and result.pinyin == "shōu liǎn"
    assert result.matches and result.matches[0][1][0].traditional == "收斂"


def test_state_round_trip_and_corrupt_file(isolated_dirs: Path) -> None:
    store = StateStore()
    store.set_article(
        "a", ArticleState(sentence=12, layout="side", pinyin=True, script="simplified")
    )
    store.settings.tone_colors = False
    store.save()
    again = StateStore()
    assert again.article("a").sentence == 12 and again.article("a").layout == "side"
    assert again.settings.tone_colors is False
    assert again.article("unknown").sentence == 0
    path = isolated_dirs / "state.json"
    path.write_text("{not json", encoding="utf-8")
    broken = StateStore()
    assert broken.warning and broken.article("a").sentence == 0
    assert (isolated_dirs / "state.json.corrupt").exists()


def test_state_ignores_wrong_types(isolated_dirs: Path) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "state.json").write_text(
        json.dumps(
            {
                "settings": {"tone_colors": "yes", "theme": 3},
                "articles": {"a": {"sentence": "x", "layout": "sideways", "pinyin": True}},
            }
        ),
        encoding="utf-8",
    )
    store = StateStore()
    assert store.settings.tone_colors is True
    state = store.article("a")
    assert state.sentence == 0 and state.layout == "interleaved" and state.pinyin is True
