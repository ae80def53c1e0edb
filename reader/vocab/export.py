"""Provides the export of the vocabulary to a file: an Anki package, CSV, TSV or Pleco's format.

Every format is written atomically (a temporary file renamed into place when complete), so an
interrupted or failed export leaves no partial file and an existing file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.vocab.model import State
from reader.vocab.store import VocabStore

ExportFormat = Literal["anki", "csv", "tsv", "pleco"]
FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
# The format a file name implies when none is given.
EXTENSIONS: dict[str, ExportFormat] = {
    ".apkg": "anki",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "pleco",
}


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path | None  # None: standard output
    fmt: ExportFormat
    words: int


def format_for(path: str, fmt: str | None) -> ExportFormat:
    """The format asked for, else the one the file's extension implies."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ReaderError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
        return fmt
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise ReaderError(
            f"Cannot tell the format from {path!r}; add --format ({', '.join(FORMATS)})."
        )
    return found


def render(store: VocabStore, fmt: ExportFormat, state: State | None = None) -> tuple[str, int]:
    """A text format's content and the number of words in it."""
    from reader.vocab.tables import render_table

    if fmt == "anki":
        raise ValueError("an Anki package is not text")
    entries = store.entries(state=state)
    if not entries:
        raise ReaderError(_empty(state))
    return render_table(entries, store.states(), fmt), len(entries)


def export_vocabulary(
    store: VocabStore,
    path: Path,
    fmt: ExportFormat,
    *,
    state: State | None = None,
    force: bool = False,
) -> ExportResult:
    """Writes the saved words (those in ``state``, or all) to ``path`` in ``fmt``.

    An existing file is kept unless ``force``.
    """
    if path.exists() and not force:
        raise ReaderError(f"{path} exists; add --force to replace it.")
    if path.exists() and not path.is_file():
        raise ReaderError(f"{path} is not a regular file.")
    if fmt == "anki":
        from reader.vocab.anki import write_apkg

        entries = store.entries(state=state)
        if not entries:
            raise ReaderError(_empty(state))
        write_apkg(entries, path)
        return ExportResult(path, fmt, len(entries))
    text, count = render(store, fmt, state)
    write_text_atomic(path, text)
    return ExportResult(path, fmt, count)


def _empty(state: State | None) -> str:
    if state is None:
        return (
            "The vocabulary is empty; save words first (reader vocab add WORD, or a in the reader)."
        )
    return f"No saved word is {state}; nothing was exported."
