"""Benchmarks pinyin accuracy and speed on the CPP polyphone benchmark (development split).

All sentences go through ``reader analyze --jsonl --tone numbers`` in one process (start-up
included), exactly as acceptance reads them: the syllable of the marked character at its
position in its token's ``pinyin`` list. Lines are split into a tuning half (even) and a
held-out half (odd); report the held-out half.

    uv run python -m benchmarks.run pinyin           # dev split from ../shared/data/cpp-dev
    CPP_DEV=/path/to/cpp-dev uv run python -m benchmarks.run pinyin

Nothing from the split is stored in the project; the files are read at run time.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Row

MARK = "\u2581"


def dev_dir() -> Path | None:
    """The CPP dev split, if present."""
    candidate = Path(os.environ.get("CPP_DEV", ROOT.parent / "shared" / "data" / "cpp-dev"))
    return candidate if (candidate / "dev.sent").exists() else None


def load(folder: Path) -> list[tuple[str, int, str]]:
    """(sentence, index of the target character, gold syllable) per line."""
    items = []
    sentences = (folder / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (folder / "dev.lb").read_text(encoding="utf-8").splitlines()
    for marked, gold in zip(sentences, labels, strict=True):
        index = marked.index(MARK)
        text = marked.replace(MARK, "")
        items.append((text, index, gold.strip().replace("u:", "ü")))
    return items


def predict(items: list[tuple[str, int, str]]) -> tuple[list[str | None], float]:
    """The syllable ``reader analyze`` gives each target; and the wall time of the run."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "--jsonl", "--tone", "numbers"],
        input="\n".join(text for text, _, _ in items) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    elapsed = time.perf_counter() - start
    out: list[str | None] = []
    for (_, index, _), line in zip(items, proc.stdout.splitlines(), strict=True):
        found = None
        for token in json.loads(line)["tokens"]:
            if token["start"] <= index < token["end"]:
                found = token["pinyin"][index - token["start"]]
                break
        out.append(found)
    return out, elapsed


def run() -> list[Row]:
    """Accuracy per half, errors by character and throughput."""
    folder = dev_dir()
    if folder is None:
        print(
            "CPP dev split not found (set CPP_DEV); skipping the pinyin benchmark", file=sys.stderr
        )
        return []
    items = load(folder)
    predicted, elapsed = predict(items)
    right = [p == gold for p, (_, _, gold) in zip(predicted, items, strict=True)]
    tuning = [r for i, r in enumerate(right) if i % 2 == 0]
    held = [r for i, r in enumerate(right) if i % 2 == 1]
    errors = collections.Counter(
        text[index] for ok, (text, index, _) in zip(right, items, strict=True) if not ok
    )
    print(
        "errors by character (total): " + ", ".join(f"{c} {n}" for c, n in errors.most_common(25)),
        file=sys.stderr,
    )
    n = len(items)
    return [
        Row(
            "pinyin (CPP dev)", "accuracy, tuning half", [100 * sum(tuning) / len(tuning)], unit="%"
        ),
        Row(
            "pinyin (CPP dev)",
            "accuracy, held-out half",
            [100 * sum(held) / len(held)],
            unit="%",
            target="≥ 97.5 %",
            note="published: g2pM 97.31, BERT 97.85 (test)",
        ),
        Row("pinyin (CPP dev)", "accuracy, all", [100 * sum(right) / n], unit="%"),
        Row(
            "pinyin (CPP dev)",
            f"reader analyze --jsonl, {n} lines, one process",
            [elapsed],
            unit="s",
            target="≤ 30 s",
            note=f"{n / elapsed:.0f} sentences/s",
        ),
    ]
