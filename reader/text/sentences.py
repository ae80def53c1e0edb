"""Provides sentence splitting for Chinese text with embedded English.

Sentences end at 。！？； (and their ASCII forms), at ellipses that close a clause, and at an
English full stop followed by a space and a capital. Closing quotes and brackets after the
terminator stay with the sentence (。” ！」 ？）). Terminators inside quotations or brackets do not
end the sentence around them (a quoted speech stays whole) unless the sentence would otherwise
grow past ``SOFT_LIMIT`` characters. Colons never end a sentence, so an interview turn
(``罗永浩：…``) or a colon that opens a quotation stays with what it introduces. Decimals,
percentages and model names (4.58%, 2.5亿, GPT-3.5, MiniMax-M2, o1) are never split.

Sentences are returned as (start, end) offsets into the paragraph; the text between them is only
whitespace, so the sentences and the gaps reassemble the paragraph exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from reader.paths import package_data
from reader.text.chars import HAN_RE

SOFT_LIMIT = 160  # split inside quotations only beyond this length
HARD_LIMIT = 250  # the longest sentence allowed when it has any terminator to split at
_ATTRIBUTION_MAX = 12  # "”闫俊杰说。" after a closed quotation stays with it
_SPEECH_VERB_RE = re.compile(
    "说|道|称|稱|表示|问|問|答|写|寫|回应|回應|笑|强调|強調|坦言|透露|指出"
)

_OPEN_TO_CLOSE = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "《": "》",
}
_CLOSE = set(_OPEN_TO_CLOSE.values()) | {'"'}
_STRONG = set("。！？；!?;")
_ELLIPSIS = "…"
_MARKS_RE = re.compile(
    "[" + re.escape("".join(_OPEN_TO_CLOSE) + "".join(_CLOSE) + "".join(_STRONG)) + "….]"
)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_SPACES_RE = re.compile(r"\s*")
_CLAUSE_RE = re.compile(f"(?P<stop>[。！？；!?;…])|{HAN_RE.pattern}")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    lines = package_data("abbreviations.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


def _is_english_stop(text: str, i: int) -> bool:
    """True when the '.' at ``i`` ends an English sentence (space and capital or end after it).

    Only the characters next to the dot are looked at (no copies of the text before or after
    it), so a long paragraph of English costs time in proportion to its length, not its square.
    """
    prev = text[i - 1] if i > 0 else ""
    gap_end = _SPACES_RE.match(text, i + 1).end()  # type: ignore[union-attr]
    if gap_end == len(text):  # nothing but whitespace after the dot
        return bool(prev) and prev.isalpha() and not HAN_RE.match(prev)
    if gap_end == i + 1:
        return False
    nxt = text[gap_end]
    if not (nxt.isupper() or nxt in "“\"'‘(" or HAN_RE.match(nxt)):
        return False
    # The word before the dot: the run of ASCII letters and dots that ends there (or just
    # before a newline that ends there), from its first letter.
    end = i - 1 if prev == "\n" else i
    start = end
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    word = text[start:end].lstrip(".")
    if not word:
        return bool(prev) and prev in "%)\"”'’"
    # Initials ("J. K.") and known abbreviations ("Mr.", "vs.") do not end sentences.
    return not (len(word) == 1 or word.lower().rstrip(".") in _abbreviations())


def _candidates(text: str) -> list[tuple[int, bool]]:
    """Possible sentence ends as (offset, inside_quote); offset is just past the closers."""
    found: list[tuple[int, bool]] = []
    stack: list[str] = []
    i, n = 0, len(text)
    while i < n:
        # Jump to the next bracket, quote or terminator: the characters in between (most of
        # them) cannot change anything, and a loop step per character doubled import time.
        found_at = _MARKS_RE.search(text, i)
        if found_at is None:
            break
        i = found_at.start()
        ch = text[i]
        if ch in _OPEN_TO_CLOSE:
            stack.append(_OPEN_TO_CLOSE[ch])
            i += 1
            continue
        if ch in _CLOSE:
            if stack and stack[-1] == ch:
                stack.pop()
            elif ch in stack:  # an unbalanced opener inside: recover at the matching closer
                while stack and stack.pop() != ch:
                    pass
            i += 1
            continue
        is_ellipsis = ch == _ELLIPSIS or text.startswith("...", i)
        is_stop = ch == "." and not is_ellipsis and _is_english_stop(text, i)
        if ch not in _STRONG and not is_ellipsis and not is_stop:
            i += 1
            continue
        depth_before = len(stack)
        j = i
        # Absorb the whole terminator run (？！, ……, ...) and any closers after it.
        while j < n and (text[j] in _STRONG or text[j] in _ELLIPSIS or text[j] == "."):
            j += 1
        while j < n and text[j] in _CLOSE:
            if stack and stack[-1] == text[j]:
                stack.pop()
            elif text[j] in stack:
                while stack and stack.pop() != text[j]:
                    pass
            j += 1
        if is_ellipsis and not _ellipsis_ends_clause(text, i, j):
            i = j
            continue
        closed_quote = depth_before > 0 and len(stack) < depth_before
        inside = len(stack) > 0
        if j < n or not inside:
            found.append((j, inside and not closed_quote))
        i = j
    return found


def _ellipsis_ends_clause(text: str, start: int, end: int) -> bool:
    """An ellipsis ends a sentence only between two clauses of some length (not "呃……极致")."""
    if end >= len(text):
        return True
    if len(HAN_RE.findall(text, max(0, start - 12), start)) < 4:
        return False
    # At least 8 Han characters before the next terminator; the scan stops at whichever comes
    # first, so many ellipses in a long paragraph do not each read to its end.
    for hans, m in enumerate(_CLAUSE_RE.finditer(text, end), 1):
        if m.group("stop"):
            return False
        if hans >= 8:
            return True
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Splits a paragraph into sentences, returned as (start, end) offsets into ``text``."""
    if not text.strip():
        return []
    candidates = _candidates(text)
    ends: list[int] = []
    for end, inside in candidates:
        if inside:
            continue
        # A short attribution after a closed quotation ("……。”闫俊杰说。") joins the quotation.
        if ends and _is_attribution(text, ends[-1], end):
            ends[-1] = end
        else:
            ends.append(end)
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    inner = [end for end, _ in candidates]
    spans: list[tuple[int, int]] = []
    start = 0
    for end in ends:
        spans.extend(_limit(text, start, end, inner))
        start = end
    return spans


def _is_attribution(text: str, prev_end: int, end: int) -> bool:
    if prev_end <= 0 or text[prev_end - 1] not in '”」』"':
        return False
    piece = text[prev_end:end].strip()
    return (
        0 < len(piece) <= _ATTRIBUTION_MAX
        and not any(c in piece for c in "“「『")
        and _SPEECH_VERB_RE.search(piece) is not None
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding whitespace, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _limit(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """Splits an over-long sentence at terminators inside it (quotations), greedily.

    ``cuts`` is sorted, so the terminators inside a span are found by bisection: a long quoted
    passage with thousands of them is split in time proportional to its length.
    """
    pieces: list[tuple[int, int]] = []
    while end - start > SOFT_LIMIT:
        lo, hi = bisect_right(cuts, start), bisect_left(cuts, end)
        if lo >= hi:
            break  # no terminator inside
        fitting = bisect_right(cuts, start + SOFT_LIMIT, lo, hi)
        cut = cuts[fitting - 1] if fitting > lo else cuts[lo]
        if (span := _trim(text, start, cut)) is not None:
            pieces.append(span)
        start = cut
    if (span := _trim(text, start, end)) is not None:
        pieces.append(span)
    return pieces
