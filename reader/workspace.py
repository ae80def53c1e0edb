"""Provides the workspace: the corpus, glossary and analyzer a command or the TUI works with.

Everything is built on first use, so a command pays only for what it touches (``reader list``
never loads jieba or the glossary).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from reader.analysis import Analyzer, analysis_text
from reader.corpus import Corpus
from reader.dictionary import Dictionary
from reader.glossary.load import load_glossary
from reader.glossary.model import Glossary
from reader.paths import bundled_glossary_path, user_glossary_path
from reader.pinyin.overrides import Overrides


class Workspace:
    """Lazily opened corpus, glossary and analyzer for one run of the program."""

    def __init__(
        self,
        corpus: str | None = None,
        glossary: Path | None = None,
        *,
        neutral_tones: bool = False,
    ) -> None:
        self._corpus_arg = corpus
        self._glossary_path = glossary
        self.neutral_tones = neutral_tones

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

    def use_empty_glossary(self) -> None:
        """Carries on without a glossary (after its problems were reported)."""
        self.__dict__["glossary"] = Glossary()
        self.__dict__.pop("analyzer", None)

    @cached_property
    def overrides(self) -> Overrides:
        """The user's pinyin corrections; raises ReaderError when the file is broken."""
        return Overrides.load()

    @cached_property
    def analyzer(self) -> Analyzer:
        """The analyzer with the glossary's terms and readings and the user's corrections."""
        return Analyzer(self.glossary, overrides=self.overrides, neutral_tones=self.neutral_tones)

    @cached_property
    def dictionary(self) -> Dictionary:
        """CC-CEDICT (loaded on first look-up)."""
        return Dictionary()

    def corpus_texts(self) -> dict[str, str]:
        """Each article's text in simplified characters (for frequencies), cached per corpus."""
        key = tuple((e.slug, e.path.stat().st_mtime) for e in self.corpus.entries())
        if getattr(self, "_texts_key", None) != key:
            self._texts = {
                a.slug: "\n".join(analysis_text(p.text) for p in a.paragraphs)
                for a in self.corpus.articles()
            }
            self._texts_key = key
        return self._texts
