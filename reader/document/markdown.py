"""Provides reading Markdown into blocks with markdown-it-py (CommonMark, GFM tables, math).

The parser is markdown-it-py's CommonMark preset with GFM tables and strikethrough, plus
mdit-py-plugins for dollar math (``$…$`` inline, ``$$…$$`` display, pandoc's rule that a ``$``
next to a digit is not math, so "$5 和 $10" stays text), YAML front matter and footnotes. Raw
HTML blocks are converted by :mod:`reader.document.html` (a ``<div><img><p>图2.1 …</p></div>``
figure becomes an image with its caption; other HTML its text, never markup).

The same reader serves imports (``clean=True``: prose is cleaned like any imported text) and the
corpus files written by :mod:`reader.document.render` (``clean=False``: text is taken as written),
so a cleaned file read again gives the same blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reader.document.blocks import Block, Prose, square_rows
from reader.document.emitter import BlockEmitter, PendingItem
from reader.document.inline import ProseBuilder, normalize_url
from reader.document.rules import caption_from_alt, is_caption, language, role_before
from reader.errors import ReaderError
from reader.text.chars import printable

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# markdown-it counts one level per open container token (a list and its item are two) and,
# past its limit, silently drops the rest of the container. Python's recursion allows about
# 450 levels, so anything deeper than this is refused instead of half-read.
MAX_NESTING = 256
MAX_DEPTH_WORDS = "lists or quotes nested more than 120 deep"
MAX_NUMBER = 999_999_999  # CommonMark's largest list number
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_C1_RE = re.compile("[\x80-\x9f]")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_space=True, allow_digits=False, double_inline=True)
    # "$$" on its own line opens display math even right under a line of text, as GitHub
    # reads it (the plugin lets only a blank line come before).
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "math_block")
    md.block.ruler.at(
        "math_block",
        _math_block(rule.fn),
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.use(footnote_plugin)
    # Every target is accepted here and judged by normalize_url: a rejected one would leave
    # "[text](javascript:…)" in the text, markup shown as prose.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _math_block(original: Callable[..., bool]) -> Callable[..., bool]:
    """The plugin's display-math rule, made fit to end a paragraph: asked silently (may a
    formula start here?) it leaves no token behind, and the TeX of a formula inside a list item
    loses the item's indentation, as the code of a fence does."""

    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        count, line = len(state.tokens), state.line
        found = original(state, start, end, silent)
        if silent:
            del state.tokens[count:]
            state.line = line
        elif found and state.blkIndent and len(state.tokens) > count:
            token = state.tokens[-1]
            indent = state.blkIndent
            token.content = "\n".join(
                line[min(indent, len(line) - len(line.lstrip(" "))) :]
                for line in token.content.split("\n")
            )
        return bool(found)

    return rule


def normalize_link(url: str) -> str:
    """markdown-it's normal form of a link target (idempotent: it keeps %XX escapes)."""
    return str(_parser().normalizeLink(url))


def verbatim(text: str) -> str:
    """Code or TeX made safe to show: control characters other than tab and newline become
    their visible Control Pictures (␛ for ESC), so no terminal escape reaches the screen."""
    text = _CONTROLS_RE.sub(
        lambda m: chr(0x2400 + ord(m.group())) if m.group() != "\x7f" else "␡", text
    )
    return _C1_RE.sub("\ufffd", text)


@dataclass
class ParsedMarkdown:
    """Blocks of a Markdown document and the YAML of its front matter (None if it has none)."""

    blocks: list[Block]
    front_matter: str | None = None


def parse_markdown(text: str, *, clean: bool = False) -> ParsedMarkdown:
    """Reads a Markdown document into blocks; raises ReaderError when it nests too deep."""
    if not clean:
        simple = parse_simple(text)
        if simple is not None:
            return ParsedMarkdown(simple)
    md = _parser()
    try:
        tokens = md.parse(text)
    except RecursionError:
        raise ReaderError(f"The document has {MAX_DEPTH_WORDS}.") from None
    if tokens and max(t.level for t in tokens) >= MAX_NESTING - 2:
        raise ReaderError(f"The document has {MAX_DEPTH_WORDS}.")
    walker = _Walker(tokens, clean)
    walker.run()
    return ParsedMarkdown(attach_captions(walker.blocks), walker.front_matter)


def attach_captions(blocks: list[Block]) -> list[Block]:
    """Images take the caption-like paragraph that follows them ("图2.1 …"), else a Chinese
    alt text as their caption."""
    out: list[Block] = []
    skip = False
    for i, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        if block.kind == "image" and not block.text:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if (
                nxt is not None
                and nxt.kind in ("text", "quote")
                and nxt.nest == block.nest
                and is_caption(nxt.text)
            ):
                block = Block(
                    "image",
                    nxt.text,
                    marks=nxt.marks,
                    nest=block.nest,
                    src=block.src,
                    alt=block.alt,
                )
                skip = True
            elif caption := caption_from_alt(block.alt or ""):
                block = Block("image", caption, nest=block.nest, src=block.src, alt=block.alt)
        out.append(block)
    return out


@dataclass
class _Image:
    src: str
    alt: str


@dataclass
class _Walker(BlockEmitter):
    tokens: list[Token]
    clean: bool
    blocks: list[Block] = field(default_factory=list)
    front_matter: str | None = None
    nest: str = ""
    lists: list[list[Any]] = field(default_factory=list)  # [ordered, next number]
    item: PendingItem | None = None
    footnote: str | None = None  # the label of the footnote whose first paragraph is next
    i: int = 0

    def run(self) -> None:
        rules = _RULES
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            self.i += 1
            rule = rules.get(token.type)
            if rule is not None:
                rule(self, token)

    # containers --------------------------------------------------------------------------

    # prose -------------------------------------------------------------------------------

    def inline(self, token: Token | None) -> tuple[Prose, list[_Image], bool]:
        """Prose of an inline token; images pulled out; whether it opens with an image line."""
        builder = ProseBuilder()
        images: list[_Image] = []
        if self.footnote is not None:
            builder.text(f"[{self.footnote}] ")
            self.footnote = None
        children = token.children or [] if token is not None else []
        # An image alone on the paragraph's first line, text on the next: image and caption.
        first_break = next(
            (n for n, c in enumerate(children) if c.type in ("softbreak", "hardbreak")), None
        )
        head = children[:first_break] if first_break is not None else []
        image_line = sum(c.type == "image" for c in head) == 1 and all(
            c.type in ("image", "link_open", "link_close") or _blank(c) for c in head
        )
        if self.clean:
            children = _without_roles(children)
        code: list[str] | None = None  # text inside inline <code>…</code> HTML
        for child in children:
            kind = child.type
            if code is not None and kind != "html_inline":
                code.append(child.content)
                continue
            if kind == "text":
                builder.text(_cjk_emphasis(child.content) if self.clean else child.content)
            elif kind == "code_inline":
                builder.atom("code", child.content)
            elif kind in ("math_inline", "math_inline_double"):
                builder.atom("math", child.content)
            elif kind in ("softbreak", "hardbreak"):
                builder.line_break()
            elif kind == "link_open":
                builder.open_link(str(child.attrs.get("href") or ""))
            elif kind == "link_close":
                builder.close_link()
            elif kind == "image":
                images.append(_Image(normalize_url(str(child.attrs.get("src") or "")), _alt(child)))
            elif kind == "footnote_ref":
                builder.text(f"[{(child.meta or {}).get('label', '')}]")
            elif kind == "html_inline":
                tag = child.content.strip().lower()
                if re.match(r"<code\b", tag):
                    code = []
                elif tag.startswith("</code") and code is not None:
                    builder.atom("code", "".join(code))
                    code = None
                elif re.match(r"<br\b", tag):
                    builder.line_break()
                elif re.match(r"<img\b", tag):
                    images.extend(_inline_images(child.content))
        if code:
            builder.text("".join(code))
        return builder.finish(clean=self.clean), images, image_line

    def paragraph(self, token: Token | None, kind: str = "") -> None:
        prose, images, image_line = self.inline(token)
        if image_line and images:
            # "![alt](src)" then caption lines in the same paragraph (the corpus format).
            self.emit(self.image(images[0], prose))
            for image in images[1:]:
                self.emit(self.image(image))
            return
        if prose.text and not self.emit_prose(prose.text, prose.marks):
            kind = kind or ("quote" if self.nest.endswith("q") else "text")
            self.emit(Block(kind, prose.text, marks=prose.marks, nest=self.nest))  # type: ignore[arg-type]
        for image in images:
            self.emit(self.image(image))

    def image(self, image: _Image, caption: Prose | None = None) -> Block:
        caption = caption or Prose()
        return Block(
            "image",
            caption.text,
            marks=caption.marks,
            nest=self.nest,
            src=image.src,
            alt=" ".join(image.alt.split()),
        )


# CommonMark does not close "**结果：**GPT" (a closing run after punctuation must be followed by
# a space or punctuation), so Chinese emphasis is often left as literal asterisks; an import
# drops such pairs as it drops emphasis.
_CJK_EMPHASIS_RE = re.compile(r"\*\*(?=\S)([^*]*?[^\x00-\x7f][^*]*?)(?<=\S)\*\*")


def _cjk_emphasis(text: str) -> str:
    return _CJK_EMPHASIS_RE.sub(r"\1", text) if "**" in text else text


def _without_roles(children: list[Token]) -> list[Token]:
    """Inline tokens without Sphinx roles: ":label:`x`" goes, ":eqref:`x`" keeps its code."""
    out: list[Token] = []
    skip = False
    for n, child in enumerate(children):
        if skip:
            skip = False
            continue
        nxt = children[n + 1] if n + 1 < len(children) else None
        if child.type == "text" and nxt is not None and nxt.type == "code_inline":
            found = role_before(child.content)
            if found is not None:
                rest, drop = found
                child = child.copy(content=rest)
                skip = drop
        out.append(child)
    return out


def _blank(token: Token) -> bool:
    return token.type == "text" and not token.content.strip()


def _alt(token: Token) -> str:
    parts = [c.content for c in token.children or [] if c.type in ("text", "code_inline")]
    return "".join(parts) or token.content


def _inline_images(html: str) -> list[_Image]:
    from reader.document.html import images_in

    return [_Image(src, alt) for src, alt in images_in(html)]


def _next_inline(w: _Walker) -> Token | None:
    """The inline token after an opening token (the content of a paragraph, heading or cell)."""
    if w.i < len(w.tokens) and w.tokens[w.i].type == "inline":
        w.i += 1
        return w.tokens[w.i - 1]
    return None


def _paragraph(w: _Walker, token: Token) -> None:
    w.paragraph(_next_inline(w))


def _heading(w: _Walker, token: Token) -> None:
    prose, images, _ = w.inline(_next_inline(w))
    if prose.text:
        level = int(token.tag[1]) if token.tag[1:].isdigit() else 2
        w.emit(Block("heading", prose.text, level, marks=prose.marks, nest=w.nest))
    for image in images:
        w.emit(w.image(image))


def _code(w: _Walker, token: Token) -> None:
    text = verbatim(token.content[:-1] if token.content.endswith("\n") else token.content)
    lang = language(token.info) if token.type == "fence" else None
    if lang == "math":
        _add_math(w, text, None)
    elif text.strip():
        w.emit(Block("code", text, nest=w.nest, lang=lang))


def _math(w: _Walker, token: Token) -> None:
    label = token.info.strip() or None if token.type == "math_block_label" else None
    _add_math(w, verbatim(token.content), label)


def math_text(tex: str) -> str:
    """Display TeX as blocks keep it: without the blank lines around it (and, on one line,
    without the spaces around it)."""
    tex = tex.strip("\n")
    return tex.strip() if "\n" not in tex else tex


def _add_math(w: _Walker, tex: str, label: str | None) -> None:
    tex = math_text(tex)
    if tex.strip():
        w.emit(Block("math", tex, nest=w.nest, label=label))


def _table(w: _Walker, token: Token) -> None:
    rows: list[list[Prose]] = []
    while w.i < len(w.tokens):
        t = w.tokens[w.i]
        w.i += 1
        if t.type == "table_close":
            break
        if t.type == "tr_open":
            rows.append([])
        elif t.type in ("th_open", "td_open") and rows:
            prose, images, _ = w.inline(_next_inline(w))
            if images and not prose.text:
                prose = Prose(" ".join(i.alt for i in images if i.alt))
            rows[-1].append(prose)
    if rows:
        w.emit(Block("table", nest=w.nest, rows=square_rows(rows)))


def _rule(w: _Walker, token: Token) -> None:
    w.emit(Block("rule", nest=w.nest))


def _html_block(w: _Walker, token: Token) -> None:
    from reader.document.html import fragment_blocks

    for block in fragment_blocks(token.content, nest=w.nest, clean=w.clean):
        w.emit(block)


def _front_matter(w: _Walker, token: Token) -> None:
    if w.front_matter is None and not w.blocks:
        w.front_matter = token.content


def _quote_open(w: _Walker, token: Token) -> None:
    w.flush_item()
    w.nest += "q"


def _quote_close(w: _Walker, token: Token) -> None:
    w.nest = w.nest[:-1]


def _list_open(w: _Walker, token: Token) -> None:
    w.flush_item()
    if token.type == "ordered_list_open":
        start = token.attrs.get("start", 1)
        number = int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
        w.lists.append([True, min(number, MAX_NUMBER)])
    else:
        w.lists.append([False, None])


def _list_close(w: _Walker, token: Token) -> None:
    if w.lists:
        w.lists.pop()


def _item_open(w: _Walker, token: Token) -> None:
    w.flush_item()
    ordered, number = w.lists[-1] if w.lists else (False, None)
    if ordered and isinstance(number, int):
        w.lists[-1][1] = min(number + 1, MAX_NUMBER)
    w.item = PendingItem(bool(ordered), number if ordered else None, w.nest)
    w.nest += "i"


def _item_close(w: _Walker, token: Token) -> None:
    w.flush_item()
    w.nest = w.nest[:-1]


def _footnote_open(w: _Walker, token: Token) -> None:
    w.footnote = str((token.meta or {}).get("label", ""))


_RULES: dict[str, Callable[[_Walker, Token], None]] = {
    "paragraph_open": _paragraph,
    "heading_open": _heading,
    "fence": _code,
    "code_block": _code,
    "math_block": _math,
    "math_block_label": _math,
    "table_open": _table,
    "hr": _rule,
    "html_block": _html_block,
    "front_matter": _front_matter,
    "blockquote_open": _quote_open,
    "blockquote_close": _quote_close,
    "bullet_list_open": _list_open,
    "ordered_list_open": _list_open,
    "bullet_list_close": _list_close,
    "ordered_list_close": _list_close,
    "list_item_open": _item_open,
    "list_item_close": _item_close,
    "footnote_open": _footnote_open,
}


# -- the fast path -------------------------------------------------------------------------
#
# Most corpus files are plain prose: headings, paragraphs, one level of quotes and lists, each
# block on its own line (as the writer puts them) or wrapped. Such a body is read line by line,
# with the result markdown-it gives (a property test holds the two readers to the same blocks);
# anything else (indentation, fences, tables, math, inline markup, HTML, entities, a block that
# starts right under a line of text) goes to markdown-it. A 10 MB article then loads in seconds.

_SIMPLE_SPECIAL_RE = re.compile(r"[`$|<&\[\]*_~\\\r]")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SIMPLE_LINE_RE = re.compile(
    r"(?P<heading>#{1,6})(?:[ \t]+(?P<htext>.*?))?(?:[ \t]+#+)?[ \t]*$"
    r"|(?P<quote>>)[ ]?(?P<qtext>.*)$"
    r"|(?P<bullet>[-+])[ ](?P<btext>.*)$"
    r"|(?P<number>\d{1,9})(?P<delim>[.)])[ ](?P<otext>.*)$"
)
# Lines the fast path leaves to markdown-it: indented, fences, display math, lines of marker
# characters only (rules, setext underlines, empty items and quotes), nested quotes.
_SLOW_START_RE = re.compile(
    r"[ \t]|```|~~~|\$\$|[-*_=+#>]+[ \t]*$|\d{1,9}[.)][ \t]*$|>[ \t]*>|>[ ]{2}"
)


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(r"\1", text)


def parse_simple(body: str) -> list[Block] | None:
    """The blocks of a plain-prose body read line by line, or None when it needs the parser."""
    if _SIMPLE_SPECIAL_RE.search(_ESCAPE_RE.sub("", body)):
        return None
    blocks: list[Block] = []
    pending: list[str] = []  # lines of the open paragraph
    kind = ""  # of the open paragraph: text, quote or list
    item: tuple[bool, int | None] = (False, None)
    run: tuple[str, int] | None = None  # the open ordered list: (delimiter, next number)

    def flush() -> None:
        if pending:
            text = _join(pending)
            pending.clear()
            if kind == "list":
                blocks.append(Block("list", text, ordered=item[0], number=item[1]))
            elif kind == "quote":
                blocks.append(Block("quote", text, nest="q"))
            else:
                blocks.append(Block("text", text))

    for line in body.split("\n"):
        if not line.strip():
            if line:
                return None  # whitespace-only lines: leave the details to markdown-it
            flush()
            continue
        if _SLOW_START_RE.match(line) or line != line.strip() or "\t" in line:
            return None
        m = _SIMPLE_LINE_RE.match(line)
        if pending:
            if m is not None:
                return None  # a block right under a line of text: CommonMark has rules for that
            pending.append(line)  # a wrapped paragraph, or the lazy continuation of one
            continue
        if m is None:
            kind, run = "text", None
            pending.append(line)
            continue
        group = m.lastgroup
        content = m.group(
            {"htext": "htext", "qtext": "qtext", "btext": "btext"}.get(group or "", "otext")
        )
        if content and (
            content[0] in " \t" or _SIMPLE_LINE_RE.match(content) or _SLOW_START_RE.match(content)
        ):
            return None  # a block inside a quote or an item
        if m.group("heading"):
            text = _join([content or ""])
            if text:
                blocks.append(Block("heading", text, len(m.group("heading"))))
            kind, run = "", None
            continue
        if m.group("quote"):
            kind, run = "quote", None
        elif m.group("bullet"):
            kind, run, item = "list", None, (False, None)
        else:
            number, delim = int(m.group("number")), m.group("delim")
            if run is not None and run[0] == delim:
                number = run[1]
            run = (delim, number + 1)
            kind, item = "list", (True, number)
        pending.append(content or "")
    flush()
    return [b for b in blocks if b.text]


def _join(lines: list[str]) -> str:
    out = _unescape(lines[0].strip())
    for line in lines[1:]:
        line = _unescape(line.strip())
        if out and line and _is_latin(out[-1]) and _is_latin(line[0]):
            out += " " + line
        else:
            out += line
    return printable(out)


def _is_latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and not ch.isspace()
