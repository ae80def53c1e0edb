"""Provides ``reader glossary``: check, search, show, stats and suggest over the AI glossary."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from pathlib import Path

from reader.cli.output import cell_width, emit_json, table
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``glossary`` and its sub-commands to the parser."""
    g = sub.add_parser(
        "glossary", parents=[common], help="check, search and explore the glossary of AI terms"
    )
    g.set_defaults(func=lambda args: _usage(g))
    gsub = g.add_subparsers(dest="glossary_command", metavar="COMMAND", parser_class=type(g))

    p = gsub.add_parser(
        "check", parents=[common], help="validate the glossary (bundled and yours, or one file)"
    )
    p.add_argument("--file", type=Path, metavar="PATH", help="check only this file")
    p.set_defaults(func=cmd_check)

    p = gsub.add_parser("search", parents=[common], help="find entries by Chinese, English, pinyin")
    p.add_argument("query", help="Chinese, English, an abbreviation or pinyin (xianxing, xiàn4)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N results")
    p.set_defaults(func=cmd_search)

    p = gsub.add_parser("show", parents=[common], help="an entry in full, with its occurrences")
    p.add_argument("id", help="an entry id (or one of its exact forms)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_show)

    p = gsub.add_parser("stats", parents=[common], help="occurrences of each term per article")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    p = gsub.add_parser(
        "suggest", parents=[common], help="candidate terms from the corpus that the glossary lacks"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--min-count",
        type=_positive,
        default=3,
        metavar="N",
        help="minimum occurrences of a Latin token or word (bracketed pairs count from one)",
    )
    p.add_argument("--limit", type=int, default=25, metavar="N", help="at most N per kind (0: all)")
    p.set_defaults(func=cmd_suggest)

    p = gsub.add_parser(
        "add", parents=[common], help="add an entry to your own glossary (validated first)"
    )
    p.add_argument("id", help="a new id: lower-case letters, digits and hyphens")
    p.add_argument("--en", required=True, help="the canonical English")
    p.add_argument("--category", required=True, help="concept, architecture, training, …")
    p.add_argument("--definition", required=True, help="one to three sentences")
    p.add_argument("--zh", action="append", default=[], metavar="FORM", help="a Chinese form")
    p.add_argument(
        "--pinyin",
        action="append",
        default=[],
        metavar="READING",
        help="tone-marked reading of each --zh in order (default: suggested by pypinyin)",
    )
    p.add_argument("--alias", action="append", default=[], help="another English form")
    p.add_argument("--abbr", action="append", default=[], help="an abbreviation")
    p.add_argument("--note", help="how the corpus uses the term")
    p.add_argument("--see-also", action="append", default=[], metavar="ID", help="a related id")
    p.add_argument(
        "--tier",
        choices=("general", "specialist"),
        help="general: a common word of AI writing, underlined quietly (default: specialist)",
    )
    p.set_defaults(func=cmd_add)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    return value


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def cmd_check(args: argparse.Namespace) -> int:
    """Prints every problem as ``PATH:LINE:COL: message`` (exit 1), or a summary (exit 0)."""
    from reader.glossary.load import check, check_file

    ws = Workspace(args.corpus)
    paths = ws.glossary_paths()
    if args.file is not None:
        glossary, problems = check_file(args.file, paths[0][0])
        checked = [args.file]
    else:
        glossary, problems = check(paths)
        checked = [p for p, source in paths if source == "bundled" or p.exists()]
    for problem in problems:
        print(problem)
    if problems:
        files = len({p.path for p in problems})
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"reader: {len(problems)} {noun} in {files} file(s)", file=sys.stderr)
        return 1
    if args.file is not None:
        own = sum(1 for e in glossary.entries if e.source != "bundled") or len(glossary)
        print(f"{args.file}: {own} {'entry' if own == 1 else 'entries'}, no problems")
    else:
        user = sum(1 for e in glossary.entries if e.source == "user")
        where = ", ".join(str(p) for p in checked)
        print(f"{len(glossary)} entries ({user} from your glossary), no problems: {where}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Ranked entries for the query: a table, or JSON objects with their score."""
    from reader.glossary.search import GlossarySearch

    ws = Workspace(args.corpus)
    hits = GlossarySearch(ws.glossary).search(args.query, limit=args.limit)
    if args.json:
        emit_json([{**h.entry.to_json(), "score": round(h.score, 2)} for h in hits])
        return 0
    if not hits:
        print(f"No glossary entry matches '{args.query}'.")
        return 0
    rows = [
        (
            h.entry.id,
            " ".join(h.entry.zh[:2]),
            h.entry.pinyin[0] if h.entry.pinyin else "",
            ", ".join(dict.fromkeys((h.entry.en, *h.entry.abbr))),
            h.entry.category,
        )
        for h in hits
    ]
    print(table(("ID", "CHINESE", "PINYIN", "ENGLISH", "CATEGORY"), rows, (26, 20, 22, 34, 12)))
    return 0


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


def _marked(sentence: str, start: int, end: int) -> str:
    """The sentence with the occurrence marked: reverse video on a terminal, else 【…】."""
    return f"{sentence[:start]}{_marked_span(sentence[start:end])}{sentence[end:]}"


def _window(sentence: str, start: int, end: int, room: int) -> str:
    """The part of ``sentence`` around ``start:end`` that fits ``room`` cells, span marked."""
    before, span, after = sentence[:start], sentence[start:end], sentence[end:]
    budget = room - cell_width(span) - 2
    left = before
    while left and cell_width(left) > budget // 2 and cell_width(left) + cell_width(after) > budget:
        left = left[1:]
    right = after
    while right and cell_width(left) + cell_width(right) > budget:
        right = right[:-1]
    lead = "…" if len(left) < len(before) else ""
    tail = "…" if len(right) < len(after) else ""
    return f"{lead}{left}{_marked_span(span)}{right}{tail}"


def _marked_span(span: str) -> str:
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return f"\x1b[7m{span}\x1b[0m"
    return f"【{span}】"


def cmd_show(args: argparse.Namespace) -> int:
    """The entry in full and every sentence of the corpus where it occurs."""
    from reader.export.appendix import related_name
    from reader.glossary.stats import entry_report

    ws = Workspace(args.corpus)
    report = entry_report(ws, args.id)
    if args.json:
        linked = [
            {"id": r.id, "en": r.en, "zh": list(r.zh[:1])}
            for r in ws.glossary.related(report.entry)
        ]
        emit_json({**report.to_json(), "related": linked})
        return 0
    e = report.entry
    width = _width()
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="  ")
    labels = [
        e.category,
        *(["general"] if e.general else []),
        *([e.source] if e.source != "bundled" else []),
    ]
    out = [f"{e.id} — {e.en}  [{', '.join(labels)}]"]
    forms = [f"{z} ({r})" if (r := e.reading_of(z)) else z for z in e.zh]
    if forms:
        out.append(
            textwrap.fill(
                " · ".join(forms),
                width=width,
                initial_indent="Chinese:  ",
                subsequent_indent="          ",
                break_on_hyphens=False,
            )
        )
    if e.aliases:
        out.append(f"Aliases:  {', '.join(e.aliases)}")
    if e.abbr:
        out.append(f"Abbr.:    {', '.join(e.abbr)}")
    vague = e.zh if e.general else e.ambiguous
    if vague:
        out.append(f"Ordinary words too (tagged beside AI terms only): {', '.join(vague)}")
    out.append("Definition:")
    out.append(wrap.fill(e.definition))
    if e.note:
        out.append("Note:")
        out.append(wrap.fill(e.note))
    related = ws.glossary.related(e)
    if related:
        names = ", ".join(f"{related_name(r)} ({r.id})" for r in related)
        out.append(
            textwrap.fill(
                names,
                width=width,
                initial_indent="See also: ",
                subsequent_indent="          ",
                break_on_hyphens=False,
            )
        )
    per_article = report.per_article()
    if not report.occurrences:
        out.append("\nNot found in the corpus.")
    else:
        counts = ", ".join(f"{slug} {n}" for slug, n in per_article.items())
        out.append(f"\n{len(report.occurrences)} occurrences in the corpus ({counts}):")
    for item in report.occurrences:
        occ = item.occurrence
        out.append(f"\n  {occ.article} {occ.sentence_id}")
        out.append(f"    {_marked(occ.sentence, occ.start, occ.end)}")
        if item.english:
            out.append(
                textwrap.fill(
                    item.english, width=width, initial_indent="    ", subsequent_indent="    "
                )
            )
    print("\n".join(out))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Occurrences of each term per article, and the terms never seen in the corpus."""
    from reader.glossary.stats import glossary_stats

    ws = Workspace(args.corpus)
    stats = glossary_stats(ws.glossary, ws.corpus.articles(), ws.analyzer.matcher)
    if args.json:
        emit_json(stats.to_json())
        return 0
    labels = [f"A{i}" for i in range(1, len(stats.articles) + 1)]
    print(f"{stats.total} occurrences of {len(stats.seen)} terms in {len(stats.articles)} articles")
    for label, slug in zip(labels, stats.articles, strict=True):
        print(f"  {label} = {slug}")
    print()
    rows = [
        (
            t.entry.id,
            t.entry.zh[0] if t.entry.zh else "",
            str(t.total),
            *(str(t.per_article.get(slug, "")) for slug in stats.articles),
        )
        for t in stats.seen
    ]
    headers = ("TERM", "CHINESE", "TOTAL", *labels)
    print(table(headers, rows, (30, 14, 5, *[4] * len(labels))))
    print(f"\nNever seen in the corpus ({len(stats.unseen)}):")
    print(
        textwrap.fill(
            ", ".join(e.id for e in stats.unseen) or "none",
            width=_width(),
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    return 0


_KIND_TITLES = {
    "pair": "Glossed in brackets, neither side in the glossary",
    "variant": "Possible new forms of existing entries",
    "latin": "Latin tokens no entry covers",
    "word": "Frequent words, rare in general Chinese",
}


def cmd_suggest(args: argparse.Namespace) -> int:
    """Candidate terms by kind, with counts and an example sentence each."""
    from reader.glossary.suggest import KINDS, suggest

    ws = Workspace(args.corpus)
    found = suggest(ws.glossary, ws.corpus.articles(), ws.analyzer, min_count=args.min_count)
    if args.limit > 0:
        kept = []
        per_kind: dict[str, int] = {}
        for c in found:
            per_kind[c.kind] = per_kind.get(c.kind, 0) + 1
            if per_kind[c.kind] <= args.limit:
                kept.append(c)
        found = kept
    if args.json:
        emit_json([c.to_json() for c in found])
        return 0
    if not found:
        print("No candidates: the glossary covers what the corpus shows.")
        return 0
    width = _width()
    for kind in KINDS:
        group = [c for c in found if c.kind == kind]
        if not group:
            continue
        print(f"\n{_KIND_TITLES[kind]} ({len(group)}):")
        for c in group:
            target = f"  → add to {c.entry}" if c.entry else ""
            print(f"  {c.count:>4}  {c.text}{target}")
            ex = c.example
            where = f"{ex.article} {ex.sentence_id}: "
            room = width - 8 - cell_width(where)
            print(f"        {where}{_window(ex.sentence, ex.start, ex.end, room)}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Adds an entry to the user glossary; on any problem lists them all and writes nothing."""
    from reader.glossary.edit import EntryProblems, NewEntry, add_entry
    from reader.paths import user_glossary_path

    ws = Workspace(args.corpus)
    new = NewEntry(
        id=args.id,
        en=args.en,
        category=args.category,
        definition=args.definition,
        zh=args.zh,
        pinyin=args.pinyin,
        aliases=args.alias,
        abbr=args.abbr,
        note=args.note,
        see_also=args.see_also,
        tier=args.tier,
    )
    try:
        result = add_entry(user_glossary_path(), ws.glossary_paths()[0][0], new)
    except EntryProblems as exc:
        for problem in exc.problems:
            if problem.line >= exc.first_new_line:
                print(f"new entry '{args.id}': {problem.message}", file=sys.stderr)
            else:
                print(problem, file=sys.stderr)
        print(f"reader: nothing was written to {user_glossary_path()}", file=sys.stderr)
        return 1
    what = "Created" if result.created else "Updated"
    replaces = "; it replaces the bundled entry" if result.overrides_bundled else ""
    readings = ", ".join(f"{z} {result.entry.reading_of(z)}" for z in result.entry.zh)
    print(f"{what} {result.path}: added '{result.entry.id}'{replaces}")
    if readings and not args.pinyin:
        print(f"Pinyin (suggested, check it): {readings}")
    return 0
