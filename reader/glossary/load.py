"""Provides loading and validation of glossary files, with line and column for every problem.

Files are read safely as YAML nodes with positions (:mod:`reader.glossary.yaml_nodes`); each
entry is then read by the schema that :class:`reader.glossary.model.Entry` declares (which fields
exist, which are required, lists or texts, allowed values, the check of each value), and the
rules that relate fields to each other are small named functions (``ENTRY_RULES``). Problems are
``PATH:LINE:COL: message``.

The user's glossary (``glossary.yaml`` in the data directory) is merged over the bundled one: an
entry with the same id replaces the bundled entry, and a form claimed by a user entry is removed
from whichever bundled entry had it, so personal terms survive upgrades.
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reader.files import FileTooLargeError, read_bytes
from reader.glossary import forms, readings
from reader.glossary.cache import cache_key, cache_path, read_cached, write_cached
from reader.glossary.forms import simplified_forms
from reader.glossary.model import FIELDS_BY_NAME, FILE_FIELDS, Entry, FileField, Glossary
from reader.glossary.readings import reading_problem, reading_problem_at
from reader.glossary.yaml_nodes import (
    MAX_FILE_BYTES,
    FileContext,
    GlossaryError,
    Problem,
    compose,
    compose_into,
    kind_of,
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
    """Where an entry's parts are in its file, for problems found after parsing."""

    entry: Node
    id: Node
    nodes: dict[str, list[Node]] = field(default_factory=dict)  # aligned with Entry's tuples


@dataclass
class _Fields:
    """One entry's fields as read: values with the node of each value, before it is built."""

    node: Node
    texts: dict[str, str | None] = field(default_factory=dict)
    lists: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    positions: dict[str, Node] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # fields with a problem of their own

    def items(self, name: str) -> list[tuple[str, Node]]:
        """The values of a list field with their nodes ([] when absent)."""
        return self.lists.get(name, [])


def parse_file(path: Path, *, source: str = "bundled") -> tuple[list[Entry], list[Problem]]:
    """Reads and validates one glossary file on its own; returns its entries and problems."""
    with _collector_paused():
        entries, _, problems = _parse(path, source)
    return entries, problems


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pauses Python's cycle collector: a large glossary is some hundred thousand YAML nodes,
    and full collections while they are built (or at once after, while they are still held)
    doubled the loading time. Nodes and entries form no reference cycles: they are freed by
    their reference counts before the collector runs again, so it has nothing to catch up."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(
    path: Path, source: str, text: str | None = None
) -> tuple[list[Entry], list[_Where], list[Problem]]:
    if text is None:
        text, problem = read_text(path)
        if text is None:
            return [], [], [problem] if problem else []
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
    # The readings of every character of every Chinese form at once, for the reading checks.
    readings.prime("".join(form for f in read for form, _ in f.items("zh")))
    parsed: list[tuple[Entry, _Where]] = []
    for fields in read:
        for rule in ENTRY_RULES:
            rule(ctx, fields)
        parsed.append(_build(fields, source))
    _cross_checks(ctx, parsed)
    return [e for e, _ in parsed], [w for _, w in parsed], ctx.problems


def _read_field(ctx: FileContext, fields: _Fields, spec: FileField, value: Node) -> None:
    """Reads one field by its declaration: a text or a list of texts, each value checked."""
    fields.positions[spec.name] = value
    if spec.many:
        items = text_values(ctx, value, spec.name)
        fields.lists[spec.name] = items
        values = items
    else:
        text = text_value(ctx, value, spec.name)
        fields.texts[spec.name] = text
        values = [(text, value)] if text is not None else []
    for text, node in values:
        if spec.spec.choices and text not in spec.spec.choices:
            ctx.at(node, f"unknown {spec.name} '{text}' (one of: {', '.join(spec.spec.choices)})")
        elif spec.spec.check is not None and (problem := spec.spec.check(text)):
            ctx.at(node, problem)


def _read_entry(ctx: FileContext, node: Node) -> _Fields | None:
    """An entry's fields, read and checked one by one; None without every required field."""
    if not isinstance(node, MappingNode):
        ctx.at(node, f"each entry must be a mapping of fields, not {kind_of(node)}")
        return None
    fields = _Fields(node)
    seen: set[str] = set()
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else None
        before = len(ctx.problems)
        if name is None:
            ctx.at(key, f"a field name must be text, not {kind_of(key)}")
        elif name in seen:
            ctx.at(key, f"field '{name}' is given twice")
        elif (spec := FIELDS_BY_NAME.get(name)) is not None:
            seen.add(name)
            _read_field(ctx, fields, spec, value)
            if len(ctx.problems) > before and spec.many:
                fields.broken.add(name)
        else:
            ctx.at(key, f"unknown field '{shown(name)}' (known: {_KNOWN})")
    missing = [f.name for f in _REQUIRED if f.name not in seen]
    for name in missing:
        ctx.at(node, f"entry is missing the required field '{name}'")
    if missing or any(fields.texts.get(f.name) is None for f in _REQUIRED):
        return None  # the rest is still checked when the entry has what every entry needs
    return fields


def _build(fields: _Fields, source: str) -> tuple[Entry, _Where]:
    """The entry and where its parts are, from fields that passed the required checks."""
    values: dict[str, object] = {}
    for spec in FILE_FIELDS:
        if spec.many:
            if spec.name in fields.lists:
                values[spec.name] = tuple(text for text, _ in fields.items(spec.name))
        elif (text := fields.texts.get(spec.name)) is not None:
            values[spec.name] = text
    if "pinyin" in values:
        values["pinyin"] = tuple(unicodedata.normalize("NFC", r) for r, _ in fields.items("pinyin"))
    entry = Entry(**values, source=source)  # type: ignore[arg-type]
    where = _Where(fields.node, fields.positions["id"], {"en": [fields.positions["en"]]})
    for name in ("zh", "aliases", "abbr", "see_also"):
        where.nodes[name] = [node for _, node in fields.items(name)]
    return entry, where


# --- rules relating the fields of one entry ------------------------------------------------------


def _readings_fit_forms(ctx: FileContext, fields: _Fields) -> None:
    """``pinyin`` has one reading per Chinese form, and each reading fits its form."""
    if fields.broken & {"zh", "pinyin"}:
        return
    zh, pinyin = fields.items("zh"), fields.items("pinyin")
    if len(pinyin) != len(zh):
        ctx.at(
            fields.positions.get("pinyin", fields.node),
            f"'pinyin' needs one reading per Chinese form ({len(zh)}), found {len(pinyin)}",
        )
        return
    for (form, _), (reading, reading_node) in zip(zh, pinyin, strict=True):
        if found := reading_problem_at(form, reading):
            ctx.at(reading_node, found[0], found[1])


def _exclusions_contain_a_form(ctx: FileContext, fields: _Fields) -> None:
    """Each ``exclude`` word is a longer word containing one of the entry's Chinese forms."""
    forms = [f for f, _ in fields.items("zh")]
    for word, node in fields.items("exclude"):
        if not any(form in word and form != word for form in forms):
            ctx.at(
                node,
                f"exclusion '{word}' does not contain a longer "
                "use of any Chinese form of this entry",
            )


def _ambiguous_are_forms(ctx: FileContext, fields: _Fields) -> None:
    """Each ``ambiguous`` form is one of the entry's Chinese forms."""
    forms = {f for f, _ in fields.items("zh")}
    for form, node in fields.items("ambiguous"):
        if form not in forms:
            ctx.at(node, f"ambiguous form '{form}' is not a Chinese form of this entry")


ENTRY_RULES: tuple[Callable[[FileContext, _Fields], None], ...] = (
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
    zh_owner: dict[str, tuple[str, Node]] = {}  # keyed by the simplified form, as matching sees it
    en_owner: dict[str, list[tuple[str, str, Node]]] = {}  # folded form -> (entry, form, node)
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
            owner, first_node = zh_owner.setdefault(simple[form], (entry.id, node))
            if owner != entry.id:
                ctx.at(
                    node,
                    f"Chinese form '{form}' also belongs to '{owner}' "
                    f"(line {first_node.start_mark.line + 1})",
                )
        for name in ("en", "aliases", "abbr"):
            forms = (entry.en,) if name == "en" else getattr(entry, name)
            for form, node in zip(forms, where.nodes[name], strict=True):
                owners = en_owner.setdefault(form.casefold(), [])
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
    with _collector_paused():
        return _check(paths, texts)


def _check(
    paths: list[tuple[Path, str]], texts: dict[Path, str] | None = None
) -> tuple[Glossary, list[Problem]]:
    """The work of :func:`check`, with the cycle collector paused around it."""
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
                    line, col = position(node.start_mark)
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
