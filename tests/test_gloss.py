"""Word-by-word glosses: labelled, deterministic, readings in context, glossary English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.dictionary import DictEntry
from reader.text.chars import has_han
from reader.translation.gloss import SEPARATOR, Glosser, choose_sense, short_sense
from reader.workspace import Workspace

pytestmark = pytest.mark.usefixtures("warm_caches")


@pytest.fixture(scope="module")
def glosser(session_caches: Path) -> Glosser:
    ws = Workspace()
    return Glosser(ws.analyzer, ws.dictionary)


def words(gloss: str) -> list[str]:
    return gloss.split(SEPARATOR)


def test_a_gloss_is_labelled_and_keeps_no_chinese(glosser: Glosser) -> None:
    gloss = glosser.gloss("银行行长说：今天的数据很大。")
    assert not gloss.startswith("[") and not has_han(gloss)
    assert words(gloss)[0] == "bank bank president"  # 银行行长 is glossed by its known parts
    assert gloss.endswith("big.")  # the sentence's end is kept


def test_glossary_terms_use_the_canonical_english_once(glosser: Glosser) -> None:
    gloss = [
        w.rstrip(".,") for w in words(glosser.gloss("因为他信物理学里的 Scaling Law(规模定律)。"))
    ]
    assert gloss.count("scaling law") == 1 and "physics" in gloss
    moe = words(glosser.gloss("MiniMax已经开始搞MoE(混合专家模型)了。"))
    assert "mixture of experts." in moe


def test_the_reading_in_context_picks_the_sense(glosser: Glosser) -> None:
    # 说 is shuō ("say"), not the rarer shuì ("persuade") that CC-CEDICT lists first.
    assert words(glosser.gloss("他说。")) == ["he", "say."]


def test_an_unknown_name_becomes_pinyin(glosser: Glosser) -> None:
    assert words(glosser.gloss("闫俊杰笑了。"))[0] == "Yán Jùnjié"
    assert (
        words(glosser.gloss("罗永浩说。"))[0] == "Luó Yǒnghào"
    )  # a name, not "gauze forever grand"


def test_traditional_text_is_glossed(glosser: Glosser) -> None:
    assert "why" in words(glosser.gloss("那他為什么要這么干呢？"))


def test_glosses_are_deterministic(glosser: Glosser) -> None:
    sentence = "闫俊杰：坦白说我觉得国内有点遗憾。"
    ws = Workspace()
    assert glosser.gloss(sentence) == Glosser(ws.analyzer, ws.dictionary).gloss(sentence)


@pytest.mark.parametrize(
    ("sentence", "gloss"),
    [
        ("2023年11月，我们发布了两个模型和三种方法。", "November 2023, · we · release · two · model · "
         "and · three kinds of · method."),
        ("这个公司有三百多名员工，收入增长了百分之五十。", "this · company · have · over 300 · "
         "staff, · income · grow · 50%."),
        ("他在北京大学读了四年书。", "he · at · Peking University · read out · four years · book."),
        ("我们选择了这条路？", "we · select · that · road?".replace("that", "this")),
        ("第一次，七十亿个参数。", "first time, · 7 billion · parameter."),
        ("一样的方法十分重要。", "same · of · method · very · important."),
        ("让模型学会预测下一个词。", "let · model · learn · next-token prediction."),
    ],
)  # fmt: skip
def test_readable_glosses(glosser: Glosser, sentence: str, gloss: str) -> None:
    assert glosser.gloss(sentence) == gloss


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        # Lines of real technical prose (a regression tutorial, a Python course, an LLM book).
        ("回归模型可以帮助我们通过模型表达输入和输出之间的关系。", ["input", "output"]),
        ("会使用多元回归结合交互项来分析促销对销量的影响。", ["interaction", "item"]),
        ("把结果写入队列，然后调用接口。", ["queue", "call"]),
        ("这个程序运行得很慢，我们需要部署到集群上。", ["deploy", "cluster"]),
        ("每个令牌都会被映射为一个向量。", ["token", "mapping"]),
    ],
)  # fmt: skip
def test_computing_senses_in_technical_prose(
    glosser: Glosser, sentence: str, words: list[str]
) -> None:
    glossed = [w.strip(",.:?") for w in glosser.gloss(sentence).split(" · ")]
    assert all(word in glossed for word in words), glossed


@pytest.mark.parametrize(
    ("sense", "short"),
    [
        ("to speak; to talk; to say", "speak"),
        ("of; ~'s (possessive particle)", "of"),
        ("(completed action marker)", "completed action marker"),
        ("Baidu, Internet portal and search engine, www.baidu.com", "Baidu"),
        (
            "particle indicating that a previously asked question is to be applied",
            "particle indicating that a …",
        ),
    ],
)
def test_short_sense(sense: str, short: str) -> None:
    assert short_sense(sense) == short


def test_choose_sense_prefers_the_reading_then_common_words() -> None:
    persuade = DictEntry("說", "说", "shui4", ("to persuade",))
    say = DictEntry("說", "说", "shuo1", ("to speak; to talk; to say",))
    surname = DictEntry("里", "里", "Li3", ("Li (surname)",))
    inside = DictEntry("裡", "里", "li3", ("variant of 裏|里[li3]", "lining", "inside"))
    assert choose_sense([persuade, say], "shuo1") == "speak"
    assert choose_sense([surname, inside], "li3") == "lining"
    layer = DictEntry("層", "层", "ceng2", ("to pile on top of one another", "layer; stratum"))
    assert choose_sense([layer], "ceng2") == "layer"  # a plain sense before a description
    matrix = DictEntry("矩陣", "矩阵", "ju3 zhen4", ("array", "matrix (math.)"))
    assert choose_sense([matrix], "ju3 zhen4") == "matrix"  # the technical sense first
    assert choose_sense([], "li3") is None


def test_show_falls_back_to_glosses_without_a_model(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    assert main(["show", "physics", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    sentences = [s for p in doc["paragraphs"] for s in p["sentences"]]
    assert {s["engine"] for s in sentences} == {"gloss"}
    assert all(s["en"] and not s["en"].startswith("[") for s in sentences)


def test_translate_engine_gloss_stores_glosses(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    assert main(["translate", "physics", "--engine", "gloss"]) == 0
    out = capsys.readouterr().out
    assert "physics: 6 sentences, 6 glossed" in out
    ws = Workspace()
    assert ws.translations.count() == 6
    assert main(["translate", "physics", "--engine", "gloss"]) == 0
    # glosses made when the article was shown count as done, and the line says so plainly
    assert (
        capsys.readouterr().out
        == "physics: all 6 sentences already have stored glosses; nothing to do\n"
    )


def test_glossing_a_fresh_article_reports_what_it_glossed(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    assert main(["translate", "physics", "--engine", "gloss"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("physics: 6 sentences, 6 glossed in ") and "already" not in out


def test_computed_glosses_are_kept_for_the_next_opening(
    article_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    assert main(["show", "physics", "--json"]) == 0
    first = capsys.readouterr().out.splitlines()[-1]

    def refuse(self: Glosser, sentence: str) -> str:
        raise AssertionError("the second opening must read the stored glosses")

    monkeypatch.setattr(Glosser, "gloss", refuse)
    assert main(["show", "physics", "--json"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == first


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("罗永浩", True),  # tagged nr in jieba's dictionary
        ("左上角", False),  # listed, a noun of place
        ("闫俊杰", None),  # not listed: the surname decides
        ("银行", False),
        ("AI", None),  # not Han
        ("我们的方法", None),  # longer than three characters
    ],
)
def test_jieba_tags_hold_the_dictionary_words_and_names_compactly(
    word: str, expected: bool | None
) -> None:
    from reader.translation.gloss import jieba_tags

    assert jieba_tags().name(word) is expected
