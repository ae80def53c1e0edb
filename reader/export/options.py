"""Provides the options of a bilingual Markdown export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Layout = Literal["interleaved", "table"]
Granularity = Literal["sentence", "paragraph"]
PinyinMode = Literal["none", "ruby", "inline"]

LAYOUTS: tuple[Layout, ...] = get_args(Layout)
GRANULARITIES: tuple[Granularity, ...] = get_args(Granularity)
PINYIN_MODES: tuple[PinyinMode, ...] = get_args(PinyinMode)


@dataclass(frozen=True)
class ExportOptions:
    """How an article is laid out.

    ``layout``: ``interleaved`` (each Chinese unit followed by its English in a block quote) or
    ``table`` (a GFM table, Chinese | English). ``granularity``: one unit per ``sentence`` or per
    ``paragraph``. ``pinyin``: ``none``, ``ruby`` (HTML ruby per word) or ``inline`` (a pinyin
    line under the Chinese). ``glossary``: link terms and append the glossary of the article.
    """

    layout: Layout = "interleaved"
    granularity: Granularity = "sentence"
    pinyin: PinyinMode = "none"
    glossary: bool = True

    def __post_init__(self) -> None:
        # The TUI and scripts build options directly; a typo must not silently fall back.
        for name, value, allowed in (
            ("layout", self.layout, LAYOUTS),
            ("granularity", self.granularity, GRANULARITIES),
            ("pinyin", self.pinyin, PINYIN_MODES),
        ):
            if value not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")

    @property
    def needs_tokens(self) -> bool:
        """Whether the export shows pinyin and so needs the analyzer's words."""
        return self.pinyin != "none"
