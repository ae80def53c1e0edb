"""Provides what the Markdown and HTML walkers share: the blocks they emit, and the list item
whose first block has not come yet (its text, or an empty line before a code block or table).
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.document.blocks import Block, Mark


@dataclass
class PendingItem:
    """A list item whose first block has not come yet."""

    ordered: bool
    number: int | None
    nest: str

    def block(self, text: str = "", marks: tuple[Mark, ...] = ()) -> Block:
        """The item's list block, with its first paragraph's prose (or none)."""
        return Block(
            "list", text, marks=marks, nest=self.nest, ordered=self.ordered, number=self.number
        )


class BlockEmitter:
    """Mixed into a walker that has ``blocks`` and ``item``."""

    blocks: list[Block]
    item: PendingItem | None

    def flush_item(self) -> None:
        """A list item that opens with something other than a paragraph gets an empty line."""
        if self.item is not None:
            item, self.item = self.item, None
            self.blocks.append(item.block())

    def emit(self, block: Block) -> None:
        """Adds a block after the pending item's line, if any."""
        self.flush_item()
        self.blocks.append(block)

    def emit_prose(self, text: str, marks: tuple[Mark, ...]) -> bool:
        """A paragraph's prose as the pending item's first line; False when no item waits."""
        if self.item is None:
            return False
        item, self.item = self.item, None
        self.blocks.append(item.block(text, marks))
        return True
