"""Provides the typed glossary entry, which is also the schema of glossary files, and the glossary.

Every field a glossary file may hold is a field of :class:`Entry`, declared once with its
:class:`FieldSpec`: what it means, whether it is required (a field without a default), whether it
is one text or a list of texts (its type), the values it may take and the check of each value.
The loader (:mod:`reader.glossary.load`) reads files by this declaration, so a new field is one
line here. Rules that relate fields to each other (one reading per Chinese form …) are small
named functions in the loader.
"""

from __future__ import annotations

import hashlib
import re
import typing
from collections.abc import Callable
from dataclasses import Field as DataclassField
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Literal

from reader.text.chars import HAN_RE

CATEGORIES = (
    "concept",
    "architecture",
    "training",
    "inference",
    "optimization",
    "math",
    "data",
    "evaluation",
    "hardware",
    "model",
    "product",
    "company",
    "business",
    "organization",
)
Tier = Literal["general", "specialist"]
TIERS: tuple[Tier, ...] = ("general", "specialist")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug_problem(value: str) -> str | None:
    if _ID_RE.match(value):
        return None
    return f"id '{value}' must be a lower-case slug (letters, digits and hyphens)"


def _han_problem(value: str) -> str | None:
    return None if HAN_RE.search(value) else f"Chinese form '{value}' has no Han character"


@dataclass(frozen=True)
class FieldSpec:
    """How one field of an entry is written in a glossary file.

    ``choices`` limits a text to named values; ``check`` returns the problem with one value (of
    a text, or of each item of a list) or None.
    """

    doc: str
    choices: tuple[str, ...] = ()
    check: Callable[[str], str | None] | None = None


def _spec(doc: str, **options: Any) -> dict[str, FieldSpec]:
    """Field metadata that puts a field in glossary files."""
    return {"glossary": FieldSpec(doc, **options)}


@dataclass(frozen=True)
class Entry:
    """One glossary term; the fields with a FieldSpec are those of a glossary file.

    ``zh`` lists every Chinese form (simplified first, then traditional variants); ``pinyin`` has
    one tone-marked reading per ``zh`` form, one syllable per Han character. ``exclude`` lists
    longer Chinese words that contain a form but are not the term (开源节流 is not 开源).
    """

    id: str = field(metadata=_spec("stable slug, unique", check=_slug_problem))
    en: str = field(metadata=_spec("canonical English rendering"))
    category: str = field(metadata=_spec("kind of term", choices=CATEGORIES))
    definition: str = field(metadata=_spec("one to three self-contained sentences"))
    zh: tuple[str, ...] = field(
        default=(), metadata=_spec("Chinese forms, simplified first", check=_han_problem)
    )
    pinyin: tuple[str, ...] = field(
        default=(), metadata=_spec("one tone-marked reading per Chinese form")
    )
    aliases: tuple[str, ...] = field(default=(), metadata=_spec("other English forms"))
    abbr: tuple[str, ...] = field(default=(), metadata=_spec("abbreviations"))
    note: str | None = field(default=None, metadata=_spec("how the articles use the term"))
    see_also: tuple[str, ...] = field(default=(), metadata=_spec("ids of related entries"))
    exclude: tuple[str, ...] = field(
        default=(), metadata=_spec("longer words containing a form that are not the term")
    )
    tier: Tier = field(
        default="specialist",
        metadata=_spec("general: a common word of AI writing, underlined quietly", choices=TIERS),
    )
    ambiguous: tuple[str, ...] = field(
        default=(),
        metadata=_spec("Chinese forms that are also ordinary words: tagged only beside AI terms"),
    )
    source: str = "bundled"  # where the entry was loaded from: not a field of the file

    def reading_of(self, form: str) -> str | None:
        """The tone-marked reading of one of this entry's Chinese forms."""
        try:
            return self.pinyin[self.zh.index(form)]
        except (ValueError, IndexError):
            return None

    def english_forms(self) -> tuple[str, ...]:
        """The canonical English and every alias and abbreviation."""
        return (self.en, *self.aliases, *self.abbr)

    @property
    def general(self) -> bool:
        """Whether the entry is a very common general word of AI writing (模型, 数据)."""
        return self.tier == "general"

    def to_json(self) -> dict[str, object]:
        """The entry as the JSON object of ``reader glossary search --json``."""
        return {
            "id": self.id,
            "zh": list(self.zh),
            "en": self.en,
            "aliases": list(self.aliases),
            "abbr": list(self.abbr),
            "pinyin": list(self.pinyin),
            "category": self.category,
            "tier": self.tier,
            "definition": self.definition,
            "note": self.note,
            "see_also": list(self.see_also),
            "source": self.source,
        }


@dataclass(frozen=True)
class FileField:
    """A field of glossary files, as the loader reads it."""

    name: str
    spec: FieldSpec
    many: bool  # a list of texts (else one text)
    required: bool


def _file_fields() -> tuple[FileField, ...]:
    hints = typing.get_type_hints(Entry)
    out = []
    for f in fields(Entry):
        spec = f.metadata.get("glossary")
        if spec is None:
            continue
        many = typing.get_origin(hints[f.name]) is tuple
        out.append(FileField(f.name, spec, many, _without_default(f)))
    return tuple(out)


def _without_default(f: DataclassField[Any]) -> bool:
    from dataclasses import MISSING

    return f.default is MISSING and f.default_factory is MISSING


FILE_FIELDS: tuple[FileField, ...] = _file_fields()
FIELDS_BY_NAME: dict[str, FileField] = {f.name: f for f in FILE_FIELDS}


@dataclass
class Glossary:
    """A validated set of entries, indexed by id."""

    entries: list[Entry] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        """Entries keyed by id."""
        return {e.id: e for e in self.entries}

    @cached_property
    def version(self) -> str:
        """A hash of the content: translation caches are keyed by it."""
        # The entries' reprs name every field and value (strings, numbers, tuples, lists and
        # None print the same in every run) and cost a tenth of a JSON dump of asdict().
        payload = "\n".join(map(repr, self.entries))
        return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:12]

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return self.by_id.get(entry_id)

    def related(self, entry: Entry) -> list[Entry]:
        """The entries that ``entry`` names in ``see_also``, in its order (unknown ids skipped)."""
        return [e for target in entry.see_also if (e := self.by_id.get(target)) is not None]

    def __len__(self) -> int:
        return len(self.entries)
