"""Provides ``reader import``: add a .txt, .md, .html or .epub file to the corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.plural import plural
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``import`` to the parser."""
    p = sub.add_parser("import", parents=[common], help="clean and add an article to the corpus")
    p.add_argument(
        "path",
        type=Path,
        help="a .txt, .md, .html or .epub file (UTF-8, GB18030, Big5); a book becomes one "
        "article per chapter",
    )
    p.add_argument(
        "--slug", help="the article's slug (default: made from its title); for a book, its stem"
    )
    p.add_argument("--force", action="store_true", help="replace an existing article")
    p.add_argument(
        "--translate",
        action="store_true",
        help="translate it right away with the engine chosen in the reader's settings",
    )
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """Imports the file and reports where it went."""
    from reader.importer import import_file

    ws = Workspace(args.corpus)
    result = import_file(ws.corpus, args.path, slug=args.slug, force=args.force)
    for note in result.notes:
        print(f"reader: note: {note}", file=sys.stderr)
    if result.series is not None:
        print(
            f"Imported '{result.series}' as {len(result.articles)} chapters "
            f"({result.encoding}) in {result.path.parent}:"
        )
        for article in result.articles:
            verb = "replaced" if article.replaced else "imported"
            print(
                f"  {article.slug}: {article.title} ({article.blocks} paragraphs, "
                f"{plural(article.sentences, 'sentence')}, {verb})"
            )
        slugs = [article.slug for article in result.articles]
    else:
        verb = "Replaced" if result.replaced else "Imported"
        print(
            f"{verb} '{result.title}' as {result.slug} ({result.blocks} paragraphs, "
            f"{plural(result.sentences, 'sentence')}, {result.encoding}) in {result.path}"
        )
        slugs = [result.slug]
    if getattr(args, "translate", False):
        from reader.cli.translate_cmds import translate_imported

        return translate_imported(ws, slugs)
    return 0
