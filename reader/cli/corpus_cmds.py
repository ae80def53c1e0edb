"""Provides ``reader list`` and ``reader show``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.output import emit_json, table
from reader.model import Article
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds the corpus commands to the parser."""
    p = sub.add_parser("list", parents=[common], help="list the articles in the corpus")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="print an article, split and analysed")
    p.add_argument("slug")
    p.add_argument("--json", action="store_true", help="print JSON with sentences and tokens")
    p.add_argument("--tone", choices=("marks", "numbers", "none"), default="marks")
    p.set_defaults(func=cmd_show)


def list_row(article: Article) -> dict[str, Any]:
    """One article as in ``reader list --json``."""
    m = article.meta
    return {
        "slug": m.slug,
        "title": m.title,
        "author": m.author,
        "source": m.source,
        "date": m.date,
        "script": m.script,
        "sentences": article.sentence_count(),
    }


def cmd_list(args: argparse.Namespace) -> int:
    """``reader list``: the articles with their metadata."""
    ws = Workspace(args.corpus)
    rows = [list_row(a) for a in ws.corpus.articles()]
    for problem in ws.corpus.problems:
        print(f"reader: skipped: {problem}", file=sys.stderr)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print("The corpus is empty. Add an article with: reader import FILE")
        return 0
    print(
        table(
            ("SLUG", "TITLE", "AUTHOR / SOURCE", "DATE", "SENT."),
            [
                (
                    r["slug"],
                    r["title"],
                    r["author"] or r["source"] or "",
                    r["date"] or "",
                    str(r["sentences"]),
                )
                for r in rows
            ],
            (22, 44, 24, 10, 5),
        )
    )
    return 0


def article_json(ws: Workspace, article: Article, tone: str) -> dict[str, Any]:
    """An article as in ``reader show --json``: paragraphs, sentences, tokens, translations."""
    from reader.translation.lookup import translations_for

    translated = translations_for(ws, article)
    paragraphs = []
    for p in article.paragraphs:
        sentences = []
        for s in p.sentences:
            t = translated.get(s.id)
            sentences.append(
                {
                    "id": s.id,
                    "zh": s.text,
                    "en": t.text if t else None,
                    "engine": t.engine if t else None,
                    "tokens": [tok.to_json(tone) for tok in ws.analyzer.analyze(s.text)],  # type: ignore[arg-type]
                }
            )
        paragraphs.append(
            {
                "index": p.index,
                "kind": p.kind,
                "level": p.level,
                "speaker": p.speaker,
                "sentences": sentences,
            }
        )
    return {
        **list_row(article),
        "url": article.meta.url,
        "original_file": article.meta.original_file,
        "paragraphs": paragraphs,
    }


def cmd_show(args: argparse.Namespace) -> int:
    """``reader show SLUG``: the article, sentence by sentence."""
    ws = Workspace(args.corpus)
    article = ws.corpus.load(args.slug)
    if args.json:
        emit_json(article_json(ws, article, args.tone))
        return 0
    from reader.translation.lookup import translations_for

    translated = translations_for(ws, article)
    out = sys.stdout
    out.write(f"{article.meta.title}\n{'=' * 40}\n")
    for p in article.paragraphs:
        out.write("\n")
        for s in p.sentences:
            prefix = (
                "#" * max(p.level, 1) + " "
                if p.kind == "heading"
                else ("> " if p.kind == "quote" else "- " if p.kind == "list" else "")
            )
            out.write(f"{prefix}{s.text}\n")
            t = translated.get(s.id)
            if t:
                out.write(f"    {t.text}  [{t.engine}]\n")
    return 0
