"""Provides the old import path of the block model (now :mod:`reader.document.blocks`)."""

from __future__ import annotations

from reader.document.blocks import Block, BlockKind

__all__ = ["Block", "BlockKind"]
