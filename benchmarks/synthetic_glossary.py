"""Provides a large synthetic glossary file with the shape of the real one, for timing.

Entries have what real entries have: two to four Chinese forms of two to six frequent characters
(readings from pypinyin's single-character table, so they validate), an English name, aliases
and sometimes an abbreviation, a category, a tier now and then, a definition of about forty words,
a note for one entry in three, see_also ids and exclusions. The generator is seeded: the same
size gives the same file.
"""

from __future__ import annotations

import random
from pathlib import Path

from reader.glossary.model import CATEGORIES
from reader.paths import package_data

_WORDS = tuple(
    [
        "model",
        "training",
        "data",
        "layer",
        "attention",
        "token",
        "vector",
        "weight",
        "gradient",
        "loss",
        "sequence",
        "context",
        "inference",
        "memory",
        "cache",
        "cluster",
        "network",
        "compute",
        "sample",
        "batch",
        "reward",
        "policy",
        "agent",
        "tool",
        "retrieval",
        "embedding",
        "decoder",
        "encoder",
        "parameter",
        "kernel",
        "tensor",
        "graph",
        "latent",
        "signal",
    ]
)


def _characters() -> list[str]:
    """Frequent simplified characters that have a reading."""
    from pypinyin.constants import PINYIN_DICT

    text = package_data("common_chars.txt").read_text(encoding="utf-8")
    chars = [ch for line in text.splitlines() if not line.startswith("#") for ch in line]
    return [ch for ch in dict.fromkeys(chars) if PINYIN_DICT.get(ord(ch))]


def _reading(form: str) -> str:
    from pypinyin.constants import PINYIN_DICT

    return " ".join(PINYIN_DICT[ord(ch)].split(",")[0] for ch in form)


def synthetic_glossary(entries: int, seed: int = 14) -> str:
    """The text of a valid glossary file with ``entries`` entries."""
    rng = random.Random(seed)
    chars = _characters()
    used_forms: set[str] = set()
    used_english: set[str] = set()

    def new_form() -> str:
        while True:
            form = "".join(rng.choice(chars) for _ in range(rng.randint(2, 6)))
            if form not in used_forms:
                used_forms.add(form)
                return form

    def new_english(n: int) -> str:
        while True:
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 4)))
            name = f"{words} {n}"
            if name.casefold() not in used_english:
                used_english.add(name.casefold())
                return name

    lines = ["# A synthetic glossary for benchmarks (synthetic_glossary.py).", "entries:"]
    for n in range(entries):
        forms = [new_form() for _ in range(rng.randint(2, 4))]
        english = new_english(n)
        lines += [
            f"  - id: term-{n}",
            f"    zh: [{', '.join(forms)}]",
            f"    pinyin: [{', '.join(_reading(f) for f in forms)}]",
            f"    en: {english}",
            f"    aliases: [{new_english(n)}, {new_english(n)}]",
        ]
        if n % 3 == 0:
            lines.append(f"    abbr: [T{n}X]")
        lines.append(f"    category: {CATEGORIES[n % len(CATEGORIES)]}")
        if n % 10 == 0:
            lines.append("    tier: general")
        definition = " ".join(rng.choice(_WORDS) for _ in range(40))
        lines += ["    definition: >-", f"      {definition[:95]}", f"      {definition[95:]}"]
        if n % 3 == 1:
            lines += ["    note: >-", f"      {' '.join(rng.choice(_WORDS) for _ in range(20))}"]
        if n > 2:
            lines.append(f"    see_also: [term-{n - 1}, term-{n - 2}]")
        if n % 7 == 0:
            lines.append(f"    exclude: [{forms[0]}{rng.choice(chars)}]")
        if n % 5 == 0:
            lines.append(f"    ambiguous: [{forms[0]}]")
        lines.append("")
    return "\n".join(lines)


def write_synthetic_glossary(path: Path, entries: int) -> Path:
    """Writes the synthetic glossary to ``path``."""
    path.write_text(synthetic_glossary(entries), encoding="utf-8")
    return path
