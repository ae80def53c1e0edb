"""Provides the block model of an article body and its Markdown serialisation.

A body is a sequence of blocks (heading, text paragraph, quote, list item), one block per
Markdown line, separated by blank lines::

    ## 01 预见Scaling Law：驱动闫俊杰创业的关键时刻

    罗永浩：你说你本来是要做老师的，怎么后来又去创业了？

    > 引用的段落

    - 列表项

Text is literal: a leading character that Markdown would read as block syntax is escaped with a
backslash on write and unescaped on read, so any paragraph survives a round trip unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "text", "quote", "list"]

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_QUOTE_RE = re.compile(r"^>\s?(.*)$")
_LIST_RE = re.compile(r"^[-*+]\s+(.*)$")
# Line starts that Markdown would take as block syntax (heading, quote, list, rule, numbered
# list, indented code); written escaped so that a text paragraph stays a text paragraph.
_NEEDS_ESCAPE_RE = re.compile(r"^(#|>|[-*+](\s|$)|\d+[.)](\s|$)|={3,}|-{3,}|\s|\\)")


@dataclass(frozen=True)
class Block:
    """One block of an article body: its kind, its text and, for headings, its level (1-6)."""

    kind: BlockKind
    text: str
    level: int = 0


def _escape(text: str) -> str:
    return "\\" + text if _NEEDS_ESCAPE_RE.match(text) else text


def _unescape(text: str) -> str:
    return text[1:] if text.startswith("\\") else text


def render_blocks(blocks: list[Block]) -> str:
    """Serialises blocks as the corpus Markdown body (one block per line, blank-line separated)."""
    lines = []
    for block in blocks:
        text = " ".join(block.text.split("\n"))
        if block.kind == "heading":
            lines.append(f"{'#' * max(1, min(6, block.level or 2))} {text}")
        elif block.kind == "quote":
            lines.append(f"> {_escape(text)}" if text else ">")
        elif block.kind == "list":
            lines.append(f"- {_escape(text)}")
        else:
            lines.append(_escape(text))
    return "\n\n".join(lines) + ("\n" if lines else "")


def parse_blocks(body: str) -> list[Block]:
    """Parses a corpus Markdown body back into blocks (the inverse of :func:`render_blocks`).

    Consecutive non-blank lines of a text paragraph are joined, so hand-edited files with wrapped
    lines still load; Chinese lines join without a space, Latin lines with one.
    """
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append(Block("text", _join_lines(pending)))
            pending.clear()

    for raw in body.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if m := _HEADING_RE.match(line):
            flush()
            blocks.append(Block("heading", m.group(2).strip(), len(m.group(1))))
        elif m := _QUOTE_RE.match(line):
            flush()
            blocks.append(Block("quote", _unescape(m.group(1).strip())))
        elif m := _LIST_RE.match(line):
            flush()
            blocks.append(Block("list", _unescape(m.group(1).strip())))
        else:
            pending.append(_unescape(line.strip()) if not pending else line.strip())
    flush()
    return [b for b in blocks if b.text]


def _join_lines(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if out and line and out[-1].isascii() and line[0].isascii():
            out += " " + line
        else:
            out += line
    return out
