"""Provides checks on machine output: repetition loops and untranslated (copied) Chinese.

zh→en models loop on some inputs ("阴性" → "negative negative negative …", argostranslate
#422) and sometimes copy the source instead of translating it. Decoding already limits loops
(``no_repeat_ngram_size``, a length cap); these checks run on every hypothesis afterwards. A loop
is collapsed to as many repetitions as the source itself has and flagged ``loop``; the result is
still shown. Output that is empty or mostly Chinese is flagged ``empty`` / ``untranslated`` and
is never used as a translation.
"""

from __future__ import annotations

import re

from reader.model import normalise
from reader.text.chars import HAN_RE

LOOP = "loop"
UNTRANSLATED = "untranslated"
EMPTY = "empty"
UNUSABLE = frozenset({UNTRANSLATED, EMPTY})
MAX_NGRAM = 8
_NON_WORD = re.compile(r"\W+")
_TRAILING_PUNCT = re.compile(r"[^\w\s]+$")
_SOURCE_REPEAT = re.compile(r"(.{1,12}?)\1+", re.DOTALL)


def usable(flags: tuple[str, ...] | list[str]) -> bool:
    """True when output with these flags may be shown as a translation."""
    return not UNUSABLE.intersection(flags)


def han_count(text: str) -> int:
    """The number of Han characters in ``text``."""
    return len(HAN_RE.findall(text))


def is_untranslated(source: str, output: str) -> bool:
    """True when ``output`` copies the source instead of translating it.

    A source without Han characters (a name, a number, "MiniMax") may be copied as is. Otherwise
    the output is untranslated when it equals the source, or keeps at least half of the source's
    Han characters, or is more than a third Han characters: a name left in Chinese is fine, a
    sentence left in Chinese is not.
    """
    source_han = han_count(source)
    if source_han == 0:
        return False
    if normalise(output) == normalise(source):
        return True
    output_han = han_count(output)
    visible = len("".join(output.split())) or 1
    return output_han >= max(2, source_han / 2) or output_han / visible > 1 / 3


def source_repeats(source: str) -> int:
    """The longest run of immediate repetitions in the source (1 when nothing repeats).

    "阴性阴性阴性" has 3, so a translation may say "negative" three times without being a loop.
    """
    best = 1
    for m in _SOURCE_REPEAT.finditer(normalise(source)):
        unit = m.group(1)
        if unit.strip() and not unit.isspace():
            best = max(best, len(m.group(0)) // len(unit))
    return best


def _key(word: str) -> str:
    """A word compared case- and punctuation-insensitively; punctuation-only words stay."""
    return _NON_WORD.sub("", word.casefold()) or word


def _threshold(n: int) -> int:
    """How many immediate repetitions of an n-word unit make a loop: single words and short
    phrases repeat legitimately twice ("bye bye"), a clause repeated even once does not."""
    return 3 if n < 4 else 2


def collapse_loops(output: str, source: str = "") -> tuple[str, bool]:
    """``output`` with repetition loops collapsed, and whether any loop was found."""
    words = output.split()
    if len(words) < 3:
        return output, False
    keys = [_key(w) for w in words]
    allowed = source_repeats(source)
    out: list[str] = []
    found = False
    i = 0
    while i < len(words):
        best_n, best_k = 0, 1
        for n in range(1, min(MAX_NGRAM, (len(words) - i) // 2) + 1):
            unit = keys[i : i + n]
            k = 1
            while keys[i + k * n : i + (k + 1) * n] == unit:
                k += 1
            if k >= _threshold(n) and k > allowed and n * k > best_n * best_k:
                best_n, best_k = n, k
        if best_n == 0:
            out.append(words[i])
            i += 1
            continue
        found = True
        kept = words[i : i + best_n * allowed]
        last = words[i + best_n * best_k - 1]
        tail = _TRAILING_PUNCT.search(last)
        if tail and not kept[-1].endswith(tail.group(0)):
            kept[-1] = _TRAILING_PUNCT.sub("", kept[-1]) + tail.group(0)
        out.extend(kept)
        i += best_n * best_k
    return " ".join(out), found


def check(source: str, output: str) -> tuple[str, tuple[str, ...]]:
    """One hypothesis cleaned, with its flags (``loop``, ``untranslated``, ``empty``)."""
    text = " ".join(output.split())
    flags: list[str] = []
    text, looped = collapse_loops(text, source)
    if looped:
        flags.append(LOOP)
    if not text:
        flags.append(EMPTY)
    elif is_untranslated(source, text):
        flags.append(UNTRANSLATED)
    return text, tuple(flags)
