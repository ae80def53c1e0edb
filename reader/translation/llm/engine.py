"""Provides the llm engine's work: batches of sentences in, one checked English string each out.

:meth:`LlmEngine.translate` sends a batch and checks the answer (:mod:`.check`); a refused answer
or a failed request is retried as two halves, down to single sentences, and a single sentence
that still fails is left without English (a run later asks again). So a sentence gets its own
translation or none. A server that is down, a wrong URL or an unknown model stops everything at
once; a run of failures with no success between (``max_failures``) does too.

:func:`run_batches` keeps up to ``in_flight`` requests going in daemon threads and hands each
finished batch to the caller in the calling thread, which stores it before the next; on
cancellation it takes no new batch and waits for those under way, so nothing finished is lost.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.dictionary import Dictionary
from reader.glossary.model import Entry
from reader.text.chars import has_han
from reader.text.script import to_simplified
from reader.translation.atoms import (
    Masked,
    Span,
    locate,
    mask,
    mask_batch,
    placeholder,
    restore,
)
from reader.translation.llm import prompt
from reader.translation.llm.check import BadAnswer, Checked, check_answer, parse_answer, words
from reader.translation.llm.client import LlmClient, LlmError
from reader.translation.llm.config import LlmConfig
from reader.translation.llm.http import httpx
from reader.translation.llm.keys import term_signature

RETRY_TEMPERATURE = 0.5  # a single sentence asked again: a little variety to escape the error


@dataclass(frozen=True)
class Item:
    """A sentence to translate: id, text, position in the article, its glossary terms."""

    id: str
    text: str
    position: int
    terms: tuple[Entry, ...] = ()
    bag: frozenset[str] = frozenset()
    atoms: tuple[Span, ...] = ()  # inline code and math: sent as placeholders, kept verbatim

    @property
    def signature(self) -> str:
        """The glossary version stored with its English: the required renderings of its own
        terms, so a glossary edit re-translates only the sentences whose terms changed."""
        return term_signature(self.terms)


@dataclass
class BatchResult:
    """What one batch gave: accepted English by sentence id, and reasons for those refused."""

    done: dict[str, Checked] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    requests: int = 0


class LlmEngine:
    """Translates batches of one article's sentences with one model; safe across threads."""

    def __init__(
        self,
        client: LlmClient,
        texts: Sequence[str],
        *,
        title: str = "",
    ) -> None:
        self.client = client
        self.config: LlmConfig = client.config
        self.texts = list(texts)  # every sentence of the article, for context
        self.title = title
        self._lock = threading.Lock()
        self._failures = 0
        self._last_failure = ""

    # -- one batch ---------------------------------------------------------------------------

    def context(self, batch: Sequence[Item]) -> prompt.Context:
        """The sentences around a batch, for reference."""
        k = self.config.context_sentences
        first, last = batch[0].position, batch[-1].position
        return prompt.Context(
            self.title,
            tuple(self.texts[max(0, first - k) : first]),
            tuple(self.texts[last + 1 : last + 1 + k]),
        )

    @staticmethod
    def renderings(batch: Sequence[Item]) -> list[tuple[str, str]]:
        """The required renderings for the batch's terms: (Chinese forms, English)."""
        seen: dict[str, tuple[str, str]] = {}
        for item in batch:
            for entry in item.terms:
                zh = " / ".join(entry.zh[:3]) if entry.zh else entry.en
                seen.setdefault(entry.id, (zh, entry.en))
        return list(seen.values())

    def ask(
        self, batch: Sequence[Item], temperature: float | None = None, seed: int | None = None
    ) -> list[Checked]:
        """One request for the batch; its checked English, or BadAnswer / LlmError.

        Atoms go as placeholders numbered across the batch and come back as their source text;
        a placeholder lost, doubled or moved to another sentence refuses the answer, except on
        the last try of a single sentence, where it is repaired and flagged ``atom``.
        """
        masked = mask_batch([i.text for i in batch], [i.atoms for i in batch])
        sources = [m.text for m in masked]
        answer = self.client.chat(
            prompt.messages(sources, self.renderings(batch), self.context(batch)),
            max_tokens=prompt.max_tokens(sources),
            temperature=temperature,
            seed=seed,
        )
        outputs = parse_answer(answer, len(batch))
        last_try = seed is not None
        checked = check_answer(
            sources,
            outputs,
            [item.terms for item in batch],
            [item.bag for item in batch] if all(item.bag for item in batch) else (),
            allow_loop=last_try,
        )
        return restore_answer(masked, checked, repair=last_try)

    def translate(self, batch: Sequence[Item]) -> BatchResult:
        """The batch's English, splitting it on any failure (see the module docstring). A
        sentence that is only atoms and punctuation is its own English, without a request."""
        result = BatchResult()
        todo = []
        for item in batch:
            if mask(item.text, item.atoms).trivial:
                result.done[item.id] = Checked(item.text)
            else:
                todo.append(item)
        if todo:
            self._translate(todo, result)
        return result

    def _translate(self, batch: list[Item], result: BatchResult, attempt: int = 0) -> None:
        single = len(batch) == 1
        try:
            result.requests += 1
            retrying = single and attempt > 0
            checked = self.ask(
                batch,
                temperature=RETRY_TEMPERATURE if retrying else None,
                seed=attempt if retrying else None,
            )
        except BadAnswer as exc:
            reason = f"the answer was unusable: {exc}"
        except LlmError as exc:
            if exc.fatal:
                raise
            reason = str(exc)
        else:
            self._succeeded()
            for item, out in zip(batch, checked, strict=True):
                result.done[item.id] = out
            return
        self._failed(reason)
        if not single:
            middle = len(batch) // 2
            self._translate(batch[:middle], result)
            self._translate(batch[middle:], result)
        elif attempt == 0:
            self._translate(batch, result, attempt=1)
        else:
            result.refused[batch[0].id] = reason

    def _succeeded(self) -> None:
        with self._lock:
            self._failures = 0

    def _failed(self, reason: str) -> None:
        with self._lock:
            self._failures += 1
            self._last_failure = reason
            failures = self._failures
        if failures >= self.config.max_failures:
            raise LlmError(
                f"Stopped after {failures} failed requests in a row; the last: {reason}",
                "failing",
                fatal=True,
            )

    def alternative(self, item: Item, given: Sequence[str], attempt: int = 0) -> Checked:
        """Another rendering of one sentence, unlike ``given``; BadAnswer or LlmError if none."""
        masked = mask(item.text, item.atoms)
        given_masked = [_remask(masked, g) for g in given]
        answer = self.client.chat(
            prompt.alternative_messages(
                masked.text, given_masked, self.renderings([item]), self.context([item])
            ),
            max_tokens=prompt.max_tokens([masked.text]),
            temperature=0.7,
            seed=len(given) + attempt,
        )
        checked = check_answer([masked.text], parse_answer(answer, 1), [item.terms])
        (restored,) = restore_answer([masked], checked, repair=attempt > 0)
        return restored


def restore_answer(
    masked: Sequence[Masked], checked: Sequence[Checked], *, repair: bool
) -> list[Checked]:
    """The checked English with each sentence's atoms back in place; BadAnswer when a
    placeholder came back wrong, unless ``repair`` (then repaired and flagged ``atom``)."""
    out = []
    for i, (m, c) in enumerate(zip(masked, checked, strict=True)):
        restored = restore(m, c.text)
        if not restored.ok and not repair:
            raise BadAnswer(f"sentence {i + 1}'s inline code or math: {restored.problems()}")
        out.append(Checked(restored.text, c.flags + restored.flags))
    return out


def _remask(masked: Masked, english: str) -> str:
    """An English rendering with the sentence's atoms as its placeholders again (an earlier
    rendering, listed in an alternative's request)."""
    located = locate(english, masked.atoms)
    out = []
    pos = 0
    for start, end, index in located:
        out.append(english[pos:start])
        out.append(placeholder(masked.first + index))
        pos = end
    out.append(english[pos:])
    return "".join(out)


# -- planning and running batches --------------------------------------------------------------


def plan(items: Sequence[Item], config: LlmConfig) -> list[list[Item]]:
    """Batches in reading order, each at most ``batch_sentences`` sentences and about
    ``batch_chars`` characters (a long sentence goes alone)."""
    batches: list[list[Item]] = []
    current: list[Item] = []
    chars = 0
    for item in items:
        full = len(current) >= config.batch_sentences or chars + len(item.text) > config.batch_chars
        if current and full:
            batches.append(current)
            current, chars = [], 0
        current.append(item)
        chars += len(item.text)
    if current:
        batches.append(current)
    return batches


Finished = Callable[[list[Item], BatchResult], None]


def run_batches(
    engine: LlmEngine,
    batches: Sequence[list[Item]],
    finished: Finished,
    cancelled: Callable[[], bool] | None = None,
) -> bool:
    """Runs the batches with at most ``in_flight`` requests at once; ``finished(batch, result)``
    is called in this thread for each, in completion order. Returns True when cancelled.

    A fatal LlmError is raised once the batches under way have finished (and been handed over);
    KeyboardInterrupt leaves at once (finished batches were already handed over).
    """
    results: queue.Queue[tuple[list[Item], BatchResult | None, BaseException | None]]
    results = queue.Queue()
    todo = list(batches)
    running = 0
    stopped = False
    error: BaseException | None = None

    def work(batch: list[Item]) -> None:
        try:
            results.put((batch, engine.translate(batch), None))
        except BaseException as exc:  # handed to the calling thread
            results.put((batch, None, exc))

    while todo or running:
        if cancelled is not None and cancelled():
            stopped = True
        while todo and running < engine.config.in_flight and not stopped and error is None:
            batch = todo.pop(0)
            threading.Thread(target=work, args=(batch,), daemon=True, name="llm-batch").start()
            running += 1
        if not running:
            break
        batch, result, exc = results.get()
        running -= 1
        if exc is not None:
            error = error or exc
            continue
        assert result is not None
        finished(batch, result)
    if error is not None:
        raise error
    return stopped or bool(todo)


def bag_of(text: str, dictionary: Dictionary) -> frozenset[str]:
    """Word stems of the dictionary senses of ``text``'s words, longest match first, and of its
    own Latin words (see :func:`words`): what its English is likely to say."""
    simple = to_simplified(text)
    stems: set[str] = set(words(text))
    pos = 0
    while pos < len(simple):
        found = dictionary.matches_at(simple, pos) if has_han(simple[pos]) else []
        if not found:
            pos += 1
            continue
        for _, entries in found:
            for entry in entries:
                for sense in entry.senses:
                    stems |= words(sense)
        pos += len(found[0][0])
    return frozenset(stems)


@dataclass
class LlmSession:
    """A client whose model was checked against the server once (per command or worker)."""

    client: LlmClient

    @property
    def model(self) -> str:
        """The model name stored with every translation."""
        return self.client.config.model or "default"

    @classmethod
    def open(cls, config: LlmConfig, transport: httpx.BaseTransport | None = None) -> LlmSession:
        """Connects, checks the model (GET {base}/models) and returns the session; a server
        that is down or lacks the model is a fatal LlmError."""
        client = LlmClient(config, transport)
        try:
            client.config = config.with_model(client.check_model())
        except BaseException:
            client.close()
            raise
        return cls(client)

    def close(self) -> None:
        """Closes the client's connections."""
        self.client.close()

    def __enter__(self) -> LlmSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
