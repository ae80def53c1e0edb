"""Provides ``reader list``, ``reader search`` and ``reader show``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from reader.cli.output import emit_json
from reader.document.blocks import Mark
from reader.model import Article, Paragraph, Sentence
from reader.workspace import Workspace

if TYPE_CHECKING:
    from reader.library.index import LibraryIndex
    from reader.library.search import Hit


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds the corpus commands to the parser."""
    p = sub.add_parser("list", parents=[common], help="list the articles in the corpus")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "search", parents=[common], help="find sentences in Chinese, English or pinyin"
    )
    p.add_argument("query", help="Chinese (either script), English words, or toneless pinyin")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=_positive, default=20, help="at most N sentences (20)")
    p.add_argument("--article", metavar="SLUG", help="only in this article")
    p.add_argument("--series", metavar="TITLE", help="only in the chapters of this series")
    p.add_argument(
        "--engine", help="only sentences whose English is from this engine (none: no English)"
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", parents=[common], help="print an article, split and analysed")
    p.add_argument("slug")
    p.add_argument("--json", action="store_true", help="print JSON with sentences and tokens")
    p.add_argument("--tone", choices=("marks", "numbers", "none"), default="marks")
    p.set_defaults(func=cmd_show)


def list_row(article: Article) -> dict[str, Any]:
    """One article as in ``reader list --json`` (``series``/``chapter`` for a book's chapters)."""
    m = article.meta
    return {
        "slug": m.slug,
        "title": m.title,
        "author": m.author,
        "source": m.source,
        "date": m.date,
        "script": m.script,
        "sentences": article.sentence_count(),
        "series": m.series,
        "chapter": m.chapter,
    }


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, not {value!r}")
    return number


def synced_library(ws: Workspace, *, english: bool = True) -> LibraryIndex:
    """The workspace's library index in step with the corpus (the articles' own files alone
    without ``english``, see ``LibraryIndex.sync``); a long build shows progress."""
    from reader.cli.progress import long_work_progress

    with long_work_progress("Indexing the library", unit="articles", at_least=50) as progress:
        report = ws.library.sync(progress, english=english)
    for notice in ws.library.notices:
        print(f"reader: {notice}", file=sys.stderr)
    for problem in report.problems:
        print(f"reader: skipped: {problem}", file=sys.stderr)
    return ws.library


def cmd_list(args: argparse.Namespace) -> int:
    """``reader list``: the articles with their metadata (from the library index)."""
    ws = Workspace(args.corpus)
    if args.json:
        emit_json([r.list_json() for r in synced_library(ws).records()])
        return 0
    # What is printed does not depend on the English files: they are not looked at here.
    text = synced_library(ws, english=False).listing_text()
    if text is None:
        print("The corpus is empty. Add an article with: reader import FILE")
        return 0
    print(text)
    return 0


def _marks(marks: tuple[Mark, ...], text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in marks:
        mark: dict[str, Any] = {"kind": m.kind, "start": m.start, "end": m.end}
        mark["text"] = text[m.start : m.end]
        if m.url is not None:
            mark["url"] = m.url
        out.append(mark)
    return out


def cmd_search(args: argparse.Namespace) -> int:
    """``reader search QUERY``: matching sentences, best first."""
    from reader.library.search import snippet

    ws = Workspace(args.corpus)
    library = synced_library(ws)
    results = library.search(
        args.query, limit=args.limit, article=args.article, series=args.series, engine=args.engine
    )
    if args.json:
        emit_json([search_json(h) for h in results.hits])
        return 0
    if not results.hits:
        print(f"No sentence matches “{args.query}”.")
        return 0
    bold = ("\x1b[1m", "\x1b[22m") if sys.stdout.isatty() else ("**", "**")
    for hit in results.hits:
        print(f"{hit.slug}  {hit.sentence_id}  ({hit.field})")
        print(f"    {snippet(hit, mark=bold)}")
    more = "+" if results.capped else ""
    shown = len(results.hits)
    print(
        f"\n{shown} of {results.total}{more} matching sentences"
        + (" (in library order: too many to rank)" if results.capped else "")
    )
    return 0


def search_json(hit: Hit) -> dict[str, Any]:
    """A hit as in ``reader search --json`` (the first five fields are the contract)."""
    from reader.library.search import snippet

    return {
        "slug": hit.slug,
        "sentence": hit.sentence_id,
        "zh": hit.zh,
        "en": hit.en,
        "snippet": snippet(hit),
        "title": hit.title,
        "position": hit.position,
        "field": hit.field,
        "spans": [list(s) for s in hit.spans],
        "engine": hit.engine,
        "score": None if hit.score is None else round(hit.score, 4),
    }


def article_json(ws: Workspace, article: Article, tone: str) -> dict[str, Any]:
    """An article as in ``reader show --json``: paragraphs, sentences, tokens, translations.

    Every paragraph has ``kind``; code has ``text`` (verbatim) and ``lang``, math ``text`` (the
    TeX) and ``label``, a table ``rows`` of cells ``{"sentences", "text", "inline"}`` (header
    first), an image ``src``, ``alt`` and its caption's ``sentences``, a list item ``ordered``
    and ``number``. ``depth`` counts the list items and ``quote`` the block quotes a paragraph
    sits in; ``inline`` lists inline code, math and links as offsets into ``text``.
    """
    from reader.analysis_cache import analyze_all
    from reader.translation.lookup import translations_for

    translated = translations_for(ws, article)
    sentences = list(article.sentences())
    analysed = analyze_all(ws, [(s.text, s.atoms) for s in sentences])
    tokens = {s.id: found for s, found in zip(sentences, analysed, strict=True)}
    style = tone  # "marks", "numbers" or "none"

    def sentence_json(s: Sentence) -> dict[str, Any]:
        t = translated.get(s.id)
        return {
            "id": s.id,
            "zh": s.text,
            "en": t.text if t else None,
            "engine": t.engine if t else None,
            "tokens": [tok.to_json(style) for tok in tokens[s.id]],  # type: ignore[arg-type]
        }

    paragraphs = []
    for p in article.paragraphs:
        block = p.block
        entry: dict[str, Any] = {
            "index": p.index,
            "kind": p.kind,
            "level": p.level,
            "speaker": p.speaker,
            "depth": block.depth,
            "quote": block.quote_depth,
        }
        if p.kind == "table":
            entry["sentences"] = []
            entry["rows"] = [
                [
                    {
                        "sentences": [sentence_json(s) for s in cell_sentences],
                        "text": cell.text,
                        "inline": _marks(cell.marks, cell.text),
                    }
                    for cell, cell_sentences in zip(row, sentence_row, strict=True)
                ]
                for row, sentence_row in zip(block.rows, p.cell_sentences(), strict=True)
            ]
        else:
            entry["sentences"] = [sentence_json(s) for s in p.sentences]
        if p.kind in ("code", "math"):
            entry["text"] = block.text
            entry["lang" if p.kind == "code" else "label"] = (
                block.lang if p.kind == "code" else block.label
            )
        elif p.kind == "image":
            entry.update({"src": block.src, "alt": block.alt, "text": block.text})
        elif p.kind != "table" and p.kind != "rule":
            entry["text"] = block.text
        if p.kind == "list":
            entry.update({"ordered": block.ordered, "number": block.number})
        if p.kind not in ("code", "math", "table", "rule"):
            entry["inline"] = _marks(block.marks, block.text)
        paragraphs.append(entry)
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
        for line in _verbatim_lines(p):
            out.write(line + "\n")
        for s in p.sentences:
            out.write(f"{_prefix(p, s)}{s.text}\n")
            t = translated.get(s.id)
            if t:
                out.write(f"    {t.text}  [{t.engine}]\n")
    return 0


def _prefix(p: Paragraph, s: Sentence) -> str:
    """How a sentence is introduced in the plain listing (heading marks, quote, list marker)."""
    indent = "  " * p.block.depth + "> " * p.block.quote_depth
    if p.kind == "heading":
        return indent + "#" * max(p.level, 1) + " "
    if p.kind == "list" and s.index == 0:
        return indent + (f"{p.block.number}. " if p.block.ordered else "- ")
    if p.kind == "table" and s.cell is not None:
        return indent + f"[{s.cell[0] + 1}:{s.cell[1] + 1}] "
    if p.kind == "image":
        return indent + "(caption) "
    return indent


def _verbatim_lines(p: Paragraph) -> list[str]:
    """Code, math, images and rules, which have no sentences of their own (or a caption)."""
    block = p.block
    if p.kind == "code":
        return [f"```{block.lang or ''}", *block.text.split("\n"), "```"]
    if p.kind == "math":
        return ["$$", *block.text.split("\n"), "$$" + (f" ({block.label})" if block.label else "")]
    if p.kind == "image":
        return [f"[image: {block.alt or ''}] {block.src or ''}"]
    if p.kind == "rule":
        return ["---"]
    return []
