"""Provides the English the index holds for an article, and what decides which English is shown.

The index stores what the reader shows without computing anything: curated English, else stored
machine translations (never glosses, which are word lists, not English). Which stored rows are
shown depends on the active argos model and, for glossary-enforced output, on the glossary; their
signature is kept in the index, and a change refreshes the English of the articles that have rows
in the translation cache.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.model import Article
    from reader.translation.model import Translation
    from reader.workspace import Workspace

GLOSS = "gloss"


def english_for(ws: Workspace, article: Article) -> tuple[dict[str, Translation], str | None]:
    """Sentence id -> English shown for it (no glosses), and the problem that left some out."""
    from reader.translation.lookup import curated_for, translations_for

    try:
        if "translations" not in ws.__dict__ and not ws_store_exists():
            # Nothing was ever stored: do not create the translation cache just to look.
            found = curated_for(ws, article)
        else:
            found = translations_for(ws, article, glosses=False)
    except ReaderError as exc:
        return {}, str(exc)
    return {sid: t for sid, t in found.items() if t.engine != GLOSS}, None


def ws_store_exists() -> bool:
    """Whether the translation cache file exists (an index never creates it)."""
    from reader.translation.store import default_path

    return default_path().exists()


def context(ws: Workspace) -> str:
    """A signature of what chooses among stored translations: the active argos model and, when
    there is one, the glossary files (enforced output is stored per glossary version)."""
    from reader.translation.packages import active_model

    try:
        model = active_model()
    except ReaderError:
        model = None
    if model is None:
        return json.dumps(None)
    files = []
    for path, _ in ws.glossary_paths():
        try:
            stat = path.stat()
            files.append([str(path), stat.st_size, stat.st_mtime_ns])
        except OSError:
            files.append([str(path), None, None])
    return json.dumps([model.name, model.cache_version, files])
