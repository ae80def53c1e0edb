"""Provides the pinyin line shown under a Chinese unit (``--pinyin inline``).

Words are separated as the analyzer segments them and a word's syllables are joined, as pinyin
is written (``zhōngguó``); the line is italic, so it reads as an annotation of the Chinese above.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis import Token
from reader.export.escape import escape_text
from reader.export.prepare import PreparedSentence
from reader.pinyin.display import word_pinyin

# Chinese punctuation in the pinyin line: its Western form and which side it sticks to.
_CLOSING = {
    "，": ",",
    "、": ",",
    "。": ".",
    "！": "!",
    "？": "?",
    "：": ":",
    "；": ";",
    "…": "…",
    "）": ")",
    "”": "\u201d",
    "’": "\u2019",
    "」": "\u201d",
    "』": "\u2019",
    "》": "\u00bb",
}
_OPENING = {"（": "(", "“": "\u201c", "‘": "\u2018", "「": "\u201c", "『": "\u2018", "《": "\u00ab"}
for _mark in ",.;:!?)]":
    _CLOSING[_mark] = _mark
for _mark in "([":
    _OPENING[_mark] = _mark
_SPACE_CHARS = " \t\r\n\f\v\u3000"


def render_pinyin(sentences: Sequence[PreparedSentence]) -> str | None:
    """The pinyin line of the sentences as inline Markdown in italics, or None without Han.

    Words are separated as the analyzer segments them and a word's syllables are joined, with an
    apostrophe before a syllable that opens with a, e or o (``dì'èr``). Latin and numbers stay as
    written; Chinese punctuation takes its Western form and sticks to its word.
    """
    items: list[tuple[str, str, bool]] = []  # (text, kind, whitespace before it in the source)
    gap = False
    for ps in sentences:
        for token in ps.tokens or ():
            if any(token.pinyin):
                items.append((_pinyin_word(token), "han", gap))
            elif not token.text.strip(_SPACE_CHARS):
                gap = True
                continue
            elif token.text in _CLOSING:
                items.append((_CLOSING[token.text], "close", gap))
            elif token.text in _OPENING:
                items.append((_OPENING[token.text], "open", gap))
            else:
                kind = "alnum" if any(ch.isalnum() for ch in token.text) else "symbol"
                items.append((token.text, kind, gap))
            gap = False
    if not any(kind == "han" for _, kind, _ in items):
        return None
    parts: list[str] = []
    for i, (text, kind, gap_before) in enumerate(items):
        if i and _spaced(items[i - 1][1], kind, gap_before):
            parts.append(" ")
        parts.append(text)
    return f"*{escape_text(''.join(parts)).strip(' ')}*"


def _pinyin_word(token: Token) -> str:
    """A word's syllables joined (non-Han characters kept), apostrophes where pinyin needs them."""
    return word_pinyin(token.text, token.pinyin)


def _spaced(previous: str, current: str, gap: bool) -> bool:
    """Whether a space separates two items of the pinyin line."""
    if current == "close" or previous == "open":
        return False
    if current == "open":  # "MoE(hùnhé)" but "de (zhù)"
        return gap or previous in ("han", "close")
    if previous == "close" or gap:
        return True
    # Symbols written against a word stay against it: MoE(hùnhé), <b>biāoqiān</b>.
    return "symbol" not in (previous, current) and not previous == current == "alnum"
