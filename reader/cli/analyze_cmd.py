"""Provides ``reader analyze``: tokens, pinyin and glossary terms for text as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from reader.errors import ReaderError
from reader.workspace import Workspace


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``analyze`` to the parser."""
    p = sub.add_parser(
        "analyze", parents=[common], help="segment text and give pinyin and glossary terms as JSON"
    )
    p.add_argument("text", nargs="?", help="text to analyse (default: standard input)")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="analyse each line of standard input; print one JSON object per line",
    )
    p.add_argument(
        "--tone",
        choices=("marks", "numbers", "none"),
        default="marks",
        help="pinyin with tone marks (háng), numbers (hang2) or none (hang)",
    )
    p.add_argument(
        "--sandhi",
        action="store_true",
        help="show tone sandhi as spoken (不是 bú shì, 一个 yí gè); never applied "
        "with --tone numbers",
    )
    p.add_argument(
        "--neutral-tones",
        action="store_true",
        help="dictionary neutral tones on every word (衣服 yīfu, 认识 rènshi)",
    )
    p.set_defaults(func=cmd_analyze)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Prints ``{"text", "tokens": [...]}`` for the text or for each input line."""
    from reader.analysis import analysis_text
    from reader.vocab.levels import word_level

    analyzer = Workspace(args.corpus, neutral_tones=args.neutral_tones).analyzer
    # Sandhi is a display aid: tone numbers always give the citation tones.
    tone_sandhi = args.sandhi and args.tone != "numbers"
    dumps = json.dumps
    write = sys.stdout.write

    def one(text: str) -> None:
        _require_utf8(text)
        simple = analysis_text(text)  # HSK lists are simplified; same length as the text
        tokens = [
            t.to_json(args.tone) | {"hsk": word_level(simple[t.start : t.end])}
            for t in analyzer.analyze(text, tone_sandhi=tone_sandhi)
        ]
        write(dumps({"text": text, "tokens": tokens}, ensure_ascii=False))
        write("\n")

    try:
        if args.text is not None and not args.jsonl:
            one(args.text)
        elif args.jsonl:
            lines = [args.text] if args.text is not None else None
            source = lines if lines is not None else sys.stdin
            for line in source:
                one(line.rstrip("\r\n"))
        else:
            one(sys.stdin.read().rstrip("\n"))
    except UnicodeDecodeError as exc:  # standard input in a UTF-8 locale
        raise ReaderError(
            f"The input is not UTF-8 text (byte 0x{exc.object[exc.start]:02X}); "
            "convert it to UTF-8 first."
        ) from None
    return 0


def _require_utf8(text: str) -> None:
    """Refuses text holding undecodable bytes: Python passes them on as lone surrogates (from
    the command line, or standard input in the C locale), which JSON output cannot carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        byte = f" (byte 0x{code - 0xDC00:02X})" if 0xDC80 <= code <= 0xDCFF else ""
        raise ReaderError(
            f"The input is not UTF-8 text{byte} at character {exc.start + 1}; "
            "convert it to UTF-8 first."
        ) from None
