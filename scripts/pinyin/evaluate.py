"""Score the pinyin engine in one process, with the errors explained (a development aid).

Run from the repository root:

    uv run python scripts/pinyin/evaluate.py cpp            # CPP dev, tuning half only
    uv run python scripts/pinyin/evaluate.py everyday [--split tune|held] [--batch NAME]
                                                            # (control batches only by name)
    uv run python scripts/pinyin/evaluate.py file PATH      # a new batch, same format as the TSV

It goes through the reader's own analyzer (glossary, segmentation, engine), as
``reader analyze`` does, with an empty data directory (no user corrections). Each error is shown
with its segmentation and, for the model's characters, the model's probabilities and the
dictionaries' votes. Only the tuning half of CPP dev (even lines) is ever scored or shown here:
the held-out half is for ``benchmarks/bench_pinyin.py`` alone.
"""

from __future__ import annotations

import argparse
import collections
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("READER_DATA_DIR", tempfile.mkdtemp(prefix="pinyin-eval-"))

from benchmarks.bench_pinyin import Item, dev_dir, load, load_everyday  # noqa: E402


def analyzer():  # type: ignore[no-untyped-def]
    """The analyzer ``reader analyze`` uses."""
    from reader.workspace import Workspace

    return Workspace(None).analyzer


def explain(an, text: str, index: int) -> str:  # type: ignore[no-untyped-def]
    """The segmentation around ``index`` and the model's and dictionaries' view of it."""
    import numpy as np

    from reader.analysis import analysis_text

    simple = analysis_text(text)
    spans = an.segmenter.segment(simple)
    words = [simple[s:e] for s, e in spans]
    k = next(j for j, (s, e) in enumerate(spans) if s <= index < e)
    seg = (
        "|".join(words[max(0, k - 3) : k]) + " [" + words[k] + "] " + "|".join(words[k + 1 : k + 4])
    )
    engine = an.engine
    lex, model = engine._load()
    ch = simple[index]
    parts = [seg]
    s, e = spans[k]
    word = simple[s:e]
    if len(word) > 1:
        parts.append(f"pyp={lex.pyp.get(word)} ced={lex.cedict.get(word)} own={lex.own.get(word)}")
    if model.is_polyphone(ch):
        sc = model.scores(simple, [index])[0]
        p = np.exp(sc - sc.max())
        p = p / p.sum()
        cands = model.candidates[ch]
        parts.append(
            "model " + " ".join(f"{c}:{v:.2f}" for c, v in zip(cands, p, strict=True) if v > 0.01)
        )
    return "  ".join(parts)


def score(items: list[Item], *, show: bool = True, limit: int = 400) -> float:
    """Accuracy on ``items``; prints the errors (at most ``limit``) when ``show``."""
    an = analyzer()
    wrong = 0
    by_char: collections.Counter[str] = collections.Counter()
    lines = []
    for text, index, gold in items:
        found = None
        for token in an.analyze(text):
            if token.start <= index < token.end:
                found = token.pinyin[index - token.start]
                break
        if found != gold:
            wrong += 1
            by_char[text[index]] += 1
            if show and len(lines) < limit:
                marked = f"{text[:index]}[{text[index]}]{text[index + 1 :]}"
                lines.append(f"{marked}  {found}≠{gold}\n      {explain(an, text, index)}")
    acc = 100 * (len(items) - wrong) / len(items) if items else math.nan
    if show:
        print("\n".join(lines))
        print("errors by character: " + ", ".join(f"{c} {n}" for c, n in by_char.most_common(40)))
    print(f"{len(items) - wrong}/{len(items)} = {acc:.2f} %")
    return acc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("cpp")
    ev = sub.add_parser("everyday")
    ev.add_argument("--split", choices=("tune", "held"))
    ev.add_argument("--batch")
    fp = sub.add_parser("file")
    fp.add_argument("path", type=Path)
    for p in sub.choices.values():
        p.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    if args.what == "cpp":
        folder = dev_dir()
        if folder is None:
            raise SystemExit("CPP dev split not found")
        items = load(folder)[0::2]  # the tuning half only
    elif args.what == "everyday":
        sets = load_everyday()
        if args.batch:
            items = sets.batches[args.batch].items
        elif args.split:
            items = sets[args.split]
        else:
            # control batches are scored by the benchmark only: their errors stay unseen
            hidden = {
                (text, index)
                for batch in sets.batches.values()
                if batch.name.startswith("control")
                for text, index, _ in batch.items
            }
            items = [it for it in sets["tune"] + sets["held"] if it[:2] not in hidden]
    else:
        items = load_everyday(args.path)["tune"]
    score(items, show=not args.quiet)


if __name__ == "__main__":
    main()
