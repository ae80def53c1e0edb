"""Table-driven tests of the inline pieces: pinyin line, English labels, speaker labels, ruby."""

from __future__ import annotations

import pytest

from reader.analysis import Token
from reader.export.inline import NO_TRANSLATION, render_en, render_zh
from reader.export.pinyin_line import render_pinyin
from reader.export.prepare import PreparedSentence, TermLink
from reader.model import Sentence
from reader.translation.model import Translation


def tok(text: str, start: int, *syllables: str | None) -> Token:
    return Token(text, start, start + len(text), tuple(syllables) or (None,) * len(text))


def sentence(
    tokens: list[Token],
    *,
    links: tuple[TermLink, ...] = (),
    speaker_end: int = 0,
    translation: Translation | None = None,
) -> PreparedSentence:
    text = "".join(t.text for t in tokens)
    return PreparedSentence(
        Sentence("0.0-00000000", 0, 0, text, 0, len(text)),
        tuple(tokens),
        links,
        speaker_end,
        translation,
    )


@pytest.mark.parametrize(
    ("tokens", "line"),
    [
        ([tok("第二点", 0, "di4", "er4", "dian3")], "*dì'èrdiǎn*"),
        ([tok("西安", 0, "xi1", "an1")], "*xī'ān*"),
        (
            [
                tok("你好", 0, "ni3", "hao3"),
                tok("，", 2),
                tok("世界", 3, "shi4", "jie4"),
                tok("。", 5),
            ],
            "*nǐhǎo, shìjiè.*",
        ),
        (
            [
                tok("MoE", 0),
                tok("(", 3),
                tok("混合专家", 4, "hun4", "he2", "zhuan1", "jia1"),
                tok(")", 8),
                tok("的", 9, "de5"),
            ],
            "*MoE(hùnhézhuānjiā) de*",
        ),
        ([tok("AI原生", 0, None, None, "yuan2", "sheng1")], "*AI yuánshēng*"),
        (
            [tok("说", 0, "shuo1"), tok("“", 1), tok("好", 2, "hao3"), tok("”", 3)],
            "*shuō \u201chǎo\u201d*",
        ),
        (
            [tok("用", 0, "yong4"), tok(" ", 1), tok("*", 2), tok("星", 3, "xing1"), tok("*", 4)],
            "*yòng \\*xīng\\**",
        ),
        ([tok("CEO", 0), tok("闫", 3, "yan2")], "*CEO yán*"),
        ([tok("GPT", 0), tok(" ", 3), tok("3.5", 4)], None),
    ],
)
def test_pinyin_line(tokens: list[Token], line: str | None) -> None:
    assert render_pinyin([sentence(tokens)]) == line


def test_english_labels_and_gaps() -> None:
    def with_translation(t: Translation | None) -> PreparedSentence:
        return sentence([tok("字", 0, "zi4")], translation=t)

    group = [
        with_translation(Translation("a", "One.", "curated")),
        with_translation(None),
        with_translation(None),
        with_translation(Translation("b", "two / words", "gloss", stale=True)),
        with_translation(Translation("c", "Old.", "curated", stale=True)),
        with_translation(Translation("d", "Machine.", "argos")),
        with_translation(None),
    ]
    assert render_en(group) == (
        f"One. {NO_TRANSLATION} two / words *(gloss, stale)* Old. *(stale)* Machine. "
        f"{NO_TRANSLATION}"
    )


def test_speaker_label_is_bold_with_the_colon_outside() -> None:
    ps = sentence(
        [tok("记者", 0, "ji4", "zhe3"), tok("：", 2), tok("好", 3, "hao3")], speaker_end=2
    )
    assert render_zh(ps, ruby=False) == "**记者**：好"


def test_term_link_inside_a_speaker_label() -> None:
    ps = sentence(
        [tok("MoE", 0), tok("：", 3), tok("好", 4, "hao3")],
        links=(TermLink(0, 3, "mixture-of-experts"),),
        speaker_end=3,
    )
    assert render_zh(ps, ruby=False) == (
        '**<a id="ref-mixture-of-experts"></a>[MoE](#term-mixture-of-experts)**：好'
    )


def test_a_link_across_the_label_end_drops_the_bold_not_the_link() -> None:
    ps = sentence(
        [tok("甲乙丙", 0, "jia3", "yi3", "bing3")], links=(TermLink(1, 3, "x"),), speaker_end=2
    )
    assert render_zh(ps, ruby=False) == '甲<a id="ref-x"></a>[乙丙](#term-x)'


def test_ruby_per_word_and_split_at_a_link() -> None:
    ps = sentence(
        [tok("AI原生", 0, None, None, "yuan2", "sheng1"), tok("应用", 4, "ying4", "yong4")],
        links=(TermLink(0, 4, "ai-native"),),
    )
    assert render_zh(ps, ruby=True) == (
        '<a id="ref-ai-native"></a>[AI<ruby>原生<rp>(</rp><rt>yuán shēng</rt><rp>)</rp></ruby>]'
        "(#term-ai-native)<ruby>应用<rp>(</rp><rt>yìng yòng</rt><rp>)</rp></ruby>"
    )
