"""Provides HTML page import: the main content found by trafilatura, converted into blocks.

trafilatura (a well-kept main-content extractor) decides what is the article and what is page
chrome. What it would flatten or drop is taken out of the page before it runs and put back after:
every ``<pre>``, data table, figure, image, inline ``<code>`` and piece of math is converted by
:mod:`reader.document.html` first and replaced by a placeholder character run, which trafilatura
keeps as text (or drops, together with the chrome around it). Its output (TEI-like XML) is
renamed to HTML and converted by the same walker, which puts the converted blocks back.

Content is never lost in silence: when trafilatura's result holds less than half of the text of
the page's main element (``<main>``, ``<article>``, else the element whose paragraphs hold the
most text), paragraph by paragraph, that element is converted instead and a note says so.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reader.document.blocks import Block
from reader.document.html import (
    BLOCK_TAGS,
    HtmlWalker,
    Stored,
    element_blocks,
    math_tex,
    tag_of,
)
from reader.document.rules import caption_max
from reader.errors import ReaderError

# Chrome of a page when its main element is converted without trafilatura.
_CHROME_TAGS = (
    "script", "style", "noscript", "template", "iframe", "form", "nav", "footer", "aside",
    "button", "input", "select", "textarea", "object", "embed", "canvas",
)  # fmt: skip
_CHROME_RE = re.compile(
    r"comment|share|social|related|recommend|footer|sidebar|breadcrumb|\bnav|menu|advert|"
    r"\bads?\b|banner|popup|subscribe|copyright|toolbar|qrcode|reward|pagination|toc\b",
    re.IGNORECASE,
)
_RENDERED_MATH_RE = re.compile(
    r"\b(MathJax_Preview|MathJax_Display|MathJax|MJX_Assistive_MathML|katex-html|MathJax_SVG"
    r"|MathJax_CHTML)\b"
)
_MATH_PAGE_RE = re.compile(r"mathjax|katex", re.IGNORECASE)
_TITLE_SPLIT_RE = re.compile(r"\s+[-|–—_·]\s+|\s*[|｜]\s*")
MIN_SHARE = 0.5  # of the main element's text that the extraction must hold
# trafilatura's vocabulary -> HTML
_RENAME = {
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "hi": "span",
    "lb": "br",
    "row": "tr",
    "del": "span",
    "graphic": "img",
    "doc": "div",
    "main": "div",
}


@dataclass
class Extracted:
    """The blocks of a page, the metadata found in it, and notes on how it was read."""

    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_html(html: str) -> Any:
    """The page as an lxml tree; refuses a page that libxml2 could only read in part."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser()
    try:
        doc = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(f"The HTML could not be parsed ({exc}); nothing was imported.") from None
    # libxml2 stops at its resource limits (elements nested more than 255 deep) and returns
    # what it read so far without an error: the rest of the page would be lost in silence.
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            what = (
                "nests elements more than 255 deep"
                if "depth" in error.message
                else "exceeds a size limit of the HTML parser"
            )
            raise ReaderError(
                f"The HTML {what} (line {error.line}), so it cannot be read completely; "
                "nothing was imported."
            )
    return doc


def _meta(doc: Any, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = doc.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            if found and str(found[0]).strip():
                return " ".join(str(found[0]).split())
    return None


def page_meta(doc: Any) -> dict[str, str]:
    """Title (``<h1>``, ``og:title`` or ``<title>`` minus the site name), author, date, site."""
    meta: dict[str, str] = {}
    site = _meta(doc, "og:site_name", "application-name")
    h1s = [" ".join("".join(h.itertext()).split()) for h in doc.iter("h1")]
    h1s = [h for h in h1s if h]
    title = h1s[0] if len(h1s) == 1 else None
    title = title or _meta(doc, "og:title", "twitter:title")
    if not title:
        found = doc.xpath("//title/text()")
        if found:
            title = _without_site(" ".join(str(found[0]).split()), site)
    if title:
        meta["title"] = title
    for key, names in (
        ("author", ("author", "article:author", "og:article:author")),
        ("date", ("article:published_time", "pubdate", "publishdate", "date")),
        ("url", ("og:url",)),
    ):
        if value := _meta(doc, *names):
            meta[key] = value[:10] if key == "date" else value
    if site:
        meta["source"] = site
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    if canonical and "url" not in meta:
        meta["url"] = str(canonical[0])
    return meta


def _without_site(title: str, site: str | None) -> str:
    """ "第二章 Transformer - Happy-LLM 文档站" → "第二章 Transformer"."""
    parts = [p for p in _TITLE_SPLIT_RE.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site:
        kept = [p for p in parts if p.strip() != site.strip()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return parts[0]


def _is_standalone(img: Any) -> bool:
    """Whether an image stands apart from running text (a figure, not an icon in a sentence)."""
    parent = img.getparent()
    if parent is None:
        return True
    for sibling in parent:
        if sibling is img or tag_of(sibling) in BLOCK_TAGS:
            if (sibling.tail or "").strip() and sibling is img:
                return False
            continue
        if "".join(sibling.itertext()).strip() or (sibling.tail or "").strip():
            return False
    return not (parent.text or "").strip()


class _Protector:
    """Replaces what trafilatura would flatten with placeholders, converting it first."""

    def __init__(self, dollars: bool) -> None:
        self.stored: dict[int, Stored] = {}
        self.dollars = dollars

    def _place(self, el: Any, kind: str, stored: Stored) -> None:
        import lxml.html

        n = len(self.stored)
        self.stored[n] = stored
        holder = lxml.html.Element("p" if kind == "B" else "span")
        holder.text = f"\ue003{kind}{n}\ue004"
        holder.tail = el.tail
        parent = el.getparent()
        if parent is not None:
            parent.replace(el, holder)

    def _blocks(self, el: Any) -> list[Block]:
        walker = HtmlWalker(clean=True, dollars=self.dollars)
        walker.node(el)
        return walker.result()

    def protect(self, root: Any) -> None:
        for el in list(root.iter()):
            if _RENDERED_MATH_RE.search(el.get("class", "") or "") and el.getparent() is not None:
                el.drop_tree()
        # Document order, outermost first; what is inside a protected element goes with it.
        for el in list(root.iter()):
            if not _attached(el, root):
                continue
            tag = tag_of(el)
            found = math_tex(el)
            if found is not None:
                tex, display = found
                if display:
                    self._place(el, "B", Stored(blocks=self._blocks(el)))
                else:
                    self._place(el, "I", Stored(atom=("math", tex)))
            elif (
                tag in ("pre", "figure")
                or (tag == "table" and _is_data_table(el))
                or _is_figure_like(el)
            ):
                self._place(el, "B", Stored(blocks=self._blocks(el)))
            elif tag == "code":
                self._place(el, "I", Stored(atom=("code", "".join(el.itertext()))))
            elif tag == "img":
                from reader.document.html import image_src

                src = image_src(el)
                if not src:
                    continue
                image = (src, el.get("alt") or el.get("title") or "")
                if _is_standalone(el):
                    block = Block("image", src=src, alt=" ".join(image[1].split()))
                    self._place(el, "B", Stored(blocks=[block]))
                else:
                    self._place(el, "J", Stored(images=[image]))


def _is_figure_like(el: Any) -> bool:
    """A box holding one image and at most a caption's worth of text (``<div align=center>
    <img><p>图2.1 …</p></div>``): trafilatura tends to drop such short boxes whole."""
    if tag_of(el) not in ("div", "p", "center", "section", "span", "a"):
        return False
    images = 0
    for node in el.iterdescendants():
        tag = tag_of(node)
        if tag == "img":
            images += 1
        elif tag in ("pre", "table", "ul", "ol", "blockquote", "figure", "div", "section") and (
            tag != "div" or len(node) > 3
        ):
            return False
    return images == 1 and len("".join(el.itertext()).strip()) <= caption_max()


def _attached(el: Any, root: Any) -> bool:
    node = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def _is_data_table(table: Any) -> bool:
    """A table of data, not one that lays out the page (no table inside, little text per cell)."""
    if any(tag_of(t) == "table" for t in table.iterdescendants()):
        return False
    cells = [c for c in table.iter() if tag_of(c) in ("td", "th")]
    if not cells:
        return False
    longest = max(len("".join(c.itertext())) for c in cells)
    return longest < 2000


def _renamed(body: Any) -> Any:
    """trafilatura's XML body with HTML element names, so the one walker reads it."""
    for el in body.iter():
        tag = tag_of(el)
        if tag == "head":
            rend = (el.get("rend") or "h2").lower()
            el.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h2"
        elif tag == "list":
            el.tag = "ol" if (el.get("rend") or "").lower() == "ol" else "ul"
        elif tag == "cell":
            el.tag = "th" if el.get("role") == "head" else "td"
        elif tag == "ref":
            el.tag = "a"
            el.set("href", el.get("target") or "")
        elif tag in _RENAME:
            el.tag = _RENAME[tag]
    return body


def _pieces(blocks: list[Block]) -> list[str]:
    """The texts of blocks without whitespace: a paragraph, a cell, a caption, a code block."""
    out = [block.text for block in blocks if block.text]
    out += [cell.text for block in blocks for row in block.rows for cell in row if cell.text]
    return ["".join(text.split()) for text in out]


def coverage(extracted: list[Block], reference: list[Block]) -> float:
    """How much of the reference's text (by characters) the extraction holds, piece by piece."""
    found = set(_pieces(extracted))
    pieces = _pieces(reference)
    total = sum(len(p) for p in pieces)
    if not total:
        return 1.0
    return sum(len(p) for p in pieces if p in found) / total


def _strip_chrome(root: Any) -> None:
    from lxml import etree

    for el in list(root.iter(*_CHROME_TAGS)):
        if el.getparent() is not None and not (tag_of(el) == "script" and math_tex(el) is not None):
            el.drop_tree()
    for el in list(root.iter(etree.Element)):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if (
            el.getparent() is not None
            and tag_of(el) not in ("html", "body", "article", "main")
            and _CHROME_RE.search(marker)
            and not _RENDERED_MATH_RE.search(marker)
        ):
            el.drop_tree()
    for el in list(root.iter("header")):
        if el.getparent() is not None and len("".join(el.itertext())) < 200:
            el.drop_tree()


def _text_len(el: Any) -> int:
    return len("".join(el.itertext()).strip())


def main_element(doc: Any) -> Any:
    """The page's main element: ``<main>``/``<article>``/role=main with the most text, else
    the element whose direct paragraphs hold the most text (the readability heuristic)."""
    candidates = [
        el
        for el in doc.iter()
        if (tag_of(el) in ("article", "main") or el.get("role") == "main") and _text_len(el) > 140
    ]
    if candidates:
        return max(candidates, key=_text_len)
    best, best_score = None, 0
    for el in doc.iter("div", "section", "td", "body"):
        score = sum(_text_len(p) for p in el if tag_of(p) in ("p", "pre", "blockquote", "h2", "h3"))
        if score > best_score:
            best, best_score = el, score
    body = doc.find("body")
    if best is None or (body is not None and best_score < 0.3 * _text_len(body)):
        return body if body is not None else doc
    return best


def extract_page(html: str) -> Extracted:
    """The article of an HTML page as blocks, its metadata and notes on how it was read."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    doc = parse_html(html)
    meta = page_meta(doc)
    dollars = bool(
        doc.xpath("//script[contains(@src, 'athjax') or contains(@src, 'atex')]")
        or _MATH_PAGE_RE.search(" ".join(doc.xpath("//@class")[:5000]))
    )
    pristine = copy.deepcopy(doc)
    protector = _Protector(dollars)
    body = doc.find("body")
    protector.protect(body if body is not None else doc)

    blocks: list[Block] = []
    try:
        result = trafilatura.bare_extraction(
            doc,
            config=_config(),
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_formatting=True,
            include_links=True,
            with_metadata=False,
        )
    except Exception:
        result = None
    body_xml = getattr(result, "body", None)
    if body_xml is not None:
        walker = HtmlWalker(clean=True, dollars=dollars, stored=protector.stored)
        walker.walk_children(_renamed(body_xml))
        blocks = walker.result()

    notes: list[str] = []
    _strip_chrome(pristine)
    main = main_element(pristine)
    fallback = element_blocks(main, clean=True, dollars=dollars)
    share = coverage(blocks, fallback)
    if share < MIN_SHARE:
        where = f"<{tag_of(main)}>" if tag_of(main) in ("main", "article", "body") else "main"
        notes.append(
            f"the content extractor kept {round(100 * share)}% of the text of the page's "
            f"{where} element; that element was read instead"
        )
        blocks = fallback
    return Extracted(_drop_title(blocks, meta), meta, notes)


@lru_cache(maxsize=1)
def _config() -> Any:
    """trafilatura's settings: short articles are articles too (its default of 250 characters
    sends a short page to a baseline that keeps the page chrome)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _drop_title(blocks: list[Block], meta: dict[str, str]) -> list[Block]:
    """The first heading goes when it repeats the title (or becomes the title if none)."""
    if not blocks or blocks[0].kind != "heading":
        return blocks
    first = " ".join(blocks[0].text.split())
    title = meta.get("title")
    if title is None and blocks[0].level == 1:
        meta["title"] = first
        return blocks[1:]
    if title is not None and first == " ".join(title.split()):
        return blocks[1:]
    return blocks
