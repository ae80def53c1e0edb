"""Provides the document model: the blocks of an article body and the marks inside their prose.

A body is a flat sequence of :class:`Block` objects in reading order. Containers (block quotes
and list items) are not blocks of their own: each block carries the path of containers it sits
in (``nest``), so a paragraph inside a quote inside a list item is one block with ``nest="iq"``.

Kinds:

- ``heading`` (``level`` 1-6), ``text``, ``quote`` (a paragraph inside a block quote), ``list``
  (the first paragraph of a list item: ``ordered``, ``number``; its nesting is ``depth``) hold
  prose in ``text``;
- ``code`` holds verbatim source in ``text`` and its language in ``lang``;
- ``math`` holds display TeX (between the delimiters) in ``text`` and an equation label, if any,
  in ``label``;
- ``table`` holds ``rows`` of :class:`Prose` cells, the header row first, every row as wide as
  the widest;
- ``image`` holds ``src`` and ``alt``; its caption is prose in ``text``;
- ``rule`` is a thematic break.

Prose is plain text plus :class:`Mark` spans: ``code`` and ``math`` (inline code and inline TeX,
atomic: never split, segmented, glossed or re-punctuated) and ``link`` (with its ``url``).
Emphasis is not kept; its text is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "text", "quote", "list", "code", "math", "table", "image", "rule"]
MarkKind = Literal["code", "math", "link"]

BLOCK_KINDS: tuple[BlockKind, ...] = (
    "heading",
    "text",
    "quote",
    "list",
    "code",
    "math",
    "table",
    "image",
    "rule",
)
# Blocks whose ``text`` is prose, split into sentences and analysed (image captions and table
# cells are prose too, but they live in ``text`` of an image and in ``rows``).
PROSE_KINDS = frozenset({"heading", "text", "quote", "list"})
# Blocks whose ``text`` is verbatim and never analysed.
VERBATIM_KINDS = frozenset({"code", "math"})
ATOMIC_MARKS = frozenset({"code", "math"})


@dataclass(frozen=True)
class Mark:
    """A span of prose with a role: inline ``code``, inline ``math`` or a ``link`` to ``url``."""

    start: int
    end: int
    kind: MarkKind
    url: str | None = None

    def shifted(self, offset: int) -> Mark:
        """The same mark ``offset`` characters further left (into a piece cut from the text)."""
        return Mark(self.start - offset, self.end - offset, self.kind, self.url)


@dataclass(frozen=True)
class Prose:
    """Text with marks: a table cell."""

    text: str = ""
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Block:
    """One block of an article body (see the module docstring for what each field means)."""

    kind: BlockKind
    text: str = ""
    level: int = 0
    marks: tuple[Mark, ...] = ()
    nest: str = ""  # containers from the outside in: "q" a block quote, "i" a list item
    ordered: bool = False
    number: int | None = None
    lang: str | None = None
    label: str | None = None
    src: str | None = None
    alt: str | None = None
    rows: tuple[tuple[Prose, ...], ...] = field(default=())

    def __post_init__(self) -> None:
        # A quote paragraph is inside a quote, whoever built it (Block("quote", text)).
        if self.kind == "quote" and not self.nest.endswith("q"):
            object.__setattr__(self, "nest", self.nest + "q")

    @property
    def depth(self) -> int:
        """How many list items the block sits in (a list item's own item not counted)."""
        return self.nest.count("i")

    @property
    def quote_depth(self) -> int:
        """How many block quotes the block sits in."""
        return self.nest.count("q")

    @property
    def is_prose(self) -> bool:
        """Whether ``text`` is prose (analysed) rather than verbatim or a caption."""
        return self.kind in PROSE_KINDS

    def prose_parts(self) -> list[Prose]:
        """Every piece of prose in the block, in reading order (cells row by row, a caption)."""
        if self.kind == "table":
            return [cell for row in self.rows for cell in row]
        if self.kind in PROSE_KINDS or self.kind == "image":
            return [Prose(self.text, self.marks)] if self.text else []
        return []


def square_rows(rows: list[list[Prose]]) -> tuple[tuple[Prose, ...], ...]:
    """Rows padded with empty cells to the widest row (a GFM table needs equal rows)."""
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r) + (Prose(),) * (width - len(r)) for r in rows if width)


def plain_text(block: Block) -> str:
    """All text of a block on one line: prose, a caption, cells joined, or verbatim text."""
    if block.kind == "table":
        return " | ".join(" | ".join(c.text for c in row) for row in block.rows)
    return block.text
