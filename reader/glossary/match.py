"""Provides finding glossary terms in text.

Chinese forms match anywhere, the longest form at the leftmost place first (多头注意力, not
注意力 inside it); English forms and abbreviations match case-insensitively on word boundaries,
so "AI" does not match inside "OpenAI" or "llm" inside "llm_chain". No form matches inside a URL,
an e-mail address, a file path or a code identifier (see :mod:`reader.glossary.opaque`). An
entry's ``exclude`` words block a form inside a longer word that is not the term (开源节流).

Forms that are ordinary words outside AI (an entry's ``ambiguous`` forms, and every form of a
``tier: general`` entry: 注意力, 蒸馏, 模型) are tagged only when the text also holds a term that
is not such a form: 注意力 in "多头注意力把注意力分到不同位置" (多头注意力 is unambiguous), not in
"孩子的注意力不集中". Three different such terms in one text are context enough for each
other. A caller that knows the text is about AI passes ``context=True``.

A mixed form such as ``MoE(混合专家)`` or ``Scaling Law（规模定律）`` is two matches of one entry
and counts as one occurrence (``Scaling Law(规模化法则或缩放定律)`` too).

Matching runs on the analysis text (simplified characters, same offsets as the original).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reader.glossary.forms import simplified_forms
from reader.glossary.model import Glossary
from reader.glossary.opaque import opaque_spans

FormKind = Literal["zh", "en", "abbr"]
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD = re.compile(r"[A-Za-z0-9_]")
# A text without these characters has no URL, path, address or identifier to look for.
_OPAQUE_HINT = re.compile(r"[./\\:@_-]")
_OPEN_RE = re.compile(r"\s*[(（]\s*")
# Where Latin meets Han inside a form ("海螺AI", "o系列"), articles often put a space.
_SCRIPT_EDGE_RE = re.compile(
    r"(?<=[A-Za-z0-9])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[A-Za-z0-9])"
)
_CLOSE_RE = re.compile(r"\s*[)）]")
_ALTERNATIVE_RE = re.compile(r"\s*[或、/／,，]\s*")


@dataclass(frozen=True)
class TermMatch:
    """One match of a glossary form: offsets, entry id, the form matched and its kind."""

    start: int
    end: int
    entry_id: str
    form: str
    kind: FormKind


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a term; a mixed form ``MoE(混合专家)`` spans both parts."""

    start: int
    end: int
    entry_id: str
    matches: tuple[TermMatch, ...]


def fold(text: str) -> str:
    """ASCII-lower-cases ``text`` without changing its length."""
    return text.translate(_ASCII_LOWER)


# Several different ordinary-word terms together are evidence of AI writing too: "在自己的数据上
# 微调之后，模型…" has no unambiguous term, but 数据, 微调 and 模型 together are not everyday talk.
VAGUE_QUORUM = 3
_Payload = tuple[str | None, str, FormKind, bool]  # entry id (None: exclusion), form, kind, vague


class Matcher:
    """Finds the forms of a glossary in text; build once per glossary and reuse."""

    def __init__(self, glossary: Glossary) -> None:
        # key (folded form) -> (entry id or None for an exclusion, original form, kind, whether
        # the form needs another term beside it)
        forms: dict[str, _Payload] = {}
        simple = simplified_forms(
            f for entry in glossary.entries for f in (*entry.zh, *entry.exclude)
        )
        for entry in glossary.entries:
            vague = set(entry.zh) if entry.general else set(entry.ambiguous)
            for form in entry.zh:
                needs = form in vague
                for variant in {form, simple[form]}:
                    forms.setdefault(fold(variant), (entry.id, form, "zh", needs))
                    spaced = _SCRIPT_EDGE_RE.sub(" ", variant)
                    if spaced != variant:
                        forms.setdefault(fold(spaced), (entry.id, form, "zh", needs))
            for form in (entry.en, *entry.aliases):
                forms.setdefault(fold(form), (entry.id, form, "en", entry.general))
            for form in entry.abbr:
                forms.setdefault(fold(form), (entry.id, form, "abbr", entry.general))
        for entry in glossary.entries:
            for word in entry.exclude:
                forms[fold(simple[word])] = (None, word, "zh", False)
        self._index: dict[str, list[tuple[str, _Payload]]] = {}
        for key, payload in forms.items():
            if key:
                self._index.setdefault(key[0], []).append((key, payload))
        for candidates in self._index.values():
            candidates.sort(key=lambda kp: -len(kp[0]))
        chars = "".join(re.escape(c) for c in self._index)
        self._first = re.compile(f"[{chars}]") if chars else None

    def find(self, text: str, *, context: bool = False) -> list[TermMatch]:
        """All term matches in ``text``, left to right, longest first, non-overlapping.

        Forms that need another term beside them are kept only when one is there, or when
        ``context`` says the text is known to be about AI.
        """
        if self._first is None:
            return []
        low = fold(text)
        n = len(low)
        out: list[TermMatch] = []
        vague: list[TermMatch] = []
        anchored = context
        opaque = opaque_spans(text) if _OPAQUE_HINT.search(text) else []
        pos = 0
        search = self._first.search
        while (m := search(low, pos)) is not None:
            i = m.start()
            if i > 0 and _WORD.match(low[i - 1]) and _WORD.match(low[i]):
                pos = i + 1  # inside a Latin word: no form can start here
                continue
            for key, (entry_id, form, kind, needs) in self._index[low[i]]:
                end = i + len(key)
                if not low.startswith(key, i):
                    continue
                if end < n and _WORD.match(key[-1]) and _WORD.match(low[end]):
                    continue  # a Latin form must end at a word boundary
                if opaque and _inside(opaque, i, end):
                    continue
                if entry_id is not None:
                    match = TermMatch(i, end, entry_id, form, kind)
                    out.append(match)
                    if needs:
                        vague.append(match)
                    else:
                        anchored = True
                pos = end
                break
            else:
                pos = i + 1
        if vague and not anchored and len({m.entry_id for m in vague}) < VAGUE_QUORUM:
            dropped = {m.start for m in vague}
            return [m for m in out if m.start not in dropped]
        return out

    @staticmethod
    def occurrences(text: str, matches: list[TermMatch]) -> list[Occurrence]:
        """Groups matches into occurrences, joining ``A(B)`` when A and B are the same term.

        Alternatives in the brackets join too: ``Scaling Law(规模化法则或缩放定律)`` is one
        occurrence of one term, as the author wrote one term with two glosses.
        """
        out: list[Occurrence] = []
        i = 0
        while i < len(matches):
            first = matches[i]
            last = i
            if (
                i + 1 < len(matches)
                and matches[i + 1].entry_id == first.entry_id
                and _OPEN_RE.fullmatch(text, first.end, matches[i + 1].start)
            ):
                last = i + 1
                while (
                    last + 1 < len(matches)
                    and matches[last + 1].entry_id == first.entry_id
                    and _ALTERNATIVE_RE.fullmatch(text, matches[last].end, matches[last + 1].start)
                ):
                    last += 1
                close = _CLOSE_RE.match(text, matches[last].end)
                if close is not None:
                    group = tuple(matches[i : last + 1])
                    out.append(Occurrence(first.start, close.end(), first.entry_id, group))
                    i = last + 1
                    continue
            out.append(Occurrence(first.start, first.end, first.entry_id, (first,)))
            i += 1
        return out


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of ``spans`` without being the whole of it."""
    for a, b in spans:
        if a > start:
            return False
        if end <= b and (a, b) != (start, end):
            return True
    return False
