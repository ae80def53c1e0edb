"""Provides glossary files as YAML nodes with positions, read safely, and their problems.

Glossary files are YAML, read without constructing any object: the parser's events are composed
into nodes by hand, so tags (``!!python/object``) are refused, anchors and aliases (the "billion
laughs" expansion) are refused without anything being expanded, and every problem carries the
position of the node it is about: ``PATH:LINE:COL: message``. The events come from libyaml when
PyYAML has it (about ten times faster than the pure-Python parser, which is the fallback).

Scalars and lists of scalars are read here too (:func:`text_value`, :func:`text_values`), with
the problems a field of any name can have; what each field means is the schema's business
(:mod:`reader.glossary.model`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from reader.errors import ReaderError
from reader.files import FileTooLargeError, read_bytes
from reader.text.chars import has_controls

MAX_FILE_BYTES = 5_000_000
MAX_DEPTH = 16  # top mapping, entries, entry, list field: anything deeper is a mistake
STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
NULL_TAG = "tag:yaml.org,2002:null"
_ALLOWED_TAGS = {"!", STR_TAG, _SEQ_TAG, _MAP_TAG}
# libyaml when PyYAML was built with it; the pure-Python parser gives the same events and marks.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER: Any = Resolver()  # typed loosely: PyYAML's stubs leave resolve() untyped
# The first characters of plain scalars that YAML 1.1 may give a type other than string.
IMPLICIT_FIRST = frozenset(k for k in Resolver.yaml_implicit_resolvers if k is not None)
# Per first character, the plain scalars YAML 1.1 gives another type than string (an empty one
# is null: no pattern).
_NOT_TEXT = {
    first: re.compile("|".join(f"(?:{regexp.pattern})" for _, regexp in resolvers), re.X)
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    if first
}


@dataclass(frozen=True)
class Problem:
    """One validation problem at a position in a glossary file (1-based line and column)."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class GlossaryError(ReaderError):
    """A glossary file has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"Glossary problem: {first}{more}.")


@dataclass
class FileContext:
    """One file being validated: its path, its lines (for exact columns) and its problems."""

    path: Path
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)

    def at(self, node: Node | None, message: str, offset: int = 0) -> None:
        """Records a problem at ``node`` (``offset`` characters into a one-line scalar)."""
        if node is None:
            self.problems.append(Problem(self.path, 1, 1, message))
            return
        line, column = node.start_mark.line, node.start_mark.column
        if offset and isinstance(node, ScalarNode) and node.end_mark.line == line:
            # Point at the exact syllable only when the source shows the value verbatim there.
            quoted = 1 if node.style in ('"', "'") else 0
            source = self.lines[line] if line < len(self.lines) else ""
            if source[column + quoted : column + quoted + len(node.value)] == node.value:
                column += quoted + offset
        self.problems.append(Problem(self.path, line + 1, column + 1, message))


def position(mark: Any) -> tuple[int, int]:
    """1-based (line, column) of a YAML mark."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _event_problem(event: yaml.Event) -> str | None:
    """Why a parser event is refused: anchors/aliases (expansion bombs) or explicit tags."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return "anchors and aliases are not allowed in a glossary"
    tag = getattr(event, "tag", None)
    if tag and tag not in _ALLOWED_TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
        return f"tags such as {shown} are not allowed in a glossary"
    return None


def _syntax_problem(ctx: FileContext, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error in plain words, at the position the parser stopped."""
    line, col = position(exc.problem_mark or exc.context_mark)
    source = ctx.lines[line - 1] if 0 < line <= len(ctx.lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    if source[col - 1 : col] == "\t" or "\t" in indent:
        # YAML forbids tabs in indentation; the parser's own words for it are obscure.
        tab = indent.index("\t") + 1 if "\t" in indent else col
        return Problem(ctx.path, line, tab, "invalid YAML: a tab character; indent with spaces")
    message = "invalid YAML: " + " ".join(str(exc.problem or exc).split())
    if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
        c_line, c_col = position(exc.context_mark)
        if (c_line, c_col) != (line, col):
            message += f" ({exc.context} at line {c_line}, column {c_col})"
    return Problem(ctx.path, line, col, message)


def compose_into(ctx: FileContext, text: str) -> Node | None:
    """Parses YAML into nodes in one pass, refusing anchors, aliases and explicit tags.

    Nothing is expanded or constructed: an alias is reported where it stands, so a "billion
    laughs" file costs no more than its own size. Anchors and aliases are reported once per line.
    The loop is written flat (no helper calls per event): it is the hot path of loading.
    """
    root: Node | None = None
    node: Node
    parent: Node | None = None  # the open collection and, for a mapping, its pending key
    in_sequence = False
    key: Node | None = None
    stack: list[tuple[Node | None, bool, Node | None]] = []
    refused_lines: set[int] = set()
    documents = 0
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    seq_start, map_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
    seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
    try:
        events: Any = yaml.parse(text, Loader=_LOADER)  # libyaml's marks are not yaml.Mark
        for event in events:
            kind = type(event)
            if kind is seq_end or kind is map_end:
                assert parent is not None
                parent.end_mark = event.end_mark
                parent, in_sequence, key = stack.pop()
                continue
            if kind is scalar_event:
                tag = event.tag
                if tag is None or tag == "!":
                    value = event.value
                    # Only a plain scalar starting like a number, bool or null needs resolving.
                    if event.implicit[0] and (not value or value[0] in IMPLICIT_FIRST):
                        tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)
                    else:
                        tag = STR_TAG
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            elif kind is seq_start:
                node = SequenceNode(_SEQ_TAG, [], event.start_mark, event.end_mark)
            elif kind is map_start:
                node = MappingNode(_MAP_TAG, [], event.start_mark, event.end_mark)
            elif kind is alias_event:
                node = ScalarNode(NULL_TAG, "", event.start_mark, event.end_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = position(event.start_mark)
                    ctx.problems.append(
                        Problem(ctx.path, line, col, "a glossary file holds one YAML document")
                    )
                    break
                continue
            else:  # stream start and end, document end
                continue
            if (kind is alias_event or event.anchor or (event.tag and event.tag != "!")) and (
                why := _event_problem(event)
            ) is not None:
                line, col = position(event.start_mark)
                if why.startswith("tags") or line not in refused_lines:
                    refused_lines.add(line)
                    ctx.problems.append(Problem(ctx.path, line, col, why))
            if parent is None:
                root = node
            elif in_sequence:
                parent.value.append(node)
            elif key is None:
                key = node
            else:
                parent.value.append((key, node))
                key = None
            if kind is seq_start or kind is map_start:
                stack.append((parent, in_sequence, key))
                parent, in_sequence, key = node, kind is seq_start, None
                if len(stack) > MAX_DEPTH:
                    # libyaml slows down with the square of the depth: stop long before.
                    line, col = position(event.start_mark)
                    ctx.problems.append(
                        Problem(
                            ctx.path,
                            line,
                            col,
                            f"lists and mappings are nested more than {MAX_DEPTH} deep "
                            "(a glossary needs four levels)",
                        )
                    )
                    break
    except yaml.MarkedYAMLError as exc:
        ctx.problems.append(_syntax_problem(ctx, exc))
        return None
    except yaml.YAMLError as exc:  # the reader's errors: characters YAML does not allow
        line, col = 1, 1
        offset = getattr(exc, "position", None)
        if isinstance(offset, int) and 0 <= offset <= len(text):
            line = text.count("\n", 0, offset) + 1
            col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        reason = getattr(exc, "reason", None) or " ".join(str(exc).split())
        character = getattr(exc, "character", None)  # a str, or an int from libyaml
        if isinstance(character, str) and len(character) == 1:
            character = ord(character)
        if isinstance(character, int) and "#x" not in reason:
            reason += f" (U+{character:04X})"
        ctx.problems.append(Problem(ctx.path, line, col, f"invalid YAML: {reason}"))
        return None
    return None if ctx.problems else root


def compose(path: Path, text: str) -> tuple[Node | None, list[Problem]]:
    """The YAML nodes of ``text`` (None for an empty document) and the problems that stop it."""
    ctx = FileContext(path, text.splitlines())
    root = compose_into(ctx, text)
    return root, ctx.problems


def text_value(ctx: FileContext, node: Node, name: str) -> str | None:
    """The one-line text of a string node, or None after recording why it is not one."""
    if isinstance(node, ScalarNode) and node.tag == STR_TAG:
        value, control = one_line(str(node.value))
        if control is not None:
            # Written as an escape ("\e", "\x9b") in a quoted string: it would reach the
            # screen as a terminal escape sequence.
            ctx.at(node, f"'{name}' contains a control character (U+{control:04X})")
            return None
        if value:
            return value
        ctx.at(node, f"'{name}' must not be empty")
        return None
    ctx.at(node, f"'{name}' must be a string, not {kind_of(node)}")
    return None


def one_line(value: str) -> tuple[str, int | None]:
    """A text value on one line (folded lines, runs of spaces and tabs become one space), and
    the code point of the first control character it holds, if any."""
    if value.isprintable() and "  " not in value and value == value.strip():
        return value, None
    value = " ".join(value.split())
    # Only text that is not printable can hold a control character (category Cc).
    if has_controls(value):
        return value, next(ord(ch) for ch in value if has_controls(ch))
    return value, None


def plain_is_text(value: str) -> bool:
    """Whether ``value``, written as a plain scalar, is a string for YAML 1.1 (``yes``, ``~``,
    ``1_000`` and ``2025-01-01`` are not); one expression per first character, from PyYAML's
    own resolvers."""
    if value and value[0] not in IMPLICIT_FIRST:
        return True
    pattern = _NOT_TEXT.get(value[:1])
    return pattern is not None and pattern.match(value) is None


def shown(value: str) -> str:
    """A value quoted in a message: one line, and not a whole file."""
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


def kind_of(node: Node) -> str:
    """What a node holds, in words, for type errors."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:bool": "true/false",
        NULL_TAG: "empty",
    }.get(node.tag, "a value of another type")


def text_values(ctx: FileContext, node: Node, name: str) -> list[tuple[str, Node]]:
    """The texts of a list of strings (a single string is a list of one, empty is none), each
    with its node; items with a problem are recorded and left out."""
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return []
    if isinstance(node, ScalarNode):  # a single form written without brackets
        value = text_value(ctx, node, name)
        return [(value, node)] if value else []
    if not isinstance(node, SequenceNode):
        ctx.at(node, f"'{name}' must be a list of strings, not {kind_of(node)}")
        return []
    out = []
    for item in node.value:
        value = text_value(ctx, item, f"{name}[]")
        if value is not None:
            out.append((value, item))
    return out


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that prevents reading it (size, encoding, access)."""
    try:
        # Never more than the limit, and never blocking on a FIFO or reading a device.
        raw = read_bytes(path, MAX_FILE_BYTES)
    except FileTooLargeError:
        return None, Problem(
            path, 1, 1, f"the file is larger than the limit of {MAX_FILE_BYTES} bytes"
        )
    except OSError as exc:
        return None, Problem(path, 1, 1, f"cannot read the file: {exc.strerror or exc}")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start]
        return None, Problem(
            path, line, column, f"the file is not UTF-8 (byte 0x{byte:02X}); save it as UTF-8"
        )
