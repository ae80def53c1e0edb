"""The article layout (reader/tui/layout.py) without an app: wrapping, pinyin, the four
layouts, the per-paragraph cache and the lazy document. Lines are from the bundled articles."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any, ClassVar

import pytest

from reader.tui.layout import (
    Document,
    Layouter,
    Line,
    Options,
    ParagraphView,
    SentenceView,
    TokenView,
    cells,
    en_units,
    layout_paragraph,
    wrap,
    zh_units,
)

_HAN = re.compile(r"[\u4e00-\u9fff]")


def sentence(
    index: int,
    words: list[str],
    english: str | None = "",
    *,
    terms: dict[str, str] | None = None,
    speaker_len: int = 0,
    engine: str = "curated",
) -> SentenceView:
    """A sentence from its words (each Han character read "ma1"; terms: word -> glossary id)."""
    tokens, start = [], 0
    for word in words:
        pinyin = tuple("ma1" if _HAN.match(ch) else None for ch in word)
        is_word = any(ch.isalnum() for ch in word)
        term = (terms or {}).get(word)
        tokens.append(TokenView(start, start + len(word), pinyin, term, is_word))
        start += len(word)
    text = "".join(words)
    return SentenceView(
        index,
        text,
        tuple(tokens),
        english=english if english != "" else f"English of sentence {index}.",
        engine=engine if english is not None else None,
        speaker_len=speaker_len,
    )


def shown(lines: list[Line]) -> list[str]:
    """The text of each line (roles dropped)."""
    return ["".join(sp.text for sp in line.spans) for line in lines]


def paragraph(*sentences: SentenceView, kind: Any = "text", index: int = 0) -> ParagraphView:
    return ParagraphView(index, kind, 0, tuple(sentences))


SPEAKER = sentence(
    0,
    ["闫俊杰", "：", "我", "觉得", "主要", "是", "承担", "了", "重要", "职责", "。"],
    "Yan Junjie: I think mainly I took on important responsibilities.",
    speaker_len=4,
)
MIXED = sentence(
    1,
    ["已经", "发现", "了", "Scaling Law", "(", "规模化法则或缩放定律", ")", "就是", "核心", "。"],
    "They had already discovered the Scaling Law, the core principle.",
    terms={"Scaling Law": "scaling-law", "规模化法则或缩放定律": "scaling-law"},
)
URL = sentence(
    2,
    ["见", "https://github.com/MiniMax-AI/MiniMax-M2/blob/main/README.md", "。"],
    "See the README.",
)


class TestCells:
    @pytest.mark.parametrize(
        ("text", "width"),
        [
            ("abc", 3),
            ("中文", 4),
            ("，。", 4),  # full-width punctuation
            ("ＡＩ", 4),  # full-width Latin
            ("e\u0301", 1),  # a combining accent takes no cell
            ("MiniMax-M2", 10),
            ("", 0),
        ],
    )
    def test_terminal_cells(self, text: str, width: int) -> None:
        assert cells(text) == width


class TestWrap:
    @pytest.mark.parametrize("width", [12, 20, 33, 80])
    def test_english_lines_fit_and_never_start_with_a_space(self, width: int) -> None:
        lines = wrap(en_units(MIXED, "en"), width, "en")
        assert all(cells(text) <= width for text in shown(lines))
        assert all(not text.startswith(" ") for text in shown(lines))
        assert " ".join(t.strip() for t in shown(lines)) == MIXED.english

    @pytest.mark.parametrize("width", range(8, 30))
    def test_punctuation_never_starts_a_line(self, width: int) -> None:
        lines = wrap(zh_units(SPEAKER, "zh", False, False), width, "zh")
        assert all(text and text[0] not in "，。：" for text in shown(lines))
        assert "".join(shown(lines)) == SPEAKER.text

    def test_a_word_wider_than_the_line_is_split(self) -> None:
        lines = wrap(zh_units(URL, "zh", False, False), 20, "zh")
        assert all(cells(text) <= 20 for text in shown(lines))
        assert "".join(shown(lines)) == URL.text

    def test_indents_on_first_and_following_lines(self) -> None:
        lines = wrap(en_units(MIXED, "en"), 24, "en", indent="  ", first_indent="• ")
        texts = shown(lines)
        assert texts[0].startswith("• ") and all(t.startswith("  ") for t in texts[1:])

    def test_speaker_label_and_terms_have_their_styles(self) -> None:
        spans = [sp for u in zh_units(SPEAKER, "zh", False, False) for sp in u.bottom]
        assert spans[0].text == "闫俊杰" and spans[0].style == "speaker"
        terms = [
            sp.text
            for u in zh_units(MIXED, "zh", False, False)
            for sp in u.bottom
            if sp.style == "term"
        ]
        assert terms == ["Scaling Law", "规模化法则或缩放定律"]
        en = [sp for u in en_units(SPEAKER, "en") for sp in u.bottom]
        label = "".join(sp.text for sp in en if sp.style == "speaker-en")
        assert en[0].style == "speaker-en" and label == "Yan Junjie:"


class TestPinyin:
    def test_pinyin_rows_sit_above_their_characters(self) -> None:
        lines = wrap(zh_units(SPEAKER, "zh", True, True), 30, "zh")
        assert [line.role for line in lines] == ["py", "zh"] * (len(lines) // 2)
        for top, bottom in zip(lines[::2], lines[1::2], strict=True):
            # each word's pinyin and characters take the same columns
            columns: dict[int | None, list[tuple[int, int]]] = {}
            for line in (top, bottom):
                x = 0
                for span in line.spans:
                    if span.token is not None and span.style != "pad":
                        columns.setdefault(span.token, []).append((x, x + cells(span.text)))
                    x += cells(span.text)
            for token, (py, zh) in ((t, c) for t, c in columns.items() if len(c) == 2):
                inside = py[0] <= zh[0] and zh[1] <= py[1]
                assert inside or (zh[0] <= py[0] and py[1] <= zh[1]), token

    def test_tone_colours_are_per_syllable_styles(self) -> None:
        coloured = {sp.style for u in zh_units(SPEAKER, "zh", True, True) for sp in u.top}
        plain = {sp.style for u in zh_units(SPEAKER, "zh", True, False) for sp in u.top}
        assert "py1" in coloured and "py1" not in plain and "py" in plain

    def test_one_sentence_with_pinyin(self) -> None:
        p = paragraph(SPEAKER, MIXED)
        lines = layout_paragraph(p, Options(pinyin_sentences=frozenset({1})))
        assert {s for line in lines if line.role == "py" for s in line.sentences} == {1}


class TestLayouts:
    def test_interleaved_puts_each_english_under_its_chinese(self) -> None:
        lines = layout_paragraph(paragraph(SPEAKER, MIXED), Options(width=200))
        assert [(line.role, min(line.sentences)) for line in lines] == [
            ("zh", 0),
            ("en", 0),
            ("zh", 1),
            ("en", 1),
        ]

    def test_side_by_side_rows_have_a_rule_at_one_column(self) -> None:
        lines = layout_paragraph(paragraph(SPEAKER, MIXED), Options(mode="side", width=60))
        columns = {cells(text[: text.index("│")]) for text in shown(lines)}
        assert len(columns) == 1 and all(line.role == "side" for line in lines)

    def test_chinese_only_flows_and_reveals_one_english(self) -> None:
        p = paragraph(SPEAKER, MIXED)
        hidden = layout_paragraph(p, Options(mode="zh", width=200))
        assert [line.role for line in hidden] == ["zh"]
        revealed = layout_paragraph(p, Options(mode="zh", width=200, reveal=1))
        assert shown(revealed)[1:] == ["  → " + MIXED.english]

    def test_english_only_shows_chinese_where_english_is_missing(self) -> None:
        untranslated = sentence(1, ["还", "没有", "翻译", "。"], None)
        lines = layout_paragraph(paragraph(SPEAKER, untranslated), Options(mode="en", width=200))
        styles = {sp.style for line in lines for sp in line.spans if sp.sentence == 1}
        assert styles == {"missing"} and shown(lines)[1] == "还没有翻译。"

    def test_english_only_starts_each_sentence_on_a_line_with_its_source_mark(self) -> None:
        gloss = replace(MIXED, engine="gloss", english="[gloss] already · discover")
        doc = Document(Layouter([paragraph(SPEAKER, gloss)]), Options(mode="en", width=200))
        assert shown(doc.lines)[:2] == [SPEAKER.english, gloss.english]
        assert [doc.engine_sentence(y) for y in range(2)] == [0, 1]
        assert {sp.style for sp in doc.lines[1].spans} == {"gloss"}

    def test_side_by_side_keeps_marks_and_runs_english_on_beside_pinyin(self) -> None:
        opts = Options(mode="side", width=60, pinyin=True)
        doc = Document(Layouter([paragraph(SPEAKER)]), opts)
        lines = doc.lines[:-1]  # the blank after the paragraph
        right = [text.split("│", 1)[1].strip() for text in shown(lines)]
        english = [r for r in right if r]
        assert len(english) > 1 and right[: len(english)] == english  # no gaps
        assert " ".join(english) == SPEAKER.english
        assert [line.role for line in lines[: len(english)]] == ["side"] * len(english)
        assert doc.engine_sentence(0) == 0  # the source mark on the first row

    def test_missing_and_stale_english_are_marked(self) -> None:
        none = sentence(0, ["还", "没有", "。"], None)
        stale = replace(sentence(1, ["旧", "的", "。"]), stale=True)
        lines = layout_paragraph(paragraph(none, stale), Options(width=80))
        assert "(no translation yet)" in shown(lines)[1]
        assert shown(lines)[3].endswith(" (stale)")

    @pytest.mark.parametrize(("kind", "first"), [("quote", "┃ "), ("list", "• ")])
    def test_quotes_and_list_items_are_marked(self, kind: str, first: str) -> None:
        lines = layout_paragraph(paragraph(SPEAKER, kind=kind), Options(width=24))
        assert shown(lines)[0].startswith(first)


def _other(value: object) -> object:
    """A different value of the same type (to change one option)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, frozenset):
        return value | {0}
    if value is None:
        return 0
    if value == "interleaved":
        return "side"
    raise AssertionError(f"no other value for {value!r}: add one")


class TestLayouterCache:
    PARAGRAPHS: ClassVar[list[ParagraphView]] = [
        paragraph(SPEAKER, index=0),
        paragraph(replace(MIXED, index=1), index=1),
    ]

    @pytest.mark.parametrize("name", [f.name for f in fields(Options)])
    def test_every_option_is_in_the_key(self, name: str) -> None:
        layouter = Layouter(self.PARAGRAPHS)
        opts = Options()
        layouter.block(0, opts)
        changed = replace(opts, **{name: _other(getattr(opts, name))})
        assert layouter.cached(0, changed) is None

    def test_one_sentences_pinyin_relays_out_only_its_paragraph(self) -> None:
        layouter = Layouter(self.PARAGRAPHS)
        opts = Options()
        for i in range(2):
            layouter.block(i, opts)
        one = replace(opts, pinyin_sentences=frozenset({1}), reveal=1)
        assert layouter.cached(0, one) is not None
        assert layouter.cached(1, one) is None

    def test_new_data_drops_only_the_changed_paragraph(self) -> None:
        layouter = Layouter(self.PARAGRAPHS)
        opts = Options()
        first = layouter.block(0, opts)
        layouter.block(1, opts)
        changed = replace(self.PARAGRAPHS[1].sentences[0], english="New English.")
        layouter.replace([self.PARAGRAPHS[0], paragraph(changed, index=1)])
        assert layouter.cached(0, opts) is first
        assert layouter.cached(1, opts) is None
        assert "New English." in shown(list(layouter.block(1, opts).lines))[-2]


class TestDocument:
    def make(self, n: int = 30, width: int = 40) -> Document:
        paragraphs = [
            paragraph(replace(SPEAKER, index=2 * i), replace(MIXED, index=2 * i + 1), index=i)
            for i in range(n)
        ]
        return Document(Layouter(paragraphs), Options(width=width))

    def test_lays_out_lazily_and_reports_height_changes(self) -> None:
        doc = self.make()
        assert not doc.complete
        estimate = doc.heights[5]
        delta = doc.ensure(5)
        assert doc.heights[5] == estimate + delta and doc.ensure(5) == 0
        assert len(doc.lines) == doc.total and doc.complete

    def test_sentence_ranges_cover_the_lines_of_each_sentence(self) -> None:
        doc = self.make()
        lines = doc.lines
        for s in range(60):
            first, last = doc.sentence_range(s) or (-1, -1)
            on = [y for y, line in enumerate(lines) if s in line.sentences]
            assert (first, last) == (on[0], on[-1])
        assert doc.sentence_range(60) is None

    def test_locate_and_line_agree_with_the_offsets(self) -> None:
        doc = self.make(5)
        doc.lines  # noqa: B018 (lays everything out)
        for y in range(doc.total):
            i, rel = doc.locate(y)
            assert doc.offsets[i] + rel == y
        assert doc.line(-1) is None and doc.line(doc.total) is None

    def test_engine_marks_one_line_per_translated_sentence(self) -> None:
        doc = self.make(3)
        marked = [doc.engine_sentence(y) for y in range(len(doc.lines))]
        assert sorted(s for s in marked if s is not None) == list(range(6))
