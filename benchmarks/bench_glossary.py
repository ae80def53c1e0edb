"""Benchmarks loading the glossary and matching it over the corpus (target: each < 100 ms warm).

"Warm" means the modules (PyYAML with libyaml, pypinyin, OpenCC) are imported and the program has
run once, but the glossary's own caches (loaded glossaries, per-character readings) are cleared
before every run, so each run parses, validates and builds the matcher from scratch.

- libyaml's parser events alone (what loading starts from) are the floor; ``yaml.safe_load``
  with the C parser is what a plain loader without positions or validation would cost.
- Matching covers every sentence of the corpus (analysis text prepared beforehand, as the reader
  keeps it), and the occurrences are grouped as ``reader glossary stats`` does.
- The "(CPU time)" rows time the same work with the process's CPU clock: on a shared machine the
  wall-clock medians include time spent waiting for a CPU, the CPU time does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from benchmarks.common import Row, measure


def measure_cpu(fn: Callable[[], object], *, runs: int = 9, warmup: int = 1) -> list[float]:
    """CPU seconds of this process for ``runs`` calls after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return samples


def run() -> list[Row]:
    """Measures the glossary rows."""
    import yaml

    from reader.analysis import analysis_text
    from reader.corpus import Corpus
    from reader.glossary.load import check, clear_caches
    from reader.glossary.match import Matcher
    from reader.paths import bundled_glossary_path

    path = bundled_glossary_path()
    paths = [(path, "bundled")]
    text = path.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    glossary, problems = check(paths)  # imports and first-use initialisation happen here
    assert not problems, problems

    def events_only() -> None:
        for _ in yaml.parse(text, Loader=loader):
            pass

    def safe_load() -> None:
        yaml.load(text, Loader=loader)  # a safe loader: CSafeLoader or SafeLoader

    def load() -> None:
        clear_caches()
        check(paths)

    def load_and_build() -> None:
        clear_caches()
        Matcher(check(paths)[0])

    def build() -> None:
        Matcher(glossary)

    sentences = [analysis_text(s.text) for a in Corpus.open().articles() for s in a.sentences()]
    matcher = Matcher(glossary)

    def match_corpus() -> None:
        for simple in sentences:
            Matcher.occurrences(simple, matcher.find(simple))

    group = "glossary"
    size = f"{len(glossary)} entries, {len(text.encode('utf-8')) // 1024} KiB"
    return [
        Row(group, "libyaml events only", measure(events_only, runs=9), note=size),
        Row(
            group,
            "yaml safe_load (libyaml, no validation)",
            measure(safe_load, runs=9),
            baseline="libyaml events only",
        ),
        Row(
            group,
            "parse + validate (caches cleared)",
            measure(load, runs=9),
            baseline="libyaml events only",
            target="< 100 ms",
        ),
        Row(group, "build the matcher", measure(build, runs=9)),
        Row(
            group,
            "parse + validate + build the matcher",
            measure(load_and_build, runs=9),
            target="< 100 ms",
        ),
        Row(
            group,
            "match the whole corpus",
            measure(match_corpus, runs=9),
            target="< 100 ms",
            note=f"{len(sentences)} sentences",
        ),
        Row(
            group,
            "parse + validate + build the matcher (CPU time)",
            measure_cpu(load_and_build),
            target="< 100 ms",
        ),
        Row(
            group, "match the whole corpus (CPU time)", measure_cpu(match_corpus), target="< 100 ms"
        ),
    ]
