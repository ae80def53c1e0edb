"""Provides writing blocks as corpus Markdown, the inverse of :func:`parse_markdown`.

The body is CommonMark with GFM tables and dollar math that any Markdown viewer shows, and that
:func:`reader.document.markdown.parse_markdown` reads back into the same blocks:

- prose is escaped so that every character is literal (``\\*``, ``\\$``, ``\\|`` …); inline
  code is a code span, inline math ``$…$``, links ``[text](<url>)``;
- list items are ``- `` or ``N. `` with their numbers (a list that restarts its numbering
  switches to ``N)`` so that it stays a list of its own); content inside an item is indented to
  the item's text, content inside a quote carries ``> `` on every line;
- code is fenced with its language, display math is ``$$`` … ``$$`` (with its label), tables
  are GFM tables, images ``![alt](<src>)`` with their caption on the next line of the same
  paragraph, rules ``***``.
"""

from __future__ import annotations

import re

from reader.document.blocks import Block, Mark, Prose
from reader.document.rules import caption_from_alt

_ESCAPED = frozenset("\\`*_[]<>&$|~#!^")
_LINE_START_RE = re.compile(r"[-+=]|\d{1,9}(?=[.)])")
_BACKTICKS_RE = re.compile(r"`+")
_WRAPPING_ENDS = frozenset("0123456789\\")


def escape_prose(text: str, *, line_start: bool = False, line_end: bool = False) -> str:
    """``text`` as inline Markdown that reads back as exactly ``text``.

    Markdown strips whitespace at the ends of a line and ends the line at a newline, so such
    whitespace (at the start of a line with ``line_start``, at its end with ``line_end``) and
    newlines anywhere are written as character references (``&#9;``).
    """
    first = len(text) - len(text.lstrip()) if line_start else 0
    last = len(text.rstrip()) if line_end else len(text)
    out = "".join(
        "\\" + ch
        if ch in _ESCAPED
        else f"&#{ord(ch)};"
        if ch in "\n\r" or (ch.isspace() and (i < first or i >= last))
        else ch
        for i, ch in enumerate(text)
    )
    if line_start and (m := _LINE_START_RE.match(out)):
        out = out[: m.end()] + "\\" + out[m.end() :] if m.group()[0].isdigit() else "\\" + out
    return out


def code_span(code: str, *, in_table: bool = False) -> str:
    """``code`` as a code span: a backtick run longer than any inside, padded where needed."""
    longest = max((len(m.group()) for m in _BACKTICKS_RE.finditer(code)), default=0)
    fence = "`" * (longest + 1)
    if (
        code.startswith("`")
        or code.endswith("`")
        or (code.startswith(" ") and code.endswith(" ") and code.strip(" "))
    ):
        code = f" {code} "
    if in_table:
        code = code.replace("|", "\\|")
    return f"{fence}{code}{fence}"


def math_span(tex: str, before: str, after: str, *, in_table: bool) -> str:
    """Inline math ``$tex$``; ``before``/``after`` are the characters around it."""
    if in_table:
        tex = tex.replace("|", "\\|")
    if tex.endswith("\\"):
        tex += " "  # a backslash would escape the closing dollar; readers strip the space
    span = f"${tex}$"
    # pandoc's rule: a dollar next to a digit is not math; an empty comment keeps them apart.
    if before.isdigit():
        span = "<!-- -->" + span
    if after.isdigit():
        span += "<!-- -->"
    return span


def render_prose(prose: Prose, *, line_start: bool = True, in_table: bool = False) -> str:
    """Prose with its marks as one line of inline Markdown."""
    text, marks = prose.text, prose.marks
    if not marks:
        return escape_prose(text, line_start=line_start, line_end=True)
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    atoms = {m.start: m for m in marks if m.kind != "link"}
    link_starts: dict[int, list[Mark]] = {}
    link_ends: dict[int, list[Mark]] = {}
    for m in marks:
        if m.kind == "link":
            link_starts.setdefault(m.start, []).append(m)
            link_ends.setdefault(m.end, []).append(m)
    out: list[str] = []
    last_atom_end = -1
    for k, a in enumerate(points):
        for m in link_ends.get(a, ()):
            out.append(f"]({link_target(m.url or '')})")
        for _ in link_starts.get(a, ()):
            out.append("[")
        if k + 1 == len(points):
            break
        b = points[k + 1]
        atom = atoms.get(a)
        if atom is not None and atom.end == b:
            piece = text[a:b]
            if last_atom_end == a:
                out.append("<!-- -->")  # two spans back to back would read as one
            last_atom_end = b
            if atom.kind == "code":
                out.append(code_span(piece, in_table=in_table))
            else:
                before = text[a - 1] if a else ""
                after = text[b] if b < len(text) else ""
                out.append(math_span(piece, before, after, in_table=in_table))
        else:
            out.append(
                escape_prose(text[a:b], line_start=line_start and a == 0, line_end=b == len(text))
            )
    rendered = "".join(out)
    first = atoms.get(0)
    if first is not None and first.kind == "math" and rendered[-1:] in _WRAPPING_ENDS:
        # mdit-py-plugins looks at src[-1] for the character before a $ at position 0: the
        # paragraph's last character. A digit or backslash there would unmake the formula.
        rendered += "<!-- -->"
    return rendered


def link_target(url: str) -> str:
    """A link destination in angle brackets (spaces and parentheses need no escaping there)."""
    return "<" + url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>") + ">"


class Containers:
    """The line prefixes of nested blocks: ``> `` per quote, the marker width per list item.

    A writer calls :meth:`separator` between two blocks and :meth:`enter` for each block, in
    order; it then writes the block's first line after the first prefix and every other line
    after the second. Also used by the bilingual export, whose lists and quotes nest the same way.
    """

    def __init__(self) -> None:
        self.widths: dict[str, int] = {}  # path of a list item ("qi", "ii") -> its text indent
        self.runs: dict[str, tuple[bool, int | None, str]] = {}  # open list at a nest

    def prefix(self, nest: str) -> str:
        """The prefix of a line inside the containers ``nest``."""
        out: list[str] = []
        for n, ch in enumerate(nest):
            out.append("> " if ch == "q" else " " * self.widths.get(nest[: n + 1], 2))
        return "".join(out)

    def separator(self, previous: Block | None, block: Block) -> str | None:
        """The blank line between two blocks (quote marks kept), or None for none at all:
        CommonMark lets no blank line open a list item, so an empty item's content follows it
        directly."""
        if previous is None:
            return None
        if previous.kind == "list" and not previous.text and block.nest == previous.nest + "i":
            return None
        return self.prefix(_common(previous.nest, block.nest)).rstrip()

    def enter(self, block: Block) -> tuple[str, str]:
        """(first-line prefix, continuation prefix) of a block; a list item's marker included."""
        self._close_runs(block)
        pre = self.prefix(block.nest)
        if block.kind != "list":
            return pre, pre
        marker = self._marker(block)
        self.widths[block.nest + "i"] = len(marker)
        return pre + marker, pre + " " * len(marker)

    def _close_runs(self, block: Block) -> None:
        """Lists that ``block`` is not inside (and does not continue) end before it."""
        for key in list(self.runs):
            continues = block.kind == "list" and block.nest == key
            if not continues and not block.nest.startswith(key + "i"):
                del self.runs[key]

    def _marker(self, block: Block) -> str:
        run = self.runs.get(block.nest)
        if not block.ordered:
            marker = "-"
            if run is not None and run[0]:
                marker = "*" if run[2] == "-" else "-"  # right after an ordered list: new list
            elif run is not None:
                marker = run[2]
            self.runs[block.nest] = (False, None, marker)
            return marker + " "
        number = block.number if block.number is not None else 1
        delim = "."
        if run is not None and run[0]:
            # A list whose numbering restarts must be a new list: the other delimiter.
            same_list = run[1] is not None and number == run[1] + 1
            delim = run[2] if same_list else (")" if run[2] == "." else ".")
        self.runs[block.nest] = (True, number, delim)
        return f"{number}{delim} "


class _Writer(Containers):
    """Writes blocks as corpus Markdown."""

    def lines(self, block: Block) -> list[str]:
        first, pre = self.enter(block)
        kind = block.kind
        if kind == "list":
            text = render_prose(Prose(block.text, block.marks)) if block.text else ""
            return [(first + text).rstrip()]
        if kind == "heading":
            level = max(1, min(6, block.level or 2))
            return [pre + "#" * level + " " + render_prose(Prose(block.text, block.marks))]
        if kind == "code":
            return fenced(pre, block.text, block.lang or "")
        if kind == "math":
            return math_lines(pre, block)
        if kind == "table":
            return [pre + line for line in table_lines(block)]
        if kind == "image":
            return self.image(pre, block)
        if kind == "rule":
            return [pre + "***"]
        return [pre + render_prose(Prose(block.text, block.marks))]

    def image(self, pre: str, block: Block) -> list[str]:
        lines = [pre + image_line(block)]
        if block.text and block.text != caption_from_alt(block.alt or ""):
            lines.append(pre + render_prose(Prose(block.text, block.marks)))
        return lines


def fenced(pre: str, text: str, info: str) -> list[str]:
    """A fenced code block: a backtick fence longer than any run in the code."""
    longest = max((len(m.group()) for m in _BACKTICKS_RE.finditer(text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = [(pre + line) if line else pre.rstrip() for line in text.split("\n")]
    return [pre + fence + info, *body, pre + fence]


def math_lines(pre: str, block: Block) -> list[str]:
    """Display math between ``$$`` lines (a ```math fence when the TeX holds ``$$``)."""
    tex = block.text
    if "$$" in tex or not tex.strip():
        return fenced(pre, tex, "math")
    body = [(pre + line) if line else pre.rstrip() for line in tex.split("\n")]
    close = "$$" + (f" ({block.label})" if block.label else "")
    return [pre + "$$", *body, pre + close]


def image_line(block: Block) -> str:
    """``![alt](<src>)`` of an image block."""
    return f"![{escape_prose(block.alt or '')}]({link_target(block.src or '')})"


def table_lines(block: Block) -> list[str]:
    """A table block as GFM table lines (the first row is the header)."""
    rows = block.rows
    if not rows:
        return []
    width = len(rows[0])

    def row(cells: tuple[Prose, ...]) -> str:
        return "| " + " | ".join(render_prose(c, in_table=True) for c in cells) + " |"

    return [row(rows[0]), "|" + " --- |" * width, *(row(r) for r in rows[1:])]


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def render_markdown(blocks: list[Block]) -> str:
    """The corpus Markdown of a body (blocks separated by blank lines, one final newline)."""
    writer = _Writer()
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        separator = writer.separator(previous, block)
        if separator is not None:
            out.append(separator)
        out.extend(writer.lines(block))
        previous = block
    return "\n".join(out) + ("\n" if out else "")
