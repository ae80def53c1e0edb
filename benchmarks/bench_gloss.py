"""Measures how readable word glosses are, against the curated English of the bundled articles.

For every sentence with (fresh) curated English, each word of its gloss counts as *found* when one
of its words (as a five-letter stem) occurs in the curated translation, and as *meta* when it
describes grammar instead of translating ("completed action marker", "classifier used before a
noun", "adverb of degree"). The curated English is a free translation, so found stays well below
100 % even for a perfect gloss; the figure is for comparing glossers on the same text. Before the
readability rules (numbers, dates and measure words, the function-word table, plain senses) the
same measurement gave 32–39 % found and 2.3–6.3 % meta per article.
"""

from __future__ import annotations

import re

from benchmarks.common import Row

_WORD = re.compile(r"[a-z]{3,}")
_META = re.compile(
    r"classifier|marker|particle|adverb of|used (?:before|after)|indicating|measure word|suffix",
    re.IGNORECASE,
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower())}


def run() -> list[Row]:
    """One row per article: found and meta, in per cent of gloss words."""
    from reader.translation.gloss import SEPARATOR, Glosser
    from reader.translation.lookup import curated_for
    from reader.workspace import Workspace

    ws = Workspace()
    glosser = Glosser(ws.analyzer, ws.dictionary)
    rows = []
    for article in ws.corpus.articles():
        curated = curated_for(ws, article)
        words = found = meta = 0
        for sentence in article.sentences():
            t = curated.get(sentence.id)
            if t is None or t.stale:
                continue
            english = _stems(t.text)
            for word in glosser.gloss(sentence.text).split(SEPARATOR):
                words += 1
                found += bool(_stems(word) & english)
                meta += bool(_META.search(word))
        if not words:
            continue
        rows.append(
            Row(
                "gloss readability",
                f"{article.slug}: gloss words found in the curated English",
                [100 * found / words],
                unit="%",
                note=f"{words} gloss words; {100 * meta / words:.1f} % describe grammar",
            )
        )
    return rows
