"""Provides adding an entry to the user's glossary: validated first, then written atomically.

The new entry is appended as text, so the user's comments and layout stay as they were. The
whole file as it would be is validated over the bundled glossary before anything is written;
on any problem nothing changes. Writes go through a temporary file and a rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reader.atomic import write_text_atomic
from reader.errors import ReaderError
from reader.files import FileTooLargeError, read_text
from reader.glossary.load import (
    MAX_FILE_BYTES,
    GlossaryError,
    Problem,
    check,
    compose,
    load_glossary,
)
from reader.glossary.model import Entry
from reader.text.chars import HAN_RE

NEW_FILE_HEADER = """\
# Your own glossary entries for reader, merged over the bundled glossary.
# An entry with the id of a bundled entry replaces it; a Chinese or English form listed here
# is taken away from the bundled entry that had it. Check with: reader glossary check
"""


@dataclass
class NewEntry:
    """The fields of an entry to add; ``pinyin`` is filled in from the Chinese when empty."""

    id: str
    en: str
    category: str
    definition: str
    zh: list[str] = field(default_factory=list)
    pinyin: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)
    note: str | None = None
    see_also: list[str] = field(default_factory=list)
    tier: str | None = None  # general for a common word of AI writing; None: specialist

    def as_mapping(self) -> dict[str, object]:
        """The entry as YAML fields, in the bundled glossary's order, empty lists left out."""
        fields: dict[str, object] = {"id": self.id}
        if self.zh:
            fields["zh"] = _Inline(self.zh)
            fields["pinyin"] = _Inline(self.pinyin)
        fields["en"] = self.en
        if self.aliases:
            fields["aliases"] = _Inline(self.aliases)
        if self.abbr:
            fields["abbr"] = _Inline(self.abbr)
        fields["category"] = self.category
        if self.tier:
            fields["tier"] = self.tier
        fields["definition"] = self.definition
        if self.note:
            fields["note"] = self.note
        if self.see_also:
            fields["see_also"] = _Inline(self.see_also)
        return fields


class _Inline(list[str]):
    """A list written inline (``zh: [规模定律, 規模定律]``), as in the bundled glossary."""


class _Dumper(yaml.SafeDumper):
    """Block mappings, inline lists of forms."""


def _represent_inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=True)


_Dumper.add_representer(_Inline, _represent_inline)


class EntryProblems(GlossaryError):
    """The glossary with the new entry would have problems; nothing was written.

    Problems on lines from ``first_new_line`` on are about the new entry itself (those lines
    exist only in the file as it would have been); others are already in the user's file.
    """

    def __init__(self, problems: list[Problem], first_new_line: int) -> None:
        super().__init__(problems)
        self.first_new_line = first_new_line


@dataclass(frozen=True)
class AddResult:
    """What ``add_entry`` did: the file, the entry as loaded back, and what it replaced."""

    path: Path
    entry: Entry
    created: bool
    overrides_bundled: bool


def suggested_pinyin(form: str) -> str:
    """Tone-marked pinyin for the Han characters of ``form``, read as one word by pypinyin."""
    from pypinyin import Style, lazy_pinyin

    hans = "".join(ch for ch in form if HAN_RE.match(ch))
    return " ".join(lazy_pinyin(hans, style=Style.TONE)) if hans else ""


def add_entry(path: Path, bundled: Path, new: NewEntry) -> AddResult:
    """Appends ``new`` to the user glossary at ``path`` after validating the result.

    Raises GlossaryError with every problem of the file as it would be (its own positions), or
    ReaderError when the id is already in the user's file or the file cannot be extended.
    """
    if new.zh and not new.pinyin:
        new.pinyin = [suggested_pinyin(form) for form in new.zh]
    created = not path.exists()
    old = "" if created else _read(path)
    text = _with_entry(path, old, new) if old.strip() else _new_file(new)
    glossary, problems = check([(bundled, "bundled"), (path, "user")], {path: text})
    own = [p for p in problems if p.path == path]
    if own:
        raise EntryProblems(own, _first_changed_line(old, text))
    entry = glossary.get(new.id)
    if entry is None or entry.source != "user":  # cannot happen after a clean check
        raise ReaderError(f"The entry '{new.id}' was not found after adding it.")
    overrides = load_glossary([(bundled, "bundled")]).get(new.id) is not None
    write_text_atomic(path, text)
    return AddResult(path, entry, created, overrides)


def _first_changed_line(old: str, new: str) -> int:
    """The 1-based line where ``new`` starts to differ from ``old``."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1


def _new_file(new: NewEntry) -> str:
    return NEW_FILE_HEADER + "entries:\n" + _block(new, 2)


def _read(path: Path) -> str:
    try:
        return read_text(path, MAX_FILE_BYTES, encoding="utf-8-sig")
    except FileTooLargeError:
        raise ReaderError(f"{path} is larger than {MAX_FILE_BYTES} bytes.") from None
    except OSError as exc:
        raise ReaderError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError as exc:
        raise ReaderError(f"Cannot read {path}: {exc}.") from None


def _block(new: NewEntry, indent: int) -> str:
    """The entry as a block-sequence item indented by ``indent`` spaces."""
    dumped = yaml.dump(
        [new.as_mapping()],
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=96,
    )
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in dumped.splitlines(True))


def _with_entry(path: Path, text: str, new: NewEntry) -> str:
    """``text`` with the entry appended to its list of entries, comments and layout kept."""
    root, problems = compose(path, text)
    if problems:
        raise GlossaryError(problems)
    if root is None:  # only comments so far: keep them and start the list
        return text + ("" if text.endswith("\n") else "\n") + "entries:\n" + _block(new, 2)
    entries: Node | None = root
    if isinstance(root, MappingNode):
        entries = next(
            (v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "entries"), None
        )
    if not isinstance(entries, SequenceNode):
        raise GlossaryError(
            [Problem(path, 1, 1, "expected a list under 'entries'; cannot add to this file")]
        )
    for item in entries.value:
        if isinstance(item, MappingNode):
            for key, value in item.value:
                if getattr(key, "value", None) == "id" and getattr(value, "value", None) == new.id:
                    line = value.start_mark.line + 1
                    raise ReaderError(
                        f"Your glossary already has an entry '{new.id}' ({path}:{line}); "
                        "edit it there."
                    )
    if text[entries.start_mark.index : entries.start_mark.index + 1] == "[":
        if entries.value:
            raise ReaderError(
                f"{path} lists its entries inline ([...]); write them as a block list to add."
            )
        # "entries: []": the empty list becomes a block list holding the new entry.
        start, end = entries.start_mark.index, entries.end_mark.index
        rest = text[end:].lstrip(" ")
        rest = rest[1:] if rest.startswith("\n") else rest
        return text[:start].rstrip(" ") + "\n" + _block(new, 2) + rest
    indent = entries.start_mark.column
    return text + ("" if text.endswith("\n") else "\n") + _block(new, indent)
