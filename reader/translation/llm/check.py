"""Provides the checks on an llm answer: one English string per sentence, each its own.

:func:`parse_answer` accepts a JSON array of strings, also inside a Markdown code fence, after a
reasoning model's ``<think>`` block, or as the single list of a JSON object, and refuses anything
of the wrong length. :func:`check_answer` then refuses a batch whose strings do not look like
translations of their own sentences, in order:

- empty, or still Chinese (the model echoed the source), or a repetition loop;
- the same English for two different sentences, or one sentence's English inside another's;
- a sentence's anchors (numbers, Latin words, the glossary's required English) missing from its
  own English but present in another sentence's: the answer is shifted or swapped;
- English far longer or shorter than the batch's other sentences for the Chinese it translates
  (a merged or split sentence);
- English whose words match the dictionary senses of the neighbouring sentence better than its
  own (a swap that keeps the lengths).

A refused batch is retried smaller by the engine, down to one sentence, where only the checks on
the sentence itself apply; a false alarm costs a request, never a misplaced translation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from reader.glossary.model import Entry
from reader.model import normalise
from reader.text.chars import HAN_RE
from reader.translation import guards
from reader.translation.consistency import uses_term

_FENCE = re.compile(r"```[\w-]*[ \t]*\n?(.*?)```", re.DOTALL)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.+\-_][A-Za-z0-9]+)*|\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[a-z]{3,}")
_LATIN = re.compile(r"[A-Za-z0-9]")
EN_PER_HAN = 3.0  # English characters per Chinese character in translated prose (about 2–4)
LONG_FACTOR = 3.0  # an item this many times the batch's median length ratio is out of line
MIN_LONG = 40  # characters: short answers vary too much to judge
SINGLE_LONG_FACTOR = 6.0  # one sentence alone: only English that must include other text
SWAP_MARGIN = 0.25  # how much better the crossed pairing must match the senses


class BadAnswer(Exception):
    """An answer that cannot be used as it is; the message says why, in a few words."""


@dataclass(frozen=True)
class Checked:
    """One sentence's accepted English and its quality flags (``loop``)."""

    text: str
    flags: tuple[str, ...] = ()


def parse_answer(text: str, count: int) -> list[str]:
    """The strings of an answer that must be a JSON array of ``count`` strings."""
    body = _THINK.sub("", text).strip()
    fenced = _FENCE.search(body)
    if fenced:
        body = fenced.group(1).strip()
    try:
        value = json.loads(body)
    except ValueError:
        start, end = body.find("["), body.rfind("]")
        if start < 0 or end <= start:
            raise BadAnswer("not a JSON array") from None
        try:
            value = json.loads(body[start : end + 1])
        except ValueError:
            raise BadAnswer("not a JSON array") from None
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            value = lists[0]
    if not isinstance(value, list):
        raise BadAnswer("not a JSON array")
    if not all(isinstance(item, str) for item in value):
        raise BadAnswer("not an array of strings")
    if len(value) != count:
        raise BadAnswer(f"{len(value)} strings for {count} sentences")
    return value


def expected_length(source: str) -> float:
    """About how many characters of English translate ``source``."""
    han = len(HAN_RE.findall(source))
    latin = len(_LATIN.findall(source))
    return max(EN_PER_HAN * han + latin, 1.0)


def anchors(source: str) -> set[str]:
    """Numbers and Latin words of two or more characters, lower-cased: they survive translation
    as written, so they show where a sentence's English went."""
    return {a.lower() for a in _ANCHOR.findall(source) if len(a) >= 2}


def words(english: str) -> set[str]:
    """Content-ish words of English as five-letter stems ("models", "modelling" → "model")."""
    return {w[:5] for w in _WORD.findall(english.lower())}


def _similarity(english: str, bag: frozenset[str]) -> float:
    found = words(english)
    return len(found & bag) / len(found) if found and bag else 0.0


def check_answer(
    sources: Sequence[str],
    outputs: Sequence[str],
    terms: Sequence[Sequence[Entry]] = (),
    bags: Sequence[frozenset[str]] = (),
    *,
    allow_loop: bool = False,
) -> list[Checked]:
    """The outputs cleaned and flagged, or BadAnswer naming the first problem.

    ``terms[i]``: the glossary entries of sentence i; ``bags[i]``: the word stems of the
    dictionary senses of sentence i's words (see :func:`words`). A repetition loop is refused
    unless ``allow_loop`` (one sentence asked again): then it is collapsed and flagged.
    """
    n = len(sources)
    single = n == 1
    checked: list[Checked] = []
    for i, (source, output) in enumerate(zip(sources, outputs, strict=True)):
        text, flags = guards.check(source, output)
        label = f"sentence {i + 1}"
        if guards.EMPTY in flags:
            raise BadAnswer(f"{label} has no English")
        if guards.UNTRANSLATED in flags:
            raise BadAnswer(f"{label} was left in Chinese")
        if guards.LOOP in flags and not (single and allow_loop):
            raise BadAnswer(f"{label} loops")
        expected = expected_length(source)
        if single and len(text) > max(SINGLE_LONG_FACTOR * expected, 2 * MIN_LONG):
            raise BadAnswer(f"{label} is far longer than its Chinese")
        checked.append(Checked(text, flags))
    if single:
        return checked
    texts = [c.text for c in checked]
    _check_repeats(sources, texts)
    _check_anchors(sources, texts, terms)
    _check_lengths(sources, texts)
    if bags:
        _check_swaps(texts, bags)
    return checked


def _check_repeats(sources: Sequence[str], texts: Sequence[str]) -> None:
    keys = [normalise(t).casefold() for t in texts]
    for i in range(len(texts)):
        for j in range(len(texts)):
            if i == j or normalise(sources[i]) == normalise(sources[j]):
                continue
            if keys[i] == keys[j]:
                raise BadAnswer(f"sentences {i + 1} and {j + 1} have the same English")
            if len(keys[j]) >= 20 and keys[j] in keys[i]:
                raise BadAnswer(f"sentence {i + 1}'s English contains sentence {j + 1}'s")


def _check_anchors(
    sources: Sequence[str], texts: Sequence[str], terms: Sequence[Sequence[Entry]]
) -> None:
    lowered = [t.lower() for t in texts]
    found = [anchors(s) for s in sources]
    for i, own in enumerate(found):
        others = set().union(*(found[j] for j in range(len(found)) if j != i))
        for anchor in sorted(own - others):
            if _has_anchor(lowered[i], anchor):
                continue
            for j, text in enumerate(lowered):
                if j != i and _has_anchor(text, anchor):
                    raise BadAnswer(
                        f"sentence {i + 1}'s '{anchor}' is in the English of sentence {j + 1}"
                    )
    if not terms:
        return
    ids = [{e.id for e in entries} for entries in terms]
    for i, entries in enumerate(terms):
        for entry in entries:
            if any(entry.id in ids[j] for j in range(len(ids)) if j != i):
                continue
            if uses_term(entry, texts[i]):
                continue
            for j, text in enumerate(texts):
                if j != i and uses_term(entry, text):
                    raise BadAnswer(
                        f"sentence {i + 1}'s term '{entry.en}' is in the English of "
                        f"sentence {j + 1}"
                    )


def _has_anchor(text: str, anchor: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(anchor)}(?![a-z0-9])", text) is not None


def _check_lengths(sources: Sequence[str], texts: Sequence[str]) -> None:
    ratios = [len(t) / expected_length(s) for s, t in zip(sources, texts, strict=True)]
    middle = median(ratios)
    for i, (ratio, text) in enumerate(zip(ratios, texts, strict=True)):
        if len(text) >= MIN_LONG and ratio > LONG_FACTOR * middle:
            raise BadAnswer(f"sentence {i + 1}'s English is too long for its Chinese")
        if expected_length(sources[i]) >= MIN_LONG and ratio * LONG_FACTOR < middle:
            raise BadAnswer(f"sentence {i + 1}'s English is too short for its Chinese")


def _check_swaps(texts: Sequence[str], bags: Sequence[frozenset[str]]) -> None:
    for i in range(len(texts) - 1):
        j = i + 1
        diagonal = _similarity(texts[i], bags[i]) + _similarity(texts[j], bags[j])
        crossed = _similarity(texts[i], bags[j]) + _similarity(texts[j], bags[i])
        if crossed > diagonal + SWAP_MARGIN:
            raise BadAnswer(f"sentences {i + 1} and {j + 1} look swapped")
