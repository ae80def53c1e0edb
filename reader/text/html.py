"""Provides readability-style extraction of an article's main text from HTML.

Scripts, styles, navigation, headers, footers, asides, forms and elements whose class or id
names chrome (comments, share bars, related lists, ads) are removed; the content root is the
``<article>`` or ``<main>`` with the most text, else the element whose direct paragraphs hold the
most text (the readability heuristic). The root is then walked in document order into the block
Markdown that :func:`reader.text.clean.clean_text` reads, so HTML gets the same cleaning as text.
"""

from __future__ import annotations

import re
from typing import Any

from reader.errors import ReaderError

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "nav",
    "footer",
    "aside",
    "button",
    "input",
    "select",
    "textarea",
    "object",
    "embed",
    "canvas",
    "head",
)
_CHROME_RE = re.compile(
    r"comment|share|social|related|recommend|footer|sidebar|breadcrumb|\bnav|menu|advert|"
    r"\bads?\b|banner|popup|subscribe|copyright|toolbar|qrcode|reward",
    re.IGNORECASE,
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p",
    "div",
    "section",
    "li",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "article",
    "main",
    "figure",
    "figcaption",
    *_HEADINGS,
}


def _text_len(el: Any) -> int:
    return len(" ".join(el.itertext()).strip())


def _meta(doc: Any, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = doc.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            if found and str(found[0]).strip():
                return str(found[0]).strip()
    return None


def html_to_markdown(html: str) -> tuple[str, dict[str, str]]:
    """The main text of an HTML page as block Markdown, and metadata found in the page."""
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
    meta: dict[str, str] = {}
    title = _meta(doc, "og:title", "twitter:title")
    if not title:
        titles = doc.xpath("//title/text()")
        title = re.split(r"\s+[-|–—_]\s+", str(titles[0]).strip())[0] if titles else None
    for key, names in (
        ("author", ("author", "article:author", "og:article:author")),
        ("date", ("article:published_time", "pubdate", "publishdate", "date")),
        ("source", ("og:site_name", "application-name")),
        ("url", ("og:url",)),
    ):
        if value := _meta(doc, *names):
            meta[key] = value[:10] if key == "date" else value
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    if canonical and "url" not in meta:
        meta["url"] = str(canonical[0])

    for el in list(doc.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in list(doc.iter(etree.Element)):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag not in ("html", "body", "article", "main") and _CHROME_RE.search(marker):
            el.drop_tree()
    for el in list(doc.iter("header")):
        if _text_len(el) < 200:  # page headers; a long <header> inside an article is content
            el.drop_tree()

    root = _content_root(doc)
    lines: list[str] = []
    _walk(root, lines)
    if lines and title and lines[0].lstrip("# ").strip() == title.strip():
        lines = lines[1:]
    elif lines and lines[0].startswith("# ") and not title:
        title = lines.pop(0)[2:]
    if title:
        meta["title"] = " ".join(title.split())
    return "\n\n".join(lines), meta


def _content_root(doc: Any) -> Any:
    candidates = [el for el in doc.iter("article", "main") if _text_len(el) > 140]
    if candidates:
        return max(candidates, key=_text_len)
    best, best_score = None, 0
    for el in doc.iter("div", "section", "td", "body"):
        score = sum(_text_len(p) for p in el if p.tag in ("p", "pre", "blockquote", "h2", "h3"))
        if score > best_score:
            best, best_score = el, score
    body = doc.find("body")
    if best is None or (body is not None and best_score < 0.3 * _text_len(body)):
        return body if body is not None else doc
    return best


def _inline_text(el: Any) -> str:
    """Text of an element with <br> as line breaks; images and nested blocks are skipped."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "br":
            parts.append("\n")
        elif child.tag == "img" or child.tag in _BLOCKS:
            pass
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _emit(lines: list[str], prefix: str, text: str) -> None:
    for piece in text.split("\n"):
        piece = " ".join(piece.split())
        if piece:
            # Block-level syntax in content is escaped so it stays text.
            if not prefix and re.match(r"^(#|>|[-*+]\s|\d+[.)]\s)", piece):
                piece = "\\" + piece
            lines.append(prefix + piece)


def _walk(el: Any, lines: list[str], quote: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _HEADINGS:
        text = " ".join(" ".join(el.itertext()).split())
        if text:
            lines.append("#" * _HEADINGS[tag] + " " + text)
        return
    if tag == "li":
        _emit(lines, "> " if quote else "- ", _inline_text(el))
        for child in el:
            if child.tag in ("ul", "ol"):
                _walk(child, lines, quote)
        return
    if tag == "blockquote":
        has_blocks = any(child.tag in _BLOCKS for child in el)
        if not has_blocks:
            _emit(lines, "> ", _inline_text(el))
            return
        if (el.text or "").strip():
            _emit(lines, "> ", el.text or "")
        for child in el:
            _walk(child, lines, quote=True)
            if (child.tail or "").strip():
                _emit(lines, "> ", child.tail or "")
        return
    if tag in ("p", "pre", "figcaption", "dt", "dd"):
        _emit(lines, "> " if quote else "", _inline_text(el))
        return
    # A container: its own text and inline children form a paragraph; blocks are walked.
    own = [el.text or ""]
    for child in el:
        if child.tag in _BLOCKS or child.tag in _HEADINGS:
            if "".join(own).strip():
                _emit(lines, "> " if quote else "", "".join(own))
            own = []
            _walk(child, lines, quote)
        elif child.tag == "br":
            own.append("\n")
        elif child.tag != "img":
            own.append(_inline_text(child))
        own.append(child.tail or "")
    if "".join(own).strip():
        _emit(lines, "> " if quote else "", "".join(own))
