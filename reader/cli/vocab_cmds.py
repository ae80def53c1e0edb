"""Provides ``reader vocab``: save words, list them, mark known words, import and export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.cli.output import emit_json, table
from reader.errors import ReaderError
from reader.vocab.model import STATES, State, VocabEntry
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``vocab`` and its sub-commands to the parser."""
    vocab = sub.add_parser(
        "vocab", parents=[common], help="your vocabulary: saved words, known words, Anki export"
    )
    cmds = vocab.add_subparsers(dest="vocab_command", metavar="COMMAND", parser_class=type(vocab))
    vocab.set_defaults(func=lambda args: _usage(vocab))

    p = cmds.add_parser("add", parents=[common], help="save a word with its sentence")
    p.add_argument("word", help="the word (either script)")
    p.add_argument("--article", metavar="SLUG", help="the article it was met in")
    p.add_argument(
        "--sentence",
        metavar="ID",
        help="the sentence (an id of reader show --json, or its position part such as 12.3); "
        "default: the first sentence of the article that has the word",
    )
    p.add_argument(
        "--en",
        action="append",
        metavar="TEXT",
        help="your own English (repeat for several senses) instead of the dictionary's",
    )
    p.add_argument("--note", default="", metavar="TEXT", help="a note to keep with the word")
    p.add_argument("--json", action="store_true", help="print the saved entry as JSON")
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser("list", parents=[common], help="the saved words, newest first")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--state", choices=STATES, help="only words in this state")
    p.add_argument("--search", metavar="QUERY", help="word, pinyin, English, notes or title")
    p.set_defaults(func=cmd_list)

    for state, help_text in (
        ("known", "mark words as known"),
        ("learning", "mark words as being learnt"),
        ("new", "mark words as new again (not known, not learning)"),
    ):
        p = cmds.add_parser(state, parents=[common], help=help_text)
        p.add_argument("words", nargs="+", metavar="WORD")
        p.set_defaults(func=cmd_state, state=state)

    p = cmds.add_parser("remove", parents=[common], help="delete a saved word")
    p.add_argument("word")
    p.add_argument("--pinyin", metavar="READING", help="which reading, when several are saved")
    p.set_defaults(func=cmd_remove)

    p = cmds.add_parser("info", parents=[common], help="a word's HSK level, frequency and state")
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("--json", action="store_true", help="print JSON lines")
    p.set_defaults(func=cmd_info)

    p = cmds.add_parser(
        "difficulty", parents=[common], help="how hard each article is for you (known words, HSK)"
    )
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="articles (default: all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_difficulty)

    p = cmds.add_parser(
        "export", parents=[common], help="write an Anki deck, CSV, TSV or Pleco list"
    )
    p.add_argument(
        "--format",
        choices=("anki", "csv", "tsv", "pleco"),
        help="default: from the file's extension (.apkg, .csv, .tsv, .txt for Pleco)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="the file (- for standard output)"
    )
    p.add_argument("--state", choices=STATES, help="only words in this state")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=cmd_export)

    p = cmds.add_parser(
        "import",
        parents=[common],
        help="mark the words of a list as known (one per line, Pleco or Anki export), or read "
        "back a reader CSV/TSV export",
    )
    p.add_argument("path", type=Path)
    p.add_argument(
        "--as",
        dest="state",
        choices=("known", "learning"),
        default="known",
        help="the state the listed words get (default: known)",
    )
    p.add_argument("--column", type=int, metavar="N", help="take the words from column N")
    p.add_argument(
        "--dry-run", action="store_true", help="report what would change, change nothing"
    )
    p.set_defaults(func=cmd_import)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _store() -> Any:
    from reader.vocab.store import VocabStore

    return VocabStore()


def entry_json(entry: VocabEntry, state: State) -> dict[str, Any]:
    """A saved word as in ``reader vocab list --json``."""
    from reader.vocab.levels import word_level
    from reader.vocab.reading import marks

    return {
        "id": entry.id,
        "word": entry.word,
        "simplified": entry.simplified,
        "traditional": entry.traditional,
        "pinyin": marks(entry.reading),
        "pinyin_numbers": entry.reading,
        "english": list(entry.senses),
        "english_from": entry.sense_source,
        "term": entry.term,
        "state": state,
        "hsk": word_level(entry.simplified),
        "sentence": entry.sentence,
        "sentence_en": entry.sentence_en,
        "article": entry.slug,
        "sentence_id": entry.sentence_id,
        "title": entry.title,
        "source": entry.source,
        "url": entry.url,
        "notes": entry.notes,
        "added": entry.added,
    }


def cmd_add(args: argparse.Namespace) -> int:
    """``reader vocab add``: saves a word, with its sentence when an article is named."""
    from reader.vocab.capture import (
        PARTS_PREFIX,
        from_article,
        make_entry,
        reading_without_context,
    )
    from reader.vocab.reading import marks

    if args.sentence and not args.article:
        raise ReaderError("--sentence needs --article SLUG.")
    ws = Workspace(args.corpus)
    if args.article:
        article = ws.corpus.load(args.article)
        entry = from_article(ws, article, args.word, args.sentence, senses=args.en, notes=args.note)
    else:
        from reader.text.chars import has_han

        if not has_han(args.word):
            raise ReaderError(
                f"“{args.word}” has no Chinese characters; only Chinese words are saved."
            )
        entry = make_entry(
            ws,
            args.word,
            reading_without_context(ws, args.word.strip()),
            senses=args.en,
            notes=args.note,
        )
    store = _store()
    stored, created = store.save(entry)
    if args.json:
        emit_json(entry_json(stored, store.state(stored.simplified)))
        return 0
    where = f" (from {stored.slug} {stored.sentence_id})" if stored.slug else ""
    verb = "Saved" if created else "Updated"
    print(f"{verb} {stored.word} {marks(stored.reading)} — {_short(stored.english, 60)}{where}")
    if stored.senses and stored.senses[0].startswith(PARTS_PREFIX):
        print(
            f"“{stored.word}” is not in CC-CEDICT: its English is made of its parts' senses "
            "(give your own with --en)."
        )
    return 0


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace) -> int:
    """``reader vocab list``: the saved words."""
    from reader.vocab.levels import label, word_level
    from reader.vocab.reading import marks

    store = _store()
    entries = store.entries(args.search or "", args.state)
    states = store.states()
    if args.json:
        emit_json([entry_json(e, states.get(e.simplified, "new")) for e in entries])
        return 0
    if not entries:
        print(
            "No saved word matches."
            if args.search or args.state
            else "No saved words yet. Save one with: reader vocab add WORD --article SLUG"
        )
        return 0
    rows = []
    for e in entries:
        level = word_level(e.simplified)
        rows.append(
            (
                e.word,
                marks(e.reading),
                states.get(e.simplified, "new"),
                label(level) if level is not None else "",
                e.english,
                e.slug or "",
                e.added[:10],
            )
        )
    print(
        table(
            ("WORD", "PINYIN", "STATE", "HSK", "ENGLISH", "ARTICLE", "ADDED"),
            rows,
            (10, 16, 8, 4, 40, 20, 10),
        )
    )
    return 0


def cmd_state(args: argparse.Namespace) -> int:
    """``reader vocab known|learning|new WORD...``: sets the words' state."""
    from reader.text.chars import has_han

    words = [w.strip() for w in args.words if w.strip()]
    bad = [w for w in args.words if not has_han(w)]
    if bad:
        raise ReaderError(f"“{bad[0]}” has no Chinese characters; nothing was marked.")
    changed = _store().set_state(words, args.state)
    print(
        f"Marked {changed} of {len(words)} word(s) {args.state}"
        + ("" if changed == len(words) else f" ({len(words) - changed} already were)")
    )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """``reader vocab remove WORD``: deletes a saved word (its state stays)."""
    from reader.vocab.reading import marks

    store = _store()
    found = store.find(args.word)
    if args.pinyin:
        wanted = args.pinyin.replace(" ", "").lower()
        found = [
            e for e in found if wanted in (marks(e.reading).lower(), e.reading.replace(" ", ""))
        ]
    if not found:
        raise ReaderError(f"“{args.word}” is not in your vocabulary.")
    if len(found) > 1:
        readings = ", ".join(marks(e.reading) for e in found)
        raise ReaderError(
            f"“{args.word}” is saved with several readings ({readings}); add --pinyin."
        )
    store.delete(found[0].id)
    print(f"Removed {found[0].word} {marks(found[0].reading)}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """``reader vocab info WORD...``: HSK level, frequency, state and whether it is saved."""
    from reader.vocab.frequency import Frequencies, band
    from reader.vocab.levels import effective_level, label, word_level
    from reader.vocab.store import word_key

    store = _store()
    states = store.states()
    keys = [word_key(w) for w in args.words]
    zipfs = Frequencies().zipf_many(keys)
    for word, key in zip(args.words, keys, strict=True):
        level = word_level(key)
        info = {
            "word": word,
            "simplified": key,
            "hsk": level,
            "hsk_by_characters": effective_level(key) if level is None else level,
            "zipf": zipfs.get(key),
            "state": states.get(key, "new"),
            "saved": len(store.find(key)),
        }
        if args.json:
            emit_json(info)
            continue
        hsk = f"HSK {label(level)}" if level is not None else "not in the HSK lists"
        zipf = zipfs.get(key)
        freq = f"Zipf {zipf:.1f}, {band(zipf)}" if zipf is not None else band(None)
        saved = f", saved {info['saved']}×" if info["saved"] else ""
        print(f"{word}: {hsk}; {freq}; {info['state']}{saved}")
    return 0


def cmd_difficulty(args: argparse.Namespace) -> int:
    """``reader vocab difficulty``: each article's difficulty for the learner, from the library
    index's word counts (articles not counted yet are counted first, once)."""
    from reader.cli.corpus_cmds import synced_library
    from reader.cli.progress import long_work_progress

    ws = Workspace(args.corpus)
    for slug in args.slugs:
        ws.corpus.path_of(slug)  # an unknown slug is an error, named before any work
    store = _store()
    states = store.states()
    known = {w for w, s in states.items() if s == "known"}
    learning = {w for w, s in states.items() if s == "learning"}
    library = synced_library(ws, english=False)
    with long_work_progress("Counting words", unit="articles", at_least=20) as progress:
        library.count_words(ws.analyzer, progress=progress, only=set(args.slugs) or None)
    found = library.difficulties(known, learning)
    # An article that cannot be read was named by the sync, and has no counts.
    results = [(slug, found[slug]) for slug in args.slugs or sorted(found) if slug in found]
    if args.json:
        emit_json(
            [
                {
                    "slug": slug,
                    "words": d.words,
                    "distinct": d.distinct,
                    "known_share": round(d.known_share, 4),
                    "new_words": d.new_words,
                    "learning": d.learning,
                    "level": d.level,
                    "hsk": {("beyond" if k is None else str(k)): v for k, v in d.hsk.items()},
                }
                for slug, d in results
            ]
        )
        return 0
    rows = [
        (slug, f"{d.known_share:.0%}", str(d.new_words), _level(d.level), str(d.words))
        for slug, d in sorted(results, key=lambda r: r[1].sort_key)
    ]
    print(table(("ARTICLE", "KNOWN", "NEW", "HSK", "WORDS"), rows, (28, 6, 6, 7, 6)))
    return 0


def _level(level: int | None) -> str:
    from reader.vocab.levels import label

    return label(level) if level is not None else "beyond"


def cmd_export(args: argparse.Namespace) -> int:
    """``reader vocab export``: the saved words as an Anki deck, CSV, TSV or Pleco list."""
    from reader.vocab.export import ExportFormat, export_vocabulary, format_for, render

    store = _store()
    if args.output == "-":
        fmt: ExportFormat = args.format or "csv"
        if fmt == "anki":
            raise ReaderError("An Anki package cannot go to standard output; give -o FILE.apkg.")
        text, _count = render(store, fmt, args.state)
        sys.stdout.write(text)
        return 0
    fmt = format_for(args.output, args.format)
    result = export_vocabulary(
        store, Path(args.output).expanduser(), fmt, state=args.state, force=args.force
    )
    names = {"anki": "Anki deck", "csv": "CSV", "tsv": "TSV", "pleco": "Pleco list"}
    print(f"Wrote {result.words} word(s) to {result.path} ({names[fmt]})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``reader vocab import PATH``: marks a list's words, or reads back an own export."""
    from reader.vocab.wordlists import read_word_list

    found = read_word_list(args.path.expanduser(), column=args.column)
    store = _store()
    encoding = "" if found.encoding in ("utf-8", "utf-8-sig") else f", read as {found.encoding}"
    skipped = f", {found.skipped} line(s) without a word skipped" if found.skipped else ""
    origin = {
        "list": "a list",
        "table": "a table",
        "Pleco": "a Pleco file",
        "Anki": "an Anki export",
    }
    origin_text = origin.get(found.kind, found.kind)
    if found.column:
        origin_text += f" (column {found.column})"
    if found.entries:
        existing = {e.key for e in store.entries()}
        new = [e for e in found.entries if e.key not in existing]
        if not args.dry_run:
            store.restore(found.entries, found.states)
        verb = "Would add" if args.dry_run else "Added"
        print(
            f"{verb} {len(new)} of {len(found.entries)} saved word(s) from a reader export "
            f"({len(found.entries) - len(new)} already saved{skipped}{encoding})"
        )
        return 0
    states = store.states()
    already = sum(1 for w in found.words if states.get(w) == args.state)
    unknown = _not_in_dictionaries(Workspace(args.corpus), found.words)
    if not args.dry_run:
        store.set_state(found.words, args.state)
    verb = "Would mark" if args.dry_run else "Marked"
    print(
        f"{verb} {len(found.words) - already} word(s) {args.state} from {origin_text} "
        f"({len(found.words)} in the file, {already} already {args.state}{skipped}{encoding})"
    )
    if unknown:
        sample = "、".join(unknown[:8]) + ("…" if len(unknown) > 8 else "")
        print(f"{len(unknown)} of them are in no dictionary (names? typos?): {sample}")
    return 0


def _not_in_dictionaries(ws: Workspace, words: list[str]) -> list[str]:
    """The words neither CC-CEDICT nor the glossary has (worth a look: a wrong column?)."""
    from reader.vocab.store import word_key

    terms = {word_key(form) for entry in ws.glossary.by_id.values() for form in entry.zh}
    return [w for w in words if w not in ws.dictionary and w not in terms]
