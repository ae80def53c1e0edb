"""Provides the units a layout lays out: one per sentence, or one per paragraph.

A unit is the inline Markdown of some Chinese, its pinyin line (or None) and its English. Headings
are always one unit: a heading cannot be split into several headings. A table cell and an image
caption are laid out like a paragraph of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def build_units(
    pp: PreparedParagraph,
    options: ExportOptions,
    sentences: Sequence[PreparedSentence] | None = None,
    text: str | None = None,
    *,
    in_table: bool = False,
) -> list[Unit]:
    """The units of a paragraph (or of ``sentences`` of one of its cells, whose offsets point
    into ``text``) under ``options``."""
    sentences = pp.sentences if sentences is None else sentences
    text = pp.paragraph.text if text is None else text
    groups: list[tuple[PreparedSentence, ...]]
    if options.granularity == "paragraph" or pp.paragraph.kind == "heading" or in_table:
        groups = [tuple(sentences)]
    else:
        groups = [(ps,) for ps in sentences]
    return [_unit(text, group, options, in_table) for group in groups if group]


def cell_units(pp: PreparedParagraph, options: ExportOptions) -> list[list[Unit | None]]:
    """One unit per cell of a table (None for an empty cell), rows in order."""
    by_cell: dict[tuple[int, int], list[PreparedSentence]] = {}
    for ps in pp.sentences:
        if ps.sentence.cell is not None:
            by_cell.setdefault(ps.sentence.cell, []).append(ps)
    rows: list[list[Unit | None]] = []
    for r, row in enumerate(pp.paragraph.block.rows):
        cells: list[Unit | None] = []
        for c, cell in enumerate(row):
            found = by_cell.get((r, c))
            units = build_units(pp, options, found, cell.text, in_table=True) if found else []
            cells.append(units[0] if units else None)
        rows.append(cells)
    return rows


def _unit(
    text: str, group: tuple[PreparedSentence, ...], options: ExportOptions, in_table: bool
) -> Unit:
    ruby = options.pinyin == "ruby"
    escaped = Escaped(text) if len(group) > 1 else None
    parts: list[str] = []
    for i, ps in enumerate(group):
        if i and escaped is not None:
            # What lies between two sentences in the paragraph (usually nothing, or a space).
            parts.append(escaped.piece(group[i - 1].sentence.end, ps.sentence.start))
        parts.append(render_zh(ps, ruby=ruby, in_table=in_table))
    pinyin = render_pinyin(group) if options.pinyin == "inline" else None
    return Unit("".join(parts).strip(" "), pinyin, render_en(group, in_table=in_table))
