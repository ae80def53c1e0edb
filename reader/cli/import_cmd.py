"""Provides ``reader import``: add a .txt, .md or .html article to the corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.plural import plural
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``import`` to the parser."""
    p = sub.add_parser("import", parents=[common], help="clean and add an article to the corpus")
    p.add_argument("path", type=Path, help="a .txt, .md or .html file (UTF-8, GB18030, Big5)")
    p.add_argument("--slug", help="the article's slug (default: made from its title)")
    p.add_argument("--force", action="store_true", help="replace an existing article")
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """Imports the file and reports where it went."""
    from reader.importer import import_file

    ws = Workspace(args.corpus)
    result = import_file(ws.corpus, args.path, slug=args.slug, force=args.force)
    verb = "Replaced" if result.replaced else "Imported"
    print(
        f"{verb} '{result.title}' as {result.slug} ({result.blocks} paragraphs, "
        f"{plural(result.sentences, 'sentence')}, {result.encoding}) in {result.path}"
    )
    return 0
