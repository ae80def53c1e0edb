"""Provides reading corpus files of the first format: one block per Markdown line.

Files written before the structured format (no ``format`` field in their front matter) hold
headings, text paragraphs, ``> quote`` and ``- list item`` lines separated by blank lines, with a
backslash before a leading character that Markdown would read as block syntax. They are read
here exactly as before, so their sentence ids (and every translation keyed by them) stay valid.
"""

from __future__ import annotations

import re

from reader.document.blocks import Block

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_QUOTE_RE = re.compile(r"^>\s?(.*)$")
_LIST_RE = re.compile(r"^[-*+]\s+(.*)$")


def _unescape(text: str) -> str:
    return text[1:] if text.startswith("\\") else text


def parse_legacy(body: str) -> list[Block]:
    """The blocks of a first-format body; wrapped lines of a paragraph are joined."""
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
            blocks.append(Block("quote", _unescape(m.group(1).strip()), nest="q"))
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
