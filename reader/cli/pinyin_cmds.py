"""Provides ``reader pinyin corrections list|add|remove``: the user's pinyin corrections."""

from __future__ import annotations

import argparse

from reader.cli.output import emit_json
from reader.errors import ReaderError
from reader.pinyin.overrides import (
    load_corrections,
    overrides_path,
    remove_correction,
    save_override,
)
from reader.text.script import to_simplified


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``pinyin corrections`` to the parser."""
    p = sub.add_parser("pinyin", parents=[common], help="your pinyin corrections")
    psub = p.add_subparsers(dest="pinyin_command", metavar="COMMAND", required=True)
    c = psub.add_parser(
        "corrections",
        parents=[common],
        help="list, add or remove corrections (R in the reader makes them)",
    )
    csub = c.add_subparsers(dest="corrections_command", metavar="ACTION", required=True)

    ls = csub.add_parser("list", parents=[common], help="the corrections, numbered")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)

    add = csub.add_parser("add", parents=[common], help="correct a word everywhere")
    add.add_argument("word", help="the word, e.g. 清晰地")
    add.add_argument("reading", help="one syllable per character: 'qīng xī de' or 'qing1 xi1 de5'")
    add.set_defaults(func=cmd_add)

    rm = csub.add_parser("remove", parents=[common], help="undo corrections")
    rm.add_argument(
        "items",
        nargs="+",
        metavar="N|WORD",
        help="a number from 'list', or a word (every correction of it)",
    )
    rm.set_defaults(func=cmd_remove)


def cmd_list(args: argparse.Namespace) -> int:
    """Prints the corrections, numbered, or as JSON."""
    corrections = load_corrections()
    if args.json:
        emit_json([c.to_json() for c in corrections])
        return 0
    if not corrections:
        print(f"No pinyin corrections yet ({overrides_path()}). Press R on a word in the reader.")
        return 0
    for n, c in enumerate(corrections, 1):
        print(f"{n:>3}  {c.describe()}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Saves a word-wide correction."""
    try:
        syllables = save_override(args.word, args.reading)
    except ValueError as exc:
        raise ReaderError(f"{args.word}: {exc}.") from None
    print(f"{to_simplified(args.word)} is read {' '.join(syllables)} everywhere.")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Removes corrections by number or word; exit 1 when an item matches nothing."""
    corrections = load_corrections()
    chosen = []
    for item in args.items:
        if item.isdigit():
            n = int(item)
            if not 1 <= n <= len(corrections):
                raise ReaderError(
                    f"No correction number {n} (there are {len(corrections)}; "
                    "see 'reader pinyin corrections list')."
                )
            chosen.append(corrections[n - 1])
            continue
        word = to_simplified(item)
        matching = [c for c in corrections if c.word == word]
        if not matching:
            raise ReaderError(f"No correction of {item} (see 'reader pinyin corrections list').")
        chosen.extend(matching)
    for c in dict.fromkeys(chosen):  # once each, in order
        if remove_correction(c):
            print(f"Removed: {c.describe()}")
    return 0
