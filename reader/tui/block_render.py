"""Provides the layout of the structured blocks: code, math, tables, images, rules, and the
prefixes of nested lists and quotes.

Pure computation like :mod:`reader.tui.layout`, which calls in here for every paragraph that
carries its block: code is shown in a frame with its language and syntax colours (Pygments
through rich, in the terminal's own ANSI colours, so light and dark themes both read), never
wrapped into prose and never split into words; display math is a framed box of its TeX; a table
is drawn with box lines, each cell's English under its Chinese in the bilingual layouts; an
image is a line naming it (``o`` shows its address) above its caption; a list item shows its
number, and nested blocks are indented under their item and marked by their quotes.

Style keys beginning with ``rich:`` carry a rich style for the syntax colours; the article view
turns them into styles (:func:`rich_style`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.document.blocks import Block, Mark
from reader.text.chars import has_han

if TYPE_CHECKING:
    from rich.style import Style

    from reader.tui.layout import Line, Options, ParagraphView, SentenceView, Span

CODE_TAB = 4
MIN_COLUMN = 8  # cells; a table whose columns cannot all have this is shown row by row
HIGHLIGHT_LIMIT = 60_000  # characters of code coloured; beyond, the code is shown plain
_KINDS = frozenset({"code", "math", "table", "image", "rule"})
_MARK_STYLES = {"code": "code-inline", "math": "math-inline", "link": "link"}
_BULLETS = ("• ", "◦ ", "▪ ")


def mark_style(marks: tuple[Mark, ...], start: int, end: int) -> str | None:
    """The style of the text ``[start, end)`` of a sentence when a mark covers it."""
    found: str | None = None
    for mark in marks:
        if mark.start <= start and end <= mark.end:
            if mark.kind != "link":
                return _MARK_STYLES[mark.kind]
            found = "link"
    return found


def prefixes(p: ParagraphView) -> tuple[str, str] | None:
    """(first-line prefix, continuation prefix) of a paragraph inside lists or quotes, or of a
    list item; None where layout.py's own prefixes apply (plain top-level paragraphs)."""
    block = p.block
    if block is None or (not block.nest and block.kind not in ("list", "quote")):
        return None
    indent = _container(block.nest)
    if block.kind == "list":
        marker = f"{block.number}. " if block.ordered else _BULLETS[min(block.depth, 2)]
        return indent + marker, indent + " " * len(marker)
    if block.kind == "quote" and not block.nest.endswith("q"):
        return indent + "┃ ", indent + "┃ "
    return indent, indent


def _container(nest: str) -> str:
    """The indent of a nest path: a quote bar per quote, two cells per list item."""
    return "".join("┃ " if ch == "q" else "  " for ch in nest)


def block_lines(p: ParagraphView, opts: Options) -> list[Line] | None:
    """The lines of a code, math, table, image or rule paragraph; None for prose."""
    block = p.block
    if block is None or block.kind not in _KINDS:
        return None
    indent = _container(block.nest)
    width = max(opts.width - len(indent) * 1, 12)
    if block.kind == "code":
        lines = _code(block, width)
    elif block.kind == "math":
        lines = _math(block, width)
    elif block.kind == "table":
        lines = _table(p, opts, width)
    elif block.kind == "image":
        lines = _image(p, opts, width)
    else:
        lines = _rule(width)
    if indent:
        from reader.tui.layout import Line, Span

        lines = [Line((Span(indent, "indent"), *line.spans), line.role) for line in lines]
    return lines


def estimate(p: ParagraphView, opts: Options) -> int | None:
    """A cheap height of a code, math or table paragraph before it is laid out."""
    block = p.block
    if block is None or block.kind not in _KINDS:
        return None
    if block.kind in ("code", "math"):
        width = max(opts.width - 4, 8)
        return sum(-(-max(len(line), 1) // width) for line in block.text.split("\n")) + 3
    if block.kind == "table":
        return 2 * len(block.rows) * (2 if opts.mode in ("interleaved", "side") else 1) + 3
    return None


# -- code and math ---------------------------------------------------------------------------


def _frame(label: str, width: int, style: str) -> Line:
    from reader.tui.layout import Line, Span

    head = f"┌─ {label} " if label else "┌"
    return Line((Span(head + "─" * max(0, min(width, 40) - len(head)), style),), "frame")


def _foot(width: int, style: str) -> Line:
    from reader.tui.layout import Line, Span

    return Line((Span("└" + "─" * max(0, min(width, 40) - 1), style),), "frame")


def _code(block: Block, width: int) -> list[Line]:
    text = block.text.expandtabs(CODE_TAB)
    lang = block.lang or ""
    rows = _highlight(text, lang) if len(text) <= HIGHLIGHT_LIMIT else None
    if rows is None:
        rows = tuple(((line, "code"),) for line in text.split("\n"))
    lines = [_frame(lang or "code", width, "frame")]
    lines += _framed_rows(rows, width, "code")
    lines.append(_foot(width, "frame"))
    return lines


def _math(block: Block, width: int) -> list[Line]:
    rows = tuple(((line, "math"),) for line in block.text.expandtabs(CODE_TAB).split("\n"))
    label = "TeX" + (f" ({block.label})" if block.label else "")
    return [
        _frame(label, width, "frame"),
        *_framed_rows(rows, width, "math"),
        _foot(width, "frame"),
    ]


def _framed_rows(
    rows: tuple[tuple[tuple[str, str], ...], ...], width: int, base: str
) -> list[Line]:
    """Rows of (text, style) pieces behind a frame bar; long rows continue on the next line
    behind a ``↪`` (code is never re-flowed)."""
    from reader.tui.layout import Line, Span, cells

    room = max(width - 2, 8)
    out: list[Line] = []
    for row in rows:
        spans: list[Span] = [Span("│ ", "frame")]
        used = 0
        for text, style in row:
            for ch in text:
                w = cells(ch)
                if used + w > room:
                    out.append(Line(tuple(spans), base))
                    spans, used = [Span("↪ ", "frame")], 0
                if spans and spans[-1].style == style and len(spans) > 1:
                    spans[-1] = Span(spans[-1].text + ch, style)
                else:
                    spans.append(Span(ch, style))
                used += w
        out.append(Line(tuple(spans), base))
    return out


@lru_cache(maxsize=256)
def _highlight(code: str, lang: str) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    """Lines of (text, style key) pieces coloured by Pygments, or None for an unknown language."""
    if not lang:
        return None
    from rich.syntax import Syntax

    syntax = Syntax(code, lang, theme="ansi_dark", background_color="default")
    if syntax.lexer is None:  # a language Pygments does not know
        return None
    highlighted = syntax.highlight(code)
    rows: list[tuple[tuple[str, str], ...]] = []
    for line in highlighted.split("\n", include_separator=False):
        pieces: list[tuple[str, str]] = []
        plain = line.plain
        styles = [""] * len(plain)
        for span in line.spans:
            style = str(span.style)
            for i in range(max(span.start, 0), min(span.end, len(plain))):
                styles[i] = style
        for i, ch in enumerate(plain):
            key = f"rich:{styles[i]}" if styles[i] and styles[i] != "none" else "code"
            if pieces and pieces[-1][1] == key:
                pieces[-1] = (pieces[-1][0] + ch, key)
            else:
                pieces.append((ch, key))
        rows.append(tuple(pieces))
    return tuple(rows)


def rich_style(key: str) -> Style | None:
    """The rich style a ``rich:`` style key carries (None for other keys)."""
    if not key.startswith("rich:"):
        return None
    from rich.style import Style

    try:
        return Style.parse(key[5:])
    except Exception:  # a style Pygments made that rich cannot read is plain
        return Style()


# -- images and rules --------------------------------------------------------------------


def _image(p: ParagraphView, opts: Options, width: int) -> list[Line]:
    from reader.tui.layout import Line, Span, layout_paragraph

    block = p.block
    assert block is not None
    from reader.document.rules import is_placeholder_alt

    alt = block.alt or ""
    if is_placeholder_alt(alt) or alt == block.text:  # said nothing, or the caption says it
        alt = ""
    name = alt or (block.src or "").rsplit("/", 1)[-1] or "image"
    sentence = p.sentences[0].index if p.sentences else None
    head = Line(
        (
            Span("▣ ", "image", sentence),
            Span(name, "image", sentence),
            Span("  o: address", "missing", sentence),
        ),
        "image",
    )
    if not p.sentences:
        return [head]
    caption = replace(p, kind="text", block=replace(block, kind="text", nest=""))
    return [head, *layout_paragraph(caption, replace(opts, width=width))]


def _rule(width: int) -> list[Line]:
    from reader.tui.layout import Line, Span

    return [Line((Span("─" * min(width, 60), "rule"),), "rule")]


# -- tables ------------------------------------------------------------------------------


def _table(p: ParagraphView, opts: Options, width: int) -> list[Line]:
    """A table in box lines; each cell holds its Chinese and, in the bilingual layouts, its
    English under it (a cell without Chinese is shown once)."""
    from reader.tui.layout import Line, Span

    block = p.block
    assert block is not None
    n_cols = len(block.rows[0]) if block.rows else 0
    if not n_cols:
        return []
    by_cell: dict[tuple[int, int], list[SentenceView]] = {}
    for s in p.sentences:
        if s.cell is not None:
            by_cell.setdefault(s.cell, []).append(s)
    widths = _column_widths(block, by_cell, opts, width, n_cols)
    if widths is None:
        return _stacked(p, by_cell, opts, width)
    out: list[Line] = [_border("┌", "┬", "┐", widths)]
    for r, row in enumerate(block.rows):
        cell_lines = [
            _cell_lines(by_cell.get((r, c), []), row[c].text, opts, widths[c], header=r == 0)
            for c in range(n_cols)
        ]
        height = max((len(lines) for lines in cell_lines), default=1) or 1
        for k in range(height):
            spans: list[Span] = [Span("│", "rule")]
            for c in range(n_cols):
                lines = cell_lines[c]
                line = lines[k] if k < len(lines) else None
                used = sum(_cells(sp.text) for sp in line.spans) if line else 0
                spans.append(Span(" ", "pad"))
                if line is not None:
                    spans.extend(line.spans)
                spans.append(Span(" " * max(0, widths[c] - used) + " ", "pad"))
                spans.append(Span("│", "rule"))
            out.append(Line(tuple(spans), "table"))
        if r + 1 < len(block.rows):
            out.append(_border("├", "┼", "┤", widths, heavy=r == 0))
    out.append(_border("└", "┴", "┘", widths))
    return out


def _stacked(
    p: ParagraphView,
    by_cell: dict[tuple[int, int], list[SentenceView]],
    opts: Options,
    width: int,
) -> list[Line]:
    """A table too wide for the screen, row by row: each cell under its column's name."""
    from reader.tui.layout import Line, Span

    block = p.block
    assert block is not None
    header = block.rows[0]
    out: list[Line] = []
    for c, cell in enumerate(header):
        for line in _cell_lines(by_cell.get((0, c), []), cell.text, opts, width - 2, header=True):
            out.append(Line((Span("┃ ", "rule"), *line.spans), line.role))
    for r in range(1, len(block.rows)):
        out.append(Line((Span("┠" + "─" * min(width - 1, 30), "rule"),), "rule"))
        for c, cell in enumerate(block.rows[r]):
            name = header[c].text or f"{c + 1}"
            out.append(Line((Span("┃ ", "rule"), Span(name, "subheading")), "table"))
            for line in _cell_lines(
                by_cell.get((r, c), []), cell.text, opts, width - 4, header=False
            ):
                out.append(Line((Span("┃   ", "rule"), *line.spans), line.role))
    return out


def _cells(text: str) -> int:
    from reader.tui.layout import cells

    return cells(text)


def _border(left: str, mid: str, right: str, widths: list[int], *, heavy: bool = False) -> Line:
    from reader.tui.layout import Line, Span

    bar = "━" if heavy else "─"
    text = left + mid.join(bar * (w + 2) for w in widths) + right
    if heavy:
        text = text.replace("├", "┝").replace("┼", "┿").replace("┤", "┥")
    return Line((Span(text, "rule"),), "rule")


def _column_widths(
    block: Block,
    by_cell: dict[tuple[int, int], list[SentenceView]],
    opts: Options,
    width: int,
    n_cols: int,
) -> list[int] | None:
    """Column widths that fit the table in ``width``: each column as wide as its widest cell
    wants, the widest columns narrowed first, never below its widest word (with its pinyin);
    None when even that does not fit."""
    from reader.tui.layout import zh_units

    bilingual = opts.mode in ("interleaved", "side")
    wants = [MIN_COLUMN] * n_cols
    floors = [MIN_COLUMN] * n_cols
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            sentences = by_cell.get((r, c), [])
            units = [
                u
                for s in sentences
                for u in zh_units(s, "zh", opts.shows_pinyin(s.index), opts.tone_colors)
            ]
            want = sum(u.width for u in units) if units else _cells(cell.text)
            floors[c] = max(floors[c], min(max((u.width for u in units), default=0), 30))
            if opts.mode == "en" or (bilingual and has_han(cell.text)):
                english = " ".join(s.english or "" for s in sentences)
                want = max(want if opts.mode != "en" else 0, len(english))
            wants[c] = max(wants[c], min(want, 60), floors[c])
    room = width - 3 * n_cols - 1
    if sum(floors) > room:
        return None
    while sum(wants) > room:
        widest = max(range(n_cols), key=lambda c: wants[c] - floors[c])
        if wants[widest] <= floors[widest]:
            break
        wants[widest] -= 1
    return wants


def _cell_lines(
    sentences: list[SentenceView], text: str, opts: Options, width: int, *, header: bool
) -> list[Line]:
    """The wrapped lines of one cell: Chinese (with pinyin when on), then its English."""
    from reader.tui.layout import en_units, wrap, zh_units

    base = "heading" if header else "zh"
    lines: list[Line] = []
    if opts.mode != "en" or not has_han(text):
        units = []
        for s in sentences:
            units.extend(zh_units(s, base, opts.shows_pinyin(s.index), opts.tone_colors))
        if units:
            lines.extend(wrap(units, width, "zh"))
    if opts.mode != "zh" and has_han(text):
        units = []
        for s in sentences:
            if s.english is not None:
                units.extend(en_units(s, "gloss" if s.engine == "gloss" else "en"))
        if units:
            lines.extend(wrap(units, width, "en"))
    return [_fit(line, width) for line in lines]


def _fit(line: Line, width: int) -> Line:
    """A cell line without the wrap's minimum-width overflow (``wrap`` never goes below 8)."""
    from reader.tui.layout import Line, Span

    out: list[Span] = []
    used = 0
    for span in line.spans:
        if span.style == "indent":
            continue
        take = ""
        for ch in span.text:
            if used + _cells(ch) > width:
                break
            take += ch
            used += _cells(ch)
        if take:
            out.append(Span(take, span.style, span.sentence, span.token))
        if used >= width:
            break
    return Line(tuple(out), line.role)
