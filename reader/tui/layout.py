"""Provides the article layout: sentences, words and translations wrapped into display lines.

The layout is pure computation (no widgets): it turns paragraphs into :class:`Line` objects made
of :class:`Span` runs, each tagged with a style key, the sentence it belongs to and, for Chinese
words, the token index (for the word cursor). The article view paints only the visible lines,
so long articles scroll without lag, and the layout is cached per paragraph so moving the cursor
or toggling pinyin for one sentence re-wraps one paragraph, not the article.

Layouts:

- ``interleaved``: each Chinese sentence followed by its English.
- ``side``: Chinese | English in aligned rows per sentence.
- ``zh``: Chinese paragraphs as flowing text; the current sentence's English can be revealed.
- ``en``: English paragraphs as flowing text.

Pinyin is ruby style: a row of pinyin above each row of characters, each word centred in a box
as wide as the wider of the two, so wrapping always keeps a word's pinyin and characters together.
Widths are terminal cells: CJK and full-width characters take two.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reader.document.blocks import Block as DocumentBlock
from reader.document.blocks import BlockKind, Mark
from reader.pinyin.display import spaced, word_pieces
from reader.state import Layout
from reader.text.cells import cell_width
from reader.tui import block_render

# Characters that must not start a line (kinsoku): they stay with the word before them.
_NO_LINE_START = set("，。！？；：、）】》」』”’…—,.!?;:)]}%·")
_WORD_RE = re.compile(r"\S+\s*|\s+")


# Terminal cells taken by a text; cached, as a layout measures the same words again and again.
cells = lru_cache(maxsize=65536)(cell_width)


@dataclass(frozen=True)
class TokenView:
    """A word of a sentence: offsets, tone-number pinyin per character, glossary term id."""

    start: int
    end: int
    pinyin: tuple[str | None, ...]
    term: str | None = None
    is_word: bool = True
    general: bool = False  # the term is a common word of AI writing (tier: general)


@dataclass(frozen=True)
class SentenceView:
    """What the layout needs to know about one sentence."""

    index: int  # position in the article's reading order
    text: str  # in the display script; same length as the original
    tokens: tuple[TokenView, ...] | None = None  # None until analysis is ready
    english: str | None = None
    engine: str | None = None  # curated | argos | gloss
    stale: bool = False
    en_terms: tuple[tuple[int, int], ...] = ()  # glossary term spans in the English
    inconsistent: frozenset[str] = frozenset()  # term ids whose English rendering is off
    speaker_len: int = 0  # length of a "名字：" label at the start, 0 when none
    marks: tuple[Mark, ...] = ()  # inline code, math and links in ``text``
    cell: tuple[int, int] | None = None  # (row, column) of a table sentence
    word_marks: tuple[str, ...] = ()  # a style per token for word marks ("" none; tui/vocab)


@dataclass(frozen=True)
class ParagraphView:
    """One block of the article with its sentences."""

    index: int
    kind: BlockKind
    level: int
    sentences: tuple[SentenceView, ...]
    block: DocumentBlock | None = None  # code, tables, list numbers … (see block_render)


@dataclass(frozen=True)
class Span:
    """A run of text with one style key; ``sentence`` and ``token`` locate it in the article."""

    text: str
    style: str
    sentence: int | None = None
    token: int | None = None


@dataclass(frozen=True)
class Line:
    """One display line: spans left to right, and its role (zh, py, en, blank, …)."""

    spans: tuple[Span, ...]
    role: str = "zh"

    @property
    def sentences(self) -> set[int]:
        """The sentences this line shows part of."""
        return {s.sentence for s in self.spans if s.sentence is not None}


BLANK = Line((), "blank")


@dataclass(frozen=True)
class Options:
    """How to lay out: layout mode, width in cells, pinyin for all or some sentences."""

    mode: Layout = "interleaved"
    width: int = 80
    pinyin: bool = False
    pinyin_sentences: frozenset[int] = frozenset()
    reveal: int | None = None  # sentence whose English is shown in the zh layout
    tone_colors: bool = True

    def for_sentences(self, indexes: frozenset[int]) -> Options:
        """These options as they bear on the sentences ``indexes`` (a paragraph): choices made
        for other sentences (pinyin for one sentence, the revealed English) are dropped."""
        return replace(
            self,
            pinyin_sentences=self.pinyin_sentences & indexes,
            reveal=self.reveal if self.reveal in indexes else None,
        )

    def shows_pinyin(self, sentence: int) -> bool:
        """Whether ``sentence`` is shown with pinyin (``P`` toggles one sentence)."""
        return self.pinyin != (sentence in self.pinyin_sentences)


@dataclass
class _Unit:
    """An unbreakable piece for wrapping: character row spans and (optionally) pinyin row spans."""

    width: int
    bottom: list[Span]
    top: list[Span] = field(default_factory=list)
    space: bool = False  # whitespace: dropped at the start of a line

    def extend(self, other: _Unit) -> None:
        """Appends ``other`` (glued punctuation, a spacer); pinyin rows stay column-aligned."""
        before = self.width
        self.width += other.width
        self.bottom.extend(other.bottom)
        if self.top or other.top:
            if not self.top:
                self.top.append(Span(" " * before, "pad", _sentence_of(self)))
            self.top.extend(other.top or [Span(" " * other.width, "pad", _sentence_of(other))])


def _pad(spans: list[Span], width: int, inner: int, sentence: int | None = None) -> list[Span]:
    """Centres spans of ``inner`` cells in a box of ``width`` cells (the padding belongs to the
    same sentence, so the current sentence's highlight has no holes)."""
    if width <= inner:
        return spans
    left = (width - inner) // 2
    right = width - inner - left
    out = [Span(" " * left, "pad", sentence)] if left else []
    out.extend(spans)
    if right:
        out.append(Span(" " * right, "pad", sentence))
    return out


def _tone_style(syllable: str, colors: bool) -> str:
    return f"py{syllable[-1]}" if colors and syllable[-1:].isdigit() else "py"


def zh_units(s: SentenceView, base: str, with_pinyin: bool, colors: bool) -> list[_Unit]:
    """The wrapping units of a Chinese sentence: its words (or characters before analysis)."""
    text = s.text
    units: list[_Unit] = []
    pieces: list[tuple[int, int, int | None, TokenView | None]]
    if s.tokens is None:
        pieces = [(i, i + 1, None, None) for i in range(len(text))]
    else:
        pieces = [(t.start, t.end, n, t) for n, t in enumerate(s.tokens)]
    last = ""  # the previous piece, to space words apart in the pinyin display
    for start, end, token_index, token in pieces:
        piece = text[start:end]
        if not piece:
            continue
        bottom: list[Span] = []
        for i, (a, b) in enumerate(_style_runs(start, end, s.speaker_len)):
            style = "speaker" if i == 0 and a < s.speaker_len else base
            if token is not None and token.term:
                style = "inconsistent" if token.term in s.inconsistent else _term_style(token)
            elif token_index is not None and token_index < len(s.word_marks) and style != "speaker":
                style = s.word_marks[token_index] or style
            if s.marks:
                style = block_render.mark_style(s.marks, a, b) or style
            bottom.append(Span(text[a:b], style, s.index, token_index))
        width = cells(piece)
        top: list[Span] = []
        if with_pinyin and token is not None and any(token.pinyin):
            shown = word_pieces(piece, token.pinyin)  # píng'ān, AI yuánshēng
            top_width = sum(len(r) for r, _ in shown)
            top = [
                Span(r, _tone_style(p, colors) if p else "py", s.index, token_index)
                for r, p in shown
            ]
            box = max(width, top_width)
            bottom = _pad(bottom, box, width, s.index)
            top = _pad(top, box, top_width, s.index)
            width = box
        unit = _Unit(width, bottom, top, space=piece.isspace())
        if units and (piece[0] in _NO_LINE_START) and not unit.top and not units[-1].space:
            units[-1].extend(unit)
        else:
            if with_pinyin and units and spaced(last, piece, bool(units[-1].top), bool(unit.top)):
                units[-1].extend(_Unit(1, [Span(" ", "pad", s.index)], [Span(" ", "pad", s.index)]))
            units.append(unit)
        last = piece
    return units


def _term_style(token: TokenView) -> str:
    """Glossary terms are underlined; common words of AI writing (模型, 数据) quietly."""
    return "term-general" if token.general else "term"


def _style_runs(start: int, end: int, speaker_len: int) -> list[tuple[int, int]]:
    """Splits [start, end) at the end of the speaker label so the label can be styled."""
    if start < speaker_len < end:
        return [(start, speaker_len), (speaker_len, end)]
    return [(start, end)]


def en_units(s: SentenceView, base: str) -> list[_Unit]:
    """The wrapping units of a sentence's English: words, with glossary terms styled."""
    text = s.english or ""
    label = re.match(r"^[^:：]{1,24}:\s", text) if s.speaker_len else None
    marks: list[tuple[int, int, str]] = [(a, b, "en-term") for a, b in s.en_terms]
    if label:
        marks.append((0, label.end() - 1, "speaker-en"))
    units = []
    for m in _WORD_RE.finditer(text):
        a, b = m.span()
        spans: list[Span] = []
        pos = a
        for ma, mb, style in sorted(marks):
            if mb <= pos or ma >= b:
                continue
            if ma > pos:
                spans.append(Span(text[pos:ma], base, s.index))
            spans.append(Span(text[max(ma, pos) : min(mb, b)], style, s.index))
            pos = min(mb, b)
        if pos < b:
            spans.append(Span(text[pos:b], base, s.index))
        units.append(_Unit(cells(text[a:b]), spans, space=text[a:b].isspace()))
    return units


def wrap(
    units: Sequence[_Unit], width: int, role: str, indent: str = "", first_indent: str | None = None
) -> list[Line]:
    """Greedy line wrapping of units; a unit wider than a line is split by characters."""
    width = max(width, 8)
    first = indent if first_indent is None else first_indent
    out: list[Line] = []
    bottom: list[Span] = [Span(first, "indent")] if first else []
    top: list[Span] = [Span(" " * cells(first), "pad")] if first else []
    used = cells(first)
    has_top = any(u.top for u in units)
    lead = used

    def flush() -> None:
        nonlocal bottom, top, used, lead
        if has_top:
            out.append(Line(tuple(top), "py"))
        out.append(Line(tuple(bottom), role))
        bottom = [Span(indent, "indent")] if indent else []
        top = [Span(" " * cells(indent), "pad")] if indent else []
        used = lead = cells(indent)

    for unit in units:
        if unit.space and used == lead:
            continue  # no whitespace at the start of a line
        if used + unit.width > width and used > lead:
            flush()
            if unit.space:
                continue
        if unit.width > width - used:
            for piece in _split_unit(unit, width - used, width - cells(indent)):
                if used + piece.width > width and used > lead:
                    flush()
                bottom.extend(piece.bottom)
                used += piece.width
            continue
        bottom.extend(unit.bottom)
        if has_top:
            top.extend(unit.top or [Span(" " * unit.width, "pad", _sentence_of(unit))])
        used += unit.width
    if used > lead or not out:
        flush()
    return out


def _sentence_of(unit: _Unit) -> int | None:
    return next((sp.sentence for sp in unit.bottom if sp.sentence is not None), None)


def _split_unit(unit: _Unit, first: int, rest: int) -> Iterable[_Unit]:
    """Breaks an over-long unit (a URL, a long Latin run) into line-sized pieces."""
    limit = max(first, 1)
    current: list[Span] = []
    used = 0
    for span in unit.bottom:
        for ch in span.text:
            w = cells(ch)
            if used + w > limit and used:
                yield _Unit(used, current)
                current, used, limit = [], 0, max(rest, 1)
            if current and current[-1].style == span.style:
                last = current[-1]
                current[-1] = Span(last.text + ch, last.style, last.sentence, last.token)
            else:
                current.append(Span(ch, span.style, span.sentence, span.token))
            used += w
    if current:
        yield _Unit(used, current)


def _decor(kind: BlockKind, level: int) -> tuple[str, str, str]:
    """Base styles and indents for a block kind: (zh style, en style, first-line prefix)."""
    if kind == "heading":
        return ("heading" if level <= 2 else "subheading", "heading-en", "")
    if kind == "quote":
        return ("quote", "quote-en", "┃ ")
    if kind == "list":
        return ("zh", "en", "• ")
    return ("zh", "en", "")


def layout_paragraph(p: ParagraphView, opts: Options) -> list[Line]:
    """The display lines of one paragraph in the chosen layout (without the blank after it)."""
    special = block_render.block_lines(p, opts)
    if special is not None:
        return special
    zh_style, en_style, prefix = _decor(p.kind, p.level)
    indent = "┃ " if p.kind == "quote" else ("  " if prefix else "")
    if (nested := block_render.prefixes(p)) is not None:
        prefix, indent = nested
    lines: list[Line] = []
    if opts.mode == "en":
        # Each sentence starts a line, so the gutter can say where each one's English is from.
        for n, s in enumerate(p.sentences):
            english = (
                _english_units(s, en_style) if s.english else zh_units(s, "missing", False, False)
            )
            first = (prefix if n == 0 else indent) or None
            lines.extend(wrap(english, opts.width, "en", indent, first))
        return lines
    if opts.mode == "zh":
        units: list[_Unit] = []
        for s in p.sentences:
            units.extend(zh_units(s, zh_style, opts.shows_pinyin(s.index), opts.tone_colors))
        lines = wrap(units, opts.width, opts.mode, indent, prefix or None)
        if opts.reveal is not None:
            for s in p.sentences:
                if s.index == opts.reveal:
                    lines.extend(_english_lines(s, opts.width, en_style, "  → ", "    "))
        return lines
    for n, s in enumerate(p.sentences):
        first = prefix if n == 0 else indent
        zh = wrap(
            zh_units(s, zh_style, opts.shows_pinyin(s.index), opts.tone_colors),
            opts.width if opts.mode == "interleaved" else _side_width(opts.width)[0],
            "zh",
            indent,
            first or None,
        )
        if opts.mode == "interleaved":
            lines.extend(zh)
            lines.extend(_english_lines(s, opts.width, en_style, indent + "  ", indent + "  "))
        else:
            left_w, right_w = _side_width(opts.width)
            en = _english_lines(s, right_w, en_style, indent, indent)
            lines.extend(_side_by_side(zh, en, left_w))
    return lines


def _english_lines(s: SentenceView, width: int, style: str, first: str, indent: str) -> list[Line]:
    if s.english is None:
        note = Span("(no translation yet)", "missing", s.index)
        return [Line((Span(first, "indent"), note), "en")]
    return wrap(_english_units(s, style), width, "en", indent, first)


def _english_units(s: SentenceView, style: str) -> list[_Unit]:
    """A sentence's English as wrapping units: glosses styled as such, stale English marked."""
    units = en_units(s, "gloss" if s.engine == "gloss" else style)
    if s.stale:
        units.append(_Unit(8, [Span(" (stale)", "stale", s.index)]))
    return units


def _side_width(width: int) -> tuple[int, int]:
    left = max(8, (width - 3) // 2)
    return left, max(8, width - 3 - left)


def _side_by_side(left: list[Line], right: list[Line], left_width: int) -> list[Line]:
    """Zips Chinese and English lines into rows. The English runs on without gaps beside the
    pinyin rows too; a pinyin row with nothing on its right keeps its role (``py``)."""
    rows: list[Line] = []
    right_iter = iter(right)
    for line in left:
        used = sum(cells(sp.text) for sp in line.spans)
        pad = Span(" " * max(0, left_width - used), "pad")
        other = next(right_iter, None)
        right_spans = other.spans if other else ()
        role = "py" if line.role == "py" and other is None else "side"
        rows.append(Line((*line.spans, pad, Span(" │ ", "rule"), *right_spans), role))
    for other in right_iter:
        rows.append(
            Line((Span(" " * left_width, "pad"), Span(" │ ", "rule"), *other.spans), "side")
        )
    return rows


@dataclass(frozen=True)
class Block:
    """One laid-out paragraph (with the blank line after it) and where its sentences are."""

    lines: tuple[Line, ...]
    sentences: dict[int, tuple[int, int]]  # sentence -> (first, last) line, relative
    engine_lines: dict[int, int]  # relative line carrying a sentence's engine mark -> sentence


def _block(lines: list[Line]) -> Block:
    ranges: dict[int, tuple[int, int]] = {}
    engine_lines: dict[int, int] = {}
    marked: set[int] = set()
    for offset, line in enumerate(lines):
        for s in line.sentences:
            first, _ = ranges.get(s, (offset, offset))
            ranges[s] = (first, offset)
        if line.role in ("en", "side") and len(line.sentences) == 1:
            (s,) = line.sentences
            if s not in marked:
                marked.add(s)
                engine_lines[offset] = s
    return Block((*lines, BLANK), ranges, engine_lines)


class Layouter:
    """Lays out paragraphs on demand and caches each one per option set.

    Blocks are kept for the option sets in use lately (:data:`KEEP`: the current one and the
    one before, so toggling back is instant); the rest are dropped, so cycling through layouts,
    widths and pinyin never piles up blocks of a long article.
    """

    KEEP = 2

    def __init__(self, paragraphs: Sequence[ParagraphView]) -> None:
        self.paragraphs = list(paragraphs)
        self._indexes = [frozenset(s.index for s in p.sentences) for p in self.paragraphs]
        self._cache: dict[tuple[int, Options], Block] = {}
        self._recent: list[Options] = []  # the option sets asked for lately, latest first

    def replace(self, paragraphs: Sequence[ParagraphView]) -> None:
        """New paragraph data (analysis or translations arrived): drops changed entries."""
        changed = {
            i
            for i, (old, new) in enumerate(zip(self.paragraphs, paragraphs, strict=False))
            if old != new
        } | set(range(min(len(self.paragraphs), len(paragraphs)), len(paragraphs)))
        self.paragraphs = list(paragraphs)
        self._indexes = [frozenset(s.index for s in p.sentences) for p in self.paragraphs]
        self._cache = {k: v for k, v in self._cache.items() if k[0] not in changed}

    def _key(self, i: int, opts: Options) -> tuple[int, Options]:
        # Every option is part of the key (Options is a frozen dataclass, hashed over all its
        # fields), narrowed to this paragraph's sentences: so a new option can never be
        # forgotten here, and P on one sentence re-lays out only that sentence's paragraph.
        return i, opts.for_sentences(self._indexes[i])

    def cached(self, i: int, opts: Options) -> Block | None:
        """The paragraph's block if it was laid out with these options before."""
        return self._cache.get(self._key(i, opts))

    def block(self, i: int, opts: Options) -> Block:
        """The paragraph's block, laid out now if needed."""
        self._use(opts)
        key = self._key(i, opts)
        found = self._cache.get(key)
        if found is None:
            found = _block(layout_paragraph(self.paragraphs[i], opts))
            self._cache[key] = found
        return found

    def _use(self, opts: Options) -> None:
        """Notes an option set in use; blocks of option sets no longer recent are dropped."""
        if self._recent and self._recent[0] == opts:
            return
        self._recent = [opts, *(o for o in self._recent if o != opts)][: self.KEEP]
        kept = {
            (i, o.for_sentences(self._indexes[i]))
            for o in self._recent
            for i in {k[0] for k in self._cache}
        }
        self._cache = {k: v for k, v in self._cache.items() if k in kept}

    def __len__(self) -> int:
        """The number of blocks cached."""
        return len(self._cache)

    def estimate(self, i: int, opts: Options) -> int:
        """A cheap guess of a paragraph's height, used until it is laid out."""
        p = self.paragraphs[i]
        if (height := block_render.estimate(p, opts)) is not None:
            return height
        width = max(opts.width, 8)
        half = max((width - 3) // 2, 8)
        total = 0
        zh_cells = 0
        en_chars = 0
        for s in p.sentences:
            zh = cells(s.text)
            en = len(s.english or "") + 2
            rows = 2 if opts.shows_pinyin(s.index) and s.tokens is not None else 1
            zh_cells += zh * rows
            en_chars += en
            if opts.mode == "interleaved":
                total += -(-zh // width) * rows + -(-en // width)
            elif opts.mode == "side":
                total += max(-(-zh // half) * rows, -(-en // half))
        if opts.mode == "zh":
            total = -(-zh_cells // width)
        elif opts.mode == "en":
            total = -(-en_chars // width)
        return max(total, 1) + 1


class Document:
    """An article's display lines, laid out lazily: blocks near the reader first.

    Heights of paragraphs not laid out yet are estimates; :meth:`ensure` replaces an estimate
    with the real block and reports the change, so the view can keep what is on screen still.
    """

    def __init__(self, layouter: Layouter, opts: Options) -> None:
        self.layouter = layouter
        self.options = opts
        n = len(layouter.paragraphs)
        self.blocks: list[Block | None] = [layouter.cached(i, opts) for i in range(n)]
        self.heights = [
            len(b.lines) if b else layouter.estimate(i, opts) for i, b in enumerate(self.blocks)
        ]
        self._offsets: list[int] | None = None
        self.paragraph_of: dict[int, int] = {
            s.index: i for i, p in enumerate(layouter.paragraphs) for s in p.sentences
        }

    @property
    def offsets(self) -> list[int]:
        """First line of each paragraph (and the total at the end)."""
        if self._offsets is None:
            offsets = [0]
            for height in self.heights:
                offsets.append(offsets[-1] + height)
            self._offsets = offsets
        return self._offsets

    @property
    def total(self) -> int:
        """The number of lines (with estimates for paragraphs not laid out yet)."""
        return self.offsets[-1]

    @property
    def complete(self) -> bool:
        """Whether every paragraph has been laid out."""
        return all(b is not None for b in self.blocks)

    def ensure(self, i: int) -> int:
        """Lays out paragraph ``i`` if needed; returns how much its height changed."""
        if self.blocks[i] is not None:
            return 0
        block = self.layouter.block(i, self.options)
        self.blocks[i] = block
        delta = len(block.lines) - self.heights[i]
        if delta:
            self.heights[i] = len(block.lines)
            self._offsets = None
        return delta

    def locate(self, y: int) -> tuple[int, int]:
        """(paragraph, line within it) of display line ``y``."""
        i = max(0, min(bisect.bisect_right(self.offsets, y) - 1, len(self.heights) - 1))
        return i, y - self.offsets[i]

    def line(self, y: int) -> Line | None:
        """Display line ``y``, laying out its paragraph if needed (None past the end)."""
        if not self.heights or y < 0 or y >= self.total:
            return None
        i, rel = self.locate(y)
        if self.ensure(i):
            i, rel = self.locate(y)
        block = self.blocks[i]
        assert block is not None
        return block.lines[rel] if rel < len(block.lines) else None

    def engine_sentence(self, y: int) -> int | None:
        """The sentence whose engine mark line ``y`` carries, if any."""
        i, rel = self.locate(y)
        block = self.blocks[i]
        return block.engine_lines.get(rel) if block else None

    def sentence_range(self, sentence: int) -> tuple[int, int] | None:
        """First and last display line of a sentence (its paragraph is laid out first)."""
        i = self.paragraph_of.get(sentence)
        if i is None:
            return None
        self.ensure(i)
        block = self.blocks[i]
        assert block is not None
        rel = block.sentences.get(sentence)
        if rel is None:
            return None
        return self.offsets[i] + rel[0], self.offsets[i] + rel[1]

    @property
    def lines(self) -> list[Line]:
        """Every line (lays out the whole article; for tests and small documents)."""
        for i in range(len(self.blocks)):
            self.ensure(i)
        return [line for b in self.blocks if b for line in b.lines]
