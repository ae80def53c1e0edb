"""Provides pinyin for Chinese text in word context."""

from __future__ import annotations

from reader.pinyin.engine import PinyinEngine
from reader.pinyin.syllables import ToneStyle, from_marks, render, to_marks

__all__ = ["PinyinEngine", "ToneStyle", "from_marks", "render", "to_marks"]
