"""Provides ``reader export``: articles as bilingual Markdown files or on standard output."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from reader.errors import ReaderError
from reader.export.options import GRANULARITIES, LAYOUTS, PINYIN_MODES
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``export`` to the parser."""
    p = sub.add_parser("export", parents=[common], help="export articles as bilingual Markdown")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="articles to export")
    p.add_argument("--all", action="store_true", help="export every article (into a folder)")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="a file for one article, a folder for several, or - for standard output",
    )
    p.add_argument("--layout", choices=LAYOUTS, default="interleaved")
    p.add_argument("--granularity", choices=GRANULARITIES, default="sentence")
    p.add_argument("--pinyin", choices=PINYIN_MODES, default="none")
    p.add_argument(
        "--no-glossary", action="store_true", help="no term links and no glossary appendix"
    )
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Exports the articles and reports the files written."""
    from reader.export import ExportOptions, export_articles

    if args.all and args.slugs:
        raise ReaderError("Give article slugs or --all, not both.")
    ws = Workspace(args.corpus)
    slugs = ws.corpus.slugs() if args.all else args.slugs
    if not slugs:
        raise ReaderError(
            "The corpus is empty." if args.all else "Name at least one article (SLUG...) or --all."
        )
    options = ExportOptions(
        layout=args.layout,
        granularity=args.granularity,
        pinyin=args.pinyin,
        glossary=not args.no_glossary,
    )
    to_stdout = args.output == "-"
    written = export_articles(
        ws,
        slugs,
        None if to_stdout else Path(args.output).expanduser(),
        options,
        force=args.force,
        # "--all" and a trailing slash always mean a folder, even for a single article.
        folder=args.all or args.output.endswith(("/", os.sep)),
    )
    for path in written:
        print(f"Wrote {path}")
    return 0
