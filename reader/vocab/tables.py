"""Provides the vocabulary as text tables: CSV and TSV with a header (every field, read back
by ``reader vocab import``), and Pleco's flashcard import format.

CSV/TSV columns, in order (:data:`COLUMNS`): hanzi, traditional, pinyin (tone marks),
pinyin_numbers, english (senses joined by "; "), sentence, sentence_english, article (slug),
sentence_id, title, source, url, notes, state (new, learning, known), hsk (1-6, 7-9 or empty),
added, english_from (glossary:ID, cedict or user). UTF-8 with a byte-order mark, so that
spreadsheet programs read the Chinese right.

Pleco: one card per line, ``简体[繁體]<tab>pin1yin1<tab>definition``, UTF-8, no header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Literal

from reader.vocab.levels import label, word_level
from reader.vocab.model import STATES, SenseSource, State, VocabEntry
from reader.vocab.reading import marks, numbers

TableFormat = Literal["csv", "tsv", "pleco"]
COLUMNS = (
    "hanzi",
    "traditional",
    "pinyin",
    "pinyin_numbers",
    "english",
    "sentence",
    "sentence_english",
    "article",
    "sentence_id",
    "title",
    "source",
    "url",
    "notes",
    "state",
    "hsk",
    "added",
    "english_from",
)
SENSE_SEPARATOR = "; "


def _row(entry: VocabEntry, state: State) -> list[str]:
    level = word_level(entry.simplified)
    return [
        entry.word,
        entry.traditional,
        marks(entry.reading),
        entry.reading,
        SENSE_SEPARATOR.join(entry.senses),
        entry.sentence,
        entry.sentence_en,
        entry.slug or "",
        entry.sentence_id or "",
        entry.title,
        entry.source,
        entry.url,
        entry.notes,
        state,
        label(level) if level is not None else "",
        entry.added,
        f"glossary:{entry.term}"
        if entry.sense_source == "glossary" and entry.term
        else entry.sense_source,
    ]


def render_table(entries: Sequence[VocabEntry], states: dict[str, State], fmt: TableFormat) -> str:
    """The entries as text in ``fmt``."""
    if fmt == "pleco":
        return "".join(_pleco_line(e) for e in entries)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(_row(entry, states.get(entry.simplified, "new")))
    return "\ufeff" + out.getvalue()


def _pleco_line(entry: VocabEntry) -> str:
    """One Pleco card: headword (traditional in brackets when it differs), numbered pinyin,
    definition. Tabs and line breaks inside a field would start a new field or card."""
    head = entry.simplified
    if entry.traditional and entry.traditional != entry.simplified:
        head += f"[{entry.traditional}]"
    definition = SENSE_SEPARATOR.join(entry.senses)
    fields = [head, numbers(entry.reading), definition]
    return "\t".join(" ".join(f.split()) for f in fields) + "\n"


def is_own_header(row: Sequence[str]) -> bool:
    """Whether a table's first row is the header this module writes."""
    names = [c.strip().lstrip("\ufeff").lower() for c in row]
    return names[:5] == list(COLUMNS[:5])


def parse_own(rows: Sequence[Sequence[str]]) -> tuple[list[VocabEntry], dict[str, State]]:
    """Entries and states from the rows of an own CSV/TSV (header first); columns are found by
    name, so a file whose columns were reordered or trimmed in a spreadsheet still reads."""
    from reader.vocab.store import word_key

    header = [c.strip().lstrip("\ufeff").lower() for c in rows[0]]
    index = {name: i for i, name in enumerate(header)}

    def cell(row: Sequence[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    def text(row: Sequence[str], name: str) -> str:  # kept exactly as written
        i = index.get(name)
        return row[i] if i is not None and i < len(row) else ""

    entries: list[VocabEntry] = []
    states: dict[str, State] = {}
    for row in rows[1:]:
        word = cell(row, "hanzi")
        if not word:
            continue
        key = word_key(word)
        origin = cell(row, "english_from")
        source: SenseSource = "user"
        term = None
        if origin.startswith("glossary"):
            source, term = "glossary", origin.partition(":")[2] or None
        elif origin == "cedict":
            source = "cedict"
        english = cell(row, "english")
        sentence = text(row, "sentence")
        start = sentence.find(word) if sentence else -1
        entries.append(
            VocabEntry(
                word=word,
                simplified=key,
                traditional=cell(row, "traditional"),
                reading=cell(row, "pinyin_numbers") or _numbers_from_marks(cell(row, "pinyin")),
                senses=tuple(s.strip() for s in english.split(";") if s.strip()),
                sense_source=source,
                term=term,
                sentence=sentence,
                sentence_en=text(row, "sentence_english"),
                word_start=start if start >= 0 else None,
                slug=cell(row, "article") or None,
                sentence_id=cell(row, "sentence_id") or None,
                title=text(row, "title"),
                source=text(row, "source"),
                url=cell(row, "url"),
                notes=text(row, "notes"),
                added=cell(row, "added"),
            )
        )
        state = cell(row, "state")
        if state in STATES:
            states[key] = state
    return entries, states


def _numbers_from_marks(text: str) -> str:
    """A tone-marked reading typed by hand into a spreadsheet, as numbered syllables."""
    from reader.pinyin.syllables import from_marks

    return " ".join(from_marks(s) for s in text.replace("'", " ").split())
