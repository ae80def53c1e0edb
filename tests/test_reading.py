"""The article screen's state (reader/tui/reading.py) without an app: one record per sentence
in reading order, updated as wholes by the workers' results."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.corpus import read_article
from reader.model import Article
from reader.text.script import to_traditional
from reader.translation.model import Translation
from reader.tui.layout import TokenView
from reader.tui.reading import ArticleReading, English, check_english, is_word
from reader.workspace import Workspace


@pytest.fixture
def interview(tmp_path: Path) -> Article:
    path = tmp_path / "talk.md"
    path.write_text(
        "---\ntitle: 访谈\n---\n\n## 开始\n\n闫俊杰：我们用坐标下降训练模型。然后呢？\n\n"
        "记者：还有别的吗？\n\n闫俊杰：没有了。\n",
        encoding="utf-8",
    )
    return read_article(path)


def test_sentences_are_numbered_in_reading_order(interview: Article) -> None:
    reading = ArticleReading(interview, {})
    assert [s.position for s in reading] == list(range(len(reading))) == [0, 1, 2, 3, 4]
    assert [s.sentence.text for s in reading][1:3] == [
        "闫俊杰：我们用坐标下降训练模型。",
        "然后呢？",
    ]
    # the label is styled at the start of a turn (记者 speaks once: not a speaker)
    assert [s.speaker_len for s in reading] == [0, 4, 0, 0, 4]


def test_english_and_words_arrive_as_wholes(interview: Article) -> None:
    first = next(interview.sentences())
    reading = ArticleReading(interview, {first.id: Translation(first.id, "Start", "curated")})
    assert reading[0].translation is not None and reading.machine_missing() == 4
    assert not reading.analysed
    reading.set_tokens([(TokenView(0, 2, ("kai1", "shi3")),)] + [()] * 4)
    assert reading.analysed and reading[0].words() == [0] and reading[0].word_text(0) == "开始"
    gloss = Translation("x", "[gloss] no", "gloss")
    reading.set_english([English(reading[0].translation)] + [English(gloss)] * 4)
    assert reading.machine_missing() == 4  # glosses are not translations
    assert set(reading.translations()) == {s.id for s in interview.sentences()}
    with pytest.raises(ValueError):
        reading.set_english([English()])  # a result for another article's length


def test_paragraph_views_show_the_chosen_script(interview: Article) -> None:
    reading = ArticleReading(interview, {})
    views = reading.paragraph_views(to_traditional)
    assert [p.kind for p in views] == ["heading", "text", "text", "text"]
    assert views[1].sentences[0].text == "閆俊傑：我們用座標下降訓練模型。"
    assert [s.index for p in views for s in p.sentences] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("text", "word"), [("模型", True), ("GPT-4", True), ("，", False), (" ", False)]
)
def test_what_the_word_cursor_stops_on(text: str, word: bool) -> None:
    assert is_word(text) is word


def test_check_english_marks_terms_and_what_the_english_lacks(
    workspace_session: Workspace,
) -> None:
    article = workspace_session.corpus.load("ai-native-ceo")
    sentence = next(s for s in article.sentences() if "坐標下降法" in s.text)
    position = [s.id for s in article.sentences()].index(sentence.id)
    text = "The algorithm decides; the core meeting is CD, for coordinate descent."
    for english, missing in (
        (text, ()),
        ("The algorithm decides; we use a method.", ("coordinate-descent",)),
    ):
        translation = Translation(sentence.id, english, "argos")
        checked = check_english(workspace_session, article, {sentence.id: translation})
        assert checked[position].missing == missing
        assert sum(e.translation is not None for e in checked) == 1
    found = check_english(
        workspace_session, article, {sentence.id: Translation(sentence.id, text, "argos")}
    )[position]
    assert [text[a:b] for a, b in found.terms] == ["algorithm", "coordinate descent"]
    gloss = Translation(sentence.id, "[gloss] algorithm", "gloss")
    assert check_english(workspace_session, article, {sentence.id: gloss})[position] == English(
        gloss
    )
