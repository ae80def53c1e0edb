"""Exports: an Anki package opened as what it is, CSV/TSV round trips, Pleco's format."""

from __future__ import annotations

import json
import sqlite3
import string
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.vocab.anki import DECK_ID, FIELDS, MODEL_ID, note_guid, write_apkg
from reader.vocab.export import export_vocabulary, format_for
from reader.vocab.model import VocabEntry
from reader.vocab.store import VocabStore, word_key
from reader.vocab.tables import render_table
from reader.vocab.wordlists import parse_word_list


def entry(word: str, reading: str, senses: tuple[str, ...], **kw: object) -> VocabEntry:
    return VocabEntry(
        word=word,
        simplified=word_key(word),
        reading=reading,
        senses=senses,
        **kw,  # type: ignore[arg-type]
    )


BANK = entry(
    "銀行",
    "yin2 hang2",
    ("bank", "CL: 家 jiā"),
    traditional="銀行",
    sentence="他在銀行<b>工作</b>，銀行很大。",
    sentence_en="He works at a bank.",
    word_start=2,
    slug="three-hard-battles",
    sentence_id="3.1-abcdef12",
    title="三场硬仗",
    source="LatePost",
    url="https://example.com/a?b=1&c=2",
    notes="a & b",
    added="2025-01-02T03:04:05+00:00",
)
GREEN = entry("绿色", "lü4 se4", ("green",), added="2025-01-03T00:00:00+00:00")
SECOND = entry("第二", "di4 er4", ("second",), notes="ordinal")


def read_apkg(path: Path, tmp_path: Path) -> tuple[list[dict[str, object]], dict, dict]:  # type: ignore[type-arg]
    """The notes, models and decks of an .apkg, read from its zipped SQLite collection."""
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        target = tmp_path / "unzipped.anki2"
        target.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(target)
    try:
        models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
        notes = [
            {
                "id": nid,
                "guid": guid,
                "mid": mid,
                "mod": mod,
                "tags": tags.split(),
                "fields": dict(zip(FIELDS, flds.split("\x1f"), strict=True)),
            }
            for nid, guid, mid, mod, tags, flds in conn.execute(
                "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY sfld"
            )
        ]
        cards = conn.execute("SELECT nid, did FROM cards").fetchall()
    finally:
        conn.close()
    assert len(cards) == len(notes) and {did for _, did in cards} == {DECK_ID}
    return notes, json.loads(models_json), json.loads(decks_json)


def test_apkg_is_a_zip_holding_an_anki_collection(tmp_path: Path) -> None:
    path = tmp_path / "words.apkg"
    write_apkg([BANK, GREEN, SECOND], path, timestamp=1_700_000_000)
    notes, models, decks = read_apkg(path, tmp_path)
    model = models[str(MODEL_ID)]
    assert model["name"] == "Reader vocabulary"
    assert [f["name"] for f in model["flds"]] == list(FIELDS)
    assert ".tone1" in model["css"] and "{{Hanzi}}" in model["tmpls"][0]["qfmt"]
    assert decks[str(DECK_ID)]["name"] == "Reader vocabulary"
    assert {n["mid"] for n in notes} == {MODEL_ID}
    bank = next(n for n in notes if n["guid"] == note_guid(BANK))
    assert bank["fields"] == {
        "Hanzi": "銀行",
        "Pinyin": '<span class="tone2">yín</span><span class="tone2">háng</span>',
        "English": "bank; CL: 家 jiā",
        # The occurrence it was saved from is highlighted; the sentence's own tags are text.
        "Sentence": '他在<span class="hl">銀行</span>&lt;b&gt;工作&lt;/b&gt;，銀行很大。',
        "SentenceEnglish": "He works at a bank.",
        "Source": '<a href="https://example.com/a?b=1&amp;c=2">三场硬仗</a> — LatePost',
        "Notes": "a &amp; b",
    }
    assert bank["tags"] == ["reader", "three-hard-battles", "hsk3"]
    green = next(n for n in notes if n["guid"] == note_guid(GREEN))
    assert green["fields"]["Pinyin"] == '<span class="tone4">lǜ</span><span class="tone4">sè</span>'
    assert green["fields"]["Sentence"] == "" and green["fields"]["Source"] == ""
    second = next(n for n in notes if n["guid"] == note_guid(SECOND))
    assert (
        second["fields"]["Pinyin"] == '<span class="tone4">dì</span>\'<span class="tone4">èr</span>'
    )


def test_reexport_updates_the_same_notes(tmp_path: Path) -> None:
    first, second = tmp_path / "1.apkg", tmp_path / "2.apkg"
    write_apkg([BANK, GREEN], first, timestamp=1_700_000_000)
    edited = VocabEntry(**{**BANK.__dict__, "notes": "edited", "senses": ("bank",)})
    write_apkg([edited, GREEN, SECOND], second, timestamp=1_700_000_500)
    before, _, _ = read_apkg(first, tmp_path)
    after, _, _ = read_apkg(second, tmp_path)
    old = {n["guid"]: n for n in before}
    new = {n["guid"]: n for n in after}
    assert set(old) <= set(new) and len(new) == 3  # no duplicates: the same guids
    changed = new[note_guid(BANK)]
    assert changed["fields"]["Notes"] == "edited" and changed["fields"]["English"] == "bank"
    assert changed["mod"] > old[note_guid(BANK)]["mod"]  # newer, so Anki takes the new fields
    # The guid depends on the word and its reading only, not on the moment or the machine.
    assert note_guid(BANK) == note_guid(entry("银行", "yin2 hang2", ("other",)))
    assert note_guid(BANK) != note_guid(entry("银行", "yin2 xing2", ("other",)))


def test_an_interrupted_export_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "words.apkg"

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "write", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_apkg([BANK], path)
    assert list(tmp_path.iterdir()) == []
    path.write_bytes(b"the previous export")
    with pytest.raises(KeyboardInterrupt):
        write_apkg([BANK], path)
    assert path.read_bytes() == b"the previous export"
    assert list(tmp_path.iterdir()) == [path]


def test_export_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    store = VocabStore()
    store.save(BANK)
    path = tmp_path / "words.csv"
    path.write_text("mine")
    with pytest.raises(ReaderError, match="exists; add --force"):
        export_vocabulary(store, path, "csv")
    assert path.read_text() == "mine"
    result = export_vocabulary(store, path, "csv", force=True)
    assert result.words == 1 and "銀行" in path.read_text(encoding="utf-8-sig")


def test_an_empty_vocabulary_is_not_exported(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="vocabulary is empty"):
        export_vocabulary(VocabStore(), tmp_path / "w.apkg", "anki")
    assert not (tmp_path / "w.apkg").exists()


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("a.apkg", None, "anki"),
        ("a.CSV", None, "csv"),
        ("a.tsv", None, "tsv"),
        ("a.txt", None, "pleco"),
        ("a.txt", "csv", "csv"),
    ],
)
def test_format_from_the_extension(name: str, fmt: str | None, expected: str) -> None:
    assert format_for(name, fmt) == expected


def test_an_unknown_extension_needs_a_format() -> None:
    with pytest.raises(ReaderError, match="add --format"):
        format_for("words.xlsx", None)


def test_pleco_format() -> None:
    text = render_table([BANK, GREEN, SECOND], {}, "pleco")
    assert text.splitlines() == [
        "银行[銀行]\tyin2hang2\tbank; CL: 家 jiā",
        "绿色\tlu:4se4\tgreen",
        "第二\tdi4er4\tsecond",
    ]


# -- round trips ----------------------------------------------------------------------------

_WORDS = st.text(alphabet="银行学习工作绿色的第二我你他們銀", min_size=1, max_size=4)
_PLAIN = st.text(
    alphabet=st.sampled_from([*string.ascii_letters, *" ,;\"'&<>/#！？，。\n\r\t", "中", "文"]),
    max_size=30,
)
_SENSE = st.text(alphabet=string.ascii_letters + " ,()'-", min_size=1, max_size=20).map(str.strip)


@st.composite
def entries(draw: st.DrawFn) -> VocabEntry:
    word = draw(_WORDS)
    before, after = draw(_PLAIN), draw(_PLAIN)
    has_context = draw(st.booleans())
    sentence = f"{before.replace(word, '')}{word}{after}" if has_context else ""
    senses = tuple(s for s in draw(st.lists(_SENSE, max_size=3)) if s)
    return VocabEntry(
        word=word,
        simplified=word_key(word),
        traditional=draw(st.sampled_from(["", "銀行"])),
        reading=" ".join(
            f"ma{n}" for n in draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
        ),
        senses=senses,
        sense_source=draw(st.sampled_from(["cedict", "user"])),
        sentence=sentence,
        sentence_en=draw(_PLAIN).strip() if has_context else "",
        word_start=sentence.find(word) if has_context else None,
        slug="an-article" if has_context else None,
        sentence_id="1.2-abcdef12" if has_context else None,
        title=draw(_PLAIN).strip() if has_context else "",
        notes=draw(_PLAIN).strip(),
        added="2025-01-02T03:04:05+00:00",
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(entries(), min_size=1, max_size=6, unique_by=lambda e: e.key),
    st.sampled_from(["csv", "tsv"]),
    st.sampled_from(["new", "learning", "known"]),
)
def test_csv_and_tsv_round_trip(items: list[VocabEntry], fmt: str, state: str) -> None:
    states = {e.simplified: state for e in items}
    text = render_table(items, states, fmt)  # type: ignore[arg-type]
    back = parse_word_list(text)
    assert back.kind == "reader export"
    assert back.entries == items
    assert back.states == states
