"""Provides timing and table printing for the benchmark scripts (medians, ratios, one run)."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One measured case; ``baseline`` names the row its ratio is computed against."""

    group: str
    name: str
    samples: list[float]
    unit: str = "ms"
    baseline: str | None = None
    target: str = ""
    note: str = ""

    @property
    def median(self) -> float:
        """The median sample."""
        return statistics.median(self.samples)


def measure(fn: Callable[[], object], *, runs: int = 5, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of ``runs`` calls after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def run_process(argv: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds for one subprocess run of ``argv`` (its output is discarded)."""
    start = time.perf_counter()
    subprocess.run(
        argv,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def machine() -> str:
    """A one-line description of the machine the table was measured on."""
    cpus = os.cpu_count()
    return f"{platform.system()} {platform.machine()}, {cpus} CPUs, Python {sys.version.split()[0]}"


def print_table(rows: list[Row]) -> None:
    """Prints rows as a Markdown table with medians and ratios to their baselines."""
    by_name = {(r.group, r.name): r for r in rows}
    print(f"\nMachine: {machine()}\n")
    print("| group | case | median | runs | ratio | target | note |")
    print("|---|---|---:|---:|---:|---|---|")
    for r in rows:
        scale = 1000.0 if r.unit == "ms" else 1.0
        if r.unit == "ms":
            value = f"{r.median * scale:.1f} ms"
        elif r.unit == "s":
            value = f"{r.median:.2f} s"
        else:
            value = f"{r.median:.2f} {r.unit}"
        ratio = ""
        if r.baseline and (base := by_name.get((r.group, r.baseline))):
            ratio = f"{r.median / base.median:.2f}× {r.baseline}"
        print(
            f"| {r.group} | {r.name} | {value} | {len(r.samples)} | {ratio} | {r.target} | "
            f"{r.note} |"
        )
