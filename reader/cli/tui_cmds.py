"""Provides ``reader`` (the library) and ``reader open SLUG`` (an article) in the TUI."""

from __future__ import annotations

import argparse

from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``open`` to the parser (``reader`` alone opens the library)."""
    p = sub.add_parser("open", parents=[common], help="open the reader at an article")
    p.add_argument("slug")
    p.set_defaults(func=cmd_tui)


def cmd_tui(args: argparse.Namespace) -> int:
    """Runs the Textual application."""
    ws = Workspace(args.corpus)
    slug = getattr(args, "slug", None)
    if slug is not None:
        ws.corpus.path_of(slug)  # an unknown slug is an error before the screen opens
    from reader.tui.app import ReaderApp

    ReaderApp(ws, open_slug=slug).run()
    return 0
