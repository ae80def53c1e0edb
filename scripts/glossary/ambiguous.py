"""Review the Chinese forms of a glossary for precision: forms that are ordinary words, and
longer ordinary words that contain a form.

Usage:  uv run python scripts/glossary/ambiguous.py [GLOSSARY.yaml] [--out FILE]

Two kinds of rows, for a curator to decide (nothing is changed):

- ``ambiguous?``  a form that is itself a word of general Chinese (one word for wordfreq's
  segmenter, Zipf frequency at least ``--min-zipf``; 3 = once per million words) and is not yet
  marked: neither one of its entry's ``ambiguous`` forms nor a form of a ``tier: general`` entry.
  Common is not the same as ambiguous: 人工智能 is common and always the term; 激活 is common and
  mostly "activate (an account)".
- ``exclude?``  a word of jieba's dictionary that contains a form, is not itself a glossary form
  and is frequent (互联网 contains 互联 "interconnect"; 量化宽松 contains 量化): the form would be
  tagged inside it unless the entry lists it under ``exclude``.

Output: TSV ``kind  form  entry  word  zipf``, the most common first within each kind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.glossary.load import check
from reader.glossary.model import Glossary
from reader.paths import bundled_glossary_path
from reader.text.script import to_simplified


def _zipf(word: str) -> float:
    import wordfreq

    return float(wordfreq.zipf_frequency(word, "zh"))


def ambiguous_rows(glossary: Glossary, min_zipf: float) -> list[tuple[str, str, str, str, float]]:
    """Unmarked forms that are single words of general Chinese."""
    import wordfreq

    rows = []
    for entry in glossary.entries:
        if entry.general:
            continue
        for form in entry.zh:
            if form in entry.ambiguous or form != to_simplified(form):
                continue
            if len(wordfreq.tokenize(form, "zh")) != 1:
                continue  # wordfreq's estimate for a phrase of several words means little
            zipf = _zipf(form)
            if zipf >= min_zipf:
                rows.append(("ambiguous?", form, entry.id, "", zipf))
    return sorted(rows, key=lambda r: -r[4])


def exclude_rows(glossary: Glossary, min_zipf: float) -> list[tuple[str, str, str, str, float]]:
    """Frequent dictionary words that contain a form and are no glossary form or exclusion."""
    import jieba

    owner: dict[str, str] = {}
    known: set[str] = set()
    for entry in glossary.entries:
        for form in entry.zh:
            simple = to_simplified(form)
            known.add(simple)
            if len(simple) >= 2:
                owner.setdefault(simple, entry.id)
        known.update(to_simplified(w) for w in entry.exclude)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    longest = max((len(f) for f in owner), default=0)
    rows = []
    for word, freq in tokenizer.FREQ.items():
        if not freq or len(word) < 3 or word in known:
            continue
        seen = set()
        for size in range(2, min(len(word) - 1, longest) + 1):
            for start in range(len(word) - size + 1):
                part = word[start : start + size]
                if part in owner and part not in seen:
                    seen.add(part)
                    zipf = _zipf(word)
                    if zipf >= min_zipf:
                        rows.append(("exclude?", part, owner[part], word, zipf))
    return sorted(rows, key=lambda r: -r[4])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("glossary", type=Path, nargs="?", default=bundled_glossary_path())
    parser.add_argument("--min-zipf", type=float, default=3.3)
    parser.add_argument("--min-word-zipf", type=float, default=3.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    glossary, _ = check([(args.glossary, "bundled")])
    rows = ambiguous_rows(glossary, args.min_zipf) + exclude_rows(glossary, args.min_word_zipf)
    lines = ["kind\tform\tentry\tword\tzipf"]
    lines += [f"{k}\t{f}\t{e}\t{w}\t{z:.2f}" for k, f, e, w, z in rows]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
