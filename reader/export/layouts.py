"""Provides the two layouts: interleaved blocks and GFM tables.

Interleaved: each Chinese unit is a paragraph, its pinyin line (if any) an italic paragraph, and
its English a block quote one level deeper than the Chinese. The block quote is the one construct
that is visually distinct on GitHub (grey text, bar), Obsidian (bar) and pandoc (indented quote,
also in LaTeX and EPUB) and that nests in list items and quotes, so the rule "English is one
quote level deeper than its Chinese" holds for every paragraph kind. Lists keep their numbers and
nesting, quotes their depth (:class:`reader.document.render.Containers`).

Code is a fenced block with its language and display math a ``$$`` block, both exactly as in the
source; an image is ``![alt](<src>)`` followed by its caption as a paragraph with English; a
table is a GFM table whose cells hold the Chinese, then (after ``<br>``) the pinyin line and the
English of the cell (a cell without Chinese, a number or a name, is shown once); a rule is
``---``.

Table: consecutive prose paragraphs form one GFM table (Chinese | English). Table cells hold
inline content only: headings, code, math, tables, images and rules end the table and are
written as in the interleaved layout; quoted rows start with "▎", the first row of a list item
with "•" (or its number); a pinyin line goes under the Chinese after ``<br>``.
"""

from __future__ import annotations

from reader.document.blocks import Block
from reader.document.render import Containers, fenced, image_line
from reader.export.escape import escape_line_start, escape_text
from reader.export.options import ExportOptions
from reader.export.prepare import PreparedArticle, PreparedParagraph
from reader.export.units import Unit, build_units, cell_units
from reader.text.chars import has_han

TABLE_HEADER = "| 中文 | English |\n| --- | --- |"
QUOTE_MARK = "▎ "
LIST_MARK = "• "
PROSE = frozenset({"text", "quote", "list"})


def render_body(prepared: PreparedArticle, options: ExportOptions) -> list[str]:
    """The body of the article as Markdown blocks (to be joined by blank lines)."""
    if options.layout == "table":
        return _table(prepared, options)
    containers = Containers()
    lines: list[str] = []
    previous: Block | None = None
    for pp in prepared.paragraphs:
        block = pp.paragraph.block
        separator = containers.separator(previous, block)
        if separator is not None:
            lines.append(separator)
        first, rest = containers.enter(block)
        lines.extend(_place(_chunks(pp, options), first, rest))
        previous = block
    return ["\n".join(lines)] if lines else []


def _place(chunks: list[list[str]], first: str, rest: str) -> list[str]:
    """The lines of a block's chunks (separated by blank lines) behind its prefixes."""
    out: list[str] = []
    for n, chunk in enumerate(chunks):
        if n:
            out.append(rest.rstrip())
        for k, line in enumerate(chunk):
            prefix = first if n == 0 and k == 0 else rest
            out.append(prefix + line if line else prefix.rstrip())
    return out


def _unit_chunks(unit: Unit, zh: str | None = None) -> list[list[str]]:
    """Chinese, pinyin line and the English quote of one unit."""
    chunks = [[zh if zh is not None else escape_line_start(unit.zh)]]
    if unit.pinyin:
        chunks.append([unit.pinyin])
    chunks.append(["> " + escape_line_start(unit.en)])
    return chunks


def _chunks(pp: PreparedParagraph, options: ExportOptions) -> list[list[str]]:
    """The Markdown blocks of one paragraph, each a list of lines, without prefixes."""
    block = pp.paragraph.block
    kind = block.kind
    if kind == "heading":
        (unit,) = build_units(pp, options)
        level = max(1, min(6, block.level or 2))
        # '#' in the text is always escaped: no closing run
        return _unit_chunks(unit, f"{'#' * level} {unit.zh}")
    if kind == "code":
        return [fenced("", block.text, block.lang or "")]
    if kind == "math":
        return _math(block)
    if kind == "table":
        return [_table_block(pp, options)]
    if kind == "rule":
        return [["---"]]
    chunks: list[list[str]] = []
    if kind == "image":
        chunks.append([image_line(block)])
    for unit in build_units(pp, options):
        chunks.extend(_unit_chunks(unit))
    return chunks or [[""]]  # an empty list item: its marker alone


def _math(block: Block) -> list[list[str]]:
    tex = block.text
    # TeX holding "$$" would close the block early: a ```math fence instead (GitHub reads it).
    chunks = [fenced("", tex, "math")] if "$$" in tex else [["$$", *tex.split("\n"), "$$"]]
    if block.label:
        chunks.append([f"*({escape_text(block.label).strip(' ')})*"])
    return chunks


def _table_block(pp: PreparedParagraph, options: ExportOptions) -> list[str]:
    """A table block as a GFM table of bilingual cells, the header row first."""
    rows = pp.paragraph.block.rows
    if not rows:
        return []
    cells = cell_units(pp, options)

    def cell(r: int, c: int) -> str:
        unit = cells[r][c]
        if unit is None:
            return ""
        parts = [unit.zh]
        if has_han(rows[r][c].text):
            if unit.pinyin:
                parts.append(unit.pinyin)
            parts.append(unit.en)
        return "<br>".join(parts)

    def line(r: int) -> str:
        return "| " + " | ".join(cell(r, c) for c in range(len(rows[r]))) + " |"

    width = len(rows[0])
    return [line(0), "|" + " --- |" * width, *(line(r) for r in range(1, len(rows)))]


def _table(prepared: PreparedArticle, options: ExportOptions) -> list[str]:
    blocks: list[str] = []
    rows: list[str] = []
    for pp in prepared.paragraphs:
        block = pp.paragraph.block
        if block.kind not in PROSE:
            if rows:
                blocks.append("\n".join([TABLE_HEADER, *rows]))
                rows = []
            blocks.append("\n".join(_place(_chunks(pp, options), "", "")))
            continue
        for i, unit in enumerate(build_units(pp, options)):
            mark = ""
            if block.kind == "quote":
                mark = QUOTE_MARK
            elif block.kind == "list" and i == 0:
                mark = f"{block.number}. " if block.ordered else LIST_MARK
            zh = mark + unit.zh + (f"<br>{unit.pinyin}" if unit.pinyin else "")
            rows.append(f"| {zh} | {unit.en} |")
    if rows:
        blocks.append("\n".join([TABLE_HEADER, *rows]))
    return blocks
