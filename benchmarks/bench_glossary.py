"""Benchmarks loading the glossary and matching it over the corpus, and measures its quality.

Speed targets: parse, validate and build the matcher for 900+ entries < 150 ms; match the
corpus < 100 ms. "Warm" means the modules (PyYAML with libyaml, pypinyin, OpenCC) are imported
and the program has run once, but the glossary's own caches (loaded glossaries, per-character
readings) are cleared before every run, so each run parses, validates and builds the matcher
from scratch.

- A valid file is read fast, as plain values with yaml-rs (``reader.glossary.plain_yaml``); a
  file with a problem is then read in full from libyaml's events, with positions. libyaml's
  events alone are the floor of that full reading; ``yaml.safe_load`` with the C parser is what a
  plain PyYAML loader without positions or validation would cost. The row "a problem in the last
  entry" is what checking a file with a mistake costs: the fast reading up to it, then the full
  one.
- Loading from the disk cache (``reader.glossary.cache``: validated entries as JSON, keyed by
  the files' contents) is what a start costs while the glossary files are unchanged.
- Three glossaries: the bundled one; a synthetic one of 1,000 entries with the shape of the real
  ones (``benchmarks/synthetic_glossary.py``); and, when ``BENCH_GLOSSARY_PARTS`` names
  fragment files (colon-separated), the bundled one with those fragments appended.
- Matching covers every sentence of the corpus (analysis text prepared beforehand, as the reader
  keeps it), and the occurrences are grouped as ``reader glossary stats`` does; once without and
  once with the word-boundary check (``reader.glossary.boundary``), which the reader uses.
- The "(CPU time)" rows time the same work with the process's CPU clock: on a shared machine the
  wall-clock medians include time spent waiting for a CPU, the CPU time does not.
- Quality (``benchmarks/glossary_quality.py``): search top 3 and whole tagging on the
  development terms, everyday sentences without a false tag, and the share of reviewed
  candidate terms (mined from Chinese AI documents) that the glossary covers.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


def _with_parts(bundled: Path, parts: list[Path], folder: Path) -> Path:
    """The bundled glossary with fragment files (list items only) appended under its entries."""
    text = bundled.read_text(encoding="utf-8").rstrip("\n") + "\n"
    for part in parts:
        text += "\n" + part.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path = folder / "glossary-with-parts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _load_rows(label: str, path: Path, folder: Path) -> list[Row]:
    """Loading rows for one glossary file."""
    import yaml

    from reader.glossary.load import check, clear_caches, load_glossary
    from reader.glossary.match import Matcher

    paths = [(path, "bundled")]
    text = path.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    glossary, _ = check(paths)  # imports and first-use initialisation happen here

    def events_only() -> None:
        for _ in yaml.parse(text, Loader=loader):
            pass

    def safe_load() -> None:
        yaml.load(text, Loader=loader)  # a safe loader: CSafeLoader or SafeLoader

    def load_and_build() -> None:
        clear_caches()
        Matcher(check(paths)[0])

    broken = folder / f"{label.replace(' ', '-')}-broken.yaml"
    # A category that does not exist, in the last entry: found by the fast reading at its end.
    at = text.rindex("category: ")
    broken.write_text(text[:at] + "category: nonsense-" + text[at + 10 :], encoding="utf-8")
    broken_paths = [(broken, "bundled")]
    assert check(broken_paths)[1], "the broken copy must have a problem"

    def with_a_problem() -> None:
        clear_caches()
        check(broken_paths)

    def cached_and_build() -> None:
        clear_caches()  # the in-memory cache; the one on disk stays
        Matcher(load_glossary(paths))

    group = "glossary"
    size = f"{len(glossary)} entries, {len(text.encode('utf-8')) // 1024} KiB"
    events = f"{label}: libyaml events only"
    return [
        Row(group, events, measure(events_only, runs=9), note=size),
        Row(
            group,
            f"{label}: yaml safe_load (no validation)",
            measure(safe_load, runs=9),
            baseline=events,
        ),
        Row(
            group,
            f"{label}: parse + validate + build the matcher",
            measure(load_and_build, runs=9),
            baseline=events,
            target="< 150 ms",
        ),
        Row(
            group,
            f"{label}: parse + validate + build the matcher (CPU time)",
            measure_cpu(load_and_build),
            target="< 150 ms",
        ),
        Row(
            group,
            f"{label}: a problem in the last entry (read fast, then in full)",
            measure(with_a_problem, runs=5),
            baseline=f"{label}: parse + validate + build the matcher",
            note="what `reader glossary check` costs on a file with a mistake",
        ),
        Row(
            group,
            f"{label}: load from the disk cache + build the matcher",
            measure(cached_and_build, runs=9),
            baseline=events,
            note="what a start costs while the files are unchanged",
        ),
    ]


def _quality_rows() -> list[Row]:
    from benchmarks.glossary_quality import LISTS
    from benchmarks.glossary_quality import measure as quality
    from reader.workspace import Workspace

    group = "glossary quality"
    scores = quality(Workspace().glossary)
    targets = {
        "search top 3": "≥ 97 %",
        "whole tag in a running sentence": "≥ 97 %",
        "everyday sentences without a tag": "100 %",
    }
    targets |= {
        f"{name}{label}": target
        for name, target in list(targets.items())
        for _, _, label in LISTS.values()
    }
    return [
        Row(
            group,
            s.name,
            [s.percent],
            unit="%",
            target=targets.get(s.name, ""),
            note=f"{s.ok}/{s.total}",
        )
        for s in scores
    ]


def run() -> list[Row]:
    """Measures the glossary rows."""
    from benchmarks.synthetic_glossary import write_synthetic_glossary
    from reader.analysis import analysis_text
    from reader.corpus import Corpus
    from reader.glossary.load import check
    from reader.glossary.match import Matcher
    from reader.paths import bundled_glossary_path
    from reader.text.segment import Segmenter

    bundled = bundled_glossary_path()
    rows: list[Row] = []
    data_dir = os.environ.get("READER_DATA_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["READER_DATA_DIR"] = str(folder / "data")  # the disk cache goes there
        rows += _load_rows("bundled", bundled, folder)
        rows += _load_rows("synthetic", write_synthetic_glossary(folder / "s.yaml", 1000), folder)
        parts = [Path(p) for p in os.environ.get("BENCH_GLOSSARY_PARTS", "").split(":") if p]
        if parts:
            rows += _load_rows("with fragments", _with_parts(bundled, parts, folder), folder)
        if data_dir is None:
            del os.environ["READER_DATA_DIR"]
        else:
            os.environ["READER_DATA_DIR"] = data_dir

    glossary, _ = check([(bundled, "bundled")])
    sentences = [analysis_text(s.text) for a in Corpus.open().articles() for s in a.sentences()]
    matcher = Matcher(glossary)

    def match_corpus() -> None:
        for simple in sentences:
            Matcher.occurrences(simple, matcher.find(simple))

    segmenter = Segmenter()
    segmenter.warm()
    checked = Matcher(glossary, words=segmenter)

    def match_corpus_checked() -> None:
        for simple in sentences:
            Matcher.occurrences(simple, checked.find(simple))

    group = "glossary"
    rows += [
        Row(group, "build the matcher", measure(lambda: Matcher(glossary), runs=9)),
        Row(
            group,
            "match the whole corpus",
            measure(match_corpus, runs=9),
            target="< 100 ms",
            note=f"{len(sentences)} sentences, {len(glossary)} entries",
        ),
        Row(
            group, "match the whole corpus (CPU time)", measure_cpu(match_corpus), target="< 100 ms"
        ),
        Row(
            group,
            "match the whole corpus, word-boundary check",
            measure(match_corpus_checked, runs=9),
            baseline="match the whole corpus",
            note="as the reader matches: jieba's plain words weigh suspect matches",
        ),
    ]
    return rows + _quality_rows()
