"""Provides conversion of HTML elements into blocks (HTML pages, EPUB chapters, raw HTML in
Markdown).

The walk follows the document: headings, paragraphs (the inline text between blocks of any
container), lists with their numbers (``start``, ``value``), block quotes, ``<pre>`` as code
(entities decoded, ``<br>`` as line breaks, the language from ``language-…`` classes),
tables (``th``/``td`` cells, the header first, ``colspan`` kept as empty cells), images and
figures with their captions, rules, and math: MathJax's ``<script type="math/tex">``, KaTeX's
TeX annotation, MathML with a TeX annotation or ``alttext``, and ``$$…$$``, ``\\[…\\]``,
``\\(…\\)`` written in the text (single dollars only on pages that load MathJax or KaTeX).
Inline ``<code>`` is an atom, links keep their ``href``, emphasis keeps its text. Scripts,
styles, forms and navigation are dropped; nothing is ever shown as markup.

Placeholders (see :mod:`reader.document.extract`) let blocks converted before a content
extractor ran be put back where the extractor left their place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.document.blocks import Block, BlockKind, MarkKind, Prose, square_rows
from reader.document.emitter import BlockEmitter, PendingItem
from reader.document.inline import ProseBuilder, normalize_url
from reader.document.markdown import MAX_NUMBER, attach_captions, verbatim
from reader.document.rules import language, language_of_classes

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "header", "hgroup",
        "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption", *HEADINGS,
    }
)  # fmt: skip
DROP_TAGS = frozenset(
    {
        "style", "noscript", "template", "svg", "iframe", "form", "nav", "button", "input",
        "select", "textarea", "object", "embed", "canvas", "head", "audio", "video", "map",
        "title", "meta", "link", "annotation-xml",
    }
)  # fmt: skip
CODE_TAGS = frozenset({"code", "kbd", "samp", "tt", "var"})
# Rendered math that duplicates the TeX kept elsewhere in the element.
_RENDERED_MATH_RE = re.compile(
    r"\b(MathJax_Preview|MathJax_Display|MathJax|MJX_Assistive_MathML|katex-html|MathJax_SVG"
    r"|MathJax_CHTML|mjx-assistive-mml)\b"
)
_DISPLAY_TEXT_MATH_RE = re.compile(r"\A\s*(?:\$\$(.+?)\$\$|\\\[(.+?)\\\])\s*\Z", re.S)
_INLINE_TEXT_MATH_RE = re.compile(r"\\\((.+?)\\\)|\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.S)
_DOLLAR_MATH_RE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![$\d])")
PLACEHOLDER_RE = re.compile("\ue003([BIJ])(\\d+)\ue004")


def tag_of(el: Any) -> str:
    """The lower-case local name of an element ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def safe_url(url: str | None) -> str:
    """The URL if it is a web, mail or relative address ('' for javascript:, data: …),
    normalised as markdown-it writes it."""
    return normalize_url(url)


def image_src(el: Any) -> str:
    """The address of an image (lazy-loading attributes first: the src is often a 1-pixel GIF)."""
    for name in ("data-src", "data-original", "data-lazy-src", "src"):
        value = safe_url(el.get(name))
        if value:
            return value
    return ""


def math_tex(el: Any) -> tuple[str, bool] | None:
    """The TeX of a math element and whether it is display math, or None if it is not math."""
    tag = tag_of(el)
    classes = el.get("class", "") or ""
    if tag == "script":
        kind = (el.get("type") or "").lower()
        if kind.startswith("math/tex"):
            return el.text or "", "mode=display" in kind
        return None
    if tag == "math":
        tex = _annotation(el) or el.get("alttext") or " ".join("".join(el.itertext()).split())
        return tex, el.get("display") == "block"
    if tag == "mjx-container":
        found = el.find(".//{*}math")
        tex = el.get("data-latex") or ((found is not None and math_tex(found)) or ("", False))[0]
        return tex, el.get("display") in ("true", "block")
    if tag == "span" and re.search(r"\bkatex(-display)?\b", classes):
        tex = _annotation(el)
        if tex is None:
            return None
        return tex, "katex-display" in classes or _in_katex_display(el)
    return None


def _annotation(el: Any) -> str | None:
    for node in el.iter():
        if tag_of(node) == "annotation" and "tex" in (node.get("encoding") or "").lower():
            return node.text or ""
    return None


def _in_katex_display(el: Any) -> bool:
    parent = el.getparent()
    return parent is not None and "katex-display" in (parent.get("class") or "")


def code_text(el: Any) -> str:
    """The text of a ``<pre>``: entities decoded, ``<br>`` as newlines, line-number gutters
    and copy buttons left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = tag_of(node)
        classes = node.get("class", "") or ""
        if tag in ("button", "script", "style") or re.search(
            r"\b(lineno|linenos|line-numbers-rows|copy)\b", classes
        ):
            parts.append(node.tail or "")
            return
        if tag == "br":
            parts.append("\n")
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child)
        if node is not el:
            parts.append(node.tail or "")

    walk(el)
    text = "".join(parts).replace("\r\n", "\n").replace("\xa0", " ")
    lines = text.split("\n")
    while lines and not lines[0].strip():  # blank lines around the code (pretty-printers)
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return verbatim("\n".join(lines))


def code_language(el: Any) -> str | None:
    """The language of a ``<pre>`` from its classes, its ``<code>`` child's or ``data-lang``."""
    candidates = [el, *[c for c in el.iter() if tag_of(c) == "code"][:1]]
    parent = el.getparent()
    if parent is not None:
        candidates.append(parent)
    for node in candidates:
        if lang := language(node.get("data-lang") or ""):
            return lang
        if lang := language_of_classes(node.get("class", "") or ""):
            return lang
    return None


@dataclass
class Stored:
    """What a placeholder stands for: blocks, an atom, or images taken out of running text."""

    blocks: list[Block] = field(default_factory=list)
    atom: tuple[MarkKind, str] | None = None
    images: list[tuple[str, str]] = field(default_factory=list)


class HtmlWalker(BlockEmitter):
    """Walks elements into blocks; ``dollars`` reads ``$…$`` in text as inline math."""

    def __init__(
        self,
        *,
        clean: bool,
        nest: str = "",
        dollars: bool = False,
        stored: dict[int, Stored] | None = None,
    ) -> None:
        self.clean = clean
        self.nest = nest
        self.dollars = dollars
        self.stored = stored or {}
        self.blocks: list[Block] = []
        self.item: PendingItem | None = None
        self.builder = ProseBuilder()
        self.images: list[tuple[str, str]] = []  # taken out of the running paragraph
        self.leading = 0  # how many of them came before any text
        self.heading: int | None = None

    # output ------------------------------------------------------------------------------

    def end_paragraph(self) -> None:
        """Turns the text gathered since the last block into a paragraph (or display math)."""
        builder, self.builder = self.builder, ProseBuilder()
        images, self.images = self.images, []
        leading, self.leading = self.leading, 0
        for src, alt in images[:leading]:  # images before any text: a figure and its caption
            self.emit(Block("image", nest=self.nest, src=src, alt=" ".join(alt.split())))
        images = images[leading:]
        if not builder.empty:
            prose = builder.finish(clean=self.clean)
            display = _DISPLAY_TEXT_MATH_RE.match(prose.text) if not prose.marks else None
            alone = (
                len(prose.marks) == 1
                and prose.marks[0].kind == "math"
                and (prose.marks[0].start, prose.marks[0].end) == (0, len(prose.text))
            )
            if display or alone:
                # A paragraph that is only a formula ($$…$$ in the text, or a lone \(…\)).
                tex = (display.group(1) or display.group(2)) if display else prose.text
                self.emit(Block("math", verbatim(tex.strip()), nest=self.nest))
            elif prose.text and not self.emit_prose(prose.text, prose.marks):
                kind: BlockKind = "quote" if self.nest.endswith("q") else "text"
                self.emit(Block(kind, prose.text, marks=prose.marks, nest=self.nest))
        for src, alt in images:
            self.emit(Block("image", nest=self.nest, src=src, alt=" ".join(alt.split())))

    def result(self) -> list[Block]:
        """The blocks, with captions attached to their images."""
        self.end_paragraph()
        self.flush_item()
        return attach_captions(self.blocks)

    # walking -----------------------------------------------------------------------------

    def walk_children(self, el: Any) -> None:
        """The content of a container: inline runs become paragraphs, blocks are walked."""
        self.text(el.text)
        for child in el:
            self.node(child)
            self.text(child.tail)

    def node(self, el: Any) -> None:
        tag = tag_of(el)
        if not tag or tag in DROP_TAGS:
            return
        classes = el.get("class", "") or ""
        if _RENDERED_MATH_RE.search(classes) or (el.get("aria-hidden") == "true" and tag != "img"):
            return
        found = math_tex(el)
        if found is not None:
            tex, display = found
            if display:
                self.end_paragraph()
                if tex.strip():
                    self.emit(Block("math", verbatim(tex.strip("\n")).strip(), nest=self.nest))
            else:
                self.builder.atom("math", tex)
            return
        if tag == "script":
            return
        rule = _BLOCK_RULES.get(tag)
        if rule is not None:
            rule(self, el)
        elif tag in BLOCK_TAGS:
            self.end_paragraph()
            self.walk_children(el)
            self.end_paragraph()
        else:
            self.inline(el, tag)

    def inline(self, el: Any, tag: str) -> None:
        """An inline element inside the running paragraph."""
        if tag in CODE_TAGS:
            self.builder.atom("code", "".join(el.itertext()))
            return
        if tag == "br":
            self.builder.line_break()
            return
        if tag == "img":
            if src := image_src(el):
                self.add_images([(src, el.get("alt") or el.get("title") or "")])
            return
        if tag == "a":
            self.builder.open_link(safe_url(el.get("href")))
            self.walk_children(el)
            self.builder.close_link()
            return
        self.walk_children(el)

    def text(self, text: str | None) -> None:
        """Text of the document: placeholders put back, math written as text read as math."""
        if not text:
            return
        pos = 0
        for m in PLACEHOLDER_RE.finditer(text):
            self._plain(text[pos : m.start()])
            self._placeholder(m.group(1), int(m.group(2)))
            pos = m.end()
        self._plain(text[pos:])

    def _placeholder(self, kind: str, n: int) -> None:
        stored = self.stored.get(n)
        if stored is None:
            return
        if kind == "I" and stored.atom is not None:
            self.builder.atom(*stored.atom)
        elif kind == "J":
            self.add_images(stored.images)
        else:
            self.end_paragraph()
            for block in stored.blocks:
                self.emit(_renest(block, self.nest))

    def add_images(self, images: list[tuple[str, str]]) -> None:
        """Images met in running text; they follow its paragraph (or precede it)."""
        if self.builder.empty and len(self.images) == self.leading:
            self.leading += len(images)
        self.images.extend(images)

    def _plain(self, text: str) -> None:
        if not text:
            return
        pattern = _INLINE_TEXT_MATH_RE
        pos = 0
        for m in pattern.finditer(text):
            self._lines(text[pos : m.start()])
            self.builder.atom("math", next(g for g in m.groups() if g is not None))
            pos = m.end()
        rest = text[pos:]
        if self.dollars and "$" in rest:
            pos = 0
            for m in _DOLLAR_MATH_RE.finditer(rest):
                self._lines(rest[pos : m.start()])
                self.builder.atom("math", m.group(1))
                pos = m.end()
            rest = rest[pos:]
        self._lines(rest)

    def _lines(self, text: str) -> None:
        # A newline in HTML source is whitespace; between Chinese characters it is nothing.
        for n, line in enumerate(text.split("\n")):
            if n:
                self.builder.line_break()
            self.builder.text(line)

    # prose of one element ----------------------------------------------------------------

    def prose_of(self, el: Any) -> tuple[Prose, list[tuple[str, str]]]:
        """The inline content of an element (blocks inside flattened) as one piece of prose."""
        saved = self.builder, self.images, self.leading
        self.builder, self.images, self.leading = ProseBuilder(), [], 0
        _Flattener(self).walk(el)
        prose = self.builder.finish(clean=self.clean)
        images = self.images
        self.builder, self.images, self.leading = saved
        return prose, images


class _Flattener:
    """Feeds every descendant of an element into the walker's builder as inline content."""

    def __init__(self, walker: HtmlWalker) -> None:
        self.w = walker

    def walk(self, el: Any) -> None:
        self.w.text(el.text)
        for child in el:
            tag = tag_of(child)
            if (
                tag
                and tag not in DROP_TAGS
                and not _RENDERED_MATH_RE.search(child.get("class", "") or "")
            ):
                found = math_tex(child)
                if found is not None:
                    self.w.builder.atom("math", found[0])
                elif tag in BLOCK_TAGS and tag not in ("pre",):
                    self.w.builder.line_break()
                    self.walk(child)
                    self.w.builder.line_break()
                elif tag == "pre":
                    self.w.builder.atom("code", code_text(child))
                elif tag == "a":
                    self.w.builder.open_link(safe_url(child.get("href")))
                    self.walk(child)
                    self.w.builder.close_link()
                elif tag in CODE_TAGS or tag in ("br", "img"):
                    self.w.inline(child, tag)
                elif tag != "script":
                    self.walk(child)
            self.w.text(child.tail)


def _renest(block: Block, nest: str) -> Block:
    if not nest:
        return block
    from dataclasses import replace

    return replace(block, nest=nest + block.nest)


# block rules ---------------------------------------------------------------------------


def _heading(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    prose, images = w.prose_of(el)
    if prose.text:
        w.emit(Block("heading", prose.text, HEADINGS[tag_of(el)], marks=prose.marks, nest=w.nest))
    for src, alt in images:
        w.emit(Block("image", nest=w.nest, src=src, alt=alt))


def _pre(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    found = next((math_tex(c) for c in el.iter() if math_tex(c) is not None), None)
    if found is not None:
        w.emit(Block("math", verbatim(found[0].strip()), nest=w.nest))
        return
    text = code_text(el)
    if text.strip():
        lang = code_language(el)
        if lang == "math":
            w.emit(Block("math", text.strip(), nest=w.nest))
        else:
            w.emit(Block("code", text, nest=w.nest, lang=lang))


def _list(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    w.flush_item()
    ordered = tag_of(el) == "ol"
    number = _number(el.get("start"), 1) if ordered else None
    for child in el:
        tag = tag_of(child)
        if tag == "li":
            if ordered and number is not None:
                number = _number(child.get("value"), number)
            _item(w, child, ordered, number)
            if number is not None:
                number = min(number + 1, MAX_NUMBER)
        elif tag:
            w.node(child)  # stray content between items (invalid, but seen)
        if (child.tail or "").strip():
            w.text(child.tail)
    w.end_paragraph()


def _number(value: str | None, default: int) -> int:
    value = (value or "").strip()
    return min(int(value), MAX_NUMBER) if value.isdigit() else default


def _item(w: HtmlWalker, el: Any, ordered: bool, number: int | None) -> None:
    w.end_paragraph()
    w.flush_item()
    outer = w.nest
    w.item = PendingItem(ordered, number, outer)
    w.nest = outer + "i"
    w.walk_children(el)
    w.end_paragraph()
    w.flush_item()
    w.nest = outer


def _quote(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    w.flush_item()
    outer = w.nest
    w.nest = outer + "q"
    w.walk_children(el)
    w.end_paragraph()
    w.nest = outer


def _table(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    rows: list[list[Prose]] = []
    caption: Prose | None = None
    for row_el in _rows(el):
        cells: list[Prose] = []
        for cell in row_el:
            if tag_of(cell) not in ("td", "th"):
                continue
            prose, _ = w.prose_of(cell)
            cells.append(prose)
            span = _number(cell.get("colspan"), 1)
            cells.extend(Prose() for _ in range(min(span, 50) - 1))
        if cells:
            rows.append(cells)
    for child in el:
        if tag_of(child) == "caption":
            caption, _ = w.prose_of(child)
    if caption is not None and caption.text:
        w.emit(Block("text", caption.text, marks=caption.marks, nest=w.nest))
    if rows:
        w.emit(Block("table", nest=w.nest, rows=square_rows(rows)))


def _rows(table: Any) -> Iterator[Any]:
    """The rows of a table in order (thead first), not those of tables nested in cells."""
    sections = {"thead": [], "tbody": [], "tfoot": [], "": []}  # type: dict[str, list[Any]]
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            sections[""].append(child)
        elif tag in sections:
            sections[tag].extend(r for r in child if tag_of(r) == "tr")
    yield from sections["thead"]
    yield from sections[""]
    yield from sections["tbody"]
    yield from sections["tfoot"]


def _figure(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    images = [n for n in el.iter() if tag_of(n) == "img" and image_src(n)]
    others = any(tag_of(n) in ("pre", "table") for n in el.iter())
    captions = [n for n in el.iter() if tag_of(n) == "figcaption"]
    if len(images) == 1 and not others:
        caption = Prose()
        if captions:
            caption, _ = w.prose_of(captions[0])
        img = images[0]
        w.emit(
            Block(
                "image",
                caption.text,
                marks=caption.marks,
                nest=w.nest,
                src=image_src(img),
                alt=" ".join((img.get("alt") or "").split()),
            )
        )
        return
    w.walk_children(el)
    w.end_paragraph()


def _img(w: HtmlWalker, el: Any) -> None:
    w.inline(el, "img")


def _rule(w: HtmlWalker, el: Any) -> None:
    w.end_paragraph()
    w.emit(Block("rule", nest=w.nest))


def _definitions(w: HtmlWalker, el: Any) -> None:
    # <dt> terms are paragraphs, their <dd> descriptions list items under them.
    w.end_paragraph()
    for child in el:
        tag = tag_of(child)
        if tag == "dd":
            _item(w, child, False, None)
        elif tag:
            w.node(child)
            w.end_paragraph()
    w.end_paragraph()


_BLOCK_RULES: dict[str, Callable[[HtmlWalker, Any], None]] = {
    **dict.fromkeys(HEADINGS, _heading),
    "pre": _pre,
    "ul": _list,
    "ol": _list,
    "blockquote": _quote,
    "table": _table,
    "figure": _figure,
    "hr": _rule,
    "dl": _definitions,
}


def element_blocks(el: Any, *, clean: bool, dollars: bool = False) -> list[Block]:
    """The blocks of an element's content (a page's main element, an EPUB chapter's body)."""
    walker = HtmlWalker(clean=clean, dollars=dollars)
    walker.walk_children(el)
    return walker.result()


def parse_fragment(html: str) -> Any | None:
    """A ``<div>`` holding an HTML fragment, or None when lxml cannot read it."""
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def fragment_blocks(html: str, *, nest: str = "", clean: bool = False) -> list[Block]:
    """Blocks of an HTML fragment inside Markdown (figures, tables, details …)."""
    root = parse_fragment(html)
    if root is None:
        return []
    walker = HtmlWalker(clean=clean, nest=nest)
    walker.walk_children(root)
    return walker.result()


def images_in(html: str) -> list[tuple[str, str]]:
    """(src, alt) of the images in an inline HTML tag such as ``<img src=… alt=…>``."""
    root = parse_fragment(html)
    if root is None:
        return []
    return [
        (src, n.get("alt") or "")
        for n in root.iter()
        if tag_of(n) == "img" and (src := image_src(n))
    ]
