"""Measures how much of a technical document's structure an import keeps.

    uv run python scripts/measure_structure.py CHAPTER.md [PAGE.html] ...

Each Markdown file is imported (into a temporary corpus) and compared with counts taken from its
source by simple line rules, independent of the importer: ATX headings outside fences, fenced
code blocks (indented code blocks, which line rules cannot tell from list content, are counted
by markdown-it's ``code_block`` tokens), GFM tables (their delimiter rows), ``$$`` display math,
images (``![…](…)`` and ``<img>``). An HTML file is measured against the Markdown file of the
same stem given before it (a page rendered from that chapter). The last column counts the
prose sentences that show code or markup as if it were prose (Markdown or HTML syntax, TeX
commands outside math, lines of code): it should be 0.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reader.corpus import Corpus
from reader.importer import import_file

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b", re.IGNORECASE)
# Code or markup in a prose sentence (inline code and math are masked out first).
_MARKUP = [
    re.compile(p)
    for p in (
        r"^\s*#{1,6}\s",  # a heading marker
        r"```|~~~",  # a fence
        r"\|\s*:?-{3,}",  # a table delimiter
        r"(^|\s)\|\s+\S.*\s\|(\s|$)",  # table cells run together
        r"</?(div|img|p|br|table|tr|td|span|a|sup|sub|center|font|details)\b",  # HTML
        r"!\[|\]\(",  # image or link syntax
        r"\*\*|__\w",  # emphasis markers
        r"\$\$|\\\[|\\\(",  # math delimiters
        r"\\(frac|sum|mathrm|mathbf|begin|end|left|right|sqrt|alpha|theta|cdot|text)\b",  # TeX
        r"^\s*(def|class|import|from|return|print|for|if|elif|else|while|try)\b.*[:(]",  # code
        r"^\s*[\w.]+\s*=\s*[\w.\[\](]+.*\)\s*$",  # an assignment line
        r"[{};]\s*$",  # a line of C-like code
    )
]


@dataclass
class Counts:
    """Structure counted in a source or found in an import."""

    headings: int = 0
    code: int = 0
    tables: int = 0
    math: int = 0
    images: int = 0


def source_counts(text: str) -> Counts:
    """Counts by line rules: headings outside fences, fences, table delimiters, $$, images."""
    counts = Counts()
    fence: str | None = None
    in_math = False
    for line in text.splitlines():
        found = _FENCE_RE.match(line)
        if fence is not None:
            if found and found.group(1)[0] == fence[0] and len(found.group(1)) >= len(fence):
                fence = None
            continue
        if found:
            fence = found.group(1)
            counts.code += 1
            continue
        stripped = line.strip()
        if stripped.startswith("$$"):
            if not in_math:
                counts.math += 1
            closes = stripped.count("$$") >= 2
            in_math = False if closes else not in_math
            continue
        if in_math:
            continue
        if _HEADING_RE.match(line):
            counts.headings += 1
        if _DELIMITER_RE.match(line) and "-" in line:
            counts.tables += 1
        counts.images += len(_IMAGE_RE.findall(line))
    from markdown_it import MarkdownIt

    counts.code += sum(t.type == "code_block" for t in MarkdownIt("commonmark").parse(text))
    return counts


def markup_sentences(article: object) -> list[str]:
    """Prose sentences that show code or markup as prose."""
    found = []
    for sentence in article.sentences():  # type: ignore[attr-defined]
        text = list(sentence.text)
        for start, end in sentence.atoms:
            text[start:end] = " " * (end - start)
        masked = "".join(text)
        if any(p.search(masked) for p in _MARKUP):
            found.append(sentence.text)
    return found


def measure(path: Path, source: str, corpus: Corpus) -> tuple[Counts, Counts, int, list[str]]:
    """(source counts, found counts, sentences, markup sentences) of one file."""
    result = import_file(
        corpus,
        path,
        force=True,
        slug=re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "x",
    )
    article = corpus.load(result.slug)
    blocks = [p.block for p in article.paragraphs]
    title_heading = 1 if _HEADING_RE.match(source.lstrip().split("\n", 1)[0]) else 0
    found = Counts(
        headings=sum(b.kind == "heading" for b in blocks) + title_heading,
        code=sum(b.kind == "code" for b in blocks),
        tables=sum(b.kind == "table" for b in blocks),
        math=sum(b.kind == "math" for b in blocks),
        images=sum(b.kind == "image" for b in blocks),
    )
    return source_counts(source), found, article.sentence_count(), markup_sentences(article)


def main(paths: list[str]) -> None:
    """Prints one row per file and the markup sentences found."""
    folder = Path(tempfile.mkdtemp(prefix="measure-"))
    corpus = Corpus([folder], folder)
    sources: dict[str, str] = {}
    print("| file | headings | code | tables | math | images | sentences | markup as prose |")
    print("|---|---|---|---|---|---|---:|---:|")
    shown: list[str] = []
    for name in paths:
        path = Path(name)
        if path.suffix == ".md":
            sources[path.stem] = path.read_text(encoding="utf-8")
        source = sources.get(path.stem.replace("-page", ""), "")
        src, got, sentences, markup = measure(path, source, corpus)

        def pair(a: int, b: int) -> str:
            return f"{b}/{a}"

        print(
            f"| {path.name} | {pair(src.headings, got.headings)} | {pair(src.code, got.code)} | "
            f"{pair(src.tables, got.tables)} | {pair(src.math, got.math)} | "
            f"{pair(src.images, got.images)} | {sentences} | {len(markup)} |"
        )
        shown += [f"{path.name}: {m}" for m in markup]
    for line in shown:
        print(line[:200], file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
