"""Provides the llm engine's messages: instructions, required renderings, context, sentences.

The last user message of every request holds exactly the sentences to translate, as a JSON array
of strings; everything else (instructions, the glossary's renderings for the terms in those
sentences, the neighbouring sentences for reference, one worked example) comes before it. The
answer must be a JSON array of the same length. Inline code and math reach it as placeholders
(``{1}``), with an instruction to copy them, added only when a request has some.
:data:`PROMPT_VERSION` is part of the cache key: change it whenever the messages change in a way
that changes translations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from reader.translation.atoms import PLACEHOLDER_RE

PROMPT_VERSION = "1"
Message = dict[str, str]  # {"role": …, "content": …}

_INSTRUCTIONS = """\
You translate Chinese into English for a bilingual reader that shows each Chinese sentence next \
to its English.

The user sends a JSON array of Chinese sentences taken in order from one article. Answer with \
only a JSON array of strings: exactly one English translation per input sentence, in the same \
order, so that the i-th string translates the i-th sentence and nothing else. Never merge, split, \
skip, reorder or repeat sentences, and add no notes, numbering or text outside the array.

Translate each sentence completely and faithfully into natural English. Keep names, numbers, \
code, URLs and English words as they are written. Write speaker labels as \
"Name: …". Do not leave Chinese in the English except a name that has no English form."""

# Added only to requests whose sentences hold atoms, so every other request (and its cached
# English) stays as it was.
_PLACEHOLDERS = (
    "Placeholders such as {1} or {2} stand for inline code or formulas. Copy each placeholder "
    "exactly as written (braces and number, no spaces inside) into the English, exactly once, "
    "where the code or formula belongs in the English sentence. Never translate, change, "
    "explain, drop, repeat or renumber a placeholder, and never move one to another sentence."
)
_TERMS = (
    "Required renderings: where a sentence contains one of these Chinese terms, its English must "
    "use exactly the English given here:"
)
_CONTEXT = "For reference only (do not translate these; they surround the sentences):"
_ALTERNATIVE = (
    "Give a different good translation of the sentence from the ones below, as a JSON array "
    "with one string. Already given:"
)

# One worked example: small local models follow the array format far more reliably after one.
_EXAMPLE_IN = ["我们用坐标下降训练模型。", "他说：“这很难。”", "MiniMax 成立于2021年。"]
_EXAMPLE_OUT = [
    "We train the model with coordinate descent.",
    "He said: “This is hard.”",
    "MiniMax was founded in 2021.",
]


@dataclass(frozen=True)
class Context:
    """What surrounds a batch: the article's title and neighbouring source sentences."""

    title: str = ""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def has_placeholders(sentences: Sequence[str]) -> bool:
    """True when a sentence holds an atom's placeholder (see :mod:`reader.translation.atoms`)."""
    return any(PLACEHOLDER_RE.search(s) for s in sentences)


def as_array(items: Sequence[str]) -> str:
    """The JSON array of strings a message carries (Chinese kept readable)."""
    return json.dumps(list(items), ensure_ascii=False)


def system_message(
    terms: Sequence[tuple[str, str]], context: Context, *, placeholders: bool = False
) -> str:
    """Instructions, the required renderings and the context in one system message;
    ``placeholders`` adds how to carry the placeholders of inline code and math."""
    parts = [_INSTRUCTIONS]
    if placeholders:
        parts.append(_PLACEHOLDERS)
    if terms:
        lines = "\n".join(f"- {zh} → {en}" for zh, en in terms)
        parts.append(f"{_TERMS}\n{lines}")
    reference = []
    if context.title:
        reference.append(f"Article title: {context.title}")
    if context.before:
        reference.append("Before: " + " ".join(context.before))
    if context.after:
        reference.append("After: " + " ".join(context.after))
    if reference:
        parts.append(_CONTEXT + "\n" + "\n".join(reference))
    return "\n\n".join(parts)


def messages(
    sentences: Sequence[str], terms: Sequence[tuple[str, str]], context: Context
) -> list[Message]:
    """The messages of one translation request; the last holds exactly ``sentences``."""
    system = system_message(terms, context, placeholders=has_placeholders(sentences))
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": as_array(_EXAMPLE_IN)},
        {"role": "assistant", "content": as_array(_EXAMPLE_OUT)},
        {"role": "user", "content": as_array(sentences)},
    ]


def alternative_messages(
    sentence: str, given: Sequence[str], terms: Sequence[tuple[str, str]], context: Context
) -> list[Message]:
    """A request for another rendering of one sentence, unlike those already ``given``."""
    system = system_message(terms, context, placeholders=has_placeholders([sentence]))
    if given:
        system += "\n\n" + _ALTERNATIVE + "\n" + "\n".join(f"- {g}" for g in given)
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": as_array(_EXAMPLE_IN)},
        {"role": "assistant", "content": as_array(_EXAMPLE_OUT)},
        {"role": "user", "content": as_array([sentence])},
    ]


def max_tokens(sentences: Sequence[str]) -> int:
    """A cap on the answer's length: generous for English (about 1.5 tokens per Chinese
    character, plus the JSON), small enough to stop a model that loops."""
    chars = sum(len(s) for s in sentences)
    return 64 + 3 * chars + 16 * len(sentences)
