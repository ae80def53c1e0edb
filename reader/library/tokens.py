"""Provides the forms of text the full-text index holds, and the same forms of a query.

SQLite's unicode61 tokenizer keeps a run of Han characters as one token, so 复盘 could never be
found inside 他们做了复盘; the trigram tokenizer needs three characters, and most Chinese words
have two. So the Chinese is indexed as overlapping character pairs, one token per character:
复盘是 becomes ``复盘 盘是 是`` (the last character of a run stands alone). A query of two or
more characters is the phrase of its pairs, which matches exactly where the characters stand
side by side; a single character is a prefix query (``复*``: every pair that starts with it).
Both sides are folded to simplified characters first, so 复盘 finds 復盤. Anything else (Latin
words, numbers) is left for unicode61 to split, with Porter stemming.

The pinyin column holds one toneless syllable per Han character (see :mod:`pinyin`).
"""

from __future__ import annotations

import re
from itertools import pairwise

from reader.analysis import analysis_text
from reader.library.pinyin import readings
from reader.text.chars import HAN_CLASS

HAN_SPLIT_RE = re.compile(f"([{HAN_CLASS}]+)")
_WORD_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """The form text is indexed and searched in: simplified characters, same length."""
    return analysis_text(text)


def zh_index(folded: str) -> str:
    """The Chinese column: character pairs for Han runs, the rest as it is."""
    out = []
    for n, part in enumerate(HAN_SPLIT_RE.split(folded)):
        if n % 2:
            out.append(" ".join([part[i : i + 2] for i in range(len(part))]))
        elif part:
            out.append(part)
    return " ".join(out)


def pinyin_key(folded: str) -> str:
    """Toneless pinyin of a text, a syllable per Han character, the rest as it is (the order of
    titles: 北京 sorts near Beijing)."""
    read = readings().run
    out = []
    for n, part in enumerate(HAN_SPLIT_RE.split(folded)):
        if n % 2:
            out.append(" ".join(read(part)))
        elif part:
            out.append(part)
    return " ".join(out)


def py_index(folded: str) -> str:
    """The pinyin column: for each Han character its toneless syllable and the next one's,
    ended by "0" (复盘是 → ``fu0pan0 pan0shi0 shi0``).

    Pairs for the reason the Chinese is indexed in pairs: one syllable such as "shi" or "xing"
    stands for hundreds of characters, and a phrase of two such tokens reads two huge lists,
    while the pair "mo0xing0" is a short list of its own. The "0" keeps the tokens apart (a
    prefix "pan0" does not run on into "pang") and out of reach of Porter's suffix rules.
    """
    read = readings().run
    out: list[str] = []
    for part in HAN_SPLIT_RE.findall(folded):
        ended = [syllable + "0" for syllable in read(part)]
        # map() keeps the pairing in C: a build makes this column for every sentence.
        out.extend(map(str.__add__, ended, ended[1:]))
        out.append(ended[-1])
    return " ".join(out)


def py_phrase(syllables: tuple[str, ...], prefix: bool) -> str:
    """The FTS5 phrase that finds typed syllables in the pinyin column (the last one
    unfinished when ``prefix``): pairs side by side, or for one syllable every pair that
    starts with it."""
    if len(syllables) == 1:
        return quote(f"{syllables[0]}{'' if prefix else '0'}") + "*"
    pairs = [f"{a}0{b}0" for a, b in pairwise(syllables)]
    if prefix:
        pairs[-1] = pairs[-1][:-1]  # "fu0p": any syllable starting with p
    return quote(" ".join(pairs)) + ("*" if prefix else "")


def syllables_by_char(folded: str) -> list[str | None]:
    """The toneless syllable of each character of ``folded`` (None where it is not Han)."""
    read = readings().run
    out: list[str | None] = []
    for n, part in enumerate(HAN_SPLIT_RE.split(folded)):
        if n % 2:
            out.extend(read(part))
        else:
            out.extend([None] * len(part))
    return out


def quote(text: str) -> str:
    """An FTS5 string: everything inside is literal, quotes are doubled."""
    return '"' + text.replace('"', '""') + '"'


def zh_phrase(folded: str) -> str | None:
    """The FTS5 phrase that finds ``folded`` (one query word, no spaces) in the Chinese column,
    or None when it has nothing to search for (only punctuation).

    Pairs of a Han run are followed by its last character alone where the run ends inside the
    query (复盘，估值 or 原生AI), as in the index; at the end of the query the run may go on in
    the text, so the pairs alone (or a prefix, for one character) are searched for.
    """
    parts = HAN_SPLIT_RE.split(folded)
    tokens: list[str] = []
    prefix = False
    for n, part in enumerate(parts):
        if not n % 2:
            if _WORD_RE.search(part):
                tokens.append(part)
                prefix = False
            continue
        rest = "".join(parts[n + 1 :])
        ends_query = _WORD_RE.search(rest) is None
        if len(part) == 1 and ends_query:
            tokens.append(part)
            prefix = True
        elif ends_query:
            tokens.append(" ".join(part[i : i + 2] for i in range(len(part) - 1)))
            prefix = False
        else:
            tokens.append(" ".join(part[i : i + 2] for i in range(len(part))))
            prefix = False
    if not tokens:
        return None
    return quote(" ".join(tokens)) + ("*" if prefix else "")


def words(text: str) -> list[str]:
    """The Latin (or other non-Han) words of ``text``, lower case."""
    return [w.lower() for w in _WORD_RE.findall(HAN_SPLIT_RE.sub(" ", text))]
