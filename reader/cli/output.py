"""Provides output helpers for commands: JSON lines, tables and terminal widths."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from reader.text.cells import cell_width as cell_width
from reader.text.cells import fit as fit
from reader.text.cells import table_line


def emit_json(value: Any, *, pretty: bool = False) -> None:
    """Writes one JSON value (UTF-8, not ASCII-escaped) and a newline to stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2 if pretty else None))
    sys.stdout.write("\n")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A plain-text table with CJK-aware column widths."""
    lines = [table_line(headers, widths)]
    for row in rows:
        if len(row) != len(widths):
            raise ValueError(f"a row of {len(row)} cells in a table of {len(widths)} columns")
    # Column by column, in comprehensions: a listing of thousands of rows is fitted quickly,
    # and most cells (slugs, dates, numbers) are ASCII that fits and is only padded.
    columns = [
        [c.ljust(width) if c.isascii() and len(c) <= width else fit(c, width) for c in column]
        for column, width in zip(zip(*rows, strict=True), widths, strict=False)
    ]
    lines.extend(map(str.rstrip, map("  ".join, zip(*columns, strict=True))))
    return "\n".join(lines)
