"""Provides the Anki export: an ``.apkg`` deck of the saved words, written with genanki.

Each word is one note of the note type "Reader vocabulary" (fields Hanzi, Pinyin, English,
Sentence, SentenceEnglish, Source, Notes; one card, Chinese on the front). The note type, the
deck and every note have stable ids: the note's guid is derived from the word and its reading,
so importing a new export into Anki updates the notes it already has instead of adding copies,
and keeps their review history. The file is written whole or not at all.
"""

from __future__ import annotations

import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reader.atomic import atomic_path
from reader.errors import ReaderError
from reader.vocab.levels import label, word_level
from reader.vocab.model import VocabEntry
from reader.vocab.reading import syllables

# Random, fixed once: Anki identifies the note type and the deck by these, so they must never
# change (a changed field list needs a new MODEL_ID, or Anki refuses to merge the notes).
MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
MODEL_NAME = "Reader vocabulary"
DECK_NAME = "Reader vocabulary"
FIELDS = ("Hanzi", "Pinyin", "English", "Sentence", "SentenceEnglish", "Source", "Notes")
_GUID_NAMESPACE = "reader-vocabulary"
_DATA = Path(__file__).resolve().parent / "data"


def note_guid(entry: VocabEntry) -> str:
    """The note's stable id: the same word and reading give the same guid on every export."""
    from genanki import guid_for  # type: ignore[import-untyped]

    return str(guid_for(_GUID_NAMESPACE, entry.simplified, entry.reading))


def pinyin_html(reading: str) -> str:
    """The reading with tone marks, each syllable in a span of its tone's colour class."""
    out: list[str] = []
    for i, (text, tone) in enumerate(syllables(reading)):
        if i and text[:1].lower() in "aeoāáǎàēéěèōóǒò":
            out.append("'")
        out.append(f'<span class="tone{tone}">{html.escape(text)}</span>')
    return "".join(out)


def sentence_html(entry: VocabEntry) -> str:
    """The sentence with the saved word highlighted (the occurrence it was saved from)."""
    sentence, word = entry.sentence, entry.word
    if not sentence:
        return ""
    start = entry.word_start
    if start is None or sentence[start : start + len(word)] != word:
        start = sentence.find(word)
    if start < 0:
        return html.escape(sentence)
    end = start + len(word)
    return (
        f'{html.escape(sentence[:start])}<span class="hl">{html.escape(word)}</span>'
        f"{html.escape(sentence[end:])}"
    )


def source_html(entry: VocabEntry) -> str:
    """Where the word was met: the article's title (a link when its URL is known) and author."""
    if not entry.title:
        return ""
    title = html.escape(entry.title)
    if entry.url.startswith(("http://", "https://")):
        title = f'<a href="{html.escape(entry.url, quote=True)}">{title}</a>'
    return f"{title} — {html.escape(entry.source)}" if entry.source else title


def note_fields(entry: VocabEntry) -> list[str]:
    """The note's fields in :data:`FIELDS` order, as HTML."""
    return [
        html.escape(entry.word),
        pinyin_html(entry.reading),
        html.escape(entry.english),
        sentence_html(entry),
        html.escape(entry.sentence_en),
        source_html(entry),
        html.escape(entry.notes),
    ]


def note_tags(entry: VocabEntry) -> list[str]:
    """Tags: reader, the article's slug and the HSK level (hsk3, hsk7-9)."""
    tags = ["reader"]
    if entry.slug:
        tags.append(entry.slug)
    level = word_level(entry.simplified)
    if level is not None:
        tags.append(f"hsk{label(level)}")
    return tags


@cache
def _model() -> Any:
    import genanki

    def read(name: str) -> str:
        return (_DATA / name).read_text(encoding="utf-8")

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Recognition",
                "qfmt": read("anki_front.html"),
                "afmt": read("anki_back.html"),
            }
        ],
        css=read("anki.css"),
        sort_field_index=0,
    )


def build_deck(entries: Sequence[VocabEntry]) -> Any:
    """The genanki deck of the entries (one note each)."""
    import genanki

    deck = genanki.Deck(
        DECK_ID, DECK_NAME, description="Words saved in reader, with their sentences."
    )
    for entry in entries:
        deck.add_note(
            genanki.Note(
                model=_model(),
                fields=note_fields(entry),
                guid=note_guid(entry),
                tags=note_tags(entry),
                sort_field=entry.word,
            )
        )
    return deck


def write_apkg(
    entries: Sequence[VocabEntry], path: Path, *, timestamp: float | None = None
) -> None:
    """Writes the entries as an Anki package at ``path``, atomically.

    genanki's own ``write_to_file`` writes the target in place and leaves its temporary
    collection behind, so the collection is built here in a temporary folder and zipped into a
    temporary file that replaces ``path`` only when complete (an interrupted export leaves no
    partial file). ``timestamp`` sets the notes' modification time, which must grow from one
    export to the next for Anki to take the newer fields.
    """
    import genanki

    if not entries:
        raise ReaderError("The vocabulary is empty; save words first (reader vocab add WORD).")
    stamp = time.time() if timestamp is None else timestamp
    package = genanki.Package(build_deck(entries))
    with tempfile.TemporaryDirectory(prefix="reader-anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
