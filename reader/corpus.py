"""Provides the corpus: article files with YAML front matter, listed and loaded by slug.

An article is ``<slug>.md``: front matter between ``---`` lines, then the body. A body is the
structured Markdown of :mod:`reader.document.render` when the front matter says ``format: 2``
(every file written now), else the one-block-per-line Markdown of the first format
(:mod:`reader.document.legacy`), read as before so that its sentence ids stay.

The corpus is a stack of folders: the bundled one (read-only) and the user's import folder, or a
single folder named by ``--corpus`` / ``READER_CORPUS``. A slug in a later folder shadows the
same slug in an earlier one.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from reader.document.blocks import Block
from reader.document.legacy import parse_legacy
from reader.document.markdown import parse_markdown
from reader.document.render import render_markdown
from reader.errors import ReaderError
from reader.files import read_text
from reader.model import Article, ArticleMeta, build_article
from reader.paths import bundled_corpus_dir, explicit_corpus_dir, user_corpus_dir
from reader.safe_yaml import describe_error, safe_load
from reader.text.chars import printable

# \Z, not $: "$" also matches before a final newline, and "abc\n" is no file name to write.
SLUG_RE = re.compile(r"\A[a-z0-9][a-z0-9-]{0,79}\Z")
# Device names Windows reserves whatever the extension: a corpus copied there must still open.
RESERVED_SLUGS = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))]
)
_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?", re.DOTALL)
MAX_ARTICLE_BYTES = 50_000_000  # imports are at most 20 MB of source; cleaned text is less
_KNOWN = (
    "title", "author", "source", "url", "date", "script", "original_file", "series", "chapter",
    "format",
)  # fmt: skip
FORMAT = 2  # the structured Markdown body; files without ``format`` are of the first format
CACHED_ARTICLES = 32  # parsed articles kept in memory (the open ones and a few more)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Separates YAML front matter from the body; raises ReaderError on malformed YAML."""
    text = text.lstrip("\ufeff")
    m = _FRONT_RE.match(text)
    if not m:
        return {}, text
    try:
        data = safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        reason = describe_error(exc, line_offset=1)  # one line; the "---" line comes first
        raise ReaderError(f"{path}: the front matter is not valid YAML ({reason}).") from None
    if not isinstance(data, dict):
        raise ReaderError(f"{path}: the front matter must be a mapping of fields.")
    return data, text[m.end() :]


def meta_from_fields(slug: str, fields: dict[str, Any]) -> ArticleMeta:
    """Builds article metadata from front-matter fields (unknown fields are kept in ``extra``)."""

    def text(key: str) -> str | None:
        value = fields.get(key)
        return None if value is None or value == "" else printable(str(value))

    chapter = fields.get("chapter")
    return ArticleMeta(
        slug=slug,
        title=text("title") or slug,
        author=text("author"),
        source=text("source"),
        url=text("url"),
        date=text("date"),
        script=text("script") or "simplified",
        original_file=text("original_file"),
        series=text("series"),
        chapter=chapter if isinstance(chapter, int) and not isinstance(chapter, bool) else None,
        extra={k: v for k, v in fields.items() if k not in _KNOWN},
    )


def render_article(meta: ArticleMeta, blocks: list[Block]) -> str:
    """The file text of an article: front matter and body."""
    fields: dict[str, Any] = {
        "title": meta.title,
        "author": meta.author,
        "source": meta.source,
        "url": meta.url,
        "date": meta.date,
        "script": meta.script,
        "original_file": meta.original_file,
        "series": meta.series,
        "chapter": meta.chapter,
        "format": FORMAT,
    }
    fields = {k: v for k, v in fields.items() if v is not None}
    fields.update((k, v) for k, v in meta.extra.items() if k not in _KNOWN)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{render_markdown(blocks)}"


def parse_body(fields: dict[str, Any], body: str) -> list[Block]:
    """The blocks of an article body in the format its front matter names."""
    if fields.get("format") == FORMAT:
        return parse_markdown(body).blocks
    return parse_legacy(body)


def read_article(path: Path) -> Article:
    """Loads one article file; raises ReaderError when it cannot be read or parsed."""
    try:
        text = read_text(path, MAX_ARTICLE_BYTES)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ReaderError(f"Cannot read {path}: {reason}.") from None
    fields, body = split_front_matter(text, path)
    try:
        blocks = parse_body(fields, body)
    except ReaderError as exc:
        raise ReaderError(f"{path}: {exc}") from None
    # A first-format file edited by hand may hold control characters (terminal escapes); the
    # structured reader makes prose printable and code visible by itself.
    if fields.get("format") != FORMAT:
        blocks = [replace(b, text=printable(b.text)) for b in blocks]
    return build_article(meta_from_fields(path.stem, fields), blocks)


@dataclass(frozen=True)
class Entry:
    """A corpus file found on disk: its slug, path and whether it may be replaced."""

    slug: str
    path: Path
    writable: bool


class Corpus:
    """The articles of a stack of corpus folders, loaded lazily and cached per file version."""

    def __init__(self, folders: list[Path], writable: Path) -> None:
        self.folders = folders
        self.writable = writable
        self.problems: list[str] = []  # why articles() left files out, as one line each
        self._cache: OrderedDict[Path, tuple[float, Article]] = OrderedDict()
        # Set by the workspace when a library index is at hand: told of every article file
        # written, and asked for the article with a body hash (so an import reads no other file).
        self.on_write: Callable[[Path], None] | None = None
        self.find_body: Callable[[str], str | None] | None = None

    def wrote(self, path: Path) -> None:
        """Tells the library index (if any) that an article file was written; an index that
        cannot be updated now catches up at its next sync."""
        if self.on_write is not None:
            with contextlib.suppress(ReaderError):
                self.on_write(path)

    @classmethod
    def open(cls, corpus: str | None = None) -> Corpus:
        """The corpus named by ``--corpus``/``READER_CORPUS``, else bundled plus user imports."""
        explicit = explicit_corpus_dir(corpus)
        if explicit is not None:
            if not explicit.is_dir():
                raise ReaderError(f"Corpus folder {explicit} does not exist.")
            return cls([explicit], explicit)
        return cls([bundled_corpus_dir(), user_corpus_dir()], user_corpus_dir())

    def entries(self) -> list[Entry]:
        """All articles, sorted by slug; later folders shadow earlier ones."""
        found: dict[str, Entry] = {}
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in folder.glob("*.md"):
                if SLUG_RE.match(path.stem):
                    found[path.stem] = Entry(path.stem, path, folder == self.writable)
        return [found[slug] for slug in sorted(found)]

    def slugs(self) -> list[str]:
        """The slugs of all articles."""
        return [e.slug for e in self.entries()]

    def path_of(self, slug: str) -> Path:
        """The file of an article; raises ReaderError for an unknown slug."""
        if SLUG_RE.match(slug):  # one look per folder, not a listing of the whole library
            for folder in reversed(self.folders):
                path = folder / f"{slug}.md"
                if path.exists() or path.is_symlink():
                    return path
        slugs = self.slugs()
        known = ", ".join(slugs[:10]) + (f" and {len(slugs) - 10} more" if len(slugs) > 10 else "")
        raise ReaderError(f"No article with slug '{slug}' (known: {known or 'none'}).")

    def load(self, slug: str) -> Article:
        """The parsed article; re-read only when its file changed."""
        return self._load(self.path_of(slug))

    def _load(self, path: Path) -> Article:
        try:
            mtime = path.stat().st_mtime
        except OSError as exc:  # removed since it was listed, or a dangling link
            raise ReaderError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        cached = self._cache.get(path)
        if cached and cached[0] == mtime:
            self._cache.move_to_end(path)
            return cached[1]
        article = read_article(path)
        self._cache[path] = (mtime, article)
        while len(self._cache) > CACHED_ARTICLES:  # bounded: a library may hold thousands
            self._cache.popitem(last=False)
        return article

    def articles(self) -> list[Article]:
        """Every article that can be read, parsed; why any other file was left out is in
        ``problems`` (one damaged file must not hide the rest of the corpus)."""
        found: list[Article] = []
        problems: list[str] = []
        for entry in self.entries():  # one listing of the folders, not one per article
            try:
                found.append(self._load(entry.path))
            except ReaderError as exc:
                problems.append(str(exc))
        self.problems = problems
        return found
