"""The on-disk cache of validated glossaries: used while the files are unchanged, rebuilt
when they change or the cache is damaged, never written for a glossary with problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.glossary import load
from reader.glossary.load import GlossaryError, clear_caches, load_glossary

GLOSSARY = """\
entries:
  - id: scaling-law
    zh: [规模定律]
    pinyin: [guī mó dìng lǜ]
    en: scaling law
    category: concept
    tier: general
    definition: Loss falls as a power law.
    ambiguous: [规模定律]
"""


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    bundled = tmp_path / "glossary.yaml"
    bundled.write_text(GLOSSARY, encoding="utf-8")
    clear_caches()
    return [(bundled, "bundled"), (tmp_path / "data" / "glossary.yaml", "user")]


def cached_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "cache").glob("glossary-*.json"))


def test_an_unchanged_glossary_comes_from_the_cache(
    files: list[tuple[Path, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_glossary(files)
    assert len(cached_files(tmp_path)) == 1
    clear_caches()

    def no_check(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(load, "check", no_check)
    again = load_glossary(files)
    assert again.entries == first.entries  # tuples, tier and ambiguous as loaded
    assert again.version == first.version


def test_an_edited_file_is_parsed_again(files: list[tuple[Path, str]], tmp_path: Path) -> None:
    load_glossary(files)
    files[0][0].write_text(GLOSSARY.replace("scaling law", "law of scale"), encoding="utf-8")
    clear_caches()
    assert load_glossary(files).entries[0].en == "law of scale"
    assert len(cached_files(tmp_path)) == 1  # the outdated one is gone


def test_a_damaged_cache_is_rebuilt(files: list[tuple[Path, str]], tmp_path: Path) -> None:
    load_glossary(files)
    (cached,) = cached_files(tmp_path)
    cached.write_text('[{"id": 1', encoding="utf-8")
    clear_caches()
    assert load_glossary(files).entries[0].id == "scaling-law"
    assert cached.read_text(encoding="utf-8").startswith('[{"id": "scaling-law"')


def test_a_glossary_with_problems_is_not_cached(
    files: list[tuple[Path, str]], tmp_path: Path
) -> None:
    files[0][0].write_text(GLOSSARY.replace("concept", "concepts"), encoding="utf-8")
    with pytest.raises(GlossaryError):
        load_glossary(files)
    assert cached_files(tmp_path) == []
