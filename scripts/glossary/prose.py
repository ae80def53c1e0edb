"""Provides the prose sentences of Markdown files and notebooks, for mining candidate terms.

Only what a reader reads as prose is kept: paragraphs, headings, list items, table cells and
quotes. Fenced and indented code, display and inline math, raw HTML, images, inline code and
URLs are dropped (inline code and math leave a gap, so no term is mined across them). Sources
are read straight from a fetched repository's git objects, without a checkout.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reader.text.chars import HAN_RE
from reader.text.sentences import split_sentences

MIRROR = Path("/work/.mirror")
SOURCES = Path(__file__).with_name("sources.yaml")
_GAP = " \u2063 "  # stands for dropped inline code or math: no term spans it
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
# Sphinx/d2l roles whose argument was inline code: ":numref:", ":cite:", ":eqref:".
_ROLE_RE = re.compile(r":[a-z]+:(?=\s*\u2063)")
_HAN_BREAK_RE = re.compile(r"(?<=[\u3400-\u9fff])\n(?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class Source:
    """One repository to mine: its label, mirror name, path patterns and role."""

    label: str
    repo: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class Document:
    """One Markdown file or notebook of a source."""

    source: str
    path: str
    text: str


def load_sources(path: Path = SOURCES) -> list[Source]:
    """The sources listed in ``sources.yaml``."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Source(
            s["label"],
            s["repo"],
            tuple(s["include"]),
            tuple(s.get("exclude", ())),
            s.get("role", "mine"),
        )
        for s in raw["sources"]
    ]


def _git(repo: str, *args: str) -> bytes:
    git_dir = MIRROR / repo / "repo"
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "-c", "core.quotepath=off", *args],
        check=True,
        capture_output=True,
    ).stdout


def documents(source: Source) -> Iterator[Document]:
    """The Markdown files and notebooks of ``source`` that its patterns select."""
    listing = _git(source.repo, "ls-tree", "-r", "-z", "HEAD").split(b"\0")
    wanted: list[tuple[str, str]] = []
    for line in listing:
        if not line:
            continue
        meta, _, raw_path = line.partition(b"\t")
        path = raw_path.decode("utf-8", errors="replace")
        kind, obj = meta.split()[1:3]
        if kind != b"blob" or not path.lower().endswith((".md", ".ipynb")):
            continue
        if not any(fnmatch.fnmatch(path, p) for p in source.include):
            continue
        if any(fnmatch.fnmatch(path, p) for p in source.exclude):
            continue
        wanted.append((path, obj.decode()))
    if not wanted:
        return
    # One `git cat-file --batch` for all blobs: thousands of files in a second or two.
    git_dir = MIRROR / source.repo / "repo"
    proc = subprocess.run(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
        input="".join(f"{obj}\n" for _, obj in wanted).encode(),
        check=True,
        capture_output=True,
    )
    out = proc.stdout
    pos = 0
    for path, _ in wanted:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) < 3:  # "<object> missing": the snapshot left a large file out
            pos = header_end + 1
            continue
        size = int(header[2])
        body = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        text = body.decode("utf-8", errors="replace")
        if path.lower().endswith(".ipynb"):
            text = _notebook_markdown(text)
        yield Document(source.label, path, text)


def _notebook_markdown(text: str) -> str:
    """The Markdown cells of a notebook, joined (code cells and outputs are not prose)."""
    try:
        nb = json.loads(text)
    except ValueError:
        return ""
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    parts = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            parts.append("".join(source) if isinstance(source, list) else str(source))
    return "\n\n".join(parts)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    md.use(front_matter_plugin).use(dollarmath_plugin, double_inline=True)
    return md


def paragraphs(markdown: str) -> Iterator[str]:
    """The prose of each paragraph, heading, list item or table cell, inline markup removed."""
    tokens = _parser().parse(markdown)
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        parts: list[str] = []
        skip_image = 0
        for child in token.children:
            kind = child.type
            if kind == "image":
                skip_image += 1
                continue
            if kind == "text":
                parts.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif kind in ("code_inline", "math_inline", "math_inline_double"):
                parts.append(_GAP)
            elif kind == "html_inline" and child.content.lower().startswith("<br"):
                parts.append("\n")
        text = "".join(parts)
        # A line break between two Han characters is no space in Chinese.
        text = _HAN_BREAK_RE.sub("", text)
        text = _URL_RE.sub(_GAP, text)
        text = _ROLE_RE.sub("", text)
        text = " ".join(text.split())
        if text and HAN_RE.search(text):
            yield text


def sentences(markdown: str) -> Iterator[str]:
    """The Chinese prose sentences of a Markdown text."""
    for para in paragraphs(markdown):
        for start, end in split_sentences(para):
            sentence = para[start:end].strip()
            if HAN_RE.search(sentence):
                yield sentence
