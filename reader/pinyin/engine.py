"""Provides the pinyin engine: one tone-number syllable per Han character, in word context."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.text.chars import HAN_RUN_RE

_SYLLABLE_RE = re.compile(r"^[a-zü]+[1-5]$")


class PinyinEngine:
    """Reads Han characters in the context of their words (pypinyin phrase readings)."""

    def readings(self, text: str, words: Sequence[tuple[int, int]]) -> list[str | None]:
        """One entry per character of ``text``: "hang2", "le5", "lü4" for Han, else None."""
        from pypinyin import Style, pinyin

        out: list[str | None] = [None] * len(text)
        runs: list[tuple[int, str]] = []
        for start, end in words:
            for m in HAN_RUN_RE.finditer(text, start, end):
                runs.append((m.start(), m.group()))
        if not runs:
            return out
        # One call per text with pre-segmented words: pypinyin reads each word as a phrase.
        result = pinyin(
            [r for _, r in runs], style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True
        )
        if len(result) == sum(len(r) for _, r in runs):
            flat = iter(result)
            for pos, run in runs:
                for i in range(len(run)):
                    out[pos + i] = _valid(next(flat))
            return out
        for pos, run in runs:  # an unknown character shifted the alignment: read word by word
            items = pinyin(run, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True)
            if len(items) == len(run):
                for i, item in enumerate(items):
                    out[pos + i] = _valid(item)
            else:
                for i, ch in enumerate(run):
                    single = pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True)
                    out[pos + i] = _valid(single[0]) if single else None
        return out


def _valid(item: Sequence[str | None] | None) -> str | None:
    if not item:
        return None
    value = item[0]
    return value if value and _SYLLABLE_RE.match(value) else None
