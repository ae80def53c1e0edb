"""Provides the units a layout lays out: one per sentence, or one per paragraph.

A unit is the inline Markdown of some Chinese, its pinyin line (or None) and its English. Headings
are always one unit: a heading cannot be split into several headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.export.escape import Escaped
from reader.export.inline import render_en, render_zh
from reader.export.options import ExportOptions
from reader.export.pinyin_line import render_pinyin
from reader.export.prepare import PreparedParagraph, PreparedSentence


@dataclass(frozen=True)
class Unit:
    """Inline Markdown of one unit: Chinese, pinyin line (italic) or None, English."""

    zh: str
    pinyin: str | None
    en: str


def build_units(pp: PreparedParagraph, options: ExportOptions) -> list[Unit]:
    """The units of a paragraph under ``options``."""
    groups: list[tuple[PreparedSentence, ...]]
    if options.granularity == "paragraph" or pp.paragraph.kind == "heading":
        groups = [pp.sentences]
    else:
        groups = [(ps,) for ps in pp.sentences]
    return [_unit(pp, group, options) for group in groups if group]


def _unit(
    pp: PreparedParagraph, group: tuple[PreparedSentence, ...], options: ExportOptions
) -> Unit:
    ruby = options.pinyin == "ruby"
    escaped = Escaped(pp.paragraph.text) if len(group) > 1 else None
    parts: list[str] = []
    for i, ps in enumerate(group):
        if i and escaped is not None:
            # What lies between two sentences in the paragraph (usually nothing, or a space).
            parts.append(escaped.piece(group[i - 1].sentence.end, ps.sentence.start))
        parts.append(render_zh(ps, ruby=ruby))
    pinyin = render_pinyin(group) if options.pinyin == "inline" else None
    return Unit("".join(parts).strip(" "), pinyin, render_en(group))
