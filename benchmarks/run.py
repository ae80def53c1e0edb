"""Runs the benchmarks and prints one table (medians of several runs, ratios from the same run).

uv run python -m benchmarks.run              # every benchmark
uv run python -m benchmarks.run pipeline     # only benchmarks/bench_pipeline.py
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks.common import Row, print_table


def main(names: list[str]) -> None:
    """Imports each ``bench_*`` module (or the named ones) and prints their rows."""
    found = sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )
    chosen = names or found
    unknown = [n for n in chosen if n not in found]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(found)}")
    rows: list[Row] = []
    for name in chosen:
        print(f"running {name} …", file=sys.stderr)
        rows.extend(importlib.import_module(f"benchmarks.bench_{name}").run())
    print_table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
