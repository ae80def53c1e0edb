"""Provides the article view: a line-API widget that paints only the visible lines of an article.

The view holds a laid-out :class:`~reader.tui.layout.Document` and the reading cursor (current
sentence, current word); it draws the highlight and the word cursor at paint time, so moving the
cursor repaints a few lines instead of re-rendering the article. Text is drawn as plain segments,
never parsed as markup, so ``[bold]`` or ``<b>`` in an article shows literally.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.block_render import rich_style
from reader.tui.css import css_beside
from reader.tui.later import after
from reader.tui.layout import Document, Layouter, Line, Options, ParagraphView, cells

GUTTER = 2
_ENGINE_MARK = {"curated": "c", "argos": "m", "llm": "l", "gloss": "g"}


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows an article sentence by sentence with a current sentence and a word cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--zh",
        "article-view--en",
        "article-view--heading",
        "article-view--subheading",
        "article-view--heading-en",
        "article-view--quote",
        "article-view--quote-en",
        "article-view--speaker",
        "article-view--speaker-en",
        "article-view--term",
        "article-view--term-general",
        "article-view--en-term",
        "article-view--inconsistent",
        "article-view--py",
        "article-view--py1",
        "article-view--py2",
        "article-view--py3",
        "article-view--py4",
        "article-view--py5",
        "article-view--missing",
        "article-view--stale",
        "article-view--gloss",
        "article-view--current",
        "article-view--cursor",
        "article-view--rule",
        "article-view--gutter",
        "article-view--engine",
        "article-view--marker",
        # structured blocks (reader/tui/block_render.py)
        "article-view--code",
        "article-view--code-inline",
        "article-view--math",
        "article-view--math-inline",
        "article-view--link",
        "article-view--frame",
        "article-view--image",
        "article-view--word-new",
        "article-view--word-learning",
    }

    # The rules name ArticleView themselves; scoping would prefix the App.-light-mode rules
    # with ArticleView and they would never match.
    SCOPED_CSS = False
    DEFAULT_CSS = css_beside(__file__)  # article_view.tcss: a style per span style

    class Clicked(Message):
        """A sentence (and maybe a word) was clicked."""

        def __init__(self, sentence: int, token: int | None) -> None:
            super().__init__()
            self.sentence = sentence
            self.token = token

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layouter = Layouter([])
        self.options = Options()
        self.document = Document(self.layouter, self.options)
        self._layout_pending = False
        self._unsized = False  # data arrived before the view had a width
        # Set whenever every paragraph is laid out for the current data, options and width
        # (the view lays out in slices between events; tests wait on this, not the clock).
        self.laid_out = asyncio.Event()
        self.laid_out.set()
        self.max_width = 0  # the readable line width in cells; 0: the view's width
        self.current = 0
        self.cursor_token: int | None = None
        self.engines: dict[int, str] = {}
        self._styles: dict[str, Style] = {}
        self._styles_theme: str | None = None
        self.general_terms = True  # False: common glossary words (模型) are not underlined

    # data and options ----------------------------------------------------------------------

    def set_paragraphs(self, paragraphs: Sequence[ParagraphView]) -> None:
        """New article data (or new tokens/translations for it); re-lays out what changed."""
        self.layouter.replace(paragraphs)
        self.engines = {
            s.index: ("stale" if s.stale else s.engine or "")
            for p in paragraphs
            for s in p.sentences
        }
        self.relayout()

    def set_options(self, **changes: object) -> None:
        """Changes layout options (mode, pinyin, reveal …) and re-lays out."""
        self.options = replace(self.options, **changes)  # type: ignore[arg-type]
        self.relayout()

    def _text_width(self) -> int:
        """The layout width: the view's, at most the readable line width (twice that, side
        by side)."""
        available = max(20, self.scrollable_content_region.width - GUTTER)
        if not self.max_width:
            return available
        column = max(40, self.max_width)  # a damaged setting never squeezes the text
        side = self.options.mode == "side"
        return min(available, 2 * column + 3 if side else column)

    def _margin(self) -> int:
        """Blank cells left of the gutter that centre a column narrower than the view."""
        spare = self.scrollable_content_region.width - GUTTER - self.options.width
        return max(0, spare // 2)

    def set_max_width(self, cells: int) -> None:
        """The readable line width in cells (0: as wide as the view); re-lays out."""
        self.max_width = cells
        self.relayout()

    def relayout(self) -> None:
        """Starts a new layout: the lines around the reader now, the rest a slice at a time.

        Only what is near the current sentence and the viewport is laid out before the next
        paint; the rest follows in slices of a few milliseconds between events, so opening a
        long article, toggling pinyin or resizing never blocks the keyboard.
        """
        self.laid_out.clear()
        if self.scrollable_content_region.width <= 0:
            self._unsized = True  # on_resize lays out once the width is known
            return
        self._unsized = False
        anchor = self._anchor()
        self.options = replace(self.options, width=self._text_width())
        self.document = Document(self.layouter, self.options)
        self._near_reader()
        self._restore(anchor)
        self._sync_size()
        self.refresh()
        self._schedule()

    def _anchor(self) -> tuple[int, int] | None:
        """The current sentence and its distance from the top of the view, to keep it there."""
        lines = self.document.sentence_range(self.current) if self.layouter.paragraphs else None
        if lines is None:
            return None
        return self.current, lines[0] - self.scroll_offset.y

    def _restore(self, anchor: tuple[int, int] | None) -> None:
        if anchor is None:
            return
        lines = self.document.sentence_range(anchor[0])
        if lines is not None:
            self._sync_size()
            self.scroll_to(y=max(0, lines[0] - anchor[1]), animate=False, immediate=True)

    def _near_reader(self) -> None:
        """Lays out the paragraphs of the current sentence and a screenful around it."""
        doc = self.document
        if not doc.heights:
            return
        height = max(self.scrollable_content_region.height, 10)
        centre = doc.paragraph_of.get(self.current, 0)
        top, _ = doc.locate(self.scroll_offset.y)
        for start in (centre, top):
            i, budget = start, 2 * height
            while i < len(doc.heights) and budget > 0:
                doc.ensure(i)
                budget -= doc.heights[i]
                i += 1
        if centre > 0:
            doc.ensure(centre - 1)

    def _sync_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.document.total)

    def _schedule(self) -> None:
        if self.document.complete:
            self.laid_out.set()
        elif not self._layout_pending:
            self._layout_pending = True
            after(self, 0.01, self._layout_slice)

    def _layout_slice(self) -> None:
        """Lays out more paragraphs for about 8 ms, below the viewport first, then above it."""
        self._layout_pending = False
        doc = self.document
        top = self.scroll_offset.y
        first_visible, _ = doc.locate(top)
        deadline = time.perf_counter() + 0.008
        shift = 0
        order = [*range(first_visible, len(doc.blocks)), *range(first_visible - 1, -1, -1)]
        for i in order:
            if doc.blocks[i] is not None:
                continue
            delta = doc.ensure(i)
            if i < first_visible:
                shift += delta  # a paragraph above the view changed height: keep the view still
            if time.perf_counter() > deadline:
                break
        self._sync_size()
        if shift:
            self.scroll_to(y=max(0, top + shift), animate=False, immediate=True)
        self.refresh()
        self._schedule()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wraps for the new width, keeping the current sentence where it was and in view
        (opening the look-up panel narrows or shortens the view)."""
        if self.layouter.paragraphs and (self._unsized or self.options.width != self._text_width()):
            self.relayout()
        self.scroll_to_current()

    # cursor -------------------------------------------------------------------------------

    def set_cursor(self, sentence: int, token: int | None) -> None:
        """Moves the highlight to ``sentence`` (and the word cursor to ``token``)."""
        old = self.document.sentence_range(self.current)
        self.current, self.cursor_token = sentence, token
        self._refresh_range(old)
        self._refresh_range(self.document.sentence_range(sentence))

    def _refresh_range(self, lines: tuple[int, int] | None) -> None:
        if lines is None:
            return
        first, last = lines
        # ScrollView.refresh_lines takes lines of the document (it subtracts the scroll offset
        # itself): passing on-screen rows repainted the wrong lines once the view had scrolled.
        self.refresh_lines(first, last - first + 1)

    def sentence_range(self, sentence: int) -> tuple[int, int] | None:
        """The first and last display line of a sentence."""
        return self.document.sentence_range(sentence)

    def scroll_to_current(self, *, animate: bool = False) -> None:
        """Scrolls just enough to show the whole current sentence, its English included (a
        third from the top after a jump); one taller than the view starts at its top."""
        lines = self.document.sentence_range(self.current)
        if lines is None:
            return
        self._sync_size()
        first, last = lines
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if last - first + 1 >= height:
            target = first
        elif first >= top and last < top + height:
            return
        elif first < top - height or first > top + 2 * height:
            target = max(first - height // 3, last - height + 1)
        elif first < top:
            target = first
        else:
            target = last - height + 1
        self.scroll_to(y=max(0, target), animate=animate, immediate=not animate)

    def first_visible_sentence(self) -> int | None:
        """The first sentence that starts on screen (for paging)."""
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        for y in range(top, bottom):
            line = self.document.line(y)
            if line is None:
                break
            for span in line.spans:
                if span.sentence is not None:
                    lines = self.document.sentence_range(span.sentence)
                    if lines and lines[0] >= top:
                        return span.sentence
        return None

    # painting -----------------------------------------------------------------------------

    def set_general_terms(self, shown: bool) -> None:
        """Underlines common glossary words (tier general) quietly, or not at all."""
        self.general_terms = shown
        self.refresh()

    def _style(self, key: str) -> Style:
        if key == "term-general" and not self.general_terms:
            key = "zh"
        theme = self.app.theme
        if self._styles_theme != theme:
            self._styles = {}
            self._styles_theme = theme
        style = self._styles.get(key)
        if style is None:
            name = f"article-view--{key}"
            style = (
                self.get_component_rich_style(name, partial=True)
                if name in self.COMPONENT_CLASSES
                else rich_style(key) or Style()  # syntax colours of code
            )
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        """Paints one visible line: gutter, spans, highlight and word cursor."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        base = self.rich_style
        line = self.document.line(index)
        if line is None:
            return Strip.blank(width, base)
        segments = [self._gutter(index, line, base)]
        current_bg = base + self._style("current")
        whole = line.sentences == {self.current}
        for span in line.spans:
            style = base + self._style(span.style)
            if whole or span.sentence == self.current:
                style += self._style("current")
                if span.style.startswith("word-"):  # word marks show on the current sentence
                    style += self._style(span.style)
                if span.token is not None and span.token == self.cursor_token:
                    style += self._style("cursor")
            segments.append(Segment(span.text, style))
        margin = self._margin()
        # The current sentence's band spans the column, not the margins around it.
        column = Strip(segments).adjust_cell_length(
            GUTTER + self.options.width, current_bg if whole else base
        )
        strip = Strip.join([Strip.blank(margin, base), column]) if margin else column
        strip = strip.adjust_cell_length(width, base)
        return strip.crop(scroll_x, scroll_x + width)

    def _gutter(self, index: int, line: Line, base: Style) -> Segment:
        if self.current in line.sentences and line.role != "py":
            return Segment("▌ ", base + self._style("marker"))
        sentence = self.document.engine_sentence(index)
        if sentence is not None:
            engine = self.engines.get(sentence, "")
            mark = "!" if engine == "stale" else _ENGINE_MARK.get(engine, " ")
            return Segment(mark.ljust(GUTTER), base + self._style("engine"))
        return Segment(" " * GUTTER, base + self._style("gutter"))

    # mouse --------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """Selects the clicked sentence and word."""
        line = self.document.line(self.scroll_offset.y + event.y)
        if line is None:
            return
        x = self.scroll_offset.x + event.x - GUTTER - self.styles.padding.left - self._margin()
        used = 0
        for span in line.spans:
            used += cells(span.text)
            if x < used and span.sentence is not None:
                self.post_message(self.Clicked(span.sentence, span.token))
                return
