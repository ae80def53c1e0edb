"""Provides ``reader import``: clean a .txt, .md, .html or .epub file and add it to the corpus.

The file is decoded (UTF-8/16/32, GB18030/GBK, Big5) and read into blocks by the importer of its
kind: plain text by the line cleaner of :mod:`reader.text.clean`, Markdown by markdown-it
(:mod:`reader.document.markdown`), HTML by trafilatura (:mod:`reader.document.extract`) and EPUB
by ebooklib (:mod:`reader.document.epub`, one article per chapter, grouped as a series). Every
article is checked and rendered before the first file is written, and the files are written
atomically; a refused or failed import (binary, empty, duplicate, unwritable) changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.atomic import write_text_atomic
from reader.corpus import RESERVED_SLUGS, SLUG_RE, Corpus, render_article
from reader.document.blocks import Block, plain_text
from reader.errors import ReaderError
from reader.files import FileTooLargeError, NotAFileError, read_bytes
from reader.model import Article, ArticleMeta, build_article
from reader.text.chars import HAN_RE, printable
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
    ".epub": "epub",
}
_SUPPORTED = ".txt, .md, .html or .epub"
_META_KEYS = ("title", "author", "source", "url", "date")


@dataclass
class Document:
    """One article read from a file, before it is given a slug."""

    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    series: str | None = None
    chapter: int | None = None


@dataclass(frozen=True)
class Imported:
    """One article an import wrote."""

    slug: str
    path: Path
    title: str
    blocks: int
    sentences: int
    replaced: bool


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the article (the first chapter of a book), every article written,
    the encoding, and notes on how the file was read."""

    slug: str
    path: Path
    title: str
    encoding: str
    blocks: int
    sentences: int
    replaced: bool
    articles: tuple[Imported, ...] = ()
    notes: tuple[str, ...] = ()
    series: str | None = None


def body_hash(blocks: list[Block]) -> str:
    """A hash of an article's text, to recognise the same article imported twice."""
    text = "\n".join(" ".join(plain_text(b).split()) for b in blocks)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _file_body_hash(path: Path) -> str | None:
    """The body hash of an article file; a structured file is read only as far as its body
    text (the writer is deterministic, so the same blocks give the same text), a file of the
    first format is parsed. None when it cannot be read."""
    from reader.corpus import FORMAT, MAX_ARTICLE_BYTES, parse_body, split_front_matter
    from reader.files import read_text

    try:
        fields, body = split_front_matter(read_text(path, MAX_ARTICLE_BYTES), path)
        if fields.get("format") == FORMAT:
            return "md:" + hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()
        return body_hash(parse_body(fields, body))
    except (ReaderError, OSError, UnicodeDecodeError):
        return None


def _new_body_hashes(blocks: list[Block]) -> tuple[str, str]:
    """The hashes an existing file with these blocks would have (either format)."""
    from reader.document.render import render_markdown

    body = "\n" + render_markdown(blocks)  # render_article puts a blank line after the "---"
    structured = "md:" + hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()
    return structured, body_hash(blocks)


def article_body_hash(article: Article) -> str:
    """The body hash of an article in the corpus, as :func:`body_hash` of its blocks (the
    library index keeps it per article, so an import finds the same text without reading
    every file)."""
    return body_hash([p.block for p in article.paragraphs])


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
        if not block.is_prose:
            continue
        first = re.split(r"(?<=[。！？!?])", block.text, maxsplit=1)[0].strip()
        if first:
            return first[:40] + ("…" if len(first) > 40 else "")
    return fallback


def _read(path: Path) -> bytes:
    try:
        # Never blocks on a FIFO nor reads a device without end (a symlink to /dev/zero).
        return read_bytes(path, MAX_BYTES)
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file.") from None
    except NotAFileError as exc:
        if exc.kind == "a folder":
            raise ReaderError(f"{path} is a folder; give a {_SUPPORTED} file.") from None
        raise ReaderError(
            f"{path} is {exc.kind}, not a regular file; nothing was imported."
        ) from None
    except FileTooLargeError as exc:
        raise ReaderError(
            f"{path.name} is {exc.size // 1_000_000} MB; the limit is {MAX_BYTES // 1_000_000} MB."
        ) from None
    except OSError as exc:
        raise ReaderError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def read_documents(kind: str, data: bytes, name: str) -> tuple[list[Document], str, list[str]]:
    """The articles in a file's bytes, the encoding read and notes on how they were read."""
    if kind == "epub":
        from reader.document.epub import read_book

        book = read_book(data, name)
        docs = []
        for chapter in book.chapters:
            meta = {"title": f"{book.title} — {chapter.title}"}
            if book.author:
                meta["author"] = book.author
            if book.publisher:
                meta["source"] = book.publisher
            if book.date:
                meta["date"] = book.date
            docs.append(Document(chapter.blocks, meta, book.title, chapter.number))
        return docs, "epub", []
    from reader.text.decode import decode

    text, encoding = decode(data, name)
    if kind == "html":
        from reader.document.extract import extract_page
        from reader.text.clean import clean_structured

        page = extract_page(text)
        # No trailer cutting: trafilatura has left the page's related lists out, and what
        # remains under "延伸阅读" near the end of a tutorial is content.
        cleaned = clean_structured(page.blocks, title_from_heading="title" not in page.meta)
        return [Document(cleaned.blocks, {**cleaned.meta, **page.meta})], encoding, page.notes
    if kind == "markdown":
        return [_markdown_document(text)], encoding, []
    from reader.text.clean import clean_text

    cleaned = clean_text(text)
    return [Document(cleaned.blocks, cleaned.meta)], encoding, []


def _markdown_document(text: str) -> Document:
    from reader.document.markdown import parse_markdown
    from reader.safe_yaml import safe_load
    from reader.text.clean import clean_structured

    parsed = parse_markdown(text, clean=True)
    front: dict[str, str] = {}
    if parsed.front_matter:
        try:
            data = safe_load(parsed.front_matter)
        except Exception:
            data = None
        if isinstance(data, dict):
            front = {k: str(v) for k, v in data.items() if k in _META_KEYS and v is not None}
    cleaned = clean_structured(parsed.blocks, title_from_heading="title" not in front)
    return Document(cleaned.blocks, {**cleaned.meta, **front})


def import_file(
    corpus: Corpus, path: Path, *, slug: str | None = None, force: bool = False
) -> ImportResult:
    """Imports one file into the corpus; raises ReaderError and writes nothing on failure."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReaderError(
            f"{path.name}: unsupported file type '{path.suffix or '(none)'}'; use {_SUPPORTED}."
        )
    if slug is not None and not SLUG_RE.match(slug):
        raise ReaderError(
            f"{slug!r} is not a valid slug: use lower-case letters, digits and "
            "hyphens (at most 80)."
        )
    if slug in RESERVED_SLUGS:
        raise ReaderError(f"'{slug}' names a device on Windows; choose another slug.")
    data = _read(path)
    # A file name with bytes that are not UTF-8 holds lone surrogates; they cannot be written.
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    documents, encoding, notes = read_documents(kind, data, name)
    for doc in documents:
        if not any(b.text.strip() or b.rows for b in doc.blocks):
            raise ReaderError(
                f"{path.name} has no article text left after cleaning; nothing was imported."
            )
    plans = _plan(corpus, documents, name, slug, force, path.name)
    written = _write(corpus, plans)
    first = written[0]
    return ImportResult(
        first.slug,
        first.path,
        first.title,
        encoding,
        first.blocks,
        first.sentences,
        first.replaced,
        tuple(written),
        tuple(notes),
        documents[0].series,
    )


@dataclass
class _Plan:
    slug: str
    meta: ArticleMeta
    blocks: list[Block]
    replacing: bool


def _plan(
    corpus: Corpus,
    documents: list[Document],
    name: str,
    slug: str | None,
    force: bool,
    shown: str,
) -> list[_Plan]:
    """Slugs and metadata of every article, checked against the corpus before anything is
    written (a book is refused whole when one chapter cannot be placed)."""
    entries = corpus.entries()
    hashes: dict[str, str] = {}
    if corpus.find_body is None:  # no library index at hand: every file's hash
        for entry in entries:
            if (found := _file_body_hash(entry.path)) is not None:
                hashes.setdefault(found, entry.slug)

    def same_as(blocks: list[Block]) -> str | None:
        if corpus.find_body is not None:  # the index keeps body_hash; no rendering needed
            return corpus.find_body(body_hash(blocks))
        structured, legacy = _new_body_hashes(blocks)
        return hashes.get(structured) or hashes.get(legacy)

    taken = {e.slug for e in entries}
    book = len(documents) > 1 or documents[0].series is not None
    first_meta = documents[0].meta
    base_title = (
        documents[0].series
        or first_meta.get("title")
        or _title_from_blocks(documents[0].blocks, Path(name).stem)
    )
    plans: list[_Plan] = []
    planned: set[str] = set()
    for n, doc in enumerate(documents, 1):
        meta_fields = {k: printable(v) for k, v in doc.meta.items() if v}
        title = meta_fields.get("title") or _title_from_blocks(doc.blocks, Path(name).stem)
        same_content = same_as(doc.blocks)
        if book:  # chapters are <book>-01, <book>-02 …; --slug names the book
            target = f"{(slug or make_slug(base_title))[:74]}-{n:02d}"
        elif slug is not None:
            target = slug
        elif same_content is not None:
            target = same_content
        else:
            base = make_slug(title)
            target, k = base, 2
            while target in taken or target in planned:
                target, k = f"{base}-{k}", k + 1
        replacing = target in taken
        what = f"{shown} (chapter {n})" if book else shown
        if replacing and not force:
            why = (
                f"is already in the corpus as '{same_content}'"
                if same_content == target
                else f"would replace the existing article '{target}'"
            )
            raise ReaderError(f"{what} {why}; use --force to replace it.")
        if same_content is not None and same_content != target and not force:
            raise ReaderError(
                f"{what} is already in the corpus as '{same_content}'; "
                "use --force to import it again under another slug."
            )
        if target in planned:
            raise ReaderError(f"{what} would be written twice as '{target}'; nothing was imported.")
        planned.add(target)
        extra: dict[str, object] = {}
        for key in ("editor", "account"):
            if meta_fields.get(key):
                extra[key] = meta_fields[key]
        meta = ArticleMeta(
            slug=target,
            title=title,
            author=meta_fields.get("author"),
            source=meta_fields.get("source"),
            url=meta_fields.get("url"),
            date=meta_fields.get("date"),
            script=detect_script(
                "".join(plain_text(b) for b in doc.blocks if b.kind not in ("code", "math"))
            ),
            original_file=name,
            series=doc.series,
            chapter=doc.chapter,
            extra=extra,
        )
        plans.append(_Plan(target, meta, doc.blocks, replacing))
    return plans


def _write(corpus: Corpus, plans: list[_Plan]) -> list[Imported]:
    """Writes every article; when one write fails, the ones written are undone."""
    contents = [(plan, render_article(plan.meta, plan.blocks)) for plan in plans]
    done: list[tuple[Path, bytes | None]] = []
    written: list[Imported] = []
    try:
        for plan, content in contents:
            target = corpus.writable / f"{plan.slug}.md"
            previous = target.read_bytes() if plan.replacing and target.is_file() else None
            write_text_atomic(target, content)
            done.append((target, previous))
            # The file reads back to these blocks (the corpus writer's round trip), so the
            # article is built from them rather than parsed again.
            article = build_article(plan.meta, plan.blocks)
            written.append(
                Imported(
                    plan.slug,
                    target,
                    plan.meta.title,
                    len(plan.blocks),
                    article.sentence_count(),
                    plan.replacing,
                )
            )
    except BaseException:
        for target, previous in reversed(done):
            try:
                if previous is None:
                    target.unlink(missing_ok=True)
                else:
                    write_text_atomic(target, previous.decode("utf-8"))
            except (OSError, ReaderError):
                pass  # the first error is the one to report
        raise
    for target, _ in done:  # the library index learns of the articles once all are in place
        corpus.wrote(target)
    return written
