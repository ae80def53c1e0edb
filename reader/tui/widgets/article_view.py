"""Provides the article view: a line-API widget that paints only the visible lines of an article.

The view holds a laid-out :class:`~reader.tui.layout.Document` and the reading cursor (current
sentence, current word); it draws the highlight and the word cursor at paint time, so moving the
cursor repaints a few lines instead of re-rendering the article. Text is drawn as plain segments,
never parsed as markup, so ``[bold]`` or ``<b>`` in an article shows literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.layout import Document, Layouter, Line, Options, ParagraphView, cells

GUTTER = 2
_ENGINE_MARK = {"curated": "c", "argos": "m", "gloss": "g"}


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
    }

    DEFAULT_CSS = """
    ArticleView { background: $surface; padding: 0 1; }
    ArticleView > .article-view--zh { color: $text; }
    ArticleView > .article-view--en { color: $text-muted; text-style: italic; }
    ArticleView > .article-view--heading { color: $accent; text-style: bold underline; }
    ArticleView > .article-view--subheading { color: $accent; text-style: bold; }
    ArticleView > .article-view--heading-en { color: $accent-lighten-1; text-style: bold italic; }
    ArticleView > .article-view--quote { color: $text; text-style: italic; }
    ArticleView > .article-view--quote-en { color: $text-muted; text-style: italic; }
    ArticleView > .article-view--speaker { color: $secondary; text-style: bold; }
    ArticleView > .article-view--speaker-en { color: $secondary; text-style: bold italic; }
    ArticleView > .article-view--term { color: $warning; text-style: underline; }
    ArticleView > .article-view--en-term { color: $warning; text-style: italic underline; }
    ArticleView > .article-view--inconsistent { color: $error; text-style: underline; }
    ArticleView > .article-view--py { color: $text-muted; }
    ArticleView > .article-view--py1 { color: #e0474c; }
    ArticleView > .article-view--py2 { color: #3aa655; }
    ArticleView > .article-view--py3 { color: #4a7fe0; }
    ArticleView > .article-view--py4 { color: #a35bd6; }
    ArticleView > .article-view--py5 { color: $text-muted; }
    ArticleView > .article-view--missing { color: $text-disabled; text-style: italic; }
    ArticleView > .article-view--stale { color: $error; text-style: italic; }
    ArticleView > .article-view--gloss { color: $text-muted; text-style: dim italic; }
    ArticleView > .article-view--current { background: $boost; }
    ArticleView > .article-view--cursor { background: $accent; color: $text; text-style: bold; }
    ArticleView > .article-view--rule { color: $panel-lighten-2; }
    ArticleView > .article-view--gutter { color: $text-disabled; }
    ArticleView > .article-view--engine { color: $text-disabled; }
    ArticleView > .article-view--marker { color: $accent; text-style: bold; }
    """

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
        self.document = Document([], {})
        self.current = 0
        self.cursor_token: int | None = None
        self.engines: dict[int, str] = {}
        self._engine_lines: dict[int, int] = {}
        self._styles: dict[str, Style] = {}
        self._styles_theme: str | None = None

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
        values = {**self.options.__dict__, **changes}
        self.options = Options(**values)
        self.relayout()

    def _text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - GUTTER)

    def relayout(self) -> None:
        """Lays out for the current width and options, keeping the current sentence in view."""
        if self.options.width != self._text_width():
            self.options = Options(**{**self.options.__dict__, "width": self._text_width()})
        self.document = self.layouter.layout(self.options)
        # The first English line of each sentence carries its engine mark in the gutter.
        self._engine_lines = {}
        for sentence, (first, last) in self.document.sentence_lines.items():
            for i in range(first, last + 1):
                if self.document.lines[i].role == "en":
                    self._engine_lines[i] = sentence
                    break
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.document.lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wraps for the new width."""
        if self.layouter.paragraphs:
            self.relayout()
            self.scroll_to_current(animate=False)

    # cursor -------------------------------------------------------------------------------

    def set_cursor(self, sentence: int, token: int | None) -> None:
        """Moves the highlight to ``sentence`` (and the word cursor to ``token``)."""
        old = self.document.sentence_lines.get(self.current)
        self.current, self.cursor_token = sentence, token
        self._refresh_range(old)
        self._refresh_range(self.document.sentence_lines.get(sentence))

    def _refresh_range(self, lines: tuple[int, int] | None) -> None:
        if lines is None:
            return
        first, last = lines
        top = self.scroll_offset.y
        self.refresh_lines(first - top, last - first + 1)

    def sentence_range(self, sentence: int) -> tuple[int, int] | None:
        """The first and last display line of a sentence."""
        return self.document.sentence_lines.get(sentence)

    def scroll_to_current(self, *, animate: bool = False) -> None:
        """Scrolls just enough to show the current sentence (a third from the top if it jumps)."""
        lines = self.document.sentence_lines.get(self.current)
        if lines is None:
            return
        first, last = lines
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if first >= top and last < top + height:
            return
        if last - first + 1 >= height or first < top - height or first > top + 2 * height:
            target = max(0, first - height // 3)
        elif first < top:
            target = first
        else:
            target = last - height + 1
        self.scroll_to(y=max(0, target), animate=animate, immediate=not animate)

    def first_visible_sentence(self) -> int | None:
        """The first sentence whose first line is on screen (for paging)."""
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        visible = [
            s for s, (first, _) in self.document.sentence_lines.items() if top <= first < bottom
        ]
        return min(visible) if visible else None

    # painting -----------------------------------------------------------------------------

    def _style(self, key: str) -> Style:
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
                else Style()
            )
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        """Paints one visible line: gutter, spans, highlight and word cursor."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        base = self.rich_style
        if index >= len(self.document.lines):
            return Strip.blank(width, base)
        line = self.document.lines[index]
        segments = [self._gutter(index, line, base)]
        current_bg = base + self._style("current")
        whole = line.sentences == {self.current}
        for span in line.spans:
            style = base + self._style(span.style)
            if span.sentence == self.current:
                style += self._style("current")
                if span.token is not None and span.token == self.cursor_token:
                    style += self._style("cursor")
            segments.append(Segment(span.text, style))
        strip = Strip(segments)
        strip = strip.adjust_cell_length(width, current_bg if whole else base)
        return strip.crop(scroll_x, scroll_x + width)

    def _gutter(self, index: int, line: Line, base: Style) -> Segment:
        if self.current in line.sentences and line.role != "py":
            return Segment("▌ ", base + self._style("marker"))
        sentence = self._engine_lines.get(index)
        if sentence is not None:
            engine = self.engines.get(sentence, "")
            mark = "!" if engine == "stale" else _ENGINE_MARK.get(engine, " ")
            return Segment(mark.ljust(GUTTER), base + self._style("engine"))
        return Segment(" " * GUTTER, base + self._style("gutter"))

    # mouse --------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """Selects the clicked sentence and word."""
        index = self.scroll_offset.y + event.y
        if not 0 <= index < len(self.document.lines):
            return
        x = self.scroll_offset.x + event.x - GUTTER - self.styles.padding.left
        used = 0
        for span in self.document.lines[index].spans:
            used += cells(span.text)
            if x < used and span.sentence is not None:
                self.post_message(self.Clicked(span.sentence, span.token))
                return
