"""Provides the builder of prose: text runs, atomic spans and links in, text and marks out.

Importers feed a paragraph piece by piece (text, inline code, inline math, link boundaries, line
breaks). :meth:`ProseBuilder.finish` joins the pieces and, when asked, cleans the text runs the
way imported text is cleaned (:func:`reader.text.clean.clean_prose`) without ever touching the
inside of an atom: each atom stands in the text as one private-use character while the text is
cleaned, so cleaning can neither split, re-punctuate nor collapse it, and every mark is
computed from where its placeholder ended up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.document.blocks import Mark, MarkKind, Prose
from reader.text.chars import printable

_LINK_OPEN = "\ue000"
_LINK_CLOSE = "\ue001"
_BREAK = "\ue002"
_ATOM_BASE = 0xF0000  # Supplementary Private Use Area-A: one code point per atom
_PRIVATE_RE = re.compile("[\ue000-\ue002\U000f0000-\U000fffff]")
_INTO_LINK_RE = re.compile(rf"({_LINK_OPEN}+)(\s+)")
_OUT_OF_LINK_RE = re.compile(rf"(\s+)({_LINK_CLOSE}+)")
MAX_URL = 2048  # longer targets (data: URIs, tracking monsters) are dropped, the text kept


def _is_latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and not ch.isspace()


class ProseBuilder:
    """Collects the pieces of one paragraph (or cell, or caption) in reading order."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._atoms: list[tuple[MarkKind, str]] = []
        self._urls: list[str] = []

    def text(self, text: str) -> None:
        """Plain text (private-use code points that the builder uses are removed)."""
        if text:
            self._parts.append(_PRIVATE_RE.sub("", text))

    def atom(self, kind: MarkKind, content: str) -> None:
        """Inline code or inline math: kept verbatim on one line, never cleaned or split."""
        content = " ".join(printable(content).split("\n"))
        if kind == "math":
            content = content.strip()
        if content.strip():
            self._parts.append(chr(_ATOM_BASE + len(self._atoms)))
            self._atoms.append((kind, content))

    def line_break(self) -> None:
        """A soft or hard line break: a space between Latin words, nothing between Chinese."""
        self._parts.append(_BREAK)

    def open_link(self, url: str | None) -> None:
        """The start of a link's text (a link without a usable target keeps only its text)."""
        self._parts.append(_LINK_OPEN)
        self._urls.append(normalize_url(url))

    def close_link(self) -> None:
        """The end of the innermost open link's text."""
        self._parts.append(_LINK_CLOSE)

    def _is_atom(self, ch: str) -> bool:
        return _ATOM_BASE <= ord(ch) < _ATOM_BASE + len(self._atoms)

    @property
    def empty(self) -> bool:
        """Whether nothing but whitespace and link boundaries was added."""
        return not any(
            p.strip() and p not in (_LINK_OPEN, _LINK_CLOSE, _BREAK) for p in self._parts
        )

    def _resolve_breaks(self, raw: str) -> str:
        """Line breaks become a space between Latin characters (atoms read as their text)."""
        if _BREAK not in raw:
            return raw

        def visible(i: int, step: int) -> str:
            while 0 <= i < len(raw):
                ch = raw[i]
                if self._is_atom(ch):
                    content = self._atoms[ord(ch) - _ATOM_BASE][1]
                    return content[-1] if step < 0 else content[0]
                if ch not in (_LINK_OPEN, _LINK_CLOSE, _BREAK) and not ch.isspace():
                    return ch
                i += step
            return ""

        out = []
        for i, ch in enumerate(raw):
            if ch == _BREAK:
                left, right = visible(i - 1, -1), visible(i + 1, 1)
                out.append(" " if _is_latin(left) and _is_latin(right) else "")
            else:
                out.append(ch)
        return "".join(out)

    def finish(self, *, clean: bool) -> Prose:
        """The paragraph's text and marks; ``clean`` applies the import cleaning to the text."""
        raw = self._resolve_breaks("".join(self._parts))
        # Spaces just inside a link belong outside it, so that collapsing them cannot leave two.
        raw = _INTO_LINK_RE.sub(r"\2\1", raw)
        raw = _OUT_OF_LINK_RE.sub(r"\2\1", raw)
        if clean:
            from reader.text.clean import clean_prose

            raw = clean_prose(raw)
        else:
            # Text as written (corpus files): only made safe to show.
            raw = printable(raw)
        return self._resolve(raw)

    def _resolve(self, raw: str) -> Prose:
        out: list[str] = []
        pos = 0
        marks: list[Mark] = []
        opened: list[tuple[int, int]] = []  # (start, url index) of the open links
        next_url = 0
        for ch in raw:
            if ch == _LINK_OPEN:
                opened.append((pos, next_url))
                next_url += 1
            elif ch == _LINK_CLOSE:
                if opened:
                    start, k = opened.pop()
                    url = self._urls[k] if k < len(self._urls) else ""
                    if url and pos > start and not opened:
                        marks.append(Mark(start, pos, "link", url))
            elif self._is_atom(ch):
                kind, content = self._atoms[ord(ch) - _ATOM_BASE]
                marks.append(Mark(pos, pos + len(content), kind))
                out.append(content)
                pos += len(content)
            else:
                out.append(ch)
                pos += 1
        text = "".join(out)
        # A link whose text is only spaces or only atoms' neighbours: trim it to its text.
        marks = [_trim(m, text) for m in marks]
        return Prose(text, tuple(sorted((m for m in marks if m.end > m.start), key=_order)))


def _trim(mark: Mark, text: str) -> Mark:
    if mark.kind != "link":
        return mark
    start, end = mark.start, mark.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Mark(start, end, "link", mark.url)


def _order(mark: Mark) -> tuple[int, int]:
    # Links first at the same start, so a link around inline code encloses it.
    return (mark.start, 0 if mark.kind == "link" else 1)


SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


def normalize_url(url: str | None) -> str:
    """A link target as markdown-it writes it (percent-encoded), or "" when it is unsafe
    (``javascript:``, ``data:`` …), too long or holds control characters."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL or has_controls(url):
        return ""
    lowered = url.lower()
    if re.match(r"[a-z][a-z0-9+.-]*:", lowered) and not lowered.startswith(SAFE_SCHEMES):
        return ""
    from reader.document.markdown import normalize_link

    return normalize_link(url)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a control character or whitespace other than a space."""
    return any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in text)


def valid_atoms(atoms: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Atom spans sorted, inside a text of ``length`` and not overlapping (a later overlap is
    dropped)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(atoms):
        if 0 <= start < end <= length and (not out or start >= out[-1][1]):
            out.append((start, end))
    return out


def blank_atoms(text: str, atoms: Sequence[tuple[int, int]]) -> str:
    """``text`` with every atom replaced by as many spaces: offsets hold, contents are gone (for
    the steps that must not look inside code or math: terms, corrections, numbers)."""
    spans = valid_atoms(atoms, len(text))
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
