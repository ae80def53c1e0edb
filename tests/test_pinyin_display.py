"""How pinyin is written for reading: apostrophes, Latin and digits beside pinyin, and the
numbered pinyin of CC-CEDICT definitions shown with tone marks."""

from __future__ import annotations

import re

import pytest

from reader.pinyin.display import numbered_to_marks, spaced, word_pieces, word_pinyin

WORDS = [
    ("平安", ["ping2", "an1"], "píng'ān"),
    ("西安", ["xi1", "an1"], "xī'ān"),
    ("第二", ["di4", "er4"], "dì'èr"),
    ("海鸥", ["hai3", "ou1"], "hǎi'ōu"),
    ("银行", ["yin2", "hang2"], "yínháng"),
    ("先", ["xian1"], "xiān"),
    ("AI原生", [None, None, "yuan2", "sheng1"], "AI yuánshēng"),
    ("原生AI", ["yuan2", "sheng1", None, None], "yuánshēng AI"),
    ("GPT-4原生", [None, None, None, None, None, "yuan2", "sheng1"], "GPT-4 yuánshēng"),
    ("第2名", ["di4", None, "ming2"], "dì 2 míng"),
    ("女儿", ["nü3", "er2"], "nǚ'ér"),
    ("哪儿", ["na3", "r5"], "nǎr"),
]


@pytest.mark.parametrize("text,syllables,expected", WORDS)
def test_word_pinyin(text, syllables, expected) -> None:
    assert word_pinyin(text, syllables) == expected


def test_pieces_keep_each_syllable_for_its_tone_colour() -> None:
    assert word_pieces("平安", ["ping2", "an1"]) == [
        ("píng", "ping2"),
        ("'", None),
        ("ān", "an1"),
    ]


SPACING = [
    # previous, current, previous has pinyin, current has pinyin, spaced
    ("窥见", "AI", True, False, True),
    ("AI", "的", False, True, True),
    ("了", "MiniMax", True, False, True),
    ("，", "MiniMax", False, False, False),
    ("近日，", "MiniMax", True, False, False),
    ("银行", "行长", True, True, True),
    ("GPT", "-", False, False, False),
]


@pytest.mark.parametrize("previous,current,pp,cp,expected", SPACING)
def test_spacing_in_the_pinyin_display(previous, current, pp, cp, expected) -> None:
    assert spaced(previous[-1:], current, pp, cp) is expected


DEFINITIONS = [
    ("see 參差|参差[cen1 ci1]", "see 參差|参差[cēn cī]"),
    ("variant of 乾|干[gan1]", "variant of 乾|干[gān]"),
    ("abbr. for 中國|中国[Zhong1 guo2]", "abbr. for 中國|中国[Zhōng guó]"),
    ("CL:個|个[ge4],家[jia1]", "CL:個|个[gè],家[jiā]"),
    ("old variant of 綠|绿[lu:4]", "old variant of 綠|绿[lǜ]"),
    ("(neutral tone) [le5]", "(neutral tone) [le]"),
    ("1[st] place", "1[st] place"),
    ("no brackets at all", "no brackets at all"),
]


@pytest.mark.parametrize("sense,expected", DEFINITIONS)
def test_numbered_pinyin_in_definitions_becomes_tone_marks(sense, expected) -> None:
    assert numbered_to_marks(sense) == expected


def test_dictionary_senses_show_tone_marks() -> None:
    from reader.dictionary import Dictionary

    senses = [s for e in Dictionary().lookup("参差") for s in e.senses]
    assert senses
    assert not any(re.search(r"\[[A-Za-z:]+[1-5]", s) for s in senses), senses
