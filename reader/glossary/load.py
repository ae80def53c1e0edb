"""Provides safe loading and validation of glossary files, with line and column for every problem.

Glossary files are YAML, read without constructing any object: the document is composed into
nodes and walked by hand, so tags (``!!python/object``) are refused, anchors and aliases (the
"billion laughs" expansion) are refused before anything is expanded, and every problem carries the
position of the node it is about: ``PATH:LINE:COL: message``.

The user's glossary (``glossary.yaml`` in the data directory) is merged over the bundled one: an
entry with the same id replaces the bundled entry, and a form claimed by a user entry is removed
from whichever bundled entry had it, so personal terms survive upgrades.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reader.errors import ReaderError
from reader.glossary.model import CATEGORIES, Entry, Glossary
from reader.text.chars import HAN_RE

MAX_FILE_BYTES = 5_000_000
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STR_TAG = "tag:yaml.org,2002:str"
_LIST_FIELDS = ("zh", "pinyin", "aliases", "abbr", "see_also", "exclude")
_TEXT_FIELDS = ("id", "en", "category", "definition", "note")
_REQUIRED = ("id", "en", "category", "definition")


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


def _at(path: Path, node: Node | None, message: str) -> Problem:
    if node is None:
        return Problem(path, 1, 1, message)
    return Problem(path, node.start_mark.line + 1, node.start_mark.column + 1, message)


_ALLOWED_TAGS = {"!", _STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def _event_problem(event: yaml.Event) -> str | None:
    """Why a parser event is refused: anchors/aliases (expansion bombs) or explicit tags."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return "anchors and aliases are not allowed in a glossary"
    tag = getattr(event, "tag", None)
    if tag and tag not in _ALLOWED_TAGS:
        return f"tags such as {tag} are not allowed in a glossary"
    return None


def _position(mark: Any) -> tuple[int, int]:
    """1-based (line, column) of a YAML mark."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _compose(path: Path, text: str) -> tuple[Node | None, list[Problem]]:
    """Parses YAML into nodes, refusing anchors, aliases and explicit tags."""
    problems: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if (why := _event_problem(event)) is not None:
                line, col = _position(event.start_mark)
                problems.append(Problem(path, line, col, why))
        if problems:
            return None, problems
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        line, col = _position(exc.problem_mark or exc.context_mark)
        return None, [Problem(path, line, col, f"invalid YAML: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"invalid YAML: {exc}")]


def _text(path: Path, node: Node, name: str, problems: list[Problem]) -> str | None:
    if isinstance(node, ScalarNode) and node.tag == _STR_TAG:
        value = " ".join(str(node.value).split())
        if value:
            return value
        problems.append(_at(path, node, f"'{name}' must not be empty"))
        return None
    problems.append(_at(path, node, f"'{name}' must be a string"))
    return None


def _texts(path: Path, node: Node, name: str, problems: list[Problem]) -> list[tuple[str, Node]]:
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if isinstance(node, ScalarNode):  # a single form written without brackets
        value = _text(path, node, name, problems)
        return [(value, node)] if value else []
    if not isinstance(node, SequenceNode):
        problems.append(_at(path, node, f"'{name}' must be a list of strings"))
        return []
    out = []
    for item in node.value:
        value = _text(path, item, f"{name}[]", problems)
        if value is not None:
            out.append((value, item))
    return out


@lru_cache(maxsize=65536)
def _char_readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    from reader.text.script import to_simplified, to_traditional

    readings: set[str] = set()
    for variant in {char, to_simplified(char), to_traditional(char)}:
        for reading in pinyin(variant, heteronym=True, style=Style.TONE)[0]:
            readings.add(reading)
            readings.add(_toneless(reading))  # the neutral tone of any reading
    return frozenset(readings)


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def reading_problem(form: str, reading: str) -> str | None:
    """Why ``reading`` is not a valid tone-marked reading of ``form``, or None when it is."""
    hans = [ch for ch in form if HAN_RE.match(ch)]
    syllables = unicodedata.normalize("NFC", reading).split()
    if len(syllables) != len(hans):
        return (
            f"pinyin '{reading}' has {len(syllables)} syllables but '{form}' has "
            f"{len(hans)} Han characters"
        )
    for ch, syl in zip(hans, syllables, strict=True):
        if syl != syl.lower() or any(c.isdigit() for c in syl):
            return f"pinyin '{syl}' must be lower-case with tone marks, not digits"
        if syl.replace("v", "ü") not in _char_readings(ch):
            return f"pinyin '{syl}' is not a reading of '{ch}' in '{form}'"
    return None


def parse_file(path: Path, *, source: str = "bundled") -> tuple[list[Entry], list[Problem]]:
    """Reads and validates one glossary file on its own; returns its entries and problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [Problem(path, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return [], [Problem(path, 1, 1, f"the file is larger than {MAX_FILE_BYTES} bytes")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(path, 1, 1, f"the file is not UTF-8 (byte {exc.start})")]
    root, problems = _compose(path, text)
    if problems:
        return [], problems
    if root is None:
        return [], []  # an empty file is an empty glossary
    entries_node: Node | None = None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value == "entries":
                entries_node = value
            else:
                problems.append(_at(path, key, f"unknown top-level field '{key.value}'"))
    elif isinstance(root, SequenceNode):
        entries_node = root
    if entries_node is None or not isinstance(entries_node, SequenceNode):
        problems.append(_at(path, entries_node or root, "expected a list under 'entries'"))
        return [], problems
    entries = []
    for node in entries_node.value:
        entry = _parse_entry(path, node, problems, source)
        if entry is not None:
            entries.append((entry, node))
    problems.extend(_cross_checks(path, entries))
    return [e for e, _ in entries], problems


def _parse_entry(path: Path, node: Node, problems: list[Problem], source: str) -> Entry | None:
    if not isinstance(node, MappingNode):
        problems.append(_at(path, node, "each entry must be a mapping of fields"))
        return None
    fields: dict[str, object] = {}
    positions: dict[str, Node] = {}
    before = len(problems)
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else None
        if name in fields:
            problems.append(_at(path, key, f"field '{name}' is given twice"))
        elif name in _TEXT_FIELDS:
            fields[name] = _text(path, value, name, problems)
            positions[name] = value
        elif name in _LIST_FIELDS:
            fields[name] = _texts(path, value, name, problems)
            positions[name] = value
        else:
            problems.append(_at(path, key, f"unknown field '{name}'"))
    for name in _REQUIRED:
        if name not in fields:
            problems.append(_at(path, node, f"entry is missing the required field '{name}'"))
    if len(problems) > before:
        return None

    def items(name: str) -> list[tuple[str, Node]]:
        value = fields.get(name)
        return value if isinstance(value, list) else []

    entry_id = str(fields["id"])
    if not _ID_RE.match(entry_id):
        problems.append(
            _at(
                path,
                positions["id"],
                f"id '{entry_id}' must be a lower-case slug (letters, digits and hyphens)",
            )
        )
    category = str(fields["category"])
    if category not in CATEGORIES:
        problems.append(
            _at(
                path,
                positions["category"],
                f"unknown category '{category}' (one of: {', '.join(CATEGORIES)})",
            )
        )
    zh, pinyin = items("zh"), items("pinyin")
    for form, form_node in zh:
        if not HAN_RE.search(form):
            problems.append(_at(path, form_node, f"Chinese form '{form}' has no Han character"))
    if len(pinyin) != len(zh):
        problems.append(
            _at(
                path,
                positions.get("pinyin", node),
                f"'pinyin' needs one reading per Chinese form ({len(zh)}), found {len(pinyin)}",
            )
        )
    else:
        for (form, _), (reading, reading_node) in zip(zh, pinyin, strict=True):
            if why := reading_problem(form, reading):
                problems.append(_at(path, reading_node, why))
    zh_forms = [f for f, _ in zh]
    for word, word_node in items("exclude"):
        if not any(form in word and form != word for form in zh_forms):
            problems.append(
                _at(
                    path,
                    word_node,
                    f"exclusion '{word}' does not contain a longer "
                    "use of any Chinese form of this entry",
                )
            )
    note = fields.get("note")
    return Entry(
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


def _cross_checks(path: Path, entries: list[tuple[Entry, Node]]) -> list[Problem]:
    """Duplicate ids and forms across entries (see_also is checked after merging)."""
    problems = []
    ids: dict[str, str] = {}
    zh_owner: dict[str, str] = {}
    en_owner: dict[str, str] = {}
    for entry, node in entries:
        if entry.id in ids:
            problems.append(_at(path, node, f"duplicate id '{entry.id}'"))
            continue
        ids[entry.id] = entry.id
        for form in entry.zh:
            owner = zh_owner.setdefault(form, entry.id)
            if owner != entry.id:
                problems.append(
                    _at(
                        path,
                        node,
                        f"Chinese form '{form}' of '{entry.id}' also belongs to '{owner}'",
                    )
                )
        for form in {f.casefold() for f in entry.english_forms()}:
            owner = en_owner.setdefault(form, entry.id)
            if owner != entry.id:
                problems.append(
                    _at(
                        path,
                        node,
                        f"English form '{form}' of '{entry.id}' also belongs to '{owner}'",
                    )
                )
    return problems


def merge(bundled: list[Entry], user: list[Entry]) -> list[Entry]:
    """User entries replace bundled ones with the same id and take over the forms they claim."""
    if not user:
        return bundled
    user_ids = {e.id for e in user}
    claimed_zh = {f for e in user for f in e.zh}
    claimed_en = {f.casefold() for e in user for f in e.english_forms()}
    merged = []
    for entry in bundled:
        if entry.id in user_ids:
            continue
        keep = [i for i, f in enumerate(entry.zh) if f not in claimed_zh]
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


def check(paths: list[tuple[Path, str]]) -> tuple[Glossary, list[Problem]]:
    """Parses, merges and validates glossary files (bundled first); returns all problems."""
    merged: list[Entry] = []
    problems: list[Problem] = []
    nodes_by_path: dict[Path, list[Entry]] = {}
    for path, source in paths:
        if source != "bundled" and not path.exists():
            continue
        entries, found = parse_file(path, source=source)
        problems.extend(found)
        nodes_by_path[path] = entries
        merged = merge(merged, entries)
    known = {e.id for e in merged}
    for path, entries in nodes_by_path.items():
        for entry in entries:
            for target in entry.see_also:
                if target not in known:
                    problems.append(
                        Problem(
                            path,
                            *_line_of_id(path, entry.id),
                            f"'{entry.id}' refers to unknown id '{target}' in see_also",
                        )
                    )
    return Glossary(merged), problems


def _line_of_id(path: Path, entry_id: str) -> tuple[int, int]:
    """Position of an entry's ``id:`` line, for problems found after merging."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip().lstrip("- ").strip()
            if stripped.startswith("id:") and stripped[3:].strip().strip("'\"") == entry_id:
                return number, line.index("id:") + 1
    except OSError:
        pass
    return 1, 1


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
