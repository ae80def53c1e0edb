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
_WORD_BEFORE_DOT_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    lines = package_data("abbreviations.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


def _is_english_stop(text: str, i: int) -> bool:
    """True when the '.' at ``i`` ends an English sentence (space and capital or end after it)."""
    before = text[:i]
    after = text[i + 1 :]
    if not after.strip():
        return bool(before) and before[-1].isalpha() and not HAN_RE.match(before[-1])
    if not after[:1].isspace():
        return False
    nxt = after.lstrip()[:1]
    if not (nxt.isupper() or nxt in "“\"'‘(" or HAN_RE.match(nxt)):
        return False
    m = _WORD_BEFORE_DOT_RE.search(before)
    if m is None:
        return bool(before) and before[-1] in "%)\"”'’"
    word = m.group(1)
    # Initials ("J. K.") and known abbreviations ("Mr.", "vs.") do not end sentences.
    return not (len(word) == 1 or word.lower().rstrip(".") in _abbreviations())


def _candidates(text: str) -> list[tuple[int, bool]]:
    """Possible sentence ends as (offset, inside_quote); offset is just past the closers."""
    found: list[tuple[int, bool]] = []
    stack: list[str] = []
    i, n = 0, len(text)
    while i < n:
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
    left = len(HAN_RE.findall(text[max(0, start - 12) : start]))
    rest = text[end:]
    stop = min((rest.find(c) for c in "。！？；!?;…" if c in rest), default=len(rest))
    return left >= 4 and len(HAN_RE.findall(rest[:stop])) >= 8


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
    """Splits an over-long sentence at terminators inside it (quotations), greedily."""
    pieces: list[tuple[int, int]] = []
    while end - start > SOFT_LIMIT:
        inner = [c for c in cuts if start < c < end]
        if not inner:
            break
        fitting = [c for c in inner if c - start <= SOFT_LIMIT]
        cut = fitting[-1] if fitting else inner[0]
        if (span := _trim(text, start, cut)) is not None:
            pieces.append(span)
        start = cut
    if (span := _trim(text, start, end)) is not None:
        pieces.append(span)
    return pieces
