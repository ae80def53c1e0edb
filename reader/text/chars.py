"""Provides character classes for Chinese text and a length-preserving normalisation.

Han ranges (Unicode blocks), as in sacrebleu's Chinese tokenizer:

    U+3400..U+4DBF    CJK Unified Ideographs Extension A
    U+4E00..U+9FFF    CJK Unified Ideographs
    U+F900..U+FAFF    CJK Compatibility Ideographs (normalised to unified ones before analysis)
    U+20000..U+323AF  Extensions B..H (outside the BMP)
    U+3007            〇 (ideographic number zero)

Kangxi radicals (U+2F00..U+2FDF) and CJK radicals supplement (U+2E80..U+2EFF) look like ordinary
characters but are not; pypinyin and jieba do not know them (pypinyin #331), so analysis maps them
to the unified ideograph NFKC gives, one character for one character.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
HAN_RE = re.compile(f"[{HAN_CLASS}]")
HAN_RUN_RE = re.compile(f"[{HAN_CLASS}]+")

# Sentence-final punctuation, closing quotes/brackets that may follow it, and opening quotes.
CLOSERS = "”’」』）)】》〉]\"'"
OPENERS = "“‘「『（(【《〈[\"'"


def is_han(ch: str) -> bool:
    """True for a Han ideograph (see the range table in the module docstring)."""
    return HAN_RE.match(ch) is not None


def has_han(text: str) -> bool:
    """True when ``text`` contains at least one Han ideograph."""
    return HAN_RE.search(text) is not None


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    # Only single-character results keep offsets aligned; anything else stays as it was.
    return folded if len(folded) == 1 and is_han(folded) else ch


_FOLDABLE_RE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")


def fold_radicals(text: str) -> str:
    """Maps Kangxi radicals and compatibility ideographs to unified ideographs (same length)."""
    if not _FOLDABLE_RE.search(text):
        return text
    return _FOLDABLE_RE.sub(lambda m: _fold_char(m.group()), text)


# C0 controls, DEL and C1 controls. ESC (U+001B) and CSI (U+009B) start terminal escape
# sequences: text holding them would move the cursor, recolour or retitle the terminal, or set
# its clipboard, when the reader draws it.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


def has_controls(text: str) -> bool:
    """True when ``text`` holds a control character (see :func:`printable`)."""
    return _CONTROL_RE.search(text) is not None


def printable(text: str) -> str:
    """``text`` with every control character (tab and newline too) replaced by a space.

    One character for one, so offsets into the text stay valid. Imports already clean their
    text this way; files written by hand or shared (articles, curated English, caches) are
    made safe to draw here, where they are read.
    """
    return _CONTROL_RE.sub(" ", text) if _CONTROL_RE.search(text) else text
