"""The translation store: keys, recovery from damaged files, locking and threads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.translation import store as store_mod
from reader.translation.store import Row, Store, StoreKey, default_path

KEY = StoreKey("argos", "translate-zh_en", "1.9", "g1")


def rows(n: int, prefix: str = "t") -> list[Row]:
    return [Row(f"0.{i}-abcd{i:04d}", f"h{i}", f"{prefix} {i}") for i in range(n)]


def test_round_trip_with_alternatives_and_flags(isolated_dirs: Path) -> None:
    store = Store()
    assert store.path == isolated_dirs / "translations.sqlite" == default_path()
    store.put_many("a", KEY, [Row("0.0-aa", "h0", "Hello.", ("Hi.", "Hey."), ("loop",))])
    got = store.get_many("a", "argos", "translate-zh_en", "1.9", ["g1"], {"0.0-aa": "h0"})
    assert got["0.0-aa"].row == Row("0.0-aa", "h0", "Hello.", ("Hi.", "Hey."), ("loop",))
    assert got["0.0-aa"].key == KEY
    store.close()
    reopened = Store().get_many("a", "argos", "translate-zh_en", "1.9", ["g1"], {"0.0-aa": "h0"})
    assert reopened["0.0-aa"].row.text == "Hello."


def test_a_changed_source_hash_is_not_returned() -> None:
    store = Store()
    store.put_many("a", KEY, rows(2))
    got = store.get_many(
        "a",
        "argos",
        "translate-zh_en",
        "1.9",
        ["g1"],
        {"0.0-abcd0000": "h0", "0.1-abcd0001": "new"},
    )
    assert set(got) == {"0.0-abcd0000"}


@pytest.mark.parametrize(
    ("model_version", "glossary_versions"),
    [("1.9", ["g2"]), ("2.0", ["g1"]), ("1.9", [])],
)
def test_keys_change_with_model_and_glossary_version(
    model_version: str, glossary_versions: list[str]
) -> None:
    store = Store()
    store.put_many("a", KEY, rows(3))
    wanted = {r.sentence_id: r.source_hash for r in rows(3)}
    assert (
        store.get_many("a", "argos", "translate-zh_en", model_version, glossary_versions, wanted)
        == {}
    )
    assert len(store.get_many("a", "argos", "translate-zh_en", "1.9", ["g1"], wanted)) == 3


def test_first_listed_glossary_version_wins() -> None:
    store = Store()
    store.put_many("a", StoreKey("argos", "m", "1", "none"), rows(2, "plain"))
    store.put_many("a", StoreKey("argos", "m", "1", "g7"), rows(1, "enforced"))
    wanted = {r.sentence_id: r.source_hash for r in rows(2)}
    got = store.get_many("a", "argos", "m", "1", ["g7", "none"], wanted)
    assert [got[s].row.text for s in sorted(got)] == ["enforced 0", "plain 1"]
    assert store.keys_for("a") == [
        StoreKey("argos", "m", "1", "g7"),
        StoreKey("argos", "m", "1", "none"),
    ]


def test_replacing_a_row_keeps_one(isolated_dirs: Path) -> None:
    store = Store()
    store.put_many("a", KEY, rows(1, "old"))
    store.put_many("a", KEY, rows(1, "new"))
    assert store.count() == 1
    got = store.get_many("a", "argos", "translate-zh_en", "1.9", ["g1"], {"0.0-abcd0000": "h0"})
    assert got["0.0-abcd0000"].row.text == "new 0"


def test_a_file_that_is_not_a_database_is_moved_aside_and_rebuilt(isolated_dirs: Path) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite at all\n" * 200)
    store = Store()
    store.put_many("a", KEY, rows(1))
    assert store.count() == 1
    aside = list(path.parent.glob("translations.sqlite.broken-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not sqlite")
    assert len(store.notices) == 1 and "moved to" in store.notices[0]


def test_damage_found_while_reading_is_recovered(isolated_dirs: Path) -> None:
    store = Store()
    store.put_many("a", KEY, [Row(f"0.{i}-x", "h", "text " * 50) for i in range(400)])
    store.close()
    conn = sqlite3.connect(default_path())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(default_path().read_bytes())
    assert len(data) > 8 * 4096
    for offset in range(2 * 4096, 6 * 4096):  # trash a few b-tree pages, keep the header
        data[offset] = 0xA5
    default_path().write_bytes(bytes(data))
    store = Store()
    got = store.get_many("a", "argos", "translate-zh_en", "1.9", ["g1"], {"0.1-x": "h"})
    assert got == {}  # the old rows are gone with the damaged file …
    assert store.notices and "damaged" in store.notices[0]
    store.put_many("a", KEY, rows(1))  # … and the new database works
    assert store.count() == 1


def test_a_locked_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.05)
    store = Store()
    store.put_many("a", KEY, rows(1))
    other = sqlite3.connect(default_path(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ReaderError, match="locked by another program"):
            store.put_many("a", KEY, rows(2))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert default_path().exists() and not list(default_path().parent.glob("*.broken-*"))
    store.put_many("a", KEY, rows(2))
    assert store.count() == 2


def test_an_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReaderError, match="Cannot create the folder"):
        Store(blocker / "sub" / "t.sqlite").count()


def test_a_worker_thread_and_the_main_thread_share_the_store() -> None:
    store = Store()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for i in range(20):
                store.put_many("a", KEY, [Row(f"1.{i}-w", "h", f"w{i}")])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    for _ in range(20):
        store.get_many("a", "argos", "translate-zh_en", "1.9", ["g1"], {"1.0-w": "h"})
    thread.join()
    assert errors == [] and store.count() == 20


def test_wal_mode_is_on() -> None:
    Store().put_many("a", KEY, rows(1))
    conn = sqlite3.connect(default_path())
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
