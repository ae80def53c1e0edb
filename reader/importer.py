"""Provides ``reader import``: clean a .txt, .md or .html file and add it to the corpus.

The file is decoded (UTF-8/16/32, GB18030/GBK, Big5), HTML is reduced to its main text, the
text is cleaned like the bundled corpus, and the article is written atomically into the
writable corpus folder. A refused import (binary, empty, duplicate, unwritable) changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from reader.atomic import write_text_atomic
from reader.corpus import RESERVED_SLUGS, SLUG_RE, Corpus, read_article, render_article
from reader.errors import ReaderError
from reader.files import FileTooLargeError, NotAFileError, read_bytes
from reader.model import Article, ArticleMeta
from reader.text.blocks import Block
from reader.text.chars import HAN_RE, printable
from reader.text.clean import clean_text
from reader.text.decode import decode
from reader.text.script import detect_script

MAX_BYTES = 20_000_000
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the slug, the file written, and what was found."""

    slug: str
    path: Path
    title: str
    encoding: str
    blocks: int
    sentences: int
    replaced: bool


def body_hash(blocks: list[Block]) -> str:
    """A hash of an article's text, to recognise the same article imported twice."""
    text = "\n".join(" ".join(b.text.split()) for b in blocks)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def article_body_hash(article: Article) -> str:
    """The body hash of an article in the corpus (the library index keeps it per article)."""
    return body_hash([Block(p.kind, p.text, p.level) for p in article.paragraphs])


def make_slug(title: str) -> str:
    """A file-safe slug from a title: pinyin for Chinese, lower-case words for Latin."""
    from pypinyin import Style, lazy_pinyin

    words: list[str] = []
    for piece in re.findall(rf"{HAN_RE.pattern}+|[A-Za-z0-9]+", title):
        if HAN_RE.match(piece):
            words.extend(lazy_pinyin(piece[:12], style=Style.NORMAL, v_to_u=False))
        else:
            words.append(piece.lower())
        if len(words) >= 8:
            break
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")[:48].strip("-")
    if slug in RESERVED_SLUGS:
        slug += "-article"  # "CON" as a title must not name a device file on Windows
    return slug or "article"


def _title_from_blocks(blocks: list[Block], fallback: str) -> str:
    for block in blocks:
        first = re.split(r"(?<=[。！？!?])", block.text, maxsplit=1)[0].strip()
        if first:
            return first[:40] + ("…" if len(first) > 40 else "")
    return fallback


def import_file(
    corpus: Corpus, path: Path, *, slug: str | None = None, force: bool = False
) -> ImportResult:
    """Imports one file into the corpus; raises ReaderError and writes nothing on failure."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReaderError(
            f"{path.name}: unsupported file type '{path.suffix or '(none)'}'; "
            "use .txt, .md or .html."
        )
    if slug is not None and not SLUG_RE.match(slug):
        raise ReaderError(
            f"{slug!r} is not a valid slug: use lower-case letters, digits and "
            "hyphens (at most 80)."
        )
    if slug in RESERVED_SLUGS:
        raise ReaderError(f"'{slug}' names a device on Windows; choose another slug.")
    try:
        # Never blocks on a FIFO nor reads a device without end (a symlink to /dev/zero).
        data = read_bytes(path, MAX_BYTES)
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file.") from None
    except NotAFileError as exc:
        if exc.kind == "a folder":
            raise ReaderError(f"{path} is a folder; give a .txt, .md or .html file.") from None
        raise ReaderError(
            f"{path} is {exc.kind}, not a regular file; nothing was imported."
        ) from None
    except FileTooLargeError as exc:
        raise ReaderError(
            f"{path.name} is {exc.size // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB."
        ) from None
    except OSError as exc:
        raise ReaderError(f"Cannot read {path}: {exc.strerror or exc}.") from None

    text, encoding = decode(data, path.name)
    found_meta: dict[str, str] = {}
    if kind == "html":
        from reader.text.html import html_to_markdown

        text, found_meta = html_to_markdown(text)
    cleaned = clean_text(text, markup=kind != "html")
    blocks = cleaned.blocks
    # Metadata from HTML (<title>, <meta>) is not cleaned like the text: "&#27;" is ESC.
    meta_fields = {k: printable(v) for k, v in {**found_meta, **cleaned.meta}.items()}
    if not any(HAN_RE.search(b.text) or b.text.strip() for b in blocks):
        raise ReaderError(
            f"{path.name} has no article text left after cleaning; nothing was imported."
        )
    # A file name with bytes that are not UTF-8 holds lone surrogates; they cannot be written.
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    title = meta_fields.get("title") or _title_from_blocks(blocks, Path(name).stem)

    digest = body_hash(blocks)
    entries = corpus.entries()
    same_content = corpus.find_body(digest) if corpus.find_body else None
    for entry in [] if corpus.find_body else entries:
        try:
            existing = read_article(entry.path)
        except ReaderError:
            continue
        if article_body_hash(existing) == digest:
            same_content = entry.slug
            break
    taken = {e.slug for e in entries}
    if slug is None:
        if same_content is not None:
            slug = same_content
        else:
            base = make_slug(title)
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
    replacing = slug in taken
    if replacing and not force:
        why = (
            f"is already in the corpus as '{same_content}'"
            if same_content == slug
            else f"would replace the existing article '{slug}'"
        )
        raise ReaderError(f"{path.name} {why}; use --force to replace it.")
    if same_content is not None and same_content != slug and not force:
        raise ReaderError(
            f"{path.name} is already in the corpus as '{same_content}'; "
            "use --force to import it again under another slug."
        )

    extra: dict[str, object] = {}
    for key in ("editor", "account"):
        if meta_fields.get(key):
            extra[key] = meta_fields[key]
    meta = ArticleMeta(
        slug=slug,
        title=title,
        author=meta_fields.get("author"),
        source=meta_fields.get("source"),
        url=meta_fields.get("url"),
        date=meta_fields.get("date"),
        script=detect_script("".join(b.text for b in blocks)),
        original_file=name,
        extra=extra,
    )
    target = corpus.writable / f"{slug}.md"
    content = render_article(meta, blocks)
    write_text_atomic(target, content)
    article = read_article(target)
    corpus.wrote(target)
    return ImportResult(
        slug, target, title, encoding, len(blocks), article.sentence_count(), replacing
    )
