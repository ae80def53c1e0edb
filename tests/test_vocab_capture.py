"""Making a vocabulary entry: the reading in context, the English chosen, the sentence."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.vocab.capture import (
    dictionary_senses,
    find_in_sentence,
    from_article,
    make_entry,
    measure_words,
)

SLUG = "three-hard-battles"


@pytest.mark.parametrize(
    ("word", "reading", "first_sense"),
    [
        ("行", "hang2", "row"),  # the senses of the reading the word has here
        ("行", "xing2", "to walk"),
        ("银行", "yin2 hang2", "bank"),
        ("了", "le5", None),  # the particle's entry, not liǎo's
        ("了", "liao3", "to finish"),
    ],
)
def test_senses_follow_the_reading(workspace_session, word, reading, first_sense) -> None:  # type: ignore[no-untyped-def]
    entry = make_entry(workspace_session, word, reading)
    assert entry.sense_source == "cedict" and entry.term is None
    if first_sense is not None:
        assert entry.senses[0] == first_sense
    else:
        assert all("finish" not in s for s in entry.senses)


def test_dictionary_senses_fall_back_to_every_entry(workspace_session) -> None:  # type: ignore[no-untyped-def]
    entries = workspace_session.dictionary.lookup("行")
    assert dictionary_senses(entries, "xx9") == sorted(entries, key=lambda e: e.is_proper_noun)


@pytest.mark.parametrize(
    ("sense", "readable"),
    [
        ("CL:家[jia1],個|个[ge4]", "CL: 家 jiā, 个 gè"),
        ("CL:輛|辆[liang4]", "CL: 辆 liàng"),
        ("bank", "bank"),
    ],
)
def test_measure_words(sense: str, readable: str) -> None:
    assert measure_words(sense) == readable


def test_a_glossary_term_takes_the_glossarys_english(workspace_session) -> None:  # type: ignore[no-untyped-def]
    entry = make_entry(workspace_session, "混合专家", "hun4 he2 zhuan1 jia1")
    assert entry.sense_source == "glossary" and entry.term == "mixture-of-experts"
    assert entry.senses[0] == "mixture of experts (MoE)"


def test_own_english_wins(workspace_session) -> None:  # type: ignore[no-untyped-def]
    entry = make_entry(workspace_session, "银行", "yin2 hang2", senses=[" a bank ", ""])
    assert entry.senses == ("a bank",) and entry.sense_source == "user"


def test_a_word_in_no_dictionary(workspace_session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReaderError, match=r"neither CC-CEDICT nor the glossary.*--en"):
        make_entry(workspace_session, "闫俊杰", "yan2 jun4 jie2")
    kept = make_entry(workspace_session, "闫俊杰", "yan2 jun4 jie2", require_english=False)
    assert kept.senses == () and kept.traditional == "閆俊傑"


@pytest.mark.parametrize(
    ("word", "reading", "english"),
    [
        ("转换成", "zhuan3 huan4 cheng2", "parts: 转换 change · 成 succeed"),
        ("浪费时间", "lang4 fei4 shi2 jian1", "parts: 浪费 waste · 时间 time"),
        ("司美格鲁肽", "si1 mei3 ge2 lu3 tai4", None),  # a transliteration: no made-up English
        ("闫俊杰", "yan2 jun4 jie2", None),  # 闫 is only a surname
    ],
)
def test_a_phrase_cc_cedict_lacks_gets_its_parts(workspace_session, word, reading, english) -> None:  # type: ignore[no-untyped-def]
    entry = make_entry(workspace_session, word, reading, require_english=False)
    assert entry.senses == ((english,) if english else ())


def test_a_word_without_chinese(workspace_session) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReaderError, match="no Chinese characters"):
        make_entry(workspace_session, "MoE", "")


def test_from_article_keeps_the_sentence_and_its_english(workspace_session) -> None:  # type: ignore[no-untyped-def]
    ws = workspace_session
    article = ws.corpus.load(SLUG)
    entry = from_article(ws, article, "创业")
    sentence = next(s for s in article.sentences() if s.id == entry.sentence_id)
    assert "创业" in sentence.text and entry.sentence == sentence.text
    assert entry.sentence[entry.word_start : entry.word_start + 2] == "创业"  # type: ignore[operator]
    assert entry.reading == "chuang4 ye4"
    assert entry.slug == SLUG and entry.title == article.meta.title
    assert entry.sentence_en.startswith("An early-stage startup")  # the curated English
    assert entry.source == (article.meta.author or article.meta.source)


def test_from_article_by_sentence_id_or_position(workspace_session) -> None:  # type: ignore[no-untyped-def]
    ws = workspace_session
    article = ws.corpus.load(SLUG)
    sentence = next(s for s in article.sentences() if "模型" in s.text)
    by_id = from_article(ws, article, "模型", sentence.id)
    by_position = from_article(ws, article, "模型", sentence.id.split("-")[0])
    assert by_id.sentence_id == by_position.sentence_id == sentence.id
    with pytest.raises(ReaderError, match=r"No sentence '99\.9'"):
        from_article(ws, article, "模型", "99.9")
    with pytest.raises(ReaderError, match="does not occur in sentence"):
        from_article(ws, article, "银河", sentence.id)


def test_the_reading_is_the_one_in_context(workspace_session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.model import ArticleMeta, build_article
    from reader.text.blocks import Block

    monkeypatch.setattr("reader.vocab.capture.sentence_english", lambda *a: "")
    article = build_article(
        ArticleMeta(slug="t", title="T"),
        [Block("text", "他在银行工作。"), Block("text", "我们一起行动吧。")],
    )
    ws = workspace_session
    assert from_article(ws, article, "行", "0.0").reading == "hang2"
    assert from_article(ws, article, "行", "1.0").reading == "xing2"


@pytest.mark.parametrize(
    ("sentence", "word", "span"),
    [
        ("我去銀行。", "银行", (2, 4)),  # the other script
        ("我去银行。", "銀行", (2, 4)),
        ("我去银行。", "学校", None),
    ],
)
def test_find_in_sentence(sentence: str, word: str, span: tuple[int, int] | None) -> None:
    assert find_in_sentence(sentence, word) == span
