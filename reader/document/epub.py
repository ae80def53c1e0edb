"""Provides EPUB import: a book read with ebooklib, one article per chapter in spine order.

The archive is checked before ebooklib opens it (it reads every member into memory): a zip with
member names that leave the book (``../``, absolute paths, drive letters), too many members, a
member or a total larger than the limits, or a compression ratio of a zip bomb is refused with
one line. Each spine document is converted by :mod:`reader.document.html`; pages with no text
(cover, table of contents) are left out. Chapter titles come from the book's table of
contents, else the chapter's first heading or ``<title>``.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from reader.document.blocks import Block
from reader.document.html import element_blocks, tag_of
from reader.errors import ReaderError

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 50_000_000
MAX_TOTAL_BYTES = 200_000_000
MAX_RATIO = 200  # uncompressed / compressed, for members over a megabyte
MAX_CHAPTERS = 1000
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


@dataclass
class Chapter:
    """One chapter of a book: its title, place (from 1) and blocks."""

    title: str
    number: int
    blocks: list[Block]


@dataclass
class Book:
    """A book's metadata and its chapters."""

    title: str
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    chapters: list[Chapter] = field(default_factory=list)


def check_archive(data: bytes, name: str) -> None:
    """Refuses an archive that is not a zip, escapes its folder, or is too large to unpack."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReaderError(
            f"{name} is not an EPUB (not a zip archive); nothing was imported."
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ReaderError(
                f"{name} holds {len(members)} files; an EPUB may hold {MAX_MEMBERS}. "
                "Nothing was imported."
            )
        total = 0
        for info in members:
            member = info.filename
            parts = member.replace("\\", "/").split("/")
            if member.startswith(("/", "\\")) or _DRIVE_RE.match(member) or ".." in parts:
                raise ReaderError(
                    f"{name}: member {member!r} points outside the book; nothing was imported."
                )
            if info.file_size > MAX_MEMBER_BYTES:
                raise ReaderError(
                    f"{name}: member {member!r} is {info.file_size // 1_000_000} MB unpacked; "
                    f"the limit is {MAX_MEMBER_BYTES // 1_000_000} MB. Nothing was imported."
                )
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise ReaderError(
                    f"{name}: member {member!r} unpacks {ratio} times its size (a zip bomb?); "
                    "nothing was imported."
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ReaderError(
                f"{name} unpacks to {total // 1_000_000} MB; the limit is "
                f"{MAX_TOTAL_BYTES // 1_000_000} MB. Nothing was imported."
            )


def _first(book: Any, field_name: str) -> str | None:
    try:
        found = book.get_metadata("DC", field_name)
    except (KeyError, AttributeError):
        return None
    for value, _attrs in found or []:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _toc_titles(book: Any) -> dict[str, str]:
    """Chapter file -> title from the table of contents (the first entry for each file)."""
    from ebooklib import epub  # type: ignore[import-untyped]

    titles: dict[str, str] = {}

    def walk(entries: Any) -> None:
        for entry in entries or []:
            if isinstance(entry, tuple | list) and len(entry) == 2:
                section, children = entry
                walk([section])
                walk(children)
            elif isinstance(entry, epub.Link | epub.Section):
                href = (getattr(entry, "href", "") or "").split("#", 1)[0]
                title = " ".join((entry.title or "").split())
                if href and title:
                    titles.setdefault(posixpath.normpath(href), title)

    walk(getattr(book, "toc", []))
    return titles


def read_book(data: bytes, name: str) -> Book:
    """The chapters of an EPUB; raises ReaderError (one line) for anything it cannot read."""
    check_archive(data, name)
    import warnings

    from ebooklib import ITEM_DOCUMENT, epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": False})
    except Exception as exc:
        reason = _reason(exc)
        raise ReaderError(
            f"{name} cannot be read as an EPUB ({reason}); nothing was imported."
        ) from None
    spine = list(getattr(book, "spine", None) or [])
    if not spine:
        raise ReaderError(
            f"{name} has no reading order (its spine is empty); nothing was imported."
        )
    titles = _toc_titles(book)
    result = Book(
        title=_first(book, "title") or name.rsplit(".", 1)[0],
        author=_first(book, "creator"),
        date=(_first(book, "date") or "")[:10] or None,
        publisher=_first(book, "publisher"),
    )
    seen: set[str] = set()
    for idref, _linear in spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ITEM_DOCUMENT or item.get_name() in seen:
            continue
        seen.add(item.get_name())
        chapter = _chapter(item, titles, len(result.chapters) + 1)
        if chapter is not None:
            result.chapters.append(chapter)
        if len(result.chapters) >= MAX_CHAPTERS:
            break
    if not result.chapters:
        raise ReaderError(f"{name} has no chapter with text; nothing was imported.")
    return result


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"a file it names is missing: {exc.args[0] if exc.args else ''}"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _chapter(item: Any, titles: dict[str, str], number: int) -> Chapter | None:
    import lxml.html
    from lxml import etree

    # The file as stored: get_content() of ebooklib re-serialises it pretty-printed, which
    # re-indents the code in <pre>.
    content = getattr(item, "content", None) or item.get_content()
    if not content or not content.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        return None
    body = doc.find("body")
    root = body if body is not None else doc
    for el in list(root.iter()):
        if tag_of(el) in ("nav",) and el.getparent() is not None:
            el.drop_tree()  # an EPUB 3 table of contents page
    blocks = element_blocks(root, clean=True)
    if not any(b.text or b.rows for b in blocks if b.kind != "image"):
        return None
    title = titles.get(posixpath.normpath(item.get_name()))
    if title is None:
        heading = next((b for b in blocks if b.kind == "heading"), None)
        found = doc.xpath("//title/text()")
        title = heading.text if heading else (" ".join(str(found[0]).split()) if found else "")
    title = title or f"Chapter {number}"
    if blocks and blocks[0].kind == "heading" and " ".join(blocks[0].text.split()) == title:
        blocks = blocks[1:]
    if not blocks:
        return None
    return Chapter(title, number, blocks)
