"""Provides the translations to show for an article: curated, else llm, else argos, else a gloss.

For each sentence: the curated English where the article has it (stale ones included, marked);
else the newest cached output of a local LLM (``reader translate --engine llm``: the user set
it up, and it is the better translator); else the cached output of the installed argos model,
with or without glossary enforcement (never computed here: opening an article costs no model
call); else a stored or freshly computed word-by-word gloss (stored once computed, so the next
opening only reads).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from reader.errors import ReaderError
from reader.model import Article
from reader.translation import gloss as gloss_engine
from reader.translation.atoms import Span, source_hash
from reader.translation.curated import curated_path, curated_translations, read_curated
from reader.translation.guards import usable
from reader.translation.model import Translation
from reader.translation.packages import InstalledModel, active_model
from reader.translation.store import Row, StoreKey

if TYPE_CHECKING:
    from reader.workspace import Workspace

_V = TypeVar("_V")
ARGOS = "argos"
UNENFORCED = "none"  # the glossary version of argos output that did not use the glossary


def curated_for(ws: Workspace, article: Article) -> dict[str, Translation]:
    """Curated English of the article's sentences (fresh or stale)."""
    path = ws.corpus.path_of(article.slug)
    return curated_translations(article, read_curated(curated_path(path)))


def wanted_hashes(article: Article, skip: dict[str, Translation] | None = None) -> dict[str, str]:
    """Sentence id -> source hash (text and atoms) for the sentences not in ``skip``."""
    skip = skip or {}
    return {s.id: source_hash(s.text, s.atoms) for s in article.sentences() if s.id not in skip}


def argos_translations(
    ws: Workspace,
    article: Article,
    wanted: dict[str, str],
    model: InstalledModel | None = None,
    glossary_versions: list[str] | None = None,
) -> dict[str, Translation]:
    """Cached usable argos output of the installed model (enforced output preferred)."""
    model = model or active_model()
    if model is None or not wanted:
        return {}
    versions = glossary_versions or [ws.glossary.version, UNENFORCED]
    stored = _read_store(
        ws,
        lambda: ws.translations.get_many(
            article.slug, ARGOS, model.name, model.cache_version, versions, wanted
        ),
    )
    return {
        sid: Translation(sid, s.row.text, "argos", model=model.name, flags=s.row.flags)
        for sid, s in stored.items()
        if usable(s.row.flags)
    }


def llm_stored(ws: Workspace, article: Article, wanted: dict[str, str]) -> dict[str, Translation]:
    """Cached usable llm output (the newest of any model); nothing when the cache is unreadable."""
    if not wanted:
        return {}
    from reader.translation.llm.keys import ENGINE, MODEL_VERSION

    stored = _read_store(
        ws,
        lambda: ws.translations.rows_for(article.slug, ENGINE, wanted, model_version=MODEL_VERSION),
    )
    out = {}
    for sid, rows in stored.items():
        newest = next((r for r in rows if usable(r.row.flags)), None)  # rows come newest first
        if newest is not None:
            row = newest.row
            out[sid] = Translation(sid, row.text, "llm", model=newest.key.model, flags=row.flags)
    return out


def stored_glosses(
    ws: Workspace, article: Article, wanted: dict[str, str]
) -> dict[str, Translation]:
    """Glosses written by ``reader translate --engine gloss`` for the current glossary."""
    if not wanted:
        return {}
    key = gloss_key(ws)
    stored = _read_store(
        ws,
        lambda: ws.translations.get_many(
            article.slug, key.engine, key.model, key.model_version, [key.glossary_version], wanted
        ),
    )
    return {
        sid: Translation(sid, s.row.text, "gloss", model=gloss_engine.MODEL)
        for sid, s in stored.items()
    }


def _read_store(ws: Workspace, read: Callable[[], dict[str, _V]]) -> dict[str, _V]:
    """What the cache holds, or nothing when it cannot be opened (a read-only data dir, a
    permission problem): the article still opens, with curated English and fresh glosses, and
    the reason is kept in the store's notices."""
    try:
        return read()
    except ReaderError as exc:
        if str(exc) not in ws.translations.notices:
            ws.translations.notices.append(str(exc))
        return {}


def translations_for(
    ws: Workspace, article: Article, *, glosses: bool = True
) -> dict[str, Translation]:
    """Sentence id -> the translation to show: curated, else cached llm, else argos, else a gloss.

    Computing missing glosses segments every such sentence and loads CC-CEDICT (a fraction of a
    second for a long article); ``glosses=False`` returns only what is stored, for a caller that
    glosses later or in a worker (:func:`gloss_for`).
    """
    out = curated_for(ws, article)
    wanted = wanted_hashes(article, out)
    if wanted:
        out.update(llm_stored(ws, article, wanted))
        wanted = wanted_hashes(article, out)
    if wanted:
        out.update(argos_translations(ws, article, wanted))
        wanted = wanted_hashes(article, out)
    if wanted:
        out.update(stored_glosses(ws, article, wanted))
        wanted = wanted_hashes(article, out)
    if wanted and glosses:
        glosser = gloss_engine.Glosser(ws.analyzer, ws.dictionary)
        fresh = {
            s.id: gloss_for(ws, s.id, s.text, glosser, s.atoms)
            for s in article.sentences()
            if s.id in wanted
        }
        out.update(fresh)
        _keep_glosses(ws, article, wanted, fresh)
    return out


def _keep_glosses(
    ws: Workspace, article: Article, wanted: dict[str, str], fresh: dict[str, Translation]
) -> None:
    """Stores computed glosses so the next opening reads them instead of segmenting again;
    the store is only a cache here, so a busy or broken one is not an error."""
    rows = [Row(sid, wanted[sid], t.text) for sid, t in fresh.items()]
    with contextlib.suppress(ReaderError):
        ws.translations.put_many(article.slug, gloss_key(ws), rows)


def gloss_key(ws: Workspace) -> StoreKey:
    """The store key of glosses: CC-CEDICT's version and the glossary's (terms are glossed with
    their canonical English)."""
    return StoreKey(
        gloss_engine.ENGINE,
        gloss_engine.MODEL,
        gloss_engine.gloss_version(ws.dictionary),
        ws.glossary.version,
    )


def gloss_for(
    ws: Workspace,
    sentence_id: str,
    text: str,
    glosser: gloss_engine.Glosser | None = None,
    atoms: Sequence[Span] = (),
) -> Translation:
    """A freshly computed gloss of one sentence (its atoms carried as they are)."""
    glosser = glosser or gloss_engine.Glosser(ws.analyzer, ws.dictionary)
    return Translation(sentence_id, glosser.gloss(text, atoms), "gloss", model=gloss_engine.MODEL)
