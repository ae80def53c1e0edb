"""Provides the workspace: the corpus, glossary, analyzer and caches a command or the TUI uses.

Everything is built on first use, and the modules behind each part are imported then too, so a
command pays only for what it touches (``reader list`` never loads jieba or the glossary, and
the TUI draws its first screen before any of them).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.corpus import Corpus
from reader.errors import ReaderError
from reader.paths import bundled_glossary_path, user_glossary_path

if TYPE_CHECKING:
    from reader.analysis import Analyzer
    from reader.dictionary import Dictionary
    from reader.glossary.model import Glossary
    from reader.library.index import LibraryIndex
    from reader.pinyin.overrides import Overrides
    from reader.text.segment import Segmenter
    from reader.translation.store import Store


class Workspace:
    """Lazily opened corpus, glossary, analyzer, dictionary and translation store."""

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
        # The TUI carries on past a broken corrections file (the CLI stops with its error);
        # what it carried on past is kept here, one line each, for it to show.
        self.tolerant = False
        self._library_synced = False
        self.notices: list[tuple[str, str]] = []  # (what it concerns, the problem)

    @cached_property
    def corpus(self) -> Corpus:
        """The corpus (bundled plus imports, or the folder given with --corpus)."""
        corpus = Corpus.open(self._corpus_arg)
        # Weak: a workspace that is dropped closes its databases at once (no cycle keeps it).
        corpus.on_write = _weak(self, "_article_written")
        corpus.find_body = _weak(self, "_find_body")
        return corpus

    @cached_property
    def library(self) -> LibraryIndex:
        """The library index of the corpus (opened on first use; call ``synced_library()`` to
        have it in step with the folders)."""
        from reader.library.index import LibraryIndex

        return LibraryIndex(self)

    def synced_library(
        self, *, full: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> LibraryIndex:
        """The library index, brought in step with the corpus folders once per workspace (or
        again with ``full``); otherwise only translations stored since are caught up with."""
        library = self.library
        if full or not self._library_synced:
            library.sync(progress)
            self._library_synced = True
        else:
            library.refresh_marked()
        return library

    def _article_written(self, path: Path) -> None:
        self.library.file_written(path)

    def _find_body(self, digest: str) -> str | None:
        """The article with this body hash, from the index (or, failing that, the files)."""
        try:
            return self.synced_library().slug_with_body(digest)
        except ReaderError:
            from reader.corpus import read_article
            from reader.importer import article_body_hash

            for entry in self.corpus.entries():
                try:
                    if article_body_hash(read_article(entry.path)) == digest:
                        return entry.slug
                except ReaderError:
                    continue
            return None

    def glossary_paths(self) -> list[tuple[Path, str]]:
        """The glossary files in merge order: bundled (or --glossary), then the user's."""
        return [
            (self._glossary_path or bundled_glossary_path(), "bundled"),
            (user_glossary_path(), "user"),
        ]

    @cached_property
    def glossary(self) -> Glossary:
        """The merged, validated glossary; raises GlossaryError when a file has problems."""
        from reader.glossary.load import load_glossary

        return load_glossary(self.glossary_paths())

    def use_empty_glossary(self) -> None:
        """Carries on without a glossary (after its problems were reported)."""
        from reader.glossary.model import Glossary

        self.__dict__["glossary"] = Glossary()
        self.forget_analyzer()

    def forget_analyzer(self) -> None:
        """Drops the analyzer and the corrections it was built with; both are built again on
        next use (after a correction was saved or a setting changed)."""
        for name in ("overrides", "analyzer"):
            self.__dict__.pop(name, None)

    @cached_property
    def overrides(self) -> Overrides:
        """The user's pinyin corrections; raises ReaderError when the file is broken (unless
        ``tolerant``: then none are used and the problem is added to ``notices``)."""
        from reader.pinyin.overrides import Overrides

        try:
            return Overrides.load()
        except ReaderError as exc:
            if not self.tolerant:
                raise
            self.notice(
                "Pinyin corrections",
                f"{exc} Pinyin is shown without your corrections until it is fixed.",
            )
            return Overrides()

    def notice(self, topic: str, message: str) -> None:
        """Keeps a problem that was carried on past, once."""
        if (topic, message) not in self.notices:
            self.notices.append((topic, message))

    def take_notices(self) -> list[tuple[str, str]]:
        """The problems kept since the last call as (topic, message), the translation cache's
        included."""
        found = list(self.notices)
        self.notices.clear()
        library = self.__dict__.get("library")
        if library is not None:
            found += [("Library index", n) for n in library.notices]
            library.notices.clear()
        store = self.__dict__.get("translations")  # never opens the cache just to ask
        if store is not None:
            found += [("Translation cache", n) for n in store.notices]
            store.notices.clear()
        return found

    @cached_property
    def analyzer(self) -> Analyzer:
        """The analyzer with the glossary's terms and readings and the user's corrections."""
        from reader.analysis import Analyzer

        return Analyzer(
            self.glossary,
            overrides=self.overrides,
            neutral_tones=self.neutral_tones,
            segmenter=self.segmenter,
        )

    @cached_property
    def segmenter(self) -> Segmenter:
        """Word segmentation (jieba), kept when the analyzer is built again."""
        from reader.text.segment import Segmenter

        return Segmenter()

    @cached_property
    def dictionary(self) -> Dictionary:
        """CC-CEDICT (its data loads on the first look-up)."""
        from reader.dictionary import Dictionary

        return Dictionary()

    @cached_property
    def translations(self) -> Store:
        """The translation cache in the user data dir (opened on first use)."""
        from reader.translation.store import Store

        return Store(on_stored=_weak(self, "_translations_stored"))

    def _translations_stored(self, slug: str, engine: str) -> None:
        """Marks an article's English for the library index to read again (glosses are not
        English); the index is a cache, so a problem with it never stops a translation."""
        if engine != "gloss":
            with contextlib.suppress(ReaderError):
                self.library.mark_english_stale(slug)


def _weak(owner: object, method: str) -> Callable[..., Any]:
    """``owner.method`` without keeping ``owner`` alive (a no-op once it is gone)."""
    ref = weakref.ref(owner)

    def call(*args: Any) -> Any:
        target = ref()
        return None if target is None else getattr(target, method)(*args)

    return call
