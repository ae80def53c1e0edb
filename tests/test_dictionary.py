"""CC-CEDICT look-up: exact entries, longest match first, glosses, the rebuildable cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.dictionary import Dictionary


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    return Dictionary()


def test_lookup_both_scripts(dictionary: Dictionary) -> None:
    (entry,) = dictionary.lookup("銀行")
    assert entry.simplified == "银行" and entry.pinyin_marks == "yín háng"
    assert "bank" in entry.senses
    assert dictionary.lookup("银行") == [entry]


def test_longest_match_first(dictionary: Dictionary) -> None:
    words = [w for w, _ in dictionary.matches_at("深度学习层面", 0)]
    assert words[0] == "深度学习" and words[-1] == "深"
    assert words == sorted(words, key=len, reverse=True)


def test_umlaut_and_gloss(dictionary: Dictionary) -> None:
    assert dictionary.lookup("绿")[0].pinyin_marks == "lǜ"
    assert dictionary.gloss("银行") == "bank"
    assert dictionary.gloss("不存在的词语啊") is None


def test_corrupt_cache_is_rebuilt(isolated_dirs: Path) -> None:
    cache = isolated_dirs / "cache" / "cedict.sqlite"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"not a database")
    assert Dictionary().gloss("银行") == "bank"
    assert cache.stat().st_size > 1_000_000


def test_an_unwritable_cache_folder_still_looks_up(isolated_dirs: Path) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "cache").write_text("a file where the folder should be", encoding="utf-8")
    assert Dictionary().gloss("银行") == "bank"


def test_the_dictionary_is_not_held_in_memory(isolated_dirs: Path) -> None:
    """Look-ups read the memory-mapped cache: CC-CEDICT's 120,000 entries are not Python
    objects (they took about 110 MB as a pickled index)."""
    import gc
    import tracemalloc

    Dictionary().warm()  # the cache exists
    gc.collect()
    tracemalloc.start()
    fresh = Dictionary()
    assert next(w for w, _ in fresh.matches_at("深度学习层面", 0)) == "深度学习"
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert size < 5_000_000
