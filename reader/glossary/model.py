"""Provides the typed glossary entry and the glossary collection."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cached_property

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


@dataclass(frozen=True)
class Entry:
    """One glossary term.

    ``zh`` lists every Chinese form (simplified first, then traditional variants); ``pinyin`` has
    one tone-marked reading per ``zh`` form, one syllable per Han character. ``exclude`` lists
    longer Chinese words that contain a form but are not the term (开源节流 is not 开源).
    """

    id: str
    en: str
    category: str
    definition: str
    zh: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()
    note: str | None = None
    see_also: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: str = "bundled"

    def reading_of(self, form: str) -> str | None:
        """The tone-marked reading of one of this entry's Chinese forms."""
        try:
            return self.pinyin[self.zh.index(form)]
        except (ValueError, IndexError):
            return None

    def english_forms(self) -> tuple[str, ...]:
        """The canonical English and every alias and abbreviation."""
        return (self.en, *self.aliases, *self.abbr)

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
            "definition": self.definition,
            "note": self.note,
            "see_also": list(self.see_also),
            "source": self.source,
        }


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
        payload = json.dumps([asdict(e) for e in self.entries], ensure_ascii=False, sort_keys=True)
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return self.by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)
