"""Measures the glossary's quality on development lists: search, whole tagging, false tags,
coverage of mined candidate terms.

    uv run python -m benchmarks.glossary_quality [--glossary FILE] [--show]

- search top 3: each term of ``data/glossary/terms.tsv`` is searched by itself, by its English
  and (Chinese terms) by its toneless pinyin; a query succeeds when the entry that tags the term
  is among the first three results;
- whole tagging: the analyzer tags the term of each running sentence as one token;
- false tags: sentences of ``data/glossary/everyday.txt`` (glossary forms in their ordinary
  sense) with any term tagged;
- coverage: the share of the reviewed candidate terms mined from Chinese AI documents
  (``data/glossary/candidate_terms.tsv``: the most frequent candidates of
  ``scripts/glossary/candidates.tsv``, judged by hand) that the glossary tags whole.

Three pairs of lists: the development lists (``terms.tsv``, ``everyday.txt``), the held-out
ones written once after the matching rules were fixed (``terms-heldout.tsv``,
``everyday-heldout.txt``), and the broad development lists written when the content fragments
were merged (``terms-broad.tsv``: 194 terms of tutorials and 2025 news; ``everyday-broad.txt``:
200+ sentences of news, daily life, finance, medicine, sports, cooking and law). A fourth
everyday list, ``everyday-wide.txt`` (163 sentences: forms across the sentence's words, school
maths and physics, office, news, daily life, sport, finance, medicine, culture), was written
for the word-boundary check and the everyday senses of the second stage.

``--show`` prints every miss. ``--glossary`` measures another file (a glossary with fragments).
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass, field
from pathlib import Path

from reader.analysis import Analyzer, analysis_text
from reader.glossary.match import Matcher
from reader.glossary.model import Glossary
from reader.glossary.search import GlossarySearch

DATA = Path(__file__).resolve().parent / "data" / "glossary"
# list -> (terms file or None, everyday file, label added to the score's name)
LISTS: dict[str, tuple[str | None, str, str]] = {
    "dev": ("terms.tsv", "everyday.txt", ""),
    "held-out": ("terms-heldout.tsv", "everyday-heldout.txt", " (held-out)"),
    "broad": ("terms-broad.tsv", "everyday-broad.txt", " (broad)"),
    "wide": (None, "everyday-wide.txt", " (wide)"),
}


@dataclass
class Score:
    """Successes out of cases, and what failed."""

    name: str
    ok: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, success: bool, what: str) -> None:
        """Counts one case."""
        self.total += 1
        if success:
            self.ok += 1
        else:
            self.misses.append(what)

    @property
    def percent(self) -> float:
        """Successes in per cent."""
        return 100.0 * self.ok / max(self.total, 1)


def _rows(name: str) -> list[dict[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


def terms(which: str = "dev") -> list[dict[str, str]]:
    """The terms of one list (``LISTS``): term, english, sentence (none for an everyday-only
    list)."""
    name = LISTS[which][0]
    return _rows(name) if name else []


def everyday(which: str = "dev") -> list[str]:
    """The everyday sentences of one list (``LISTS``)."""
    lines = (DATA / LISTS[which][1]).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def candidate_terms() -> list[dict[str, str]]:
    """The reviewed candidate terms (term, count, verdict)."""
    path = DATA / "candidate_terms.tsv"
    return _rows("candidate_terms.tsv") if path.exists() else []


def covering_entry(matcher: Matcher, term: str) -> str | None:
    """The entry that tags ``term`` as a whole (alone, as the author wrote it), if any."""
    simple = analysis_text(term)
    for occ in Matcher.occurrences(simple, matcher.find(simple, context=True)):
        if occ.start == 0 and occ.end == len(simple):
            return occ.entry_id
    return None


def search_top3(glossary: Glossary, matcher: Matcher, which: str = "dev") -> Score:
    """Terms found by search within the first three results, by term, English and pinyin."""
    from pypinyin import lazy_pinyin

    from reader.text.chars import has_han

    search = GlossarySearch(glossary)
    score = Score("search top 3" + LISTS[which][2])
    for row in terms(which):
        term = row["term"]
        target = covering_entry(matcher, term)
        queries = [term, row["english"]]
        if has_han(term) and term.isalpha():
            queries.append(" ".join(lazy_pinyin(term)))
        for query in queries:
            ids = [h.entry.id for h in search.search(query, limit=3)]
            score.add(target is not None and target in ids, f"{query!r} -> {ids} (want {target})")
    return score


def whole_tags(analyzer: Analyzer, which: str = "dev") -> Score:
    """Terms tagged whole in their running sentence: one tagged token covers all of the term
    (the term itself, or a longer form that holds it, as 交叉熵损失 holds 交叉熵)."""
    score = Score("whole tag in a running sentence" + LISTS[which][2])
    for row in terms(which):
        term, sentence = row["term"], row["sentence"]
        tokens = analyzer.analyze(sentence)
        start = sentence.find(term)
        end = start + len(term)
        hit = any(t.start <= start and end <= t.end and t.term for t in tokens)
        tagged = [(t.text, t.term) for t in tokens if t.term]
        score.add(hit, f"{term}: {tagged}")
    return score


def false_tags(analyzer: Analyzer, which: str = "dev") -> Score:
    """Everyday sentences without any tag (``ok`` counts clean sentences)."""
    score = Score("everyday sentences without a tag" + LISTS[which][2])
    for sentence in everyday(which):
        tagged = [(t.text, t.term) for t in analyzer.analyze(sentence) if t.term]
        score.add(not tagged, f"{sentence} {tagged}")
    return score


def coverage(matcher: Matcher) -> Score:
    """Reviewed candidate terms that the glossary tags whole."""
    score = Score("candidate terms covered")
    for row in candidate_terms():
        if row["verdict"] != "term":
            continue
        score.add(covering_entry(matcher, row["term"]) is not None, row["term"])
    return score


def measure(glossary: Glossary) -> list[Score]:
    """Every quality score of ``glossary``."""
    analyzer = Analyzer(glossary)
    matcher = analyzer.matcher
    scores = []
    for which, (terms_file, _, _) in LISTS.items():
        if terms_file:
            scores += [search_top3(glossary, matcher, which), whole_tags(analyzer, which)]
        scores.append(false_tags(analyzer, which))
    return [*scores, coverage(matcher)]


def main() -> None:
    from reader.glossary.load import check
    from reader.paths import bundled_glossary_path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--glossary", type=Path, default=bundled_glossary_path())
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    glossary, problems = check([(args.glossary, "bundled")])
    if problems:
        print(f"({len(problems)} problems in the glossary; measured anyway)")
    print(f"{len(glossary)} entries")
    for s in measure(glossary):
        print(f"{s.name}: {s.ok}/{s.total} = {s.percent:.1f} %")
        if args.show:
            for miss in s.misses:
                print(f"    {miss}")


if __name__ == "__main__":
    main()
