"""Provides loading and validation of glossary files, with line and column for every problem.

A file is first read fast, as plain values (:mod:`reader.glossary.plain_yaml`), and checked; at
its first problem, or when the fast reading could read it differently, it is read in full, safely
as YAML nodes with positions (:mod:`reader.glossary.yaml_nodes`), and every problem is reported
with its place. Both readings apply the same checks: each entry is read by the schema that
:class:`reader.glossary.model.Entry` declares (which fields exist, which are required, lists or
texts, allowed values, the check of each value), and the rules that relate fields to each other
are small named functions (``ENTRY_RULES``). Problems are ``PATH:LINE:COL: message``.

The user's glossary (``glossary.yaml`` in the data directory) is merged over the bundled one: an
entry with the same id replaces the bundled entry, and a form claimed by a user entry is removed
from whichever bundled entry had it, so personal terms survive upgrades.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from yaml import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reader.collector import collector_paused
from reader.files import FileTooLargeError, read_bytes
from reader.glossary import forms, readings
from reader.glossary.cache import cache_key, cache_path, read_cached, write_cached
from reader.glossary.forms import simplified_forms
from reader.glossary.model import FIELDS_BY_NAME, FILE_FIELDS, Entry, FileField, Glossary
from reader.glossary.plain_yaml import flow_item_alike, read_plain
from reader.glossary.readings import reading_problem, reading_problem_at
from reader.glossary.yaml_nodes import (
    IMPLICIT_FIRST,
    MAX_FILE_BYTES,
    STR_TAG,
    FileContext,
    GlossaryError,
    Problem,
    compose,
    compose_into,
    kind_of,
    one_line,
    plain_is_text,
    position,
    read_text,
    shown,
    text_value,
    text_values,
)
from reader.paths import cache_dir

__all__ = [
    "MAX_FILE_BYTES",
    "GlossaryError",
    "Problem",
    "check",
    "check_file",
    "clear_caches",
    "compose",
    "load_glossary",
    "merge",
    "parse_file",
    "reading_problem",
]

_KNOWN = ", ".join(f.name for f in FILE_FIELDS)
_REQUIRED = tuple(f for f in FILE_FIELDS if f.required)


@dataclass
class _Where:
    """Where an entry's parts are in its file, for problems found after it is read. An entry
    read fast has no positions: every node is then :data:`_NOWHERE`."""

    entry: Node
    fields: dict[str, Node] = field(default_factory=dict)  # field name -> the node of its value
    items: dict[str, list[Node]] = field(default_factory=dict)  # aligned with Entry's tuples
    broken: set[str] = field(default_factory=set)  # list fields with a problem of their own

    def field(self, name: str) -> Node:
        """The node of a field's value (the entry's when the field is absent)."""
        return self.fields.get(name, self.entry)

    def item(self, name: str, index: int) -> Node:
        """The node of one item of a list field."""
        nodes = self.items.get(name)
        return nodes[index] if nodes else self.field(name)


def parse_file(path: Path, *, source: str = "bundled") -> tuple[list[Entry], list[Problem]]:
    """Reads and validates one glossary file on its own; returns its entries and problems."""
    with collector_paused():
        entries, _, problems = _parse(path, source)
    return entries, problems


class _NeedsPositions(Exception):
    """A problem met by the fast reading: the full reading finds it again, with its position."""


class _FastContext(FileContext):
    """A file read fast: its first problem stops the reading (see :mod:`.plain_yaml`)."""

    def at(self, node: Node | None, message: str, offset: int = 0) -> None:
        raise _NeedsPositions(message)


_NO_MARK = Mark("", 0, 0, 0, "", 0)
# The node of every value read fast: one shared stand-in, as nothing needs its position.
_NOWHERE = ScalarNode(STR_TAG, "", _NO_MARK, _NO_MARK)
_UNPLACED = _Where(_NOWHERE)  # where every entry read fast is
_REQUIRED_NAMES = frozenset(f.name for f in _REQUIRED)
_LIST_NAMES = frozenset(f.name for f in FILE_FIELDS if f.many)
_CHECKED = tuple(f for f in FILE_FIELDS if f.spec.check or f.spec.choices)


def _parse(
    path: Path, source: str, text: str | None = None, *, exact: bool = False
) -> tuple[list[Entry], list[_Where], list[Problem]]:
    """A file's entries, where their parts are, and its problems. A file read fast (not
    ``exact``) has no positions: its wheres are :data:`_NOWHERE`."""
    if text is None:
        text, problem = read_text(path)
        if text is None:
            return [], [], [problem] if problem else []
    if not exact and (fast := _parse_fast(path, source, text)) is not None:
        return fast
    ctx = FileContext(path, text.splitlines())
    root = compose_into(ctx, text)
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
                ctx.at(key, f"unknown top-level field '{shown(key.value)}'")
            else:
                ctx.at(key, f"a top-level field name must be text, not {kind_of(key)}")
    elif isinstance(root, SequenceNode):
        entries_node = root
    if entries_node is None or not isinstance(entries_node, SequenceNode):
        ctx.at(entries_node or root, "expected a list under 'entries'")
        return [], [], ctx.problems
    read = [f for node in entries_node.value if (f := _read_entry(ctx, node)) is not None]
    parsed = _validated(ctx, read, source)
    return [e for e, _ in parsed], [w for _, w in parsed], ctx.problems


def _parse_fast(
    path: Path, source: str, text: str
) -> tuple[list[Entry], list[_Where], list[Problem]] | None:
    """A file's entries read as plain values, or None when it has a problem or may be read
    differently by the full reading (see :mod:`reader.glossary.plain_yaml`)."""
    data = read_plain(text)
    if isinstance(data, dict) and list(data) == ["entries"]:
        data = data["entries"]
    if not isinstance(data, list):
        return None  # empty, misshapen or not plain: the full reading says what is wrong
    ctx = _FastContext(path, [])
    try:
        parsed = _validated(ctx, [(_read_plain_entry(item), _UNPLACED) for item in data], source)
    except _NeedsPositions:
        return None
    return [e for e, _ in parsed], [w for _, w in parsed], []


def _read_plain_entry(item: object) -> dict[str, Any]:
    """An entry's values read fast; raises at the first problem. The same checks as
    :func:`_read_entry`, whose messages the full reading then gives."""
    if type(item) is not dict or not (_REQUIRED_NAMES <= item.keys() <= FIELDS_BY_NAME.keys()):
        raise _NeedsPositions("an entry without its required fields, or with an unknown one")
    values: dict[str, Any] = {}
    for name, value in item.items():
        if name not in _LIST_NAMES:
            values[name] = _plain_text(value)
        elif type(value) is list:
            values[name] = texts = tuple(map(_plain_text, value))
            if not all(map(flow_item_alike, texts)):
                raise _NeedsPositions("an item YAML 1.1 may read otherwise in a flow list")
        elif value is None:
            values[name] = ()
        elif type(value) is str:
            values[name] = (_plain_text(value),)
        else:
            raise _NeedsPositions("a list field holding a mapping")
    for spec in _CHECKED:
        given = values.get(spec.name)
        for text in (given,) if type(given) is str else given or ():
            if (problem := _value_problem(spec, text)) is not None:
                raise _NeedsPositions(problem)
    return values


def _plain_text(value: object) -> str:
    """A text value read fast, on one line; raises when it is not a clean, non-empty text."""
    if type(value) is not str:
        raise _NeedsPositions("not a text")
    if value[:1] in IMPLICIT_FIRST and not plain_is_text(value):
        raise _NeedsPositions("a text YAML 1.1 may read as another type")
    # The usual value at once: printable, single spaces, nothing to fold (the full test below
    # would return it unchanged).
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        if value:
            return value
        raise _NeedsPositions("an empty text")
    text, control = one_line(value)
    if control is not None or not text:
        raise _NeedsPositions("a control character or an empty text")
    return text


def _validated(
    ctx: FileContext, read: list[tuple[dict[str, Any], _Where]], source: str
) -> list[tuple[Entry, _Where]]:
    """The entries of one file's values, after the rules of each entry and the checks across
    entries."""
    parsed = [(_build(values, source), where) for values, where in read]
    # The readings of every character of every Chinese form at once, for the reading checks.
    readings.prime("".join(form for entry, _ in parsed for form in entry.zh))
    for entry, where in parsed:
        for rule in ENTRY_RULES:
            rule(ctx, entry, where)
    _cross_checks(ctx, parsed)
    return parsed


def _read_field(
    ctx: FileContext, values: dict[str, Any], where: _Where, spec: FileField, value: Node
) -> None:
    """Reads one field by its declaration: a text or a list of texts, each value checked."""
    where.fields[spec.name] = value
    if spec.many:
        items = text_values(ctx, value, spec.name)
        values[spec.name] = tuple(text for text, _ in items)
        where.items[spec.name] = [node for _, node in items]
    else:
        text = text_value(ctx, value, spec.name)
        values[spec.name] = text
        items = [(text, value)] if text is not None else []
    for text, node in items:
        if (problem := _value_problem(spec, text)) is not None:
            ctx.at(node, problem)


def _value_problem(spec: FileField, text: str) -> str | None:
    """What is wrong with one value of a field by its declaration (allowed values, check)."""
    if spec.spec.choices and text not in spec.spec.choices:
        return f"unknown {spec.name} '{text}' (one of: {', '.join(spec.spec.choices)})"
    return spec.spec.check(text) if spec.spec.check is not None else None


def _read_entry(ctx: FileContext, node: Node) -> tuple[dict[str, Any], _Where] | None:
    """An entry's values and where they are, read and checked one by one; None without every
    required field."""
    if not isinstance(node, MappingNode):
        ctx.at(node, f"each entry must be a mapping of fields, not {kind_of(node)}")
        return None
    values: dict[str, Any] = {}
    where = _Where(node)
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else None
        before = len(ctx.problems)
        if name is None:
            ctx.at(key, f"a field name must be text, not {kind_of(key)}")
        elif name in values:
            ctx.at(key, f"field '{name}' is given twice")
        elif (spec := FIELDS_BY_NAME.get(name)) is not None:
            _read_field(ctx, values, where, spec, value)
            if len(ctx.problems) > before and spec.many:
                where.broken.add(name)
        else:
            ctx.at(key, f"unknown field '{shown(name)}' (known: {_KNOWN})")
    missing = [f.name for f in _REQUIRED if f.name not in values]
    for name in missing:
        ctx.at(node, f"entry is missing the required field '{name}'")
    if missing or any(values[f.name] is None for f in _REQUIRED):
        return None  # the rest is still checked when the entry has what every entry needs
    return values, where


def _build(values: dict[str, Any], source: str) -> Entry:
    """The entry of values that passed the required checks (a text with a problem is None)."""
    pinyin = values.get("pinyin")
    if pinyin:
        values["pinyin"] = tuple(_nfc(reading) for reading in pinyin)
    given = {name: value for name, value in values.items() if value is not None}
    return Entry(**given, source=source)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# --- rules relating the fields of one entry ------------------------------------------------------


def _readings_fit_forms(ctx: FileContext, entry: Entry, where: _Where) -> None:
    """``pinyin`` has one reading per Chinese form, and each reading fits its form."""
    if where.broken & {"zh", "pinyin"}:
        return
    if len(entry.pinyin) != len(entry.zh):
        ctx.at(
            where.field("pinyin"),
            f"'pinyin' needs one reading per Chinese form ({len(entry.zh)}), "
            f"found {len(entry.pinyin)}",
        )
        return
    for i, (form, reading) in enumerate(zip(entry.zh, entry.pinyin, strict=True)):
        if found := reading_problem_at(form, reading):
            ctx.at(where.item("pinyin", i), found[0], found[1])


def _exclusions_contain_a_form(ctx: FileContext, entry: Entry, where: _Where) -> None:
    """Each ``exclude`` word is a longer word containing one of the entry's Chinese forms."""
    for i, word in enumerate(entry.exclude):
        if not any(form in word and form != word for form in entry.zh):
            ctx.at(
                where.item("exclude", i),
                f"exclusion '{word}' does not contain a longer "
                "use of any Chinese form of this entry",
            )


def _ambiguous_are_forms(ctx: FileContext, entry: Entry, where: _Where) -> None:
    """Each ``ambiguous`` form is one of the entry's Chinese forms."""
    for i, form in enumerate(entry.ambiguous):
        if form not in entry.zh:
            ctx.at(
                where.item("ambiguous", i),
                f"ambiguous form '{form}' is not a Chinese form of this entry",
            )


ENTRY_RULES: tuple[Callable[[FileContext, Entry, _Where], None], ...] = (
    _readings_fit_forms,
    _exclusions_contain_a_form,
    _ambiguous_are_forms,
)


def _cross_checks(ctx: FileContext, parsed: list[tuple[Entry, _Where]]) -> None:
    """Duplicate ids and forms within one file (see_also is checked after merging).

    A problem stands at the second use and names the entry and line of the first. English forms
    are compared without case, except that a one-word name may share the letters of another
    entry's lower-case word (the company "Perplexity", the metric "perplexity"): each then
    matches its own spelling (see :mod:`reader.glossary.case`).
    """
    simple = simplified_forms(f for entry, _ in parsed for f in entry.zh)
    ids: dict[str, Node] = {}
    zh_owner: dict[str, tuple[Entry, _Where, str]] = {}  # keyed by the simplified form
    en_owner: dict[str, list[tuple[str, str, Node]]] = {}  # folded form -> (entry, form, node)
    for entry, where in parsed:
        if entry.id in ids:
            first = ids[entry.id].start_mark.line + 1
            ctx.at(where.field("id"), f"duplicate id '{entry.id}' (first at line {first})")
            continue
        ids[entry.id] = where.field("id")
        if len(set(entry.zh)) != len(entry.zh):
            seen: set[str] = set()
            for i, form in enumerate(entry.zh):
                if form in seen:
                    ctx.at(
                        where.item("zh", i),
                        f"Chinese form '{form}' is listed twice in '{entry.id}'",
                    )
                seen.add(form)
        for form in dict.fromkeys(entry.zh):
            first = zh_owner.setdefault(simple[form], (entry, where, form))
            if first[0].id != entry.id:
                holder, first_where, first_form = first
                line = first_where.item("zh", holder.zh.index(first_form)).start_mark.line + 1
                ctx.at(
                    where.item("zh", entry.zh.index(form)),
                    f"Chinese form '{form}' also belongs to '{holder.id}' (line {line})",
                )
        for name in ("en", "aliases", "abbr"):
            forms = (entry.en,) if name == "en" else getattr(entry, name)
            for i, form in enumerate(forms):
                owners = en_owner.setdefault(form.casefold(), [])
                node = where.field("en") if name == "en" else where.item(name, i)
                clash = next((o for o in owners if not _by_case(o, entry.id, form)), None)
                owners.append((entry.id, form, node))
                if clash is not None:
                    owner, _, first_node = clash
                    whose = "is listed twice in" if owner == entry.id else "also belongs to"
                    ctx.at(
                        node,
                        f"English form '{form}' {whose} '{owner}' "
                        f"(line {first_node.start_mark.line + 1}; case is ignored)",
                    )


def _by_case(first: tuple[str, str, Node], entry_id: str, form: str) -> bool:
    """Whether a one-word form and another entry's form with the same letters are told apart by
    their case: one written all in lower case, the other not (perplexity, Perplexity)."""
    owner, other, _ = first
    return (
        owner != entry_id
        and other != form
        and " " not in form
        and (other.islower() or form.islower())
    )


def merge(bundled: list[Entry], user: list[Entry]) -> list[Entry]:
    """User entries replace bundled ones with the same id and take over the forms they claim."""
    if not user:
        return bundled
    simple = simplified_forms(f for e in (*bundled, *user) for f in e.zh)
    user_ids = {e.id for e in user}
    # Matching runs on simplified text, so a claimed form takes its other script with it.
    claimed_zh = {simple[f] for e in user for f in e.zh}
    claimed_en = {f.casefold() for e in user for f in e.english_forms()}
    merged = []
    for entry in bundled:
        if entry.id in user_ids:
            continue
        keep = [i for i, f in enumerate(entry.zh) if simple[f] not in claimed_zh]
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
    with collector_paused():
        return _check(paths, texts)


def _check(
    paths: list[tuple[Path, str]], texts: dict[Path, str] | None = None
) -> tuple[Glossary, list[Problem]]:
    """The work of :func:`check`, with the cycle collector paused around it."""
    texts = texts or {}
    merged: list[Entry] = []
    problems: list[Problem] = []
    parsed: list[tuple[Path, str, str | None, list[Entry], list[_Where], list[Problem]]] = []
    for path, source in paths:
        text = texts.get(path)
        if text is None and source != "bundled" and not path.exists():
            continue
        entries, wheres, found = _parse(path, source, text)
        parsed.append((path, source, text, entries, wheres, found))
        merged = merge(merged, entries)
    known = {e.id for e in merged}
    for path, source, text, entries, wheres, found in parsed:
        unknown = _unknown_see_also(path, entries, wheres, known)
        if unknown and wheres[0] is _UNPLACED:
            # Read fast, without positions: read again in full to say where the ids stand.
            entries, wheres, _ = _parse(path, source, text, exact=True)
            unknown = _unknown_see_also(path, entries, wheres, known)
        found.extend(unknown)
        problems.extend(sorted(found, key=lambda p: (p.line, p.column)))
    return Glossary(merged), problems


def _unknown_see_also(
    path: Path, entries: list[Entry], wheres: list[_Where], known: set[str]
) -> list[Problem]:
    """A problem for each ``see_also`` id of the file's entries that no entry has."""
    found = []
    for entry, where in zip(entries, wheres, strict=True):
        for i, target in enumerate(entry.see_also):
            if target not in known:
                line, col = position(where.item("see_also", i).start_mark)
                message = f"see_also of '{entry.id}' names unknown id '{target}'"
                found.append(Problem(path, line, col, message))
    return found


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


def load_glossary(paths: list[tuple[Path, str]], *, disk_cache: bool = True) -> Glossary:
    """The merged glossary of these files; raises GlossaryError listing every problem.

    A glossary without problems is kept in the cache directory, keyed by the files' contents,
    and read from there while the files are unchanged (see :mod:`reader.glossary.cache`).
    """
    key = tuple((str(p), p.stat().st_mtime if p.exists() else -1.0) for p, _ in paths)
    if key in _cache:
        return _cache[key]
    stored = _disk_cache_path(paths) if disk_cache else None
    glossary = read_cached(stored) if stored is not None else None
    if glossary is None:
        glossary, problems = check(paths)
        if problems:
            raise GlossaryError(problems)
        if stored is not None:
            write_cached(stored, glossary)
    _cache[key] = glossary
    return glossary


def _disk_cache_path(paths: list[tuple[Path, str]]) -> Path | None:
    """Where the glossary of these files is cached, or None when a file cannot be read (the
    full check then reports why)."""
    contents: list[bytes | None] = []
    for path, _ in paths:
        try:
            contents.append(read_bytes(path, MAX_FILE_BYTES))
        except FileNotFoundError:
            contents.append(None)
        except (OSError, FileTooLargeError):
            return None
    return cache_path(cache_dir(), cache_key(paths, contents))


def clear_caches() -> None:
    """Forgets loaded glossaries and per-character readings (for benchmarks and tests)."""
    _cache.clear()
    readings.clear_caches()
    forms.clear_cache()
