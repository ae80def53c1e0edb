"""Optional learner display of Mandarin tone sandhi (never applied by the engine).

Dictionaries and the engine give citation tones (不 bù, 一 yī, 你好 nǐ hǎo);
spoken Mandarin changes some of them. ``sandhi`` returns a new list with the
changes a learner hears; the input is not modified.
"""

from __future__ import annotations

from collections.abc import Sequence

from .convert import split_tone
from .lexicon import shared_lexicon

# 一 keeps yī when it is a digit in a number or an ordinal: after these
# characters (第一, 十一, 三十一) ...
_DIGIT_BEFORE = set("〇零一二三四五六七八九十第") | set("0123456789０１２３４５６７８９")
# ... or before another digit or a date word (一九八四, 一二三, 一月, 一号).
# 百千万亿 are deliberately absent: 一百 yìbǎi, 一万 yíwàn do change.
_DIGIT_AFTER = set("〇零一二三四五六七八九十月号") | set("0123456789０１２３４５６７８９")


def _tone(s: str | None) -> int | None:
    if not s:
        return None
    return split_tone(s)[1]


def sandhi(
    syllables: Sequence[str | None],
    words: Sequence[tuple[int, int]],
    text: str | None = None,
) -> list[str | None]:
    """Apply display tone sandhi to a list of tone-number syllables.

    * 不 bu4 → bu2 before a 4th tone (不是 búshì, 不要 búyào).
    * 一 yi1 → yi2 before a 4th tone (一个 yígè), → yi4 before tones 1-3
      (一天 yìtiān, 一年 yìnián, 一起 yìqǐ); it keeps yi1 at the end of a
      word or phrase (统一, 之一), in numbers and ordinals (十一, 第一, 一二三,
      一月) and when nothing Chinese follows; 一个 → yí; V一V (看一看) → yi5.
    * third-tone sandhi inside a segmentation word: every 3rd tone directly
      followed by another 3rd tone in the same word becomes 2nd
      (你好 níhǎo, 展览馆 zhánlánguǎn).

    `words` are (start, end) spans as given to ``PinyinEngine.readings``.
    `text`, if given, lets 一/不 be recognised by character rather than only by
    syllable (recommended: "yi1"/"bu4" syllables of other characters are rare
    but exist, e.g. 衣 yi1).
    """
    out: list[str | None] = list(syllables)
    n = len(out)
    # word id of every position, to know where words end
    word_of = [-1] * n
    for k, span in enumerate(words):
        try:
            s, e = int(span[0]), int(span[1])
        except Exception:
            continue  # malformed span: its characters count as unsegmented
        for i in range(max(0, s), min(n, e)):
            word_of[i] = k

    def is_char(i: int, ch: str, syl: str) -> bool:
        if text is not None and i < len(text):
            return text[i] == ch
        return syllables[i] == syl

    # third tone within words, computed on the citation tones (so that a run
    # 3-3-3 becomes 2-2-3); 不/一 are never third tone so order does not matter
    for i in range(n - 1):
        if (
            _tone(syllables[i]) == 3
            and _tone(syllables[i + 1]) == 3
            and word_of[i] == word_of[i + 1]
            and word_of[i] >= 0
        ):
            syl = syllables[i]
            assert syl is not None
            out[i] = split_tone(syl)[0] + "2"

    def next_tone(i: int) -> int | None:
        """Tone of the syllable after i; for a neutral tone, the character's
        citation tone when `text` is known (不是 bù shi → bú, 一个 yí)."""
        if i + 1 >= n:
            return None
        t = _tone(syllables[i + 1])
        if t == 5 and text is not None and i + 1 < len(text):
            d = shared_lexicon().char_default.get(text[i + 1])
            if d:
                t = split_tone(d)[1]
        return t

    for i in range(n):
        if syllables[i] == "bu4" and is_char(i, "不", "bu4"):
            nt = next_tone(i)
            if nt == 4:
                out[i] = "bu2"
        elif syllables[i] == "yi1" and is_char(i, "一", "yi1"):
            nt = next_tone(i)
            prev_c = text[i - 1] if text is not None and i > 0 else None
            next_c = text[i + 1] if text is not None and i + 1 < n else None
            if prev_c is not None and prev_c == next_c:
                out[i] = "yi5"  # V一V reduplication: 看一看 kàn yi kàn
                continue
            if next_c == "个":
                out[i] = "yi2"  # 个 is underlyingly gè even when shown as ge5
                continue
            if nt is None or nt == 5:
                continue
            if prev_c in _DIGIT_BEFORE or next_c in _DIGIT_AFTER:
                continue
            if (
                i > 0
                and word_of[i] >= 0
                and word_of[i - 1] == word_of[i]
                and (i + 1 >= n or word_of[i + 1] != word_of[i])
            ):
                continue  # word-final 一 is yī: 统一思想 唯一 之一
            if text is None and i > 0 and syllables[i - 1] == "di4":
                continue  # probably 第一
            out[i] = "yi2" if nt == 4 else "yi4"
    return out
