"""Provides article translation: the work behind ``reader translate`` and the TUI's worker.

:func:`translate_article` translates the sentences that have no cached result yet, a batch at a
time, and writes each batch to the store in one transaction before starting the next, so an
interrupted run (Ctrl+C, a cancelled worker, a crash) keeps what was done and the next run
resumes where it stopped. It reports progress after every batch and checks its ``cancelled``
callable between batches. It is safe to call from a worker thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.errors import ReaderError
from reader.model import Article, Sentence
from reader.translation import gloss as gloss_engine
from reader.translation.argos import ArgosConfig, ArgosTranslator
from reader.translation.atoms import ATOM, source_hash
from reader.translation.guards import usable
from reader.translation.lookup import ARGOS, UNENFORCED, curated_for, gloss_key
from reader.translation.packages import InstalledModel, active_model
from reader.translation.store import Row, StoreKey

if TYPE_CHECKING:
    from reader.translation.llm.engine import LlmSession
    from reader.workspace import Workspace

EngineName = Literal["argos", "llm", "gloss"]
Progress = Callable[[int, int], None]
WINDOW_BATCHES = 4  # batches of similar length are made within windows of this many batches
_translators: dict[tuple[str, str, ArgosConfig], ArgosTranslator] = {}
_translators_lock = threading.Lock()

NO_MODEL = (
    "No Chinese→English model is installed; install one with 'reader models install' "
    "(or 'reader models install --file PATH'), or use '--engine gloss'."
)


@dataclass(frozen=True)
class Summary:
    """What one article's run did."""

    slug: str
    engine: str
    model: str | None
    total: int  # sentences of the article this engine was asked for
    cached: int  # already in the store before the run
    translated: int  # done in this run
    flagged: int  # of those, output that is untranslated or empty (kept out of view)
    skipped_curated: int  # sentences left alone because they have curated English
    cancelled: bool
    seconds: float
    refused: int = 0  # llm: sentences whose answers failed the checks (no English stored)
    requests: int = 0  # llm: chat requests sent
    repaired: int = 0  # English whose inline code or math the model lost, put back (``atom``)

    @property
    def remaining(self) -> int:
        """Sentences still without a result."""
        return self.total - self.cached - self.translated


def translator_for(model: InstalledModel, config: ArgosConfig | None = None) -> ArgosTranslator:
    """A loaded-once translator per model and configuration (models take seconds to load)."""
    config = (config or ArgosConfig()).validate()
    key = (str(model.path), model.fingerprint, config)
    with _translators_lock:
        if key not in _translators:
            _translators[key] = ArgosTranslator(model, config)
        return _translators[key]


def _batches(pending: list[Sentence], size: int) -> list[list[Sentence]]:
    """Batches in reading order at the scale of a window (so the top of an article is done
    first), sorted by length inside each window (so a batch pads little)."""
    out: list[list[Sentence]] = []
    window = size * WINDOW_BATCHES
    for start in range(0, len(pending), window):
        chunk = sorted(pending[start : start + window], key=lambda s: len(s.text))
        out.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return out


def translate_article(
    ws: Workspace,
    article: Article,
    engine: EngineName = "argos",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    config: ArgosConfig | None = None,
    enforce_terms: bool = False,
    include_curated: bool = False,
    model: InstalledModel | None = None,
    translator: ArgosTranslator | None = None,
    llm: LlmSession | None = None,
) -> Summary:
    """Translates the article's uncached sentences with ``engine`` and stores the results.

    ``progress(done, total)`` is called before the first batch and after each one (``done``
    counts cached sentences too); ``cancelled()`` is checked before each batch. Sentences with
    curated English are skipped unless ``include_curated``. With ``enforce_terms``, argos output
    is produced with glossary enforcement and stored under the glossary's version. The llm
    engine needs an open ``llm`` session (see :mod:`reader.translation.llm.run`).
    """
    started = time.perf_counter()
    curated = (
        {}
        if include_curated
        else {sid: t for sid, t in curated_for(ws, article).items() if not t.stale}
    )
    sentences = [s for s in article.sentences() if s.id not in curated]
    if engine == "llm":
        from reader.translation.llm.run import translate_llm

        if llm is None:
            raise ReaderError("The llm engine needs a configured server (--llm-url).")
        outcome = translate_llm(ws, article, sentences, llm, progress, cancelled)
        return Summary(
            slug=article.slug,
            engine=engine,
            model=llm.model,
            total=len(sentences),
            cached=outcome.cached,
            translated=outcome.translated,
            flagged=0,
            skipped_curated=len(curated),
            cancelled=outcome.cancelled,
            seconds=time.perf_counter() - started,
            refused=outcome.refused,
            requests=outcome.requests,
            repaired=outcome.repaired,
        )
    wanted = {s.id: source_hash(s.text, s.atoms) for s in sentences}
    key, run_batch = _engine(ws, engine, config, enforce_terms, model, translator)
    stored = ws.translations.get_many(
        article.slug, key.engine, key.model, key.model_version, [key.glossary_version], wanted
    )
    pending = [s for s in sentences if s.id not in stored]
    total, done = len(sentences), len(sentences) - len(pending)
    cached = done
    flagged = 0
    repaired = 0
    stopped = False
    if progress is not None:
        progress(done, total)
    batch_size = (config or ArgosConfig()).batch_size if engine == ARGOS else 64
    for batch in _batches(pending, batch_size):
        if cancelled is not None and cancelled():
            stopped = True
            break
        rows = run_batch(batch)
        ws.translations.put_many(article.slug, key, rows)
        flagged += sum(1 for r in rows if not usable(r.flags))
        repaired += sum(1 for r in rows if ATOM in r.flags)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return Summary(
        slug=article.slug,
        engine=engine,
        model=key.model,
        total=total,
        cached=cached,
        translated=done - cached,
        flagged=flagged,
        skipped_curated=len(curated),
        cancelled=stopped,
        seconds=time.perf_counter() - started,
        repaired=repaired,
    )


def _engine(
    ws: Workspace,
    engine: str,
    config: ArgosConfig | None,
    enforce_terms: bool,
    model: InstalledModel | None,
    translator: ArgosTranslator | None,
) -> tuple[StoreKey, Callable[[list[Sentence]], list[Row]]]:
    """The store key of an engine's results and a function that produces a batch of rows."""
    if engine == gloss_engine.ENGINE:
        glosser = gloss_engine.Glosser(ws.analyzer, ws.dictionary)
        key = gloss_key(ws)

        def gloss_batch(batch: list[Sentence]) -> list[Row]:
            return [
                Row(s.id, source_hash(s.text, s.atoms), glosser.gloss(s.text, s.atoms))
                for s in batch
            ]

        return key, gloss_batch
    if engine != ARGOS:
        raise ReaderError(f"Unknown engine '{engine}' (argos, llm or gloss).")
    if translator is None:
        model = model or active_model()
        if model is None:
            raise ReaderError(NO_MODEL)
        translator = translator_for(model, config)
    enforcer = None
    if enforce_terms:
        from reader.translation.terms import Enforcer

        enforcer = Enforcer(ws.glossary, ws.analyzer.matcher)
    key = StoreKey(
        ARGOS,
        translator.model.name,
        translator.model.cache_version,
        ws.glossary.version if enforce_terms else UNENFORCED,
    )
    chosen = translator

    def argos_batch(batch: list[Sentence]) -> list[Row]:
        outputs = chosen.translate(
            [s.text for s in batch], atoms=[s.atoms for s in batch], enforcer=enforcer
        )
        return [
            Row(s.id, source_hash(s.text, s.atoms), o.text, o.alternatives, o.flags)
            for s, o in zip(batch, outputs, strict=True)
        ]

    return key, argos_batch


def alternatives_for(
    ws: Workspace,
    article: Article,
    sentence: Sentence,
    n: int = 4,
    *,
    config: ArgosConfig | None = None,
) -> list[str]:
    """Up to ``n`` translations of one sentence, best first (the UI's "alternatives" action).

    Stored alternatives are reused when there are enough; otherwise the model runs once with an
    n-best beam and the result is stored with the sentence, so asking again costs nothing.
    """
    model = active_model()
    if model is None:
        raise ReaderError(NO_MODEL)
    key = StoreKey(ARGOS, model.name, model.cache_version, UNENFORCED)
    hashed = source_hash(sentence.text, sentence.atoms)
    found = ws.translations.get_many(
        article.slug,
        ARGOS,
        model.name,
        model.cache_version,
        [UNENFORCED],
        {sentence.id: hashed},
    ).get(sentence.id)
    if found is not None and usable(found.row.flags) and len(found.row.alternatives) + 1 >= n:
        return [found.row.text, *found.row.alternatives][:n]
    output = translator_for(model, config).translate(
        [sentence.text], atoms=[sentence.atoms], num_hypotheses=max(n, 2)
    )[0]
    row = Row(sentence.id, hashed, output.text, output.alternatives, output.flags)
    ws.translations.put_many(article.slug, key, [row])
    return ([output.text] if output.usable else [])[:n] + list(output.alternatives)[: n - 1]
