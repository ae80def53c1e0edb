"""Provides pinyin that is right in context: polyphones resolved by a model, dictionaries and rules.

>>> engine = PinyinEngine()          # cheap; data loads on first use
>>> engine.readings("银行", [(0, 2)])
['yin2', 'hang2']

The engine (and numpy with it) is imported only when used, so modules that only convert
syllables (the glossary, the UI) start without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.pinyin.convert import to_tone_marks, to_toneless
from reader.pinyin.sandhi import sandhi  # no numpy; imported eagerly so the name is the function
from reader.pinyin.syllables import ToneStyle, from_marks, render, to_marks

if TYPE_CHECKING:
    from reader.pinyin.engine import PinyinEngine

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


def __getattr__(name: str) -> Any:
    if name == "PinyinEngine":
        from reader.pinyin.engine import PinyinEngine

        return PinyinEngine
    raise AttributeError(name)
