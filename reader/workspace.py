"""Provides the workspace: the corpus, glossary and analyzer a command or the TUI works with.

Everything is built on first use, so a command pays only for what it touches (``reader list``
never loads jieba or the glossary).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.analysis import Analyzer
from reader.corpus import Corpus
from reader.glossary.load import load_glossary
from reader.glossary.model import Glossary
from reader.paths import bundled_glossary_path, user_glossary_path

if TYPE_CHECKING:
    from reader.dictionary import Dictionary
    from reader.translation.store import Store


class Workspace:
    """Lazily opened corpus, glossary and analyzer for one run of the program."""

    def __init__(self, corpus: str | None = None, glossary: Path | None = None) -> None:
        self._corpus_arg = corpus
        self._glossary_path = glossary

    @cached_property
    def corpus(self) -> Corpus:
        """The corpus (bundled plus imports, or the folder given with --corpus)."""
        return Corpus.open(self._corpus_arg)

    def glossary_paths(self) -> list[tuple[Path, str]]:
        """The glossary files in merge order: bundled (or --glossary), then the user's."""
        return [
            (self._glossary_path or bundled_glossary_path(), "bundled"),
            (user_glossary_path(), "user"),
        ]

    @cached_property
    def glossary(self) -> Glossary:
        """The merged, validated glossary; raises GlossaryError when a file has problems."""
        return load_glossary(self.glossary_paths())

    @cached_property
    def analyzer(self) -> Analyzer:
        """The analyzer with the glossary's terms and readings."""
        return Analyzer(self.glossary)

    @cached_property
    def dictionary(self) -> Dictionary:
        """CC-CEDICT (its data loads on the first look-up)."""
        from reader.dictionary import Dictionary

        return Dictionary()

    @cached_property
    def translations(self) -> Store:
        """The translation cache in the user data dir (opened on first use)."""
        from reader.translation.store import Store

        return Store()
