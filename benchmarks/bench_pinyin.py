"""Benchmarks pinyin accuracy: the CPP polyphone benchmark (dev split) and everyday prose.

All sentences go through ``reader analyze --jsonl --tone numbers`` in one process (start-up
included), exactly as acceptance reads them: the syllable of the marked character at its
position in its token's ``pinyin`` list.

- CPP dev: lines are split into a tuning half (even) and a held-out half (odd); report the
  held-out half. Nothing from the split is stored in the project; the files are read at run time.
- Everyday prose (``benchmarks/data/everyday_polyphones.tsv``): sentences written for this
  project, one labelled polyphone each (Xiandai Hanyu Cidian readings), split into a tuning part
  and a held-out part reported separately.

    uv run python -m benchmarks.run pinyin           # dev split from ../shared/data/cpp-dev
    CPP_DEV=/path/to/cpp-dev uv run python -m benchmarks.run pinyin
"""

from __future__ import annotations

import collections
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import ROOT, Row

MARK = "\u2581"
EVERYDAY = ROOT / "benchmarks" / "data" / "everyday_polyphones.tsv"

Item = tuple[str, int, str]  # sentence, index of the target character, gold syllable


def dev_dir() -> Path | None:
    """The CPP dev split, if present (CPP_DEV, else a ``shared`` folder beside the checkout)."""
    if env := os.environ.get("CPP_DEV"):
        candidates = [Path(env)]
    else:
        candidates = [p / "shared" / "data" / "cpp-dev" for p in ROOT.parents]
    return next((c for c in candidates if (c / "dev.sent").exists()), None)


def load(folder: Path) -> list[Item]:
    """(sentence, index of the target character, gold syllable) per line of CPP dev."""
    items = []
    sentences = (folder / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (folder / "dev.lb").read_text(encoding="utf-8").splitlines()
    for marked, gold in zip(sentences, labels, strict=True):
        index = marked.index(MARK)
        text = marked.replace(MARK, "")
        items.append((text, index, gold.strip().replace("u:", "ü")))
    return items


@dataclass
class Batch:
    """A batch of sentences written at one time and scored once before any change it led to."""

    name: str
    first: float  # accuracy (%) when first scored
    note: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Everyday:
    """The everyday-prose items by split ("tune", "held") and the fresh batches among them."""

    splits: dict[str, list[Item]]
    batches: dict[str, Batch]

    def __getitem__(self, split: str) -> list[Item]:
        return self.splits[split]


def load_everyday(path: Path = EVERYDAY) -> Everyday:
    """The everyday-prose items; the target is marked ``[X]``.

    A line ``@batch<TAB>NAME<TAB>FIRST SCORE<TAB>NOTE`` opens a fresh batch: the lines after it,
    up to the next one, were written together and scored once (FIRST SCORE, in %) before being
    used for tuning. Raises ValueError for a malformed line or a label that is not a reading of
    its character (checked against the pinyin data's list of possible readings)."""
    from reader.pinyin.lexicon import shared_lexicon

    readings = shared_lexicon().char_all
    out: dict[str, list[Item]] = {"tune": [], "held": []}
    batches: dict[str, Batch] = {}
    batch: Batch | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@batch\t"):
            try:
                _, name, first, note = line.split("\t")
                batch = batches[name] = Batch(name, float(first), note)
            except ValueError:
                raise ValueError(
                    f"{path.name}:{number}: expected '@batch<TAB>NAME<TAB>SCORE<TAB>NOTE'"
                ) from None
            continue
        split, gold, marked = line.split("\t")
        index = marked.find("[")
        if split not in out or index < 0 or marked[index + 2 : index + 3] != "]":
            raise ValueError(f"{path.name}:{number}: expected 'tune|held<TAB>syllable<TAB>…[X]…'")
        char = marked[index + 1]
        if gold not in readings.get(char, ()):
            raise ValueError(f"{path.name}:{number}: {gold} is not a reading of {char}")
        item = (marked[:index] + char + marked[index + 3 :], index, gold)
        out[split].append(item)
        if batch is not None:
            batch.items.append(item)
    return Everyday(out, batches)


def predict(items: list[Item]) -> tuple[list[str | None], float]:
    """The syllable ``reader analyze`` gives each target; and the wall time of the run.

    The CPU time of the run is kept in ``predict.cpu`` (the machine may be shared: wall time
    then overstates what one process costs)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    predict.cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)  # type: ignore[attr-defined]
    out: list[str | None] = []
    for (_, index, _), line in zip(items, proc.stdout.splitlines(), strict=True):
        found = None
        for token in json.loads(line)["tokens"]:
            if token["start"] <= index < token["end"]:
                found = token["pinyin"][index - token["start"]]
                break
        out.append(found)
    return out, elapsed


def _accuracy(items: list[Item], predicted: list[str | None]) -> float:
    right = sum(p == gold for p, (_, _, gold) in zip(predicted, items, strict=True))
    return 100 * right / len(items)


def run_cpp() -> list[Row]:
    """Accuracy per half of CPP dev, errors by character and throughput."""
    folder = dev_dir()
    if folder is None:
        print("CPP dev split not found (set CPP_DEV); skipping the CPP benchmark", file=sys.stderr)
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
        "CPP errors by character (total): "
        + ", ".join(f"{c} {n}" for c, n in errors.most_common(25)),
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
            target="≥ 98.0 %",
            note="published: g2pM 97.31, BERT 97.85, g2pW 99.08 (test)",
        ),
        Row("pinyin (CPP dev)", "accuracy, all", [100 * sum(right) / n], unit="%"),
        Row(
            "pinyin (CPP dev)",
            f"reader analyze --jsonl, {n} lines, one process",
            [elapsed],
            unit="s",
            target="≤ 30 s",
            note=f"{n / elapsed:.0f} sentences/s; CPU {predict.cpu:.1f} s",  # type: ignore[attr-defined]
        ),
    ]


def run_everyday() -> list[Row]:
    """Accuracy on the everyday-prose set: tuning and held-out parts, and each fresh batch
    beside the score it had when first scored."""
    sets = load_everyday()
    items = sets["tune"] + sets["held"]
    predicted, _ = predict(items)
    found = {(text, index): p for p, (text, index, _) in zip(predicted, items, strict=True)}
    tune = predicted[: len(sets["tune"])]
    held = predicted[len(sets["tune"]) :]
    wrong = [
        f"{text[:index]}[{text[index]}]{text[index + 1 :]} {p}≠{gold}"
        for p, (text, index, gold) in zip(held, sets["held"], strict=True)
        if p != gold
    ]
    if wrong:
        print("everyday held-out errors:\n  " + "\n  ".join(wrong), file=sys.stderr)
    rows = [
        Row(
            "pinyin (everyday prose)",
            f"accuracy, tuning part ({len(tune)} sentences)",
            [_accuracy(sets["tune"], tune)],
            unit="%",
        ),
        Row(
            "pinyin (everyday prose)",
            f"accuracy, held-out part ({len(held)} sentences)",
            [_accuracy(sets["held"], held)],
            unit="%",
            target="≥ 99 %",
        ),
    ]
    for batch in sets.batches.values():
        now = [found[(text, index)] for text, index, _ in batch.items]
        rows.append(
            Row(
                "pinyin (everyday prose)",
                f"batch {batch.name} ({len(batch.items)} sentences), now",
                [_accuracy(batch.items, now)],
                unit="%",
                note=f"first scored {batch.first:.1f} %; {batch.note}",
            )
        )
    return rows


def run() -> list[Row]:
    """The CPP rows and the everyday-prose rows."""
    return run_cpp() + run_everyday()
