"""Provides finding glossary terms in text.

Chinese forms match anywhere, the longest form at the leftmost place first (多头注意力, not
注意力 inside it); English forms and abbreviations match on word boundaries, so "AI" does not
match inside "OpenAI" or "llm" inside "llm_chain", and in any case, except names whose capitals
tell them from an ordinary word: "ReAct" does not match "React", "ZeRO" not "zero", the company
"Perplexity" not the metric "perplexity" (see :mod:`reader.glossary.case`). A Latin gloss in
brackets belongs to the Chinese term before it when it is one of that term's English forms:
困惑度（Perplexity） is the metric. No form matches inside a URL,
an e-mail address, a file path or a code identifier (see :mod:`reader.glossary.opaque`). An
entry's ``exclude`` words block a form inside a longer word that is not the term (开源节流).
Given the plain segmentation (``words``), a Chinese form that cuts through the sentence's words
is dropped or doubted (数字人 in 数字|人民币; see :mod:`reader.glossary.boundary`).

Forms that are ordinary words outside AI (an entry's ``ambiguous`` forms, and every form of a
``tier: general`` entry: 注意力, 蒸馏, 模型) are tagged only when the text also holds a term that
is not such a form: 注意力 in "多头注意力把注意力分到不同位置" (多头注意力 is unambiguous), not in
"孩子的注意力不集中"; a doubtful match (see :mod:`reader.glossary.boundary`) likewise. Three
different such terms in one text are context enough for each other. A caller that knows the text
is about AI passes ``context=True``.

A mixed form such as ``MoE(混合专家)`` or ``Scaling Law（规模定律）`` is two matches of one entry
and counts as one occurrence (``Scaling Law(规模化法则或缩放定律)`` too).

Matching runs on the analysis text (simplified characters, same offsets as the original).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from reader.collector import collector_paused
from reader.glossary.boundary import Boundaries, WordModel
from reader.glossary.case import case_marked, spelled_as
from reader.glossary.forms import simplified_forms
from reader.glossary.model import Entry, Glossary
from reader.glossary.opaque import opaque_spans

FormKind = Literal["zh", "en", "abbr"]
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER_RE = re.compile("[A-Z]")
_LATIN_RE = re.compile("[A-Za-z0-9]")
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
# Names of models, products and chips go on with a version, a size or a variant that the glossary
# need not list one by one: Gemini 2.5 Pro, Qwen2.5-72B-Instruct, Llama 3.1 405B, 昇腾910B.
NAMED_CATEGORIES = frozenset({"model", "product", "hardware"})
_SUFFIX_PART_RE = re.compile(r"(-|\s|\.(?=\d))?([A-Za-z0-9]+(?:\.\d+)*)")
_CODE_RE = re.compile(r"[A-Za-z]*\d+[A-Za-z]+\d*|[A-Za-z]+\d+")  # 72B, 910B, V3, 4o
_DOTTED_RE = re.compile(r"\d+(?:\.\d+)+")  # 2.5, 3.1
_SIZE_RE = re.compile(r"\d+(?:\.\d+)?[A-Za-z]{1,2}")  # 405B, 7B, 80GB, 1.5B
# fmt: off
_VARIANTS = frozenset((
    "pro", "max", "mini", "flash", "turbo", "plus", "ultra", "lite", "air", "instruct", "chat",
    "base", "preview", "sonnet", "opus", "haiku", "nano", "thinking", "coder", "vl", "omni",
    "exp", "distill", "reasoner", "vision", "realtime",
))
# fmt: on


@dataclass(frozen=True)
class TermMatch:
    """One match of a glossary form: offsets, entry id, the form matched and its kind."""

    start: int
    end: int
    entry_id: str
    form: str
    kind: FormKind
    suffix: int = 0  # characters of a version or variant after the form (see _version_suffix)


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a term; a mixed form ``MoE(混合专家)`` spans both parts."""

    start: int
    end: int
    entry_id: str
    matches: tuple[TermMatch, ...]


def fold(text: str) -> str:
    """ASCII-lower-cases ``text`` without changing its length."""
    if text.isascii():
        return text.lower()  # ASCII only: lower() changes A-Z and nothing else
    if _ASCII_UPPER_RE.search(text) is None:
        return text  # most Chinese forms and sentences: no copy at all
    return text.translate(_ASCII_LOWER)


# Several different ordinary-word terms together are evidence of AI writing too: "在自己的数据上
# 微调之后，模型…" has no unambiguous term, but 数据, 微调 and 模型 together are not everyday talk.
VAGUE_QUORUM = 3
# entry id (None: exclusion), form, kind, vague, whether only the form's own spelling matches
_Payload = tuple[str | None, str, FormKind, bool, bool]


class Matcher:
    """Finds the forms of a glossary in text; build once per glossary and reuse."""

    def __init__(self, glossary: Glossary, *, words: WordModel | None = None) -> None:
        with collector_paused():  # many tuples, no cycles (see the module)
            self._build(glossary)
        # The plain segmentation, for the word-boundary check (see :mod:`reader.glossary.boundary`);
        # without it Chinese forms match wherever they occur.
        self._words = words

    def _build(self, glossary: Glossary) -> None:
        """The index of every form, by its first character."""
        # key (folded form) -> the forms with that key, each (entry id or None for an exclusion,
        # original form, kind, whether the form needs another term beside it, whether it matches
        # only in its own spelling); those matching only their own spelling come first.
        forms: dict[str, tuple[_Payload, ...]] = {}
        simple = simplified_forms(
            f for entry in glossary.entries for f in (*entry.zh, *entry.exclude)
        )
        for entry in glossary.entries:
            for form in entry.zh:
                vague = entry.general or form in entry.ambiguous
                payload: tuple[_Payload, ...] = ((entry.id, form, "zh", vague, False),)
                simple_form = simple[form]
                for variant in (form,) if simple_form == form else (form, simple_form):
                    if _LATIN_RE.search(variant) is None:  # most forms: all Han, nothing to fold
                        forms.setdefault(variant, payload)
                        continue
                    forms.setdefault(fold(variant), payload)
                    spaced = _SCRIPT_EDGE_RE.sub(" ", variant)
                    if spaced != variant:
                        forms.setdefault(fold(spaced), payload)
        forms.update(_english_forms(glossary.entries))  # Chinese forms hold Han: no key is shared
        for entry in glossary.entries:
            for word in entry.exclude:
                forms[fold(simple[word])] = ((None, word, "zh", False, False),)
        self._entries = glossary.entries
        # Each first character's forms, longest first (a stable sort: forms of one length keep
        # their order).
        self._index: dict[str, list[tuple[str, tuple[_Payload, ...]]]] = {}
        for key in sorted(forms, key=len, reverse=True):
            if key:
                self._index.setdefault(key[0], []).append((key, forms[key]))
        self._named = {e.id for e in glossary.entries if e.category in NAMED_CATEGORIES}
        chars = "".join(re.escape(c) for c in self._index)
        self._first = re.compile(f"[{chars}]") if chars else None

    @cached_property
    def _english(self) -> dict[str, dict[str, tuple[str, FormKind]]]:
        """Entry id -> its English forms by folded key, for glosses in brackets (built at the
        first gloss: most texts have none)."""
        english: dict[str, dict[str, tuple[str, FormKind]]] = {}
        for entry in self._entries:
            own = english.setdefault(entry.id, {})
            for form in (entry.en, *entry.aliases):
                own.setdefault(fold(form), (form, "en"))
            for form in entry.abbr:
                own.setdefault(fold(form), (form, "abbr"))
        return english

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
        boundaries: Boundaries | None = None
        pos = 0
        search = self._first.search
        while (m := search(low, pos)) is not None:
            i = m.start()
            if i > 0 and _WORD.match(low[i - 1]) and _WORD.match(low[i]):
                pos = i + 1  # inside a Latin word: no form can start here
                continue
            for key, payloads in self._index[low[i]]:
                end = i + len(key)
                if not low.startswith(key, i):
                    continue
                if end < n and _WORD.match(key[-1]) and _WORD.match(low[end]):
                    continue  # a Latin form must end at a word boundary
                if opaque and _inside(opaque, i, end):
                    continue
                payload = _spelled(payloads, text[i:end])
                if payload is None:
                    continue  # "React" is no spelling of "ReAct": a shorter form may match
                entry_id, form, kind, needs, _ = payload
                if entry_id is not None and kind == "zh" and self._words is not None:
                    if boundaries is None:
                        boundaries = Boundaries(text, self._words)
                    verdict = boundaries.verdict(i, end)
                    if verdict == "cut":
                        continue  # 对数 in 对|数据: a shorter form may match here
                    needs = needs or verdict == "doubtful"
                if entry_id is not None:
                    suffix = _version_suffix(text, end) if entry_id in self._named else 0
                    match = TermMatch(i, end + suffix, entry_id, form, kind, suffix)
                    end += suffix
                    out.append(match)
                    if needs:
                        vague.append(match)
                    else:
                        anchored = True
                pos = end
                break
            else:
                pos = i + 1
        if len(out) > 1:
            self._glossed_in_brackets(text, out, vague)
        if vague and not anchored and len({m.entry_id for m in vague}) < VAGUE_QUORUM:
            dropped = {m.start for m in vague}
            return [m for m in out if m.start not in dropped]
        return out

    def _glossed_in_brackets(self, text: str, out: list[TermMatch], vague: list[TermMatch]) -> None:
        """Gives a Latin match glossing another term in brackets (困惑度（Perplexity）,
        Perplexity（困惑度）, PPL（Perplexity）) to that term when it is one of the term's
        English forms: the author glossed the term, whatever else the Latin word can name."""
        for k in range(len(out) - 1):
            first, second = out[k], out[k + 1]
            if first.entry_id == second.entry_id:
                continue
            if not _OPEN_RE.fullmatch(text, first.end, second.start):
                continue
            moves = [
                (latin, term, found)
                for latin, term in ((first, second), (second, first))
                if latin.kind != "zh"
                and (found := self._english[term.entry_id].get(fold(text[latin.start : latin.end])))
            ]
            if len(moves) != 1:
                continue  # neither is the other's English, or each is: leave them
            latin, term, (form, kind) = moves[0]
            moved = TermMatch(latin.start, latin.end, term.entry_id, form, kind)
            out[out.index(latin)] = moved
            vague[:] = [moved if m is latin else m for m in vague]

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


def _english_forms(entries: list[Entry]) -> dict[str, tuple[_Payload, ...]]:
    """The English forms and abbreviations by folded key: the forms that match only in their own
    spelling first, then the first form that matches in any case."""
    by_key: dict[str, list[tuple[Entry, str, FormKind]]] = {}
    for entry in entries:
        for form in (entry.en, *entry.aliases):
            by_key.setdefault(fold(form), []).append((entry, form, "en"))
        for form in entry.abbr:
            by_key.setdefault(fold(form), []).append((entry, form, "abbr"))
    out: dict[str, tuple[_Payload, ...]] = {}
    for key, group in by_key.items():
        if len(group) == 1:  # most keys: one form of one entry
            entry, form, kind = group[0]
            out[key] = ((entry.id, form, kind, entry.general, case_marked(form)),)
            continue
        shared = len({entry.id for entry, _, _ in group}) > 1
        exact: list[_Payload] = []
        loose: list[_Payload] = []
        for entry, form, kind in group:
            marked = case_marked(form, shared=shared)
            (exact if marked else loose).append((entry.id, form, kind, entry.general, marked))
        out[key] = (*exact, *loose[:1])
    return out


def _spelled(payloads: tuple[_Payload, ...], written: str) -> _Payload | None:
    """The first form of ``payloads`` that ``written`` spells (any case, unless it is a form
    that matches only in its own spelling)."""
    for payload in payloads:
        if not payload[4] or spelled_as(written, payload[1]):
            return payload
    return None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of ``spans`` without being the whole of it."""
    for a, b in spans:
        if a > start:
            return False
        if end <= b and (a, b) != (start, end):
            return True
    return False


def _version_suffix(text: str, end: int) -> int:
    """How many characters after a name at ``end`` are its version, size or variant.

    Each part follows the one before directly, after a hyphen or after one space: a version
    with a dot (2.5, .1), a size (405B, 80GB), a code of letters and digits not after a space
    (-72B, 910B, -V3) or a variant word (Pro, Instruct, Sonnet). A bare number after a space is
    not taken (GPT-4 2024年), nor a variant word after a Han name (昇腾910B, not 昇腾Pro).
    """
    pos = end
    while (m := _SUFFIX_PART_RE.match(text, pos)) is not None:
        sep, part = m.group(1) or "", m.group(2)
        after = m.end()
        if after < len(text) and (text[after].isalnum() and text[after].isascii()):
            break  # the part runs on into a longer Latin word
        if sep == "." or _DOTTED_RE.fullmatch(part) or _SIZE_RE.fullmatch(part):
            pass  # Llama 3 + .1, 2.5, 405B
        elif sep != " " and _CODE_RE.fullmatch(part):
            pass  # -V3, -72B, 910B (a code after a space may be another name: A100 H100)
        elif part.lower() in _VARIANTS and not ("\u3400" <= text[pos - 1] <= "\u9fff"):
            pass  # Gemini 2.5 + Pro
        elif sep == "-" and part.isdigit():
            pass  # GPT + -4
        else:
            break
        pos = after
    return pos - end
