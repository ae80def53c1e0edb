"""Provides the exception that carries a user-facing, one-line error message."""

from __future__ import annotations


class ReaderError(Exception):
    """An error caused by the user's input or environment, shown as one line without a traceback.

    Code raises it with a sentence a user can act on ("No article with slug 'x'."); the CLI prints
    it on stderr and exits non-zero, the TUI shows it in a notification or a modal.
    """
