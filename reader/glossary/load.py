"""Provides safe loading and validation of glossary files, with line and column for every problem.

Glossary files are YAML, read without constructing any object: the parser's events are composed
into nodes by hand, so tags (``!!python/object``) are refused, anchors and aliases (the "billion
laughs" expansion) are refused without anything being expanded, and every problem carries the
position of the node it is about: ``PATH:LINE:COL: message``. The events come from libyaml when
PyYAML has it (about ten times faster than the pure-Python parser, which is the fallback).

The user's glossary (``glossary.yaml`` in the data directory) is merged over the bundled one: an
entry with the same id replaces the bundled entry, and a form claimed by a user entry is removed
from whichever bundled entry had it, so personal terms survive upgrades.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from reader.errors import ReaderError
from reader.files import FileTooLargeError, read_bytes
from reader.glossary.model import CATEGORIES, Entry, Glossary
from reader.pinyin.syllables import to_marks
from reader.text.chars import HAN_RE, has_controls

MAX_FILE_BYTES = 5_000_000
MAX_DEPTH = 16  # top mapping, entries, entry, list field: anything deeper is a mistake
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TONE_NUMBER_RE = re.compile(r"^[a-zü:v]+[1-5]$", re.IGNORECASE)
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_NULL_TAG = "tag:yaml.org,2002:null"
_LIST_FIELDS = ("zh", "pinyin", "aliases", "abbr", "see_also", "exclude")
_TEXT_FIELDS = ("id", "en", "category", "definition", "note")
_REQUIRED = ("id", "en", "category", "definition")
_ALLOWED_TAGS = {"!", _STR_TAG, _SEQ_TAG, _MAP_TAG}
# libyaml when PyYAML was built with it; the pure-Python parser gives the same events and marks.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER: Any = Resolver()  # typed loosely: PyYAML's stubs leave resolve() untyped
_IMPLICIT_FIRST = frozenset(k for k in Resolver.yaml_implicit_resolvers if k is not None)


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
class _Where:
    """Where an entry's parts are in its file, for problems found after parsing."""

    entry: Node
    id: Node
    nodes: dict[str, list[Node]] = field(default_factory=dict)  # aligned with Entry's tuples


@dataclass
class _Context:
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


def _position(mark: Any) -> tuple[int, int]:
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


def _syntax_problem(ctx: _Context, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error in plain words, at the position the parser stopped."""
    line, col = _position(exc.problem_mark or exc.context_mark)
    source = ctx.lines[line - 1] if 0 < line <= len(ctx.lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    if source[col - 1 : col] == "\t" or "\t" in indent:
        # YAML forbids tabs in indentation; the parser's own words for it are obscure.
        tab = indent.index("\t") + 1 if "\t" in indent else col
        return Problem(ctx.path, line, tab, "invalid YAML: a tab character; indent with spaces")
    message = "invalid YAML: " + " ".join(str(exc.problem or exc).split())
    if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
        c_line, c_col = _position(exc.context_mark)
        if (c_line, c_col) != (line, col):
            message += f" ({exc.context} at line {c_line}, column {c_col})"
    return Problem(ctx.path, line, col, message)


def _compose(ctx: _Context, text: str) -> Node | None:
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
                    if event.implicit[0] and (not value or value[0] in _IMPLICIT_FIRST):
                        tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)
                    else:
                        tag = _STR_TAG
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            elif kind is seq_start:
                node = SequenceNode(_SEQ_TAG, [], event.start_mark, event.end_mark)
            elif kind is map_start:
                node = MappingNode(_MAP_TAG, [], event.start_mark, event.end_mark)
            elif kind is alias_event:
                node = ScalarNode(_NULL_TAG, "", event.start_mark, event.end_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = _position(event.start_mark)
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
                line, col = _position(event.start_mark)
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
                    line, col = _position(event.start_mark)
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
        position = getattr(exc, "position", None)
        if isinstance(position, int) and 0 <= position <= len(text):
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
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
    ctx = _Context(path, text.splitlines())
    root = _compose(ctx, text)
    return root, ctx.problems


def _text(ctx: _Context, node: Node, name: str) -> str | None:
    if isinstance(node, ScalarNode) and node.tag == _STR_TAG:
        value = " ".join(str(node.value).split())
        if has_controls(value):
            # Written as an escape ("\e", "\x9b") in a quoted string: it would reach the screen
            # as a terminal escape sequence.
            code = next(ord(ch) for ch in value if has_controls(ch))
            ctx.at(node, f"'{name}' contains a control character (U+{code:04X})")
            return None
        if value:
            return value
        ctx.at(node, f"'{name}' must not be empty")
        return None
    ctx.at(node, f"'{name}' must be a string, not {_kind(node)}")
    return None


def _shown(value: str) -> str:
    """A value quoted in a message: one line, and not a whole file."""
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


def _kind(node: Node) -> str:
    """What a node holds, in words, for type errors."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:bool": "true/false",
        _NULL_TAG: "empty",
    }.get(node.tag, "a value of another type")


def _texts(ctx: _Context, node: Node, name: str) -> list[tuple[str, Node]]:
    if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
        return []
    if isinstance(node, ScalarNode):  # a single form written without brackets
        value = _text(ctx, node, name)
        return [(value, node)] if value else []
    if not isinstance(node, SequenceNode):
        ctx.at(node, f"'{name}' must be a list of strings, not {_kind(node)}")
        return []
    out = []
    for item in node.value:
        value = _text(ctx, item, f"{name}[]")
        if value is not None:
            out.append((value, item))
    return out


@lru_cache(maxsize=65536)
def _char_readings(char: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every accepted syllable for a character (any tone-marked reading, or it toneless for the
    neutral tone) and the tone-marked readings to show in a message."""
    # pypinyin's own single-character table: what ``pinyin(ch, heteronym=True)`` returns, without
    # its segmentation and conversion layers (and without the memory they take, 80 MB).
    from reader.text.char_readings import char_readings, traditional_char
    from reader.text.script import to_simplified

    marked: dict[str, None] = {}
    for variant in dict.fromkeys((char, to_simplified(char), traditional_char(char))):
        for reading in char_readings(variant):
            marked[reading] = None
    accepted = set(marked) | {_toneless(r) for r in marked}
    return frozenset(accepted), tuple(marked)


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def _reading_problem(form: str, reading: str) -> tuple[str, int] | None:
    """Why ``reading`` does not fit ``form``, and the offset of the bad syllable in ``reading``."""
    hans = [ch for ch in form if HAN_RE.match(ch)]
    reading = unicodedata.normalize("NFC", reading)
    syllables = [(m.group(), m.start()) for m in re.finditer(r"\S+", reading)]
    if len(syllables) != len(hans):
        return (
            f"pinyin '{reading}' has {len(syllables)} syllables but '{form}' has "
            f"{len(hans)} Han characters",
            0,
        )
    for ch, (syl, offset) in zip(hans, syllables, strict=True):
        if _TONE_NUMBER_RE.match(syl):
            marked = to_marks(syl.lower().replace("u:", "ü").replace("v", "ü"))
            return f"pinyin '{syl}' has a tone number; write tone marks ('{marked}')", offset
        if syl != syl.lower():
            return f"pinyin '{syl}' must be lower-case ('{syl.lower()}')", offset
        accepted, marked_readings = _char_readings(ch)
        if syl.replace("v", "ü") not in accepted:
            known = ", ".join(marked_readings) or "none known"
            return f"pinyin '{syl}' is not a reading of '{ch}' in '{form}' ({known})", offset
    return None


def reading_problem(form: str, reading: str) -> str | None:
    """Why ``reading`` is not a valid tone-marked reading of ``form``, or None when it is."""
    found = _reading_problem(form, reading)
    return found[0] if found else None


def _read_text(path: Path) -> tuple[str | None, Problem | None]:
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


def parse_file(path: Path, *, source: str = "bundled") -> tuple[list[Entry], list[Problem]]:
    """Reads and validates one glossary file on its own; returns its entries and problems."""
    entries, _, problems = _parse(path, source)
    return entries, problems


def _parse(
    path: Path, source: str, text: str | None = None
) -> tuple[list[Entry], list[_Where], list[Problem]]:
    if text is None:
        text, problem = _read_text(path)
        if text is None:
            return [], [], [problem] if problem else []
    ctx = _Context(path, text.splitlines())
    root = _compose(ctx, text)
    if ctx.problems:
        return [], [], ctx.problems
    if root is None:
        # A user glossary you have just created is empty, and that is fine; the bundled one
        # being empty means it was lost or truncated.
        if source == "bundled":
            ctx.at(None, "the file is empty; an empty glossary is written 'entries: []'")
        return [], [], ctx.problems
    entries_node: Node | None = None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value == "entries":
                entries_node = value
            elif isinstance(key, ScalarNode):
                ctx.at(key, f"unknown top-level field '{_shown(key.value)}'")
            else:
                ctx.at(key, f"a top-level field name must be text, not {_kind(key)}")
    elif isinstance(root, SequenceNode):
        entries_node = root
    if entries_node is None or not isinstance(entries_node, SequenceNode):
        ctx.at(entries_node or root, "expected a list under 'entries'")
        return [], [], ctx.problems
    parsed: list[tuple[Entry, _Where]] = []
    for node in entries_node.value:
        found = _parse_entry(ctx, node, source)
        if found is not None:
            parsed.append(found)
    _cross_checks(ctx, parsed)
    return [e for e, _ in parsed], [w for _, w in parsed], ctx.problems


def _parse_entry(ctx: _Context, node: Node, source: str) -> tuple[Entry, _Where] | None:
    if not isinstance(node, MappingNode):
        ctx.at(node, f"each entry must be a mapping of fields, not {_kind(node)}")
        return None
    fields: dict[str, object] = {}
    positions: dict[str, Node] = {}
    broken: set[str] = set()  # fields with a problem of their own: no follow-up problems
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else None
        before = len(ctx.problems)
        if name is None:
            ctx.at(key, f"a field name must be text, not {_kind(key)}")
        elif name in fields:
            ctx.at(key, f"field '{name}' is given twice")
        elif name in _TEXT_FIELDS:
            fields[name] = _text(ctx, value, name)
            positions[name] = value
        elif name in _LIST_FIELDS:
            fields[name] = _texts(ctx, value, name)
            positions[name] = value
        else:
            known = ", ".join((*_TEXT_FIELDS, *_LIST_FIELDS))
            ctx.at(key, f"unknown field '{_shown(name)}' (known: {known})")
        if len(ctx.problems) > before and name:
            broken.add(name)
    missing = [name for name in _REQUIRED if name not in fields]
    for name in missing:
        ctx.at(node, f"entry is missing the required field '{name}'")
    if missing or any(fields.get(name) is None for name in _REQUIRED):
        return None  # the rest is still checked when the entry has what every entry needs

    def items(name: str) -> list[tuple[str, Node]]:
        value = fields.get(name)
        return value if isinstance(value, list) else []

    entry_id = str(fields["id"])
    if not _ID_RE.match(entry_id):
        ctx.at(
            positions["id"],
            f"id '{entry_id}' must be a lower-case slug (letters, digits and hyphens)",
        )
    category = str(fields["category"])
    if category not in CATEGORIES:
        ctx.at(
            positions["category"],
            f"unknown category '{category}' (one of: {', '.join(CATEGORIES)})",
        )
    zh, pinyin = items("zh"), items("pinyin")
    for form, form_node in zh:
        if not HAN_RE.search(form):
            ctx.at(form_node, f"Chinese form '{form}' has no Han character")
    if broken & {"zh", "pinyin"}:
        pass
    elif len(pinyin) != len(zh):
        ctx.at(
            positions.get("pinyin", node),
            f"'pinyin' needs one reading per Chinese form ({len(zh)}), found {len(pinyin)}",
        )
    else:
        for (form, _), (reading, reading_node) in zip(zh, pinyin, strict=True):
            if found := _reading_problem(form, reading):
                ctx.at(reading_node, found[0], found[1])
    zh_forms = [f for f, _ in zh]
    for word, word_node in items("exclude"):
        if not any(form in word and form != word for form in zh_forms):
            ctx.at(
                word_node,
                f"exclusion '{word}' does not contain a longer "
                "use of any Chinese form of this entry",
            )
    where = _Where(node, positions["id"], {"en": [positions["en"]]})
    for name in ("zh", "aliases", "abbr", "see_also"):
        where.nodes[name] = [value_node for _, value_node in items(name)]
    note = fields.get("note")
    entry = Entry(
        id=entry_id,
        en=str(fields["en"]),
        category=category,
        definition=str(fields["definition"]),
        zh=tuple(zh_forms),
        pinyin=tuple(unicodedata.normalize("NFC", r) for r, _ in pinyin),
        aliases=tuple(a for a, _ in items("aliases")),
        abbr=tuple(a for a, _ in items("abbr")),
        note=str(note) if note else None,
        see_also=tuple(s for s, _ in items("see_also")),
        exclude=tuple(x for x, _ in items("exclude")),
        source=source,
    )
    return entry, where


def _cross_checks(ctx: _Context, parsed: list[tuple[Entry, _Where]]) -> None:
    """Duplicate ids and forms within one file (see_also is checked after merging).

    A problem stands at the second use and names the entry and line of the first.
    """
    from reader.text.script import to_simplified

    ids: dict[str, Node] = {}
    zh_owner: dict[str, tuple[str, Node]] = {}  # keyed by the simplified form, as matching sees it
    en_owner: dict[str, tuple[str, Node]] = {}
    for entry, where in parsed:
        if entry.id in ids:
            first = ids[entry.id].start_mark.line + 1
            ctx.at(where.id, f"duplicate id '{entry.id}' (first at line {first})")
            continue
        ids[entry.id] = where.id
        own: set[str] = set()
        for form, node in zip(entry.zh, where.nodes["zh"], strict=True):
            if form in own:
                ctx.at(node, f"Chinese form '{form}' is listed twice in '{entry.id}'")
                continue
            own.add(form)
            owner, first_node = zh_owner.setdefault(to_simplified(form), (entry.id, node))
            if owner != entry.id:
                ctx.at(
                    node,
                    f"Chinese form '{form}' also belongs to '{owner}' "
                    f"(line {first_node.start_mark.line + 1})",
                )
        for name in ("en", "aliases", "abbr"):
            forms = (entry.en,) if name == "en" else getattr(entry, name)
            for form, node in zip(forms, where.nodes[name], strict=True):
                owner, first_node = en_owner.setdefault(form.casefold(), (entry.id, node))
                if first_node is not node:
                    whose = "is listed twice in" if owner == entry.id else "also belongs to"
                    ctx.at(
                        node,
                        f"English form '{form}' {whose} '{owner}' "
                        f"(line {first_node.start_mark.line + 1}; case is ignored)",
                    )


def merge(bundled: list[Entry], user: list[Entry]) -> list[Entry]:
    """User entries replace bundled ones with the same id and take over the forms they claim."""
    if not user:
        return bundled
    from reader.text.script import to_simplified

    user_ids = {e.id for e in user}
    # Matching runs on simplified text, so a claimed form takes its other script with it.
    claimed_zh = {to_simplified(f) for e in user for f in e.zh}
    claimed_en = {f.casefold() for e in user for f in e.english_forms()}
    merged = []
    for entry in bundled:
        if entry.id in user_ids:
            continue
        keep = [i for i, f in enumerate(entry.zh) if to_simplified(f) not in claimed_zh]
        if len(keep) != len(entry.zh) or any(
            f.casefold() in claimed_en for f in entry.english_forms()
        ):
            entry = replace(
                entry,
                zh=tuple(entry.zh[i] for i in keep),
                pinyin=tuple(entry.pinyin[i] for i in keep if i < len(entry.pinyin)),
                aliases=tuple(a for a in entry.aliases if a.casefold() not in claimed_en),
                abbr=tuple(a for a in entry.abbr if a.casefold() not in claimed_en),
            )
        merged.append(entry)
    return merged + list(user)


def check(
    paths: list[tuple[Path, str]], texts: dict[Path, str] | None = None
) -> tuple[Glossary, list[Problem]]:
    """Parses, merges and validates glossary files (bundled first); returns all problems.

    A missing user file is no problem (most users have none); a missing bundled file is. The
    problems of each file are sorted by position. ``texts`` gives the content of a file that is
    not (yet) on disk, such as an edit being validated before it is saved.
    """
    texts = texts or {}
    merged: list[Entry] = []
    problems: list[Problem] = []
    parsed: list[tuple[Path, list[Entry], list[_Where], list[Problem]]] = []
    for path, source in paths:
        text = texts.get(path)
        if text is None and source != "bundled" and not path.exists():
            continue
        entries, wheres, found = _parse(path, source, text)
        parsed.append((path, entries, wheres, found))
        merged = merge(merged, entries)
    known = {e.id for e in merged}
    for path, entries, wheres, found in parsed:
        for entry, where in zip(entries, wheres, strict=True):
            for target, node in zip(entry.see_also, where.nodes["see_also"], strict=True):
                if target not in known:
                    line, col = _position(node.start_mark)
                    message = f"see_also of '{entry.id}' names unknown id '{target}'"
                    found.append(Problem(path, line, col, message))
        problems.extend(sorted(found, key=lambda p: (p.line, p.column)))
    return Glossary(merged), problems


def check_file(path: Path, bundled: Path) -> tuple[Glossary, list[Problem]]:
    """Validates one file as a user glossary over ``bundled``; returns only its own problems.

    Its ``see_also`` may name bundled ids, as in the user's glossary. When ``path`` is the
    bundled file itself it is checked on its own.
    """
    try:
        same = path.resolve() == bundled.resolve()
    except OSError:
        same = False
    if same or not bundled.exists():
        return check([(path, "bundled")])
    glossary, problems = check([(bundled, "bundled"), (path, "user")])
    if not path.exists():
        problems.append(Problem(path, 1, 1, "cannot read the file: No such file or directory"))
    return glossary, [p for p in problems if p.path == path]


_cache: dict[tuple[tuple[str, float], ...], Glossary] = {}


def load_glossary(paths: list[tuple[Path, str]]) -> Glossary:
    """The merged glossary of these files; raises GlossaryError listing every problem."""
    key = tuple((str(p), p.stat().st_mtime if p.exists() else -1.0) for p, _ in paths)
    if key in _cache:
        return _cache[key]
    glossary, problems = check(paths)
    if problems:
        raise GlossaryError(problems)
    _cache[key] = glossary
    return glossary


def clear_caches() -> None:
    """Forgets loaded glossaries and per-character readings (for benchmarks and tests)."""
    _cache.clear()
    _char_readings.cache_clear()
