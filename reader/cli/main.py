"""Provides the entry point of the ``reader`` command and its error handling.

Every command module registers its sub-command; heavy libraries are imported inside commands,
so ``reader --help`` and ``reader list`` start fast. Errors caused by input are one line on
stderr and a non-zero exit, never a traceback (set READER_DEBUG=1 to see one for a bug).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reader import __version__
from reader.errors import ReaderError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """One line instead of argparse's usage block."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    from reader.cli import analyze_cmd, corpus_cmds, import_cmd, tui_cmds

    common = _Parser(add_help=False)
    common.add_argument(
        "--corpus",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="corpus folder to use instead of the bundled one (READER_CORPUS)",
    )
    parser = _Parser(
        prog="reader",
        description="Read Chinese in the terminal: aligned English, pinyin on demand, word "
        "look-up and a curated glossary of AI terms.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (tui_cmds, corpus_cmds, analyze_cmd, import_cmd):
        module.register(sub, common)
    for name in _optional_commands():
        name.register(sub, common)
    return parser


def _optional_commands() -> list:  # type: ignore[type-arg]
    """Command modules of later layers (glossary, translation, export), when present."""
    import importlib

    found = []
    for module in ("glossary_cmds", "translate_cmds", "export_cmd", "pinyin_cmds", "vocab_cmds"):
        try:
            found.append(importlib.import_module(f"reader.cli.{module}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"reader.cli.{module}":
                raise
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    try:
        # Building the parser imports every command module: Ctrl+C there is an interruption
        # like any other, not a traceback.
        parser = build_parser()
        args = parser.parse_args(argv)
        if not hasattr(args, "corpus"):
            args.corpus = None
        func = getattr(args, "func", None)
        if func is None:
            from reader.cli.tui_cmds import cmd_tui

            func = cmd_tui
        return int(func(args) or 0)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: one line unless debugging
        if os.environ.get("READER_DEBUG"):
            raise
        print(
            f"reader: internal error: {type(exc).__name__}: {exc} "
            "(run with READER_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
