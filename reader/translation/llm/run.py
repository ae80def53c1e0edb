"""Provides an article's translation with the llm engine, its cached results and alternatives.

Rows are stored under engine ``llm``, the model's name, the prompt version and, as glossary
version, the signature of the sentence's own terms (:func:`.engine.term_signature`): a rerun
asks only for sentences without a row of that model and signature, and an edited glossary
retires only the English of the sentences whose terms changed. For display the newest usable
row of any model is shown (the English a user asked for last).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.document.inline import blank_atoms
from reader.model import Article, Sentence
from reader.translation.atoms import ATOM, source_hash
from reader.translation.consistency import terms_in
from reader.translation.llm.check import BadAnswer
from reader.translation.llm.client import LlmError
from reader.translation.llm.engine import (
    BatchResult,
    Item,
    LlmEngine,
    LlmSession,
    bag_of,
    plan,
    run_batches,
)
from reader.translation.llm.keys import ENGINE, MODEL_VERSION
from reader.translation.store import Row, Stored, StoreKey

if TYPE_CHECKING:
    from reader.workspace import Workspace

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Outcome:
    """What one article's llm run did."""

    cached: int
    translated: int
    refused: int
    requests: int
    cancelled: bool
    repaired: int = 0  # English whose atoms were put back after the model lost them


def items_for(
    ws: Workspace, sentences: Sequence[Sentence], positions: dict[str, int]
) -> list[Item]:
    """Sentences as engine items: their glossary terms and dictionary word stems (neither
    looked for inside inline code or math), and their atoms."""
    matcher = ws.analyzer.matcher
    glossary = ws.glossary
    items = []
    for s in sentences:
        prose = blank_atoms(s.text, s.atoms)
        entries = tuple(e for tid in terms_in(matcher, prose) if (e := glossary.get(tid)))
        bag = bag_of(prose, ws.dictionary)
        items.append(Item(s.id, s.text, positions[s.id], entries, bag, tuple(s.atoms)))
    return items


def _own_rows(
    ws: Workspace, article: Article, items: Sequence[Item], model: str
) -> dict[str, Stored]:
    """Stored rows made by ``model`` for each item's current text and terms."""
    wanted = {i.id: source_hash(i.text, i.atoms) for i in items}
    signature = {i.id: i.signature for i in items}
    found = ws.translations.rows_for(article.slug, ENGINE, wanted, model_version=MODEL_VERSION)
    out = {}
    for sid, rows in found.items():
        for stored in rows:
            if stored.key.model == model and stored.key.glossary_version == signature[sid]:
                out[sid] = stored
                break
    return out


def translate_llm(
    ws: Workspace,
    article: Article,
    sentences: Sequence[Sentence],
    session: LlmSession,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Outcome:
    """Translates the sentences that have no English from this model yet, storing each batch
    as it finishes. A fatal LlmError is raised after the batches under way were stored, with
    how much is saved."""
    all_sentences = list(article.sentences())
    positions = {s.id: n for n, s in enumerate(all_sentences)}
    items = items_for(ws, sentences, positions)
    stored = _own_rows(ws, article, items, session.model)
    pending = [i for i in items if i.id not in stored]
    total, done = len(items), len(items) - len(pending)
    cached = done
    if progress is not None:
        progress(done, total)
    engine = LlmEngine(session.client, [s.text for s in all_sentences], title=article.meta.title)
    counts = {"refused": 0, "requests": 0, "done": done, "repaired": 0}

    def finished(batch: list[Item], result: BatchResult) -> None:
        by_signature: dict[str, list[Row]] = defaultdict(list)
        for item in batch:
            checked = result.done.get(item.id)
            if checked is not None:
                row = Row(
                    item.id, source_hash(item.text, item.atoms), checked.text, (), checked.flags
                )
                by_signature[item.signature].append(row)
                counts["repaired"] += ATOM in checked.flags
        for signature, rows in by_signature.items():
            key = StoreKey(ENGINE, session.model, MODEL_VERSION, signature)
            ws.translations.put_many(article.slug, key, rows)
        counts["refused"] += len(result.refused)
        counts["requests"] += result.requests
        counts["done"] += len(batch)
        if progress is not None:
            progress(counts["done"], total)

    try:
        stopped = run_batches(engine, plan(pending, session.client.config), finished, cancelled)
    except LlmError as exc:
        saved = counts["done"] - counts["refused"]
        if not saved:
            raise
        raise LlmError(
            f"{exc} ({saved} of {total} sentences of {article.slug} have English and are saved; "
            "run again to resume.)",
            exc.kind,
            fatal=True,
        ) from None
    return Outcome(
        cached=cached,
        translated=counts["done"] - cached - counts["refused"],
        refused=counts["refused"],
        requests=counts["requests"],
        cancelled=stopped,
        repaired=counts["repaired"],
    )


def llm_alternatives(
    ws: Workspace, article: Article, sentence: Sentence, session: LlmSession, n: int = 4
) -> list[str]:
    """The stored renderings of one sentence and one more from the model (each call asks for
    another, up to ``n`` in all); the new one is stored with the sentence's row."""
    all_sentences = list(article.sentences())
    positions = {s.id: i for i, s in enumerate(all_sentences)}
    (item,) = items_for(ws, [sentence], positions)
    engine = LlmEngine(session.client, [s.text for s in all_sentences], title=article.meta.title)
    key = StoreKey(ENGINE, session.model, MODEL_VERSION, item.signature)
    stored = _own_rows(ws, article, [item], session.model).get(item.id)
    if stored is None:
        result = engine.translate([item])
        checked = result.done.get(item.id)
        if checked is None:
            raise LlmError(
                f"The model gave no usable English for this sentence "
                f"({result.refused.get(item.id, 'no answer')}).",
                "refused",
            )
        row = Row(item.id, source_hash(item.text, item.atoms), checked.text, (), checked.flags)
        ws.translations.put_many(article.slug, key, [row])
        return [row.text]
    given = [stored.row.text, *stored.row.alternatives]
    if len(given) >= n:
        return given[:n]
    for attempt in range(2):
        try:
            checked = engine.alternative(item, given, attempt)
        except BadAnswer as exc:  # ask once more, then report
            if attempt:
                raise LlmError(f"The model's alternative was unusable: {exc}.", "refused") from None
            continue
        if checked.text.casefold() not in {g.casefold() for g in given}:
            break
    else:
        return given
    row = Row(
        item.id,
        stored.row.source_hash,
        stored.row.text,
        (*stored.row.alternatives, checked.text),
        stored.row.flags,
    )
    ws.translations.put_many(article.slug, key, [row])
    return [*given, checked.text]
