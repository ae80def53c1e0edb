"""Provides cleaning of raw article text (plain text or Markdown) into blocks and metadata.

Cleaning removes what is not the article: images and empty image markers, page chrome (search
boxes, read counts, "长按保存图片", related-article lists, platform disclaimers), link targets
(the link text stays), decorative emphasis, inline pinyin annotations and bylines (which become
metadata). It keeps headings (including bare section numbers such as "01"), quotes, list items
and the speaker labels of interview turns. The rules live in ``reader/data/cleaning.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reader.document.blocks import Block
from reader.paths import package_data
from reader.safe_yaml import load_shipped
from reader.text.annotations import strip_pinyin_annotations
from reader.text.chars import HAN_CLASS

# Inline Markdown. Images first (they may sit inside links), then links, then emphasis.
# Bracketed text never contains a bracket and a link target holds at most one level of
# parentheses, so each pattern stops at the next bracket or parenthesis: an unclosed "[" or
# "![x](" repeated along a 200 KB line is read once, not once per opening (which took minutes).
_TARGET = r"\((?:[^()\n]++|\([^()\n]*+\))*+\)"
_IMAGE_RE = re.compile(rf"!\[[^\[\]\n]*\]{_TARGET}")
_EMPTY_LINK_RE = re.compile(rf"\[\s*\]{_TARGET}")
_LINK_RE = re.compile(rf"\[([^\[\]\n]+)\]{_TARGET}")
_BOLD_RE = re.compile(r"\*\*|__")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HTML_TAG_RE = re.compile(r"</?(?:span|strong|b|em|i|u|font|br|sup|sub)\b[^<>]*>", re.IGNORECASE)

# Closing hashes of a heading are removed in _classify: a lazy "(.*?)\s*#*$" retried the
# whitespace after every character of the line.
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST_RE = re.compile(r"^\s*(?:[-*+•·●▪◦]|(?P<number>\d{1,2})[.)、])\s+(.*)$")
_QUOTE_RE = re.compile(r"^\s*>\s?(.*)$")
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(?P<inner>.+)(\*\*|__)\s*$")
# Possessive quantifiers: two adjacent "\s*" split a long run of spaces in quadratically many
# ways before failing.
_ONLY_IMAGE_RE = re.compile(r"^\s*+(?:\[?\s*+!\[[^\]]*+\]\([^)]*+\)\s*+\]?(?:\([^)]*+\))?\s*+)+$")

# Whitespace reads as a plain space (any kind: U+2028 and U+3000 included), and characters
# that should vanish.
_SPACES_RE = re.compile(r"\s+")
# A zero-width joiner between two emoji is part of one picture (👩‍💻), not page debris.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_INVISIBLE_RE = re.compile(
    rf"[\u200b\u200c\u2060\ufeff\u00ad]|\u200d(?![{_EMOJI}])|(?<![{_EMOJI}])\u200d"
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# ASCII punctuation used inside Chinese text becomes its full-width form.
_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK_BEFORE = rf"[{HAN_CLASS}”’」』）》]"
_ASCII_PUNCT_RE = re.compile(
    rf"(?<={_CJK_BEFORE})([,;:?!])(?!//)"
    rf"|(?<=[A-Za-z0-9%)])([,;?!])(?=\s*[{HAN_CLASS}])"
    rf"|(?<=[A-Za-z)])(:)(?=[{HAN_CLASS}])"
)

_TERMINAL = "。！？!?…；;.…"
_SPEAKER_LABEL_RE = re.compile(r"^[^\s：:，。！？]{1,10}[：:]")


@dataclass
class Cleaned:
    """The result of cleaning: body blocks and metadata found in the text (bylines, headers)."""

    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    rules: dict[str, Any] = load_shipped(package_data("cleaning.yaml").read_text(encoding="utf-8"))
    return rules


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], list[re.Pattern[str]], re.Pattern[str]]:
    rules = _rules()
    # Each rule matches a whole line: the "$" must close the alternation, not only its last
    # pattern (a paragraph that merely starts with 搜索 or 关注 is content).
    drop = re.compile("(?:" + "|".join(f"(?:{p})" for p in rules["drop_lines"]) + ")$")
    trailer = re.compile("(?:" + "|".join(f"(?:{p})" for p in rules["trailer_starts"]) + ")$")
    bylines = [re.compile(p + "$") for p in rules["bylines"]]
    section = re.compile(rules["section_number"] + "$")
    return drop, trailer, bylines, section


def clean_inline(text: str, *, markup: bool = True) -> str:
    """Cleans one line: markup, link targets, emphasis, annotations, spaces and punctuation.

    With ``markup=False`` (text that came out of HTML, where markup was already interpreted)
    asterisks, brackets and angle brackets are content and stay as they are.
    """
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub(" ", text)
    if markup:
        text = _HTML_TAG_RE.sub("", text)
        text = _IMAGE_RE.sub("", text)
        text = _EMPTY_LINK_RE.sub("", text)
        text = _LINK_RE.sub(r"\1", text)
        text = _BOLD_RE.sub("", text)
        text = _ITALIC_RE.sub(r"\1", text)
        text = _MD_ESCAPE_RE.sub(r"\1", text)
    elif text.startswith("\\"):
        text = text[1:]  # a block-syntax escape written by hand in a text file
    return _clean_plain(text)


def clean_prose(text: str) -> str:
    """Cleans prose whose markup an importer has already read (Markdown, HTML, EPUB).

    Invisible characters go, control characters and any run of whitespace become one space,
    inline pinyin annotations are removed and ASCII punctuation inside Chinese becomes
    full-width; nothing is read as markup.
    """
    text = _INVISIBLE_RE.sub("", text)
    return _clean_plain(_CONTROL_RE.sub(" ", text))


def _clean_plain(text: str) -> str:
    text = strip_pinyin_annotations(text)
    text = _SPACES_RE.sub(" ", text).strip()
    return _ASCII_PUNCT_RE.sub(lambda m: _FULLWIDTH[next(g for g in m.groups() if g)], text)


def _is_heading_like(text: str) -> bool:
    """A short line without sentence-final punctuation that is not an interview turn."""
    if not text or len(text) > 32 or text[-1] in _TERMINAL + "：:，,、":
        return False
    if any(ch in text for ch in "。！？!?"):
        return False
    return not _SPEAKER_LABEL_RE.match(text)


def _split_paragraph_lines(text: str) -> list[str]:
    """The document's lines; hard-wrapped paragraphs joined where blank lines separate them."""
    lines = text.split("\n")
    blank_separated = sum(1 for line in lines if not line.strip()) >= max(3, len(lines) // 4)
    if not blank_separated:
        return lines
    # Paragraphs are separated by blank lines: join wrapped continuation lines, but never join
    # lines that start a block of their own (list items, headings, quotes, images).
    out: list[str] = []
    joinable = False
    for line in lines:
        starts_block = bool(
            _LIST_RE.match(line)
            or _HEADING_RE.match(line)
            or _QUOTE_RE.match(line)
            or _ONLY_IMAGE_RE.match(line)
            or _BOLD_LINE_RE.match(line)
        )
        if not line.strip():
            out.append("")
            joinable = False
        elif joinable and not starts_block and not line.startswith("    "):
            prev = out[-1].rstrip()
            sep = " " if prev[-1:].isascii() and line.strip()[:1].isascii() else ""
            out[-1] = prev + sep + line.strip()
        else:
            out.append(line)
            joinable = not (_LIST_RE.match(line) or _HEADING_RE.match(line))
    return out


def clean_text(raw: str, *, markup: bool = True) -> Cleaned:
    """Cleans a whole document (plain text or Markdown) into blocks and metadata.

    ``markup=False`` is for text extracted from HTML: block syntax is read, inline markup is not.
    """
    drop, trailer, bylines, section = _compiled()
    rules = _rules()
    meta: dict[str, str] = {}

    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = _split_paragraph_lines(text)

    # Header fields of web-to-Markdown converters ("Title:", "URL Source:", "Markdown Content:").
    header_res = {k: re.compile(v + "$") for k, v in rules["header_fields"].items()}
    markers = {m.strip() for m in rules["header_markers"]}
    body_lines: list[str] = []
    in_header = True
    for line in lines:
        stripped = line.strip()
        if in_header:
            if not stripped:
                continue
            matched = False
            for key, pattern in header_res.items():
                if m := pattern.match(stripped):
                    meta.setdefault(key, m.group("value").strip())
                    matched = True
            if matched or stripped in markers:
                continue
            in_header = False
        body_lines.append(line)

    content_lines = [i for i, line in enumerate(body_lines) if line.strip()]
    window_start = int(len(content_lines) * (1 - float(rules["trailer_window"])))
    trailer_from = {i for n, i in enumerate(content_lines) if n >= window_start}

    blocks: list[Block] = []
    bold_only: list[bool] = []  # per block: the raw line was bold as a whole (slogans, credits)
    after_image = False
    for index, line in enumerate(body_lines):
        if not line.strip():
            continue
        if markup and (
            _ONLY_IMAGE_RE.match(line) or _IMAGE_RE.sub("", line).strip() in ("", "[]", "[]()")
        ):
            after_image = True
            continue
        block, caption = _classify(line, after_image, section, markup)
        after_image = False
        if block is None:
            continue
        text_line = block.text
        if trailer.match(text_line):
            if index in trailer_from:
                # Bold one-liners right before a trailer are the column's sign-off and slogan.
                while blocks and bold_only[-1] and blocks[-1].kind in ("text", "heading"):
                    blocks.pop()
                    bold_only.pop()
                break
            continue
        if drop.match(text_line):
            continue
        if found := _byline(text_line, bylines):
            for key, value in found.items():
                meta.setdefault(key, value)
            continue
        if caption:
            continue
        blocks.append(block)
        bold_only.append(bool(_BOLD_LINE_RE.match(line)))

    # A first short line without final punctuation is the title when no header gave one.
    if blocks and "title" not in meta and blocks[0].kind in ("heading", "text"):
        first = blocks[0].text
        if (
            len(first) <= 64
            and not any(ch in first for ch in "。！？!?")
            and first[-1] not in "：:"
        ):
            meta["title"] = first
            blocks = blocks[1:]
    return Cleaned(blocks, meta)


def _classify(
    line: str, after_image: bool, section: re.Pattern[str], markup: bool = True
) -> tuple[Block | None, bool]:
    """Decides the block kind of one raw line; the flag marks an image caption to drop."""
    if m := _HEADING_RE.match(line.strip()):
        text = clean_inline(m.group(2).rstrip("#"), markup=markup)
        return (Block("heading", text, len(m.group(1))) if text else None), False
    if m := _QUOTE_RE.match(line):
        text = clean_inline(m.group(1), markup=markup)
        return (Block("quote", text, nest="q") if text else None), False
    if m := _LIST_RE.match(line):
        text = clean_inline(m.group(2), markup=markup)
        number = int(m.group("number")) if m.group("number") else None
        block = Block("list", text, ordered=number is not None, number=number)
        return (block if text else None), False
    bold = _BOLD_LINE_RE.match(line) if markup else None
    text = clean_inline(line, markup=markup)
    if not text:
        return None, False
    if bold and "**" not in bold.group("inner") and "__" not in bold.group("inner"):
        # A line that is bold as a whole: a quoted pull-quote is a section heading; an unquoted
        # line right under an image is its caption.
        if text.startswith("“") and text.endswith("”") and len(text) <= 80:
            return Block("heading", text, 2), False
        if after_image:
            return Block("text", text), True
    if _is_heading_like(text):
        level = 3 if text.startswith("第") else 2
        if section.match(text) or len(text) <= 24:
            return Block("heading", text, level), False
    return Block("text", text), False


def _byline(text: str, patterns: list[re.Pattern[str]]) -> dict[str, str] | None:
    for pattern in patterns:
        if m := pattern.match(text):
            found = {}
            for key, value in m.groupdict().items():
                if value:
                    found[key.rstrip("0123456789")] = value.strip()
            return found
    return None


def clean_structured(
    blocks: list[Block], *, title_from_heading: bool = True, trailers: bool = False
) -> Cleaned:
    """Page chrome, trailers and bylines removed from the prose blocks of a structured document
    (Markdown, HTML, EPUB); code, math, tables and images are never touched.

    Only whole top-level paragraphs are matched, as in :func:`clean_text`. With
    ``title_from_heading``, a level-1 heading that opens the document is its title. Trailers
    ("相关文章" and what follows) are cut only with ``trailers``: in a tutorial a "延伸阅读"
    section near the end is content, and a page's related lists are left out by its extractor.
    """
    drop, trailer, bylines, _ = _compiled()
    meta: dict[str, str] = {}
    prose = [i for i, b in enumerate(blocks) if b.kind in ("text", "heading") and not b.nest]
    window_start = int(len(prose) * (1 - float(_rules()["trailer_window"])))
    late = set(prose[window_start:])
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if i in prose:
            if trailers and trailer.match(block.text):
                if i in late:
                    break
                continue
            if drop.match(block.text):
                continue
            if block.kind == "text" and (found := _byline(block.text, bylines)):
                for key, value in found.items():
                    meta.setdefault(key, value)
                continue
        out.append(block)
    if title_from_heading and out and out[0].kind in ("heading", "text") and not out[0].nest:
        first = out[0]
        # A level-1 heading, or a short first line without sentence punctuation (as in text).
        if (first.kind == "heading" and first.level == 1) or (
            first.kind == "text"
            and len(first.text) <= 64
            and not first.marks
            and not any(ch in first.text for ch in "。！？!?")
            and first.text[-1:] not in "：:"
        ):
            meta["title"] = first.text
            out = out[1:]
    return Cleaned(out, meta)
