"""``reader glossary`` search, show, stats and suggest, and the user glossary merged over the bundled one."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from reader.analysis import analysis_text
from reader.cli.main import main
from reader.glossary.load import load_glossary
from reader.glossary.match import Matcher
from reader.paths import bundled_glossary_path
from reader.workspace import Workspace

CONTRACT_KEYS = {"id", "zh", "en", "aliases", "abbr", "pinyin", "category", "definition"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- search -------------------------------------------------------------------------------------


def test_search_json_shape_and_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "search", "MoE", "--json", "--limit", "3")
    assert code == 0
    hits = json.loads(out)
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert set(hit) >= CONTRACT_KEYS and "score" in hit
        assert isinstance(hit["zh"], list) and isinstance(hit["pinyin"], list)
        assert len(hit["zh"]) == len(hit["pinyin"])
    assert hits[0]["id"] == "mixture-of-experts"
    assert "MoE" in hits[0]["abbr"]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "first"),
    [("xianxing zhuyili", "linear-attention"), ("規模定律", "scaling-law"), ("AGI", "agi")],
)
def test_search_table(capsys: pytest.CaptureFixture[str], query: str, first: str) -> None:
    code, out, _ = run(capsys, "glossary", "search", query)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["ID", "CHINESE", "PINYIN", "ENGLISH", "CATEGORY"]
    assert lines[1].startswith(first + " ")


def test_search_without_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "glossary", "search", "zzzzqqqq", "--json") == (0, "[]\n", "")
    code, out, _ = run(capsys, "glossary", "search", "zzzzqqqq")
    assert code == 0 and out == "No glossary entry matches 'zzzzqqqq'.\n"


def test_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["glossary", "search", "x", "--limit", "0"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


# --- show ---------------------------------------------------------------------------------------


def test_show_json_with_occurrences_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "show", "mixture-of-experts", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) >= CONTRACT_KEYS and doc["id"] == "mixture-of-experts"
    occurrences = doc["occurrences"]
    assert {o["article"] for o in occurrences} >= {"hard-and-right", "three-hard-battles"}
    m2 = next(o for o in occurrences if o["article"] == "hard-and-right")
    assert m2["text"] == "MoE(混合专家)" and m2["forms"] == ["MoE", "混合专家"]
    assert m2["sentence"][m2["start"] : m2["end"]] == "MoE(混合专家)"
    assert m2["engine"] == "curated" and "mixture-of-experts" in m2["en"]
    assert all(set(o) >= {"article", "sentence_id", "sentence", "en"} for o in occurrences)


def test_show_text_marks_the_term(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "show", "hailuo-ai")
    assert code == 0
    assert out.startswith("hailuo-ai — ")
    assert "面向生产力场景的【海螺 AI】（指聊天助手产品" in out
    assert "occurrences in the corpus" in out


def test_show_accepts_an_exact_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "show", "規模定律", "--json")
    assert code == 0 and json.loads(out)["id"] == "scaling-law"


def test_show_unknown_id_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "glossary", "show", "scaling-lawz")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("reader: No glossary entry 'scaling-lawz'; did you mean: scaling-law")


# --- stats --------------------------------------------------------------------------------------


def test_stats_totals_agree_with_the_matcher(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "stats", "--json")
    assert code == 0
    stats = json.loads(out)
    ws = Workspace()
    expected: Counter[tuple[str, str]] = Counter()
    matcher = Matcher(ws.glossary)
    for article in ws.corpus.articles():
        for sentence in article.sentences():
            simple = analysis_text(sentence.text)
            for occ in Matcher.occurrences(simple, matcher.find(simple)):
                expected[(occ.entry_id, article.slug)] += 1
    got = Counter(
        {(t["id"], slug): n for t in stats["terms"] for slug, n in t["per_article"].items()}
    )
    assert got == expected
    for term in stats["terms"]:
        assert term["total"] == sum(term["per_article"].values()) > 0
    assert stats["occurrences"] == sum(expected.values())
    seen = {t["id"] for t in stats["terms"]}
    assert not seen & set(stats["unseen"])
    assert len(seen) + len(stats["unseen"]) == stats["entries"] == len(ws.glossary)
    assert stats["articles"] == ws.corpus.slugs()


def test_stats_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "glossary", "stats")
    assert code == 0
    assert "A1 = ai-native-ceo" in out and "Never seen in the corpus" in out
    header = next(line for line in out.splitlines() if line.startswith("TERM"))
    assert header.split() == ["TERM", "CHINESE", "TOTAL", "A1", "A2", "A3", "A4", "A5"]


# --- suggest ------------------------------------------------------------------------------------

PLANTED = """\
---
title: 测试文章
script: simplified
---

我们试了量子退火（quantum annealing）这种方法。

模型会出现 Gradient Surgery（梯度手术），这是一个问题。

MoE(混合专家路由)的设计很重要。

Hyena 是一种新架构。Hyena 很快。大家都在讨论 Hyena。

超网络很重要。超网络要训练。超网络会变化。好的超网络。

所谓深度学习（deep learning）大家都知道。
"""


@pytest.fixture
def planted_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "planted.md").write_text(PLANTED, encoding="utf-8")
    return folder


def test_suggest_finds_planted_candidates(
    capsys: pytest.CaptureFixture[str], planted_corpus: Path
) -> None:
    code, out, _ = run(capsys, "glossary", "suggest", "--json", "--corpus", str(planted_corpus))
    assert code == 0
    found = {(c["kind"], c["text"]): c for c in json.loads(out)}
    pair = found[("pair", "量子退火 (quantum annealing)")]
    assert (pair["zh"], pair["en"], pair["count"]) == ("量子退火", "quantum annealing", 1)
    example = pair["example"]
    assert example["article"] == "planted"
    assert example["sentence"] == "我们试了量子退火（quantum annealing）这种方法。"
    assert example["sentence"][example["start"] : example["end"]] == "量子退火（quantum annealing）"
    assert ("pair", "Gradient Surgery (梯度手术)") in found
    variant = found[("variant", "混合专家路由")]
    assert variant["entry"] == "mixture-of-experts"
    assert found[("latin", "Hyena")]["count"] == 3
    assert found[("word", "超网络")]["count"] == 4
    # Known on both sides: 深度学习 (deep learning) is in the glossary.
    assert not [c for c in found.values() if c["en"] and c["en"].lower() == "deep learning"]
    kinds = [c["kind"] for c in json.loads(out)]
    assert kinds == sorted(kinds, key=["pair", "variant", "latin", "word"].index)


def test_suggest_min_count_and_text(
    capsys: pytest.CaptureFixture[str], planted_corpus: Path
) -> None:
    code, out, _ = run(
        capsys, "glossary", "suggest", "--min-count", "4", "--corpus", str(planted_corpus)
    )
    assert code == 0
    assert "量子退火 (quantum annealing)" in out  # pairs count from their first occurrence
    assert "Hyena" not in out  # three times only
    assert "超网络" in out
    assert "【量子退火（quantum annealing）】" in out


def test_suggest_on_the_bundled_corpus_skips_glossary_forms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "glossary", "suggest", "--json", "--limit", "0")
    assert code == 0
    ws = Workspace()
    forms = {f for e in ws.glossary.entries for f in e.zh}
    english = {f.casefold() for e in ws.glossary.entries for f in e.english_forms()}
    for c in json.loads(out):
        if c["kind"] in ("pair", "word"):
            assert c["zh"] not in forms
        if c["kind"] in ("pair", "latin"):
            assert c["en"].casefold() not in english


# --- the user glossary --------------------------------------------------------------------------

USER_OVERRIDE = """\
entries:
  - id: scaling-law
    zh: [规模定律]
    pinyin: [guī mó dìng lǜ]
    en: law of scale
    category: concept
    definition: My own wording of the scaling law.
"""

USER_TAKEOVER = """\
entries:
  - id: my-scaling
    zh: [缩放定律]
    pinyin: [suō fàng dìng lǜ]
    en: scaling rule
    category: concept
    definition: A personal term that claims one of the bundled forms.
    see_also: [scaling-law, linear-attention]
"""


def _bundled_count() -> int:
    return len(load_glossary([(bundled_glossary_path(), "bundled")], disk_cache=False))


def test_user_entry_overrides_a_bundled_id(isolated_dirs: Path) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "glossary.yaml").write_text(USER_OVERRIDE, encoding="utf-8")
    ws = Workspace()
    entry = ws.glossary.get("scaling-law")
    assert entry is not None
    assert (entry.en, entry.source, entry.zh) == ("law of scale", "user", ("规模定律",))
    assert len(ws.glossary) == _bundled_count()  # replaced, not added
    found = ws.analyzer.matcher.find("缩放定律和规模定律")
    assert [(m.form, m.entry_id) for m in found] == [("规模定律", "scaling-law")]


def test_user_entry_takes_over_a_bundled_form(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "glossary.yaml").write_text(USER_TAKEOVER, encoding="utf-8")
    ws = Workspace()
    bundled = ws.glossary.get("scaling-law")
    assert bundled is not None and "缩放定律" not in bundled.zh
    assert bundled.reading_of("规模定律") == "guī mó dìng lǜ"  # readings stay aligned
    assert len(bundled.zh) == len(bundled.pinyin)
    found = ws.analyzer.matcher.find("缩放定律和规模定律")
    assert [m.entry_id for m in found] == ["my-scaling", "scaling-law"]
    code, out, _ = run(capsys, "glossary", "check")  # see_also names bundled ids: no problem
    expected = f"{_bundled_count() + 1} entries (1 from your glossary), no problems:"
    assert code == 0 and out.startswith(expected)
    code, out, _ = run(capsys, "glossary", "search", "缩放定律", "--json")
    assert json.loads(out)[0]["id"] == "my-scaling" and json.loads(out)[0]["source"] == "user"


def test_user_file_problems_are_reported_with_its_path(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    path = isolated_dirs / "glossary.yaml"
    path.write_text(
        USER_TAKEOVER.replace(
            "see_also: [scaling-law, linear-attention]", "see_also: [nowhere]"
        ).replace("suō fàng", "suo3 fàng"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "glossary", "check")
    assert code == 1
    assert out.splitlines() == [
        f"{path}:4:14: pinyin 'suo3' has a tone number; write tone marks ('suǒ')",
        f"{path}:8:16: see_also of 'my-scaling' names unknown id 'nowhere'",
    ]
    assert err == "reader: 2 problems in 1 file(s)\n"
    code, out2, _ = run(capsys, "glossary", "check", "--file", str(path))
    assert (code, out2) == (1, out)
    # Other commands refuse to run on a broken glossary, in one line naming the file.
    code, out, err = run(capsys, "analyze", "规模定律")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert f"{path}:4:14:" in err and "(and 1 more)" in err
