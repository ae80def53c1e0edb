"""The vocabulary store: saved words, states, schema versions and damaged files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.vocab import migrations
from reader.vocab.model import VocabEntry
from reader.vocab.store import VocabStore, default_path, matches, word_key


def entry(word: str = "银行", reading: str = "yin2 hang2", **kw: object) -> VocabEntry:
    values: dict[str, object] = {
        "word": word,
        "simplified": word_key(word),
        "reading": reading,
        "senses": ("bank",),
    }
    values.update(kw)
    return VocabEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(isolated_dirs: Path) -> VocabStore:
    return VocabStore()


def test_lives_in_the_data_dir(isolated_dirs: Path) -> None:
    assert default_path() == isolated_dirs / "vocabulary.sqlite"


def test_reading_an_absent_vocabulary_creates_nothing(store: VocabStore) -> None:
    assert store.entries() == [] and store.states() == {} and store.count() == 0
    assert store.state("银行") == "new"
    assert not store.path.exists()


def test_save_and_read_back(store: VocabStore) -> None:
    saved, created = store.save(
        entry(sentence="我去银行。", word_start=2, slug="a", sentence_id="0.0-abc", title="T")
    )
    assert created and saved.id is not None and saved.added
    assert store.get(saved.id) == saved
    assert saved.senses == ("bank",) and saved.sentence == "我去银行。" and saved.word_start == 2
    assert store.state("银行") == "learning"  # saving a new word starts learning it


def test_saving_again_updates_the_context_and_keeps_notes_and_date(store: VocabStore) -> None:
    first, _ = store.save(entry(sentence="一", notes="mine"))
    second, created = store.save(entry(sentence="二", senses=("bank", "banking")))
    assert not created and second.id == first.id
    assert second.sentence == "二" and second.senses == ("bank", "banking")
    assert second.notes == "mine" and second.added == first.added
    assert store.count() == 1


def test_each_reading_is_its_own_entry(store: VocabStore) -> None:
    store.save(entry("行", "hang2", senses=("row",)))
    store.save(entry("行", "xing2", senses=("to walk",)))
    assert sorted(e.reading for e in store.find("行")) == ["hang2", "xing2"]


def test_either_script_is_one_word(store: VocabStore) -> None:
    store.save(entry("銀行"))
    assert [e.word for e in store.find("银行")] == ["銀行"]
    store.set_state(["銀行"], "known")
    assert store.state("银行") == "known" and store.known_words() == {"银行"}


def test_saving_a_known_word_keeps_it_known(store: VocabStore) -> None:
    store.set_state(["银行"], "known")
    store.save(entry())
    assert store.state("银行") == "known"


def test_states_set_count_and_reset(store: VocabStore) -> None:
    assert store.set_state(["的", "是", "的"], "known") == 2
    assert store.set_state(["的"], "known") == 0  # no change
    assert store.set_state(["的"], "learning") == 1
    assert store.states() == {"的": "learning", "是": "known"}
    assert store.set_state(["的", "是"], "new") == 2
    assert store.states() == {}


def test_update_notes_and_senses(store: VocabStore) -> None:
    saved, _ = store.save(entry())
    assert saved.id is not None
    changed = store.update(saved.id, notes="  met in the news\n", senses=["bank", " ", "lender"])
    assert changed.notes == "met in the news" and changed.senses == ("bank", "lender")
    assert changed.sense_source == "user"
    with pytest.raises(ReaderError, match="No saved word"):
        store.update(9999, notes="x")


def test_delete_keeps_the_state(store: VocabStore) -> None:
    saved, _ = store.save(entry())
    assert saved.id is not None
    assert store.delete(saved.id) and not store.delete(saved.id)
    assert store.entries() == [] and store.state("银行") == "learning"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("银行", True),
        ("銀行", True),
        ("yinhang", True),
        ("yín háng", True),
        ("yin2hang2", True),
        ("BANK", True),
        ("news", True),  # notes
        ("Title", True),
        ("去", True),  # the sentence
        ("river", False),
        ("xing", False),
    ],
)
def test_search(query: str, found: bool) -> None:
    e = entry(notes="from the news", sentence="我去银行。", title="A Title")
    assert matches(e, query) is found


def test_entries_filter_by_state(store: VocabStore) -> None:
    store.save(entry())
    store.save(entry("学习", "xue2 xi2", senses=("to study",)))
    store.set_state(["学习"], "known")
    assert [e.word for e in store.entries(state="known")] == ["学习"]
    assert [e.word for e in store.entries(state="learning")] == ["银行"]
    assert [e.word for e in store.entries("study")] == ["学习"]


def test_text_from_an_edited_file_is_made_printable(store: VocabStore) -> None:
    saved, _ = store.save(entry())
    store.close()
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE words SET notes = ?", ("\x1b[31mred",))
    assert saved.id is not None
    reread = store.get(saved.id)
    assert reread is not None and "\x1b" not in reread.notes


# -- schema versions and damaged files ------------------------------------------------------


def test_new_file_has_the_current_schema_and_our_id(store: VocabStore) -> None:
    store.save(entry())
    store.close()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID


def test_an_older_file_is_upgraded_after_a_backup(
    store: VocabStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(entry(notes="keep me"))
    store.close()
    later = (*migrations.MIGRATIONS, "ALTER TABLE words ADD COLUMN example TEXT DEFAULT '';")
    monkeypatch.setattr("reader.vocab.store.MIGRATIONS", later)
    monkeypatch.setattr("reader.vocab.store.VERSION", len(later))
    upgraded = VocabStore()
    assert [e.notes for e in upgraded.entries()] == ["keep me"]
    upgraded.close()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(later)
        assert "example" in [r[1] for r in conn.execute("PRAGMA table_info(words)")]
    backup = store.path.with_name("vocabulary.sqlite.v1.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT notes FROM words").fetchone()[0] == "keep me"


def test_a_failed_upgrade_changes_nothing(
    store: VocabStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(entry())
    store.close()
    broken = (*migrations.MIGRATIONS, "ALTER TABLE words ADD COLUMN a TEXT; SELECT * FROM nowhere;")
    monkeypatch.setattr("reader.vocab.store.MIGRATIONS", broken)
    monkeypatch.setattr("reader.vocab.store.VERSION", len(broken))
    with pytest.raises(ReaderError, match=r"could not be upgraded to schema 2.*left as it is"):
        VocabStore().entries()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "a" not in [r[1] for r in conn.execute("PRAGMA table_info(words)")]


def test_a_file_from_a_newer_reader_is_refused(store: VocabStore) -> None:
    store.save(entry())
    store.close()
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(ReaderError, match=r"newer version of reader \(schema 99"):
        VocabStore().entries()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database at all" * 100, "not a database or is damaged"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "not a database or is damaged"),
    ],
)
def test_a_damaged_file_is_reported_and_left_alone(
    isolated_dirs: Path, content: bytes, message: str
) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message):
        VocabStore().save(entry())
    assert path.read_bytes() == content


def test_another_programs_database_is_left_alone(isolated_dirs: Path) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE words (x)")
    with pytest.raises(ReaderError, match="belongs to another program"):
        VocabStore().states()


def test_a_folder_in_its_place(isolated_dirs: Path) -> None:
    default_path().mkdir(parents=True)
    with pytest.raises(ReaderError, match="not a regular file"):
        VocabStore().save(entry())


def test_a_failed_write_leaves_the_vocabulary_as_it_was(store: VocabStore) -> None:
    store.save(entry())
    # The entries go in, then a state breaks the table's CHECK: the transaction is rolled back.
    rows = [entry("学习", "xue2 xi2"), entry("工作", "gong1 zuo4")]
    with pytest.raises(ReaderError, match="Vocabulary error"):
        store.restore(rows, {"学习": "known", "工作": "maybe"})  # type: ignore[dict-item]
    assert [e.word for e in store.entries()] == ["银行"]
    assert store.states() == {"银行": "learning"}


def test_restore_adds_missing_entries_and_states_in_one_go(store: VocabStore) -> None:
    store.save(entry(notes="local"))
    added = store.restore(
        [entry(notes="from file"), entry("学习", "xue2 xi2")], {"学习": "known", "的": "known"}
    )
    assert added == 1
    assert [e.notes for e in store.find("银行")] == ["local"]  # an existing entry wins
    assert store.states() == {"银行": "learning", "学习": "known", "的": "known"}
