"""Provides removal of inline pinyin annotations such as ``風(fēng)`` or ``遠（yuǎn）``.

Some web pages annotate characters with their reading in brackets. An annotation is removed only
when the bracketed text is a single pinyin syllable that is a reading of the preceding character
(checked against pypinyin's readings of the character in both scripts), so ``過擬合 (Overfitting)``,
``剪枝(Pruning)`` and ``AGI(通用人工智能)`` are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reader.text.chars import HAN_CLASS

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_ANNOTATION_RE = re.compile(
    rf"(?P<char>[{HAN_CLASS}])[(（]\s*(?P<syllable>[a-zA-Z{_TONED}]{{1,7}}[1-5]?)\s*[)）]"
)


def _plain(syllable: str) -> str:
    """Lower-cases and strips tone marks and tone digits ("Zhuǎn" -> "zhuan", "lǜ" -> "lü")."""
    decomposed = unicodedata.normalize("NFD", syllable.lower().rstrip("12345"))
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0308")
    return unicodedata.normalize("NFC", kept).replace("v", "ü")


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    from reader.text.script import to_simplified, to_traditional

    found: set[str] = set()
    for variant in {char, to_simplified(char), to_traditional(char)}:
        for reading in pinyin(variant, heteronym=True, style=Style.TONE)[0]:
            found.add(reading.lower())
            found.add(_plain(reading))
    return frozenset(found)


# The shape of a pinyin syllable (initial, then a final with a vowel): "(x)", "(Q)" or "(RNN)"
# in a technical text is no reading, and is told apart without loading pypinyin's dictionaries.
_SYLLABLE_RE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|[zcs]h)?"
    r"(?:[iuü]?(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er)|[iuü]|in|ing|un|ün|ui|iu|ie|üe|ue)n?g?"
    r"|hm|hng|m|n|ng|ê"  # interjections
)


def is_annotation(char: str, syllable: str) -> bool:
    """True when ``syllable`` (tone marks or digits) is a reading of ``char``."""
    if not _SYLLABLE_RE.fullmatch(_plain(syllable)):
        return False
    readings = _readings(char)
    if syllable.lower() in readings:
        return True
    # Tone-digit or toneless annotations are rarer; accept them only if they carry a tone digit.
    return syllable[-1:].isdigit() and _plain(syllable) in readings


def strip_pinyin_annotations(text: str) -> str:
    """Removes bracketed pinyin that annotates the character before it; leaves all else alone."""
    if "(" not in text and "（" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if is_annotation(match.group("char"), match.group("syllable")):
            return match.group("char")
        return match.group(0)

    return _ANNOTATION_RE.sub(replace, text)
