"""Provides pinyin that is right in context: polyphones resolved by a model, dictionaries and rules.

>>> engine = PinyinEngine()          # cheap; data loads on first use
>>> engine.readings("银行", [(0, 2)])
['yin2', 'hang2']
"""

from __future__ import annotations

from reader.pinyin.convert import to_tone_marks, to_toneless
from reader.pinyin.engine import PinyinEngine
from reader.pinyin.sandhi import sandhi
from reader.pinyin.syllables import ToneStyle, from_marks, render, to_marks

__all__ = [
    "PinyinEngine",
    "ToneStyle",
    "from_marks",
    "render",
    "sandhi",
    "to_marks",
    "to_tone_marks",
    "to_toneless",
]
