"""Mine candidate glossary terms from Chinese AI documents, with frequency counts per source.

Usage (from the repository root):

    uv run python scripts/glossary/mine.py [--out scripts/glossary/candidates.tsv]
        [--copy-to /work/glossary-parts/candidates.tsv] [--glossary FILE ...]

Reads the sources of ``sources.yaml`` (fetched repositories; prose only, see ``prose.py``), runs
the suggestion engine of ``reader glossary suggest`` over every sentence (bracketed glosses,
Latin tokens, Chinese phrases), then counts every candidate's occurrences in every source, so
that the count column means the same thing for every kind. Terms already in the glossary are
mined too (the glossary is not consulted while mining) and marked in the ``covered`` column.

Output: a TSV, one candidate a line, most frequent first:

    term  count  sources  kind  gloss  docs  covered

``sources`` is "label:count,label:count"; ``gloss`` is the other side of a bracketed pair; ``docs``
the number of documents; ``covered`` the glossary id that tags the term whole, or empty. Only
term strings and counts are written, never the documents' text.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from prose import Source, documents, load_sources, sentences

from reader.analysis import Analyzer, analysis_text
from reader.glossary.load import check
from reader.glossary.match import Matcher
from reader.glossary.model import Entry, Glossary
from reader.glossary.phrases import general_frequency
from reader.glossary.suggest import SourceSentence, suggest_sentences
from reader.paths import bundled_glossary_path
from reader.text.chars import HAN_RE, has_han

HERE = Path(__file__).resolve().parent
MIN_COUNT = 3  # fewer sightings in two and a half million characters: not a term of the field
MIN_PAIR_COUNT = 2
MIN_RATIO = 30.0  # Chinese phrases: how many times more frequent here than in general Chinese
MIN_ROW_RATIO = 10.0  # every Chinese row: 问题, 部分, 情况 are glossed in brackets but not terms


@dataclass
class Row:
    """One candidate: the term, its gloss, kind and counts per source and document."""

    term: str
    kind: str
    gloss: str = ""
    sources: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    covered: str = ""
    ratio: float = 0.0  # for Chinese terms: relative frequency here / in general Chinese

    @property
    def count(self) -> int:
        return sum(self.sources.values())


def source_sentences(chosen: list[Source]) -> Iterator[SourceSentence]:
    """Every prose sentence of the chosen sources, its document named ``label:path``."""
    for source in chosen:
        for doc in documents(source):
            for i, text in enumerate(sentences(doc.text)):
                yield SourceSentence(f"{source.label}:{doc.path}", str(i), text)


def mine(chosen: list[Source], glossary: Glossary) -> list[Row]:
    """Candidate rows from the sources, counted in each, marked when ``glossary`` covers them."""
    all_sentences = list(source_sentences(chosen))
    print(f"{len(all_sentences)} sentences from {len(chosen)} sources", file=sys.stderr)
    # Mining runs without the glossary, so that known terms are found (and counted) too.
    analyzer = Analyzer(Glossary())
    found = suggest_sentences(
        Glossary(), all_sentences, analyzer, min_count=MIN_COUNT, min_ratio=MIN_RATIO
    )
    rows: dict[str, Row] = {}
    for c in found:
        if c.kind == "pair":
            if c.count < MIN_PAIR_COUNT and len(c.articles) < 2:
                continue
            term, gloss = c.zh or "", c.en or ""
        else:
            term, gloss = c.text, ""
        key = term.casefold()
        if key and key not in rows:
            rows[key] = Row(term, c.kind, gloss)
        elif key and gloss and not rows[key].gloss:
            rows[key].gloss = gloss
    _count(rows, all_sentences)
    matcher = Matcher(glossary)
    for row in rows.values():
        row.covered = (
            covering_entry(matcher, row.term)
            or (covering_entry(matcher, row.gloss) if row.gloss else "")
            or ""
        )
    # The sample's size in words, for relative frequencies: Chinese averages 1.5 characters a
    # word (segmenting everything again only to count would double the run time).
    total_words = max(sum(len(HAN_RE.findall(s.text)) / 1.5 for s in all_sentences), 1)
    kept = []
    for r in rows.values():
        if r.count < MIN_COUNT and r.kind != "pair":
            continue
        if has_han(r.term):
            r.ratio = (r.count / total_words) / general_frequency(r.term)
            if r.ratio < MIN_ROW_RATIO and not r.covered:
                continue
        kept.append(r)
    return sorted(kept, key=lambda r: (-r.count, r.term))


def covering_entry(matcher: Matcher, term: str) -> str | None:
    """The id of the entry whose form the matcher finds as the whole of ``term``, if any."""
    simple = analysis_text(term)
    matches = matcher.find(simple, context=True)  # a term alone: no sentence to vouch for it
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(simple):
        return matches[0].entry_id
    occurrences = Matcher.occurrences(simple, matches)
    if len(occurrences) == 1 and occurrences[0].start == 0 and occurrences[0].end == len(simple):
        return occurrences[0].entry_id
    return None


def _count(rows: dict[str, Row], all_sentences: list[SourceSentence]) -> None:
    """Counts each candidate's whole occurrences per source with the glossary matcher."""
    entries = []
    ids: dict[str, str] = {}
    for n, (key, row) in enumerate(rows.items()):
        entry_id = f"c{n}"
        ids[entry_id] = key
        if has_han(row.term):
            entries.append(Entry(entry_id, f"candidate {n}", "concept", "-", zh=(row.term,)))
        else:
            entries.append(Entry(entry_id, row.term, "concept", "-"))
    matcher = Matcher(Glossary(entries))
    per_doc: dict[str, set[str]] = defaultdict(set)
    for s in all_sentences:
        label = s.article.split(":", 1)[0]
        simple = analysis_text(s.text)
        for m in matcher.find(simple):
            row = rows[ids[m.entry_id]]
            row.sources[label] += 1
            per_doc[m.entry_id].add(s.article)
    for entry_id, docs in per_doc.items():
        rows[ids[entry_id]].docs = docs


def write_tsv(rows: list[Row], path: Path) -> None:
    """Writes the candidate list (term strings and counts only)."""
    lines = ["term\tcount\tsources\tkind\tgloss\tdocs\tcovered\tratio"]
    for r in rows:
        sources = ",".join(f"{label}:{n}" for label, n in r.sources.most_common())
        gloss = r.gloss.replace("\t", " ")
        cells = (r.term, r.count, sources, r.kind, gloss, len(r.docs), r.covered, f"{r.ratio:.0f}")
        lines.append("\t".join(str(c) for c in cells))
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "candidates.tsv")
    parser.add_argument("--copy-to", type=Path, help="also write the list here")
    parser.add_argument("--role", default="mine", help="sources of this role (mine, heldout)")
    parser.add_argument(
        "--glossary", type=Path, action="append", help="glossary files (default: the bundled one)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    paths = [(p, "bundled") for p in (args.glossary or [bundled_glossary_path()])]
    glossary, problems = check(paths)
    if problems:
        print(f"mine: the glossary has problems, first: {problems[0]}", file=sys.stderr)
        return 1
    chosen = [s for s in load_sources() if s.role == args.role]
    rows = mine(chosen, glossary)
    write_tsv(rows, args.out)
    if args.copy_to:
        shutil.copyfile(args.out, args.copy_to)
    covered = sum(1 for r in rows if r.covered)
    print(
        f"{len(rows)} candidates, {covered} covered by the glossary; "
        f"{time.perf_counter() - started:.0f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
