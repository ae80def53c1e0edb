"""Provides the two layouts: interleaved blocks and GFM tables.

Interleaved: each Chinese unit is a paragraph, its pinyin line (if any) an italic paragraph, and
its English a block quote one level deeper than the Chinese. The block quote is the one construct
that is visually distinct on GitHub (grey text, bar), Obsidian (bar) and pandoc (indented quote,
also in LaTeX and EPUB) and that nests in list items and quotes, so the rule "English is one
quote level deeper than its Chinese" holds for every paragraph kind.

Table: consecutive non-heading paragraphs form one GFM table (Chinese | English). Table cells
hold inline content only: headings end the table and stay headings; quoted rows start with "▎",
the first row of a list item with "•"; a pinyin line goes under the Chinese after ``<br>``.
"""

from __future__ import annotations

from reader.export.escape import escape_line_start
from reader.export.options import ExportOptions
from reader.export.prepare import PreparedArticle, PreparedParagraph
from reader.export.units import Unit, build_units

TABLE_HEADER = "| 中文 | English |\n| --- | --- |"
QUOTE_MARK = "▎ "
LIST_MARK = "• "


def render_body(prepared: PreparedArticle, options: ExportOptions) -> list[str]:
    """The body of the article as Markdown blocks (to be joined by blank lines)."""
    if options.layout == "table":
        return _table(prepared, options)
    return [
        _interleaved(pp, options) if pp.paragraph.kind != "heading" else _heading(pp, options)
        for pp in prepared.paragraphs
    ]


def _lines(unit: Unit) -> list[str]:
    """The single-line blocks of one unit: Chinese, pinyin, English quote."""
    lines = [escape_line_start(unit.zh)]
    if unit.pinyin:
        lines.append(unit.pinyin)
    lines.append("> " + escape_line_start(unit.en))
    return lines


def _heading(pp: PreparedParagraph, options: ExportOptions) -> str:
    (unit,) = build_units(pp, options)
    level = max(1, min(6, pp.paragraph.level or 2))
    lines = [f"{'#' * level} {unit.zh}"]  # '#' in the text is always escaped: no closing run
    if unit.pinyin:
        lines.append(unit.pinyin)
    lines.append("> " + escape_line_start(unit.en))
    return "\n\n".join(lines)


def _interleaved(pp: PreparedParagraph, options: ExportOptions) -> str:
    lines = [line for unit in build_units(pp, options) for line in _lines(unit)]
    kind = pp.paragraph.kind
    if kind == "quote":
        return "\n>\n".join("> " + line for line in lines)
    if kind == "list":
        return "\n\n".join(("- " if i == 0 else "  ") + line for i, line in enumerate(lines))
    return "\n\n".join(lines)


def _table(prepared: PreparedArticle, options: ExportOptions) -> list[str]:
    blocks: list[str] = []
    rows: list[str] = []
    for pp in prepared.paragraphs:
        if pp.paragraph.kind == "heading":
            if rows:
                blocks.append("\n".join([TABLE_HEADER, *rows]))
                rows = []
            blocks.append(_heading(pp, options))
            continue
        for i, unit in enumerate(build_units(pp, options)):
            mark = ""
            if pp.paragraph.kind == "quote":
                mark = QUOTE_MARK
            elif pp.paragraph.kind == "list" and i == 0:
                mark = LIST_MARK
            zh = mark + unit.zh + (f"<br>{unit.pinyin}" if unit.pinyin else "")
            rows.append(f"| {zh} | {unit.en} |")
    if rows:
        blocks.append("\n".join([TABLE_HEADER, *rows]))
    return blocks
